"""Reads of the audit log, for auditors: filtered by action, person (NIK), actor and dates, within scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from cakupan.web.accounts.scope import scope_q, user_scope
from cakupan.web.audit.models import AuditEvent
from cakupan.web.registry.models import Person


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    nik: str = ""
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_event_list(*, user: Any, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """Events the auditor may see: those without a region (logins, accounts) and those inside their scope."""
    events = AuditEvent.objects.filter(Q(region_code="") | scope_q("region_code", user_scope(user)))
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.nik:
        ids = [str(pk) for pk in Person.objects.filter(nik=filters.nik).values_list("pk", flat=True)]
        events = events.filter(object_type="person", object_id__in=ids)
    if filters.actor:
        events = events.filter(actor_name__iexact=filters.actor)
    if filters.date_from:
        events = events.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(at__date__lte=filters.date_to)
    return events
