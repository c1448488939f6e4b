"""Reads for the coverage indicator: the same definition for one region and for all children of one."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from cakupan.indicators.coverage import DEFAULT_DENOMINATOR, Coverage, Denominator
from cakupan.web.indicators.models import LabourForceStat
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person, Region
from cakupan.web.registry.selectors import person_in_region, region_children, region_get


def person_active_on(*, as_of: dt.date) -> QuerySet[Person]:
    """Persons with at least one membership active on ``as_of`` (see cakupan.indicators.coverage.is_active)."""
    active = Membership.objects.filter(person=OuterRef("pk"), start_date__lte=as_of).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=as_of)
    )
    return Person.objects.filter(Exists(active))


def denominators_latest(*, region_codes: list[str], as_of: dt.date, kind: str) -> dict[str, Denominator]:
    """The latest figure of ``kind`` at or before ``as_of`` for each region that has one."""
    latest: dict[str, Denominator] = {}
    rows = LabourForceStat.objects.filter(region_id__in=region_codes, kind=kind, period__lte=as_of).order_by(
        "region_id", "period"
    )
    for row in rows:
        latest[row.region_id] = Denominator(
            kind=row.kind, value=row.value, period=row.period, source=row.source
        )
    return latest


def coverage_get(*, region_code: str, as_of: dt.date, kind: str = DEFAULT_DENOMINATOR) -> Coverage:
    """Coverage of one region; raises Region.DoesNotExist for an unknown code."""
    region = region_get(code=region_code)
    active = person_in_region(person_active_on(as_of=as_of), code=region.code).count()
    denominator = denominators_latest(region_codes=[region.code], as_of=as_of, kind=kind).get(region.code)
    return Coverage(
        region_code=region.code,
        region_name=region.name,
        region_level=region.level,
        as_of=as_of,
        active_participants=active,
        denominator=denominator,
    )


def coverage_children(*, region_code: str, as_of: dt.date, kind: str = DEFAULT_DENOMINATOR) -> list[Coverage]:
    """Coverage of every direct child of a region, counted in one grouped query."""
    children: list[Region] = list(region_children(code=region_code))
    if not children:
        return []
    code_length = len(children[0].code)
    counts = dict(
        person_in_region(person_active_on(as_of=as_of), code=region_code)
        .annotate(child=Substr("region_id", 1, code_length))
        .values("child")
        .annotate(n=Count("id"))
        .values_list("child", "n")
    )
    denominators = denominators_latest(region_codes=[c.code for c in children], as_of=as_of, kind=kind)
    return [
        Coverage(
            region_code=child.code,
            region_name=child.name,
            region_level=child.level,
            as_of=as_of,
            active_participants=counts.get(child.code, 0),
            denominator=denominators.get(child.code),
        )
        for child in children
    ]
