"""API tokens: a user's bearer credential for the HTTP API, stored only as a SHA-256 digest.

The raw token is shown once, when it is created, and never stored; ``prefix`` (its first characters) lets a
user and an administrator tell tokens apart. A revoked token stays in the table (and in the audit log).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8


class APIToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(verbose_name=_("name"), max_length=100)
    key_hash = models.CharField(
        verbose_name=_("key hash"), max_length=64, unique=True
    )  # SHA-256 hex of the raw token
    prefix = models.CharField(verbose_name=_("prefix"), max_length=PREFIX_LENGTH, db_index=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(verbose_name=_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(verbose_name=_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
