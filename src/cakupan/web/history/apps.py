from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "cakupan.web.history"
    label = "history"
    verbose_name = "Riwayat perubahan"
