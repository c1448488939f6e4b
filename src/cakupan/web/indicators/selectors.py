"""Reads of coverage: every figure comes from the coverage facts (never from the registry), per region and month.

A region's count is the sum of its kelurahan/desa facts (their codes start with the region's code); a region's
children are summed in one grouped query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Substr

from cakupan.indicators.coverage import DEFAULT_DENOMINATOR, Coverage, Denominator
from cakupan.indicators.definitions import PUBLISHED_KINDS, Definition, Figure, definitions
from cakupan.indicators.facts import NUMERATOR, REGISTERED
from cakupan.indicators.measures import GROUPS
from cakupan.web.indicators.models import CoverageFact, FactsRefresh, LabourForceStat
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person, Region
from cakupan.web.registry.selectors import region_children, region_get


@dataclass(frozen=True, slots=True)
class FactPeriod:
    month: dt.date  # first day
    as_of: dt.date  # the day its state was taken


def person_active_on(*, as_of: dt.date) -> QuerySet[Person]:
    """Persons with at least one membership active on ``as_of`` (see cakupan.indicators.coverage.is_active)."""
    active = Membership.objects.filter(person=OuterRef("pk"), start_date__lte=as_of).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=as_of)
    )
    return Person.objects.filter(Exists(active))


def facts_latest() -> FactsRefresh | None:
    return FactsRefresh.objects.order_by("-finished_at").first()


def _month_end(month: dt.date) -> dt.date:
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def fact_periods(*, refresh: FactsRefresh | None = None) -> list[FactPeriod]:
    """The months the facts describe, oldest first; empty before the first refresh. ``refresh``: the latest
    refresh when the caller has read it already."""
    refresh = refresh or facts_latest()
    if refresh is None:
        return []
    periods, month = [], refresh.first_period
    while month <= refresh.last_period:
        day = refresh.as_of if month == refresh.last_period else _month_end(month)
        periods.append(FactPeriod(month=month, as_of=day))
        month = _month_end(month) + dt.timedelta(days=1)
    return periods


def fact_period(*, as_of: dt.date | None = None, refresh: FactsRefresh | None = None) -> FactPeriod | None:
    """The period holding ``as_of`` (the latest one when None or outside the facts); None without facts."""
    periods = fact_periods(refresh=refresh)
    if not periods:
        return None
    if as_of is not None:
        for period in periods:
            if period.month <= as_of <= period.as_of:
                return period
    return periods[-1]


def _code_length(level: int) -> int:
    return {1: 2, 2: 5, 3: 8}.get(level, 13)


def fact_sums(
    *, indicator: str, month: dt.date, parent: str, level: int, measure: str = NUMERATOR
) -> dict[tuple[str, str], int]:
    """{(region code at ``level``, group): sum} for the regions at ``level`` within ``parent``."""
    rows = (
        CoverageFact.objects.filter(indicator=indicator, period=month, measure=measure)
        .filter(Q(region_code=parent) | Q(region_code__startswith=parent + "."))
        .annotate(code=Substr("region_code", 1, _code_length(level)))
        .values_list("code", "group")
        .annotate(total=Sum("value"))
    )
    return {(code, group): int(total) for code, group, total in rows}


def fact_series(*, indicator: str, region_code: str, group: str = "") -> dict[dt.date, int]:
    """{month: numerator} of one region over every month the facts describe."""
    rows = (
        CoverageFact.objects.filter(indicator=indicator, measure=NUMERATOR, group=group)
        .filter(Q(region_code=region_code) | Q(region_code__startswith=region_code + "."))
        .values_list("period")
        .annotate(total=Sum("value"))
    )
    return {period: int(total) for period, total in rows}


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


def nagari_counts(*, region_codes: list[str]) -> dict[str, int]:
    """How many kelurahan/desa/nagari each region holds (the 'nagari' denominator)."""
    counts: dict[str, int] = {}
    for code in region_codes:
        counts[code] = Region.objects.filter(level=4, code__startswith=code + ".").count()
    return counts


def _coverages(regions: list[Region], *, parent: str, period: FactPeriod, kind: str) -> list[Coverage]:
    if not regions:
        return []
    sums = fact_sums(indicator="ucj", month=period.month, parent=parent, level=regions[0].level)
    denominators = denominators_latest(region_codes=[r.code for r in regions], as_of=period.as_of, kind=kind)
    return [
        Coverage(
            region_code=r.code,
            region_name=r.name,
            region_level=r.level,
            as_of=period.as_of,
            active_participants=sums.get((r.code, ""), 0),
            denominator=denominators.get(r.code),
        )
        for r in regions
    ]


def coverage_get(*, region_code: str, period: FactPeriod, kind: str = DEFAULT_DENOMINATOR) -> Coverage:
    """UCJ coverage of one region in one facts period; raises Region.DoesNotExist for an unknown code."""
    region = region_get(code=region_code)
    return _coverages([region], parent=region.code, period=period, kind=kind)[0]


def coverage_children(
    *, region_code: str, period: FactPeriod, kind: str = DEFAULT_DENOMINATOR
) -> list[Coverage]:
    """UCJ coverage of every direct child of a region, counted in one grouped query."""
    return _coverages(list(region_children(code=region_code)), parent=region_code, period=period, kind=kind)


def indicator_figures(
    *, region_code: str, period: FactPeriod, kind: str = DEFAULT_DENOMINATOR
) -> dict[str, list[Figure]]:
    """Every defined indicator of one region and period, with its breakdown groups, each with its numerator,
    denominator, denominator kind, source and period. Monthly counts use the period's month."""
    region = region_get(code=region_code)
    published: dict[str, Denominator | None] = {}
    figures: dict[str, list[Figure]] = {}
    for name, definition in definitions().items():
        sums = fact_sums(indicator=name, month=period.month, parent=region.code, level=region.level)
        groups = sorted({g for (_, g) in sums}, key=_group_order(definition))
        if "" not in groups:
            groups.insert(0, "")
        figures[name] = [
            _figure(
                definition,
                region=region,
                period=period,
                kind=kind,
                group=group,
                numerator=sums.get((region.code, group), 0),
                published=published,
            )
            for group in groups
        ]
    return figures


