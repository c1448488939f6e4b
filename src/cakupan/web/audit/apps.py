from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cakupan.web.audit"
    label = "audit"
    verbose_name = "Jejak audit"

    def ready(self) -> None:
        from cakupan.web.audit import signals  # noqa: F401  (connects login and failed-login receivers)
