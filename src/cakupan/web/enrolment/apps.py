from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "cakupan.web.enrolment"
    label = "enrolment"
    verbose_name = "Perlindungan pekerja"
