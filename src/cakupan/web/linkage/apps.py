from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "cakupan.web.linkage"
    label = "linkage"
    verbose_name = "Pencocokan data"
