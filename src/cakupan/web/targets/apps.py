from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "cakupan.web.targets"
    label = "targets"
    verbose_name = "Target cakupan"
