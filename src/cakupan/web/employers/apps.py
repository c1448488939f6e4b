from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "cakupan.web.employers"
    label = "employers"
    verbose_name = "Pemberi kerja"
