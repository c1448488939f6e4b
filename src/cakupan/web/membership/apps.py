from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "cakupan.web.membership"
    label = "membership"
    verbose_name = "Kepesertaan"
