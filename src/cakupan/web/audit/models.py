"""The audit log: who did what, when, from where, to which object, with old -> new values. Append-only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", "masuk"
        LOGIN_FAILED = "login_failed", "gagal masuk"
        LOGOUT = "logout", "keluar"
        REVEAL = "reveal", "membuka data lengkap"
        EXPORT = "export", "ekspor"
        CREATE = "create", "membuat"
        UPDATE = "update", "mengubah"
        DELETE = "delete", "menghapus"
        IMPORT = "import", "impor"
        ROLE_CHANGE = "role_change", "perubahan peran/akses"
        PASSWORD_RESET = "password_reset", "atur ulang kata sandi"
        PASSWORD_FAILED = "password_failed", "kata sandi lama salah"
        LOCKOUT = "lockout", "dikunci karena terlalu banyak gagal"

    at = models.DateTimeField(
        verbose_name=_("time"), default=timezone.now, db_index=True
    )  # set by the audit spool to the original time
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(
        verbose_name=_("actor name"), max_length=150
    )  # kept when the user is deleted; the name tried on failed login
    action = models.CharField(verbose_name=_("action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(verbose_name=_("object type"), max_length=50, blank=True)
    object_id = models.CharField(verbose_name=_("object ID"), max_length=64, blank=True, db_index=True)
    region_code = models.CharField(verbose_name=_("region code"), max_length=13, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(verbose_name=_("IP address"), null=True, blank=True)
    changes = models.JSONField(
        verbose_name=_("changes"), default=dict, blank=True
    )  # {"field": [old, new]} for writes; counts for imports
    reason = models.CharField(verbose_name=_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")
