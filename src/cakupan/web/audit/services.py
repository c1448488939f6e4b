"""Writes to the audit log. Every other service calls ``audit_record`` for the events it causes."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest

from cakupan.core.nik import mask_nik
from cakupan.web.audit.models import AuditEvent

_SIXTEEN_DIGITS = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")


def mask_identifiers(text: str) -> str:
    """Mask every 16-digit number (a NIK or KK typed into a search) before it is stored in the log."""
    return _SIXTEEN_DIGITS.sub(lambda m: mask_nik(m.group(0)), text)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: Any = None,
    actor_name: str = "",
    request: HttpRequest | None = None,
    object_type: str = "",
    object_id: str | int = "",
    region_code: str = "",
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    request_user = getattr(request, "user", None)
    if actor is None and request_user is not None and request_user.is_authenticated:
        actor = request_user
    name = actor_name or (actor.get_username() if actor is not None else "")
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_name=name,
        object_type=object_type,
        object_id=str(object_id),
        region_code=region_code,
        ip_address=client_ip(request),
        changes=changes or {},
        reason=reason,
    )
