from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "cakupan.web.compliance"
    label = "compliance"
    verbose_name = "Kepatuhan"