def _group_order(definition: Definition) -> Callable[[str], tuple[bool, int, str]]:
    order = GROUPS.get(definition.breakdown, ()) if definition.breakdown else ()
    return lambda g: (g != "", order.index(g) if g in order else len(order), g)


def _figure(
    definition: Definition,
    *,
    region: Region,
    period: FactPeriod,
    kind: str,
    group: str,
    numerator: int,
    published: dict[str, Denominator | None],
) -> Figure:
    day = period.month if definition.period == "month" else period.as_of
    if definition.denominator is None:
        return definition.figure(
            numerator=numerator, denominator=None, period=day, source=None, group=group or None
        )
    chosen = kind if kind in definition.denominator.selectable else definition.denominator.kind
    if chosen in PUBLISHED_KINDS:
        if chosen not in published:
            found = denominators_latest(region_codes=[region.code], as_of=period.as_of, kind=chosen)
            published[chosen] = found.get(region.code)
        denominator = published[chosen]
        value, source = (denominator.value, denominator.source) if denominator else (None, None)
    elif chosen == "nagari":
        value, source = nagari_counts(region_codes=[region.code])[region.code], "Daftar wilayah Kemendagri"
    else:  # terdata: persons in the registry matching the filter, covered or not
        registered = fact_sums(
            indicator=definition.name,
            month=period.month,
            parent=region.code,
            level=region.level,
            measure=REGISTERED,
        )
        value, source = registered.get((region.code, group), 0), "Registri Cakupan (terdata)"
    return definition.figure(
        numerator=numerator,
        denominator=value,
        period=day,
        source=source,
        denominator_kind=chosen,
        group=group or None,
    )
