"""API tokens: a user's bearer credential for the HTTP API, stored only as a SHA-256 digest.

The raw token is shown once, when it is created, and never stored; ``prefix`` (its first characters) lets a
user and an administrator tell tokens apart. A revoked token stays in the table (and in the audit log).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

PREFIX_LENGTH = 8


class APIToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)  # SHA-256 hex of the raw token
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
