"""Logins, failed logins, lockouts (django-axes) and logouts go to the audit log."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditEvent.Action.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=AuditEvent.Action.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED,
        actor_name=str(credentials.get("username", ""))[:150],
        request=request,
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    audit_record(
        action=AuditEvent.Action.LOCKOUT,
        actor_name=str(username or "")[:150],
        request=request,
        reason="terlalu banyak kata sandi salah",
    )
