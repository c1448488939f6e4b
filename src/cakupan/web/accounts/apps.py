from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cakupan.web.accounts"
    label = "accounts"
    verbose_name = "Pengguna dan akses"

    def ready(self) -> None:
        # A login during a long SQLite import must not fail on its last_login update: it is skipped when busy.
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        if user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login"):
            user_logged_in.connect(_update_last_login_unless_busy, dispatch_uid="cakupan_update_last_login")


def _update_last_login_unless_busy(sender: Any, user: Any, **kwargs: Any) -> None:
    from django.contrib.auth.models import update_last_login

    from cakupan.web.busy import unless_busy

    unless_busy(lambda: update_last_login(sender, user, **kwargs), what="last_login update")
