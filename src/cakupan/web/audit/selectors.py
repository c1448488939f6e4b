"""Reads of the audit log, for auditors: filtered by action, person (NIK), actor and dates, within scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from cakupan.core.access import in_scope
from cakupan.web.accounts.scope import scope_q, user_scope
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import ALL_REGIONS, NO_REGION_OBJECTS
from cakupan.web.registry.models import Person, Region


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    nik: str = ""
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_event_list(*, user: Any, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """Events the auditor may see: those about no region (sessions, accounts), those filed under a region inside
    their scope, and their own. Events about data of several provinces (and older events about data filed
    without a region) only when the scope holds every region loaded."""
    scope = user_scope(user)
    visible = Q(region_code="", object_type__in=NO_REGION_OBJECTS) | scope_q("region_code", scope)
    if user.pk is not None:
        visible |= Q(actor=user)
    if _holds_every_region(scope):
        visible |= Q(region_code__in=["", ALL_REGIONS])
    events = AuditEvent.objects.filter(visible)
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


def _holds_every_region(scope: tuple[str, ...]) -> bool:
    roots = Region.objects.filter(parent__isnull=True).values_list("code", flat=True)
    return bool(scope) and all(in_scope(code, scope) for code in roots)
