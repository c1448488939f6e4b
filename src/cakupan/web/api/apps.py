from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cakupan.web.api"
    label = "api"
    verbose_name = "API"
