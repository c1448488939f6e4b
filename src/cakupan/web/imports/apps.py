from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "cakupan.web.imports"
    label = "imports"
    verbose_name = "Impor data"
