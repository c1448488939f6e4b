"""Writes to user accounts."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


# Obviously-demo passwords: the README tells every real deployment to change them.
DEMO_LOGINS = (
    DemoLogin("admin", "demo-admin-ganti", "admin sistem"),
    DemoLogin("pemda", "demo-pemda-ganti", "admin Pemda"),
)


@transaction.atomic
def user_ensure_demo() -> tuple[DemoLogin, ...]:
    """Create (or reset) the demo users with their demo passwords."""
    user_model = get_user_model()
    for login in DEMO_LOGINS:
        user, _ = user_model.objects.get_or_create(username=login.username)
        user.set_password(login.password)
        user.is_staff = user.is_superuser = login.username == "admin"
        user.save()
    return DEMO_LOGINS
