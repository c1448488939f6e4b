from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "cakupan.web.staff"
    label = "staff"
    verbose_name = "Pegawai pemerintah"
