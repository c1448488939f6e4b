"""Writes to the audit log. Every other service calls ``audit_record`` for the events it causes.

Every event about data (an export, an import, a link run, a reveal...) is filed under the region it concerns, so
an auditor limited to a region sees only the events of that region, with their search terms and file names.
Sessions and accounts (object types in NO_REGION_OBJECTS) concern no region and stay visible to every auditor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.http import HttpRequest
from django.utils import timezone

from cakupan.core.nik import mask_nik
from cakupan.core.regions import common_region
from cakupan.web.accounts.scope import user_scope
from cakupan.web.audit.models import AuditEvent
from cakupan.web.registry.models import Region

# Logins, logouts, failed logins and lockouts (no object), user accounts and API tokens: no region's data.
NO_REGION_OBJECTS = frozenset({"", "user", "api_token"})
# The region of an event that concerns more than one province: only an auditor of every province sees it.
ALL_REGIONS = "*"

AUDIT_WAIT_SECONDS = 0.2  # then the event goes to the spool rather than keep the user waiting
_SIXTEEN_DIGITS = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")


def mask_identifiers(text: str) -> str:
    """Mask every 16-digit number (a NIK or KK typed into a search) before it is stored in the log."""
    return _SIXTEEN_DIGITS.sub(lambda m: mask_nik(m.group(0)), text)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_region(codes: Iterable[str]) -> str:
    """The region an event about ``codes`` (the user's scope, or the data's regions) is filed under: the region
    holding them all. Without a code (the command line, a user without scope) or across provinces: the region
    holding every region loaded, else ALL_REGIONS."""
    common = common_region(codes)
    if common is None:
        common = common_region(Region.objects.filter(parent__isnull=True).values_list("code", flat=True))
    return common or ALL_REGIONS


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
    if not region_code and object_type not in NO_REGION_OBJECTS:
        region_code = audit_region(user_scope(actor))
    event = AuditEvent(
        at=timezone.now(),
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
    return _save_or_spool(event)


def _save_or_spool(event: AuditEvent) -> AuditEvent:
    """Save ``event``; when SQLite stays locked by an import (and no transaction of the caller is open), keep it
    in the audit spool instead, so the action it records (a NIK reveal, a login) goes on (cakupan.web.audit.spool).
    After a write, events waiting in the spool follow it into the database."""
    from cakupan.web.audit.spool import spool_flush, spool_pending, spool_write
    from cakupan.web.busy import brief_wait, is_busy

    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        event.save()
        return event
    try:
        with brief_wait(AUDIT_WAIT_SECONDS):
            event.save()
    except OperationalError as exc:
        if not is_busy(exc):
            raise
        return spool_write(event)
    if spool_pending():
        transaction.on_commit(spool_flush)
    return event
