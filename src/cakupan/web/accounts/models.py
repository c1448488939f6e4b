"""A user's role and region scope (the Django user holds name, password and login state)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cakupan.core.access import ROLE_LABELS, Role
from cakupan.web.registry.models import Region


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=30, choices=[(r.value, label) for r, label in ROLE_LABELS.items()])
    # One or more regions; a BPJSTK branch covers several kab/kota. The user sees what lies inside them.
    regions = models.ManyToManyField(Region, related_name="+")
    # Set when an admin resets the password: the user must choose a new one before anything else.
    must_change_password = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} ({Role(self.role).value})"
