from typing import Any

from django.apps import AppConfig


class BusyNaiveConfig(AppConfig):
    name = "busy_naive"

    def ready(self) -> None:
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from cakupan.web.audit import services

        user_logged_in.disconnect(dispatch_uid="cakupan_update_last_login")
        user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")

        def save(event: Any) -> Any:
            event.save()
            return event

        services._save_or_spool = save  # type: ignore[assignment]
