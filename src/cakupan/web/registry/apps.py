from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "cakupan.web.registry"
    label = "registry"
    verbose_name = "Registri"
