from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "cakupan.web.indicators"
    label = "indicators"
    verbose_name = "Indikator"
