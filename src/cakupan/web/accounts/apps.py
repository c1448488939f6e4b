from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cakupan.web.accounts"
    label = "accounts"
    verbose_name = "Pengguna dan akses"
