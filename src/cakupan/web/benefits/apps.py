from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "cakupan.web.benefits"
    label = "benefits"
    verbose_name = "Manfaat dan klaim"
