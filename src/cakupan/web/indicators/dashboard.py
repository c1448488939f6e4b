"""Everything the coverage dashboard of one region shows, assembled from the facts in one place, so that the
page, its XLSX export, its PDF summary and the API say the same thing.

Assembling reads only facts, published denominators, regions, boundaries and targets. The result for a region,
month and denominator kind is cached until the next facts refresh; what a user may see of it (the children
inside their scope) is filtered by the caller.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.core.cache import cache

from cakupan.indicators.coverage import Coverage, Denominator, ucj_percent
from cakupan.indicators.definitions import PUBLISHED_KINDS, Figure
from cakupan.indicators.plausibility import RESIDENTS_KIND, Flag, coverage_flags, figure_flags
from cakupan.indicators.targets import TargetProgress, target_progress
from cakupan.web.indicators.models import FactsRefresh, LabourForceStat
from cakupan.web.indicators.selectors import (
    FactPeriod,
    coverage_children,
    coverage_get,
    denominators_latest,
    fact_periods,
    fact_series,
    facts_latest,
    indicator_figures,
)
from cakupan.web.registry.models import RegionBoundary
from cakupan.web.targets.models import CoverageTarget
from cakupan.web.targets.selectors import target_for_region


@dataclass(frozen=True, slots=True)
class TrendPoint:
    month: dt.date
    as_of: dt.date
    active: int
    denominator: int | None
    percent: Decimal | None
    new: int  # persons active now who were not at the previous month's end
    lapsed: int  # persons active at the previous month's end who are not now


@dataclass(frozen=True, slots=True)
class RegionDashboard:
    coverage: Coverage
    period: FactPeriod
    kind: str
    children: list[Coverage]
    trend: list[TrendPoint]
    figures: dict[str, list[Figure]]
    target: CoverageTarget | None
    progress: TargetProgress | None
    mapped: frozenset[str]  # the children that have a polygon (the geometry is read only to draw a map)
    refreshed: FactsRefresh | None
    boundaries: str = ""  # names the children's polygons as stored now, for the map's cache key
    # Figures that cannot be true (cakupan.indicators.plausibility), absent when a figure has none: the UCJ
    # of the region and of each child by region code, and the indicator figures by (indicator, group or "").
    flags: dict[str, tuple[Flag, ...]] = field(default_factory=dict)
    figure_flags: dict[tuple[str, str], tuple[Flag, ...]] = field(default_factory=dict)

    def region_flags(self, code: str) -> tuple[Flag, ...]:
        return self.flags.get(code, ())

    def indicator_flags(self, name: str, group: str | None) -> tuple[Flag, ...]:
        return self.figure_flags.get((name, group or ""), ())


def _denominator_on(rows: list[tuple[dt.date, int]], day: dt.date) -> int | None:
    """The latest published value at or before ``day`` (``rows`` sorted by period)."""
    found = None
    for period, value in rows:
        if period <= day:
            found = value
    return found


def region_trend(*, region_code: str, kind: str, refresh: FactsRefresh | None = None) -> list[TrendPoint]:
    """UCJ, new enrolments and lapses of a region for every month the facts describe."""
    active = fact_series(indicator="ucj", region_code=region_code)
    new = fact_series(indicator="new_enrolments", region_code=region_code)
    lapsed = fact_series(indicator="lapses", region_code=region_code)
    published = list(
        LabourForceStat.objects.filter(region_id=region_code, kind=kind)
        .order_by("period")
        .values_list("period", "value")
    )
    points = []
    for period in fact_periods(refresh=refresh):
        denominator = _denominator_on(published, period.as_of)
        count = active.get(period.month, 0)
        points.append(
            TrendPoint(
                month=period.month,
                as_of=period.as_of,
                active=count,
                denominator=denominator,
                percent=ucj_percent(count, denominator),
                new=new.get(period.month, 0),
                lapsed=lapsed.get(period.month, 0),
            )
        )
    return points


def _progress(
    target: CoverageTarget | None, trend: list[TrendPoint], today: dt.date
) -> TargetProgress | None:
    if target is None:
        return None
    series = [(p.as_of, p.percent) for p in trend if p.percent is not None]
    if not series:
        return None
    return target_progress(target.spec(), series=series, today=today)


def _coverage_flags(coverage: Coverage, children: list[Coverage]) -> dict[str, tuple[Flag, ...]]:
    """The flags of the region's UCJ and of each child's, against their published working-age residents."""
    regions = [coverage, *children]
    residents = denominators_latest(
        region_codes=[c.region_code for c in regions], as_of=coverage.as_of, kind=RESIDENTS_KIND
    )
    found = {c.region_code: coverage_flags(c, residents=residents.get(c.region_code)) for c in regions}
    return {code: flags for code, flags in found.items() if flags}


def _figure_flags(
    figures: dict[str, list[Figure]], *, region_code: str, as_of: dt.date
) -> dict[tuple[str, str], tuple[Flag, ...]]:
    """The flags of every indicator figure; the published denominator each used is read again for its period,
    the working-age residents are compared with the UCJ numerator only (the other numerators are parts of it)."""
    published: dict[str, Denominator | None] = {}

    def latest(kind: str) -> Denominator | None:
        if kind not in published:
            published[kind] = denominators_latest(region_codes=[region_code], as_of=as_of, kind=kind).get(
                region_code
            )
        return published[kind]

    found: dict[tuple[str, str], tuple[Flag, ...]] = {}
    for name, group_figures in figures.items():
        for figure in group_figures:
            kind = figure.denominator_kind
            used = latest(kind) if kind in PUBLISHED_KINDS and figure.denominator is not None else None
            residents = latest(RESIDENTS_KIND) if name == "ucj" and not figure.group else None
            flags = figure_flags(figure, denominator=used, as_of=as_of, residents=residents)
            if flags:
                found[(name, figure.group or "")] = flags
    return found


def boundary_geometries(codes: list[str]) -> dict[str, dict[str, Any]]:
    """Code -> GeoJSON geometry, for the regions among ``codes`` that have a polygon."""
    rows = RegionBoundary.objects.filter(region_id__in=codes).values_list("region_id", "geometry")
    return {code: json.loads(geometry) for code, geometry in rows}


def facts_version(refreshed: FactsRefresh | None) -> str:
    """Names one refresh of the facts, for cache keys: a new refresh, a new key (never reused, even when a
    rolled-back transaction gives the next refresh the same id)."""
    return "none" if refreshed is None else f"{refreshed.pk}-{refreshed.finished_at.timestamp()}"


def region_dashboard(
    *, region_code: str, period: FactPeriod, kind: str, refreshed: FactsRefresh | None = None
) -> RegionDashboard:
    """The dashboard of one region; raises Region.DoesNotExist for an unknown code. What comes from the facts
    is cached until the next refresh; the target is read each time (it can change between refreshes)."""
    refreshed = refreshed or facts_latest()
    key = f"dashboard:{facts_version(refreshed)}:{region_code}:{period.month}:{kind}"
    facts: RegionDashboard | None = cache.get(key)
    if facts is None:
        children = coverage_children(region_code=region_code, period=period, kind=kind)
        coverage = coverage_get(region_code=region_code, period=period, kind=kind)
        figures = indicator_figures(region_code=region_code, period=period, kind=kind)
        facts = RegionDashboard(
            coverage=coverage,
            period=period,
            kind=kind,
            children=children,
            trend=[
                p
                for p in region_trend(region_code=region_code, kind=kind, refresh=refreshed)
                if p.month <= period.month
            ],
            figures=figures,
            target=None,
            progress=None,
            mapped=frozenset(),
            refreshed=refreshed,
            flags=_coverage_flags(coverage, children),
            figure_flags=_figure_flags(figures, region_code=region_code, as_of=period.as_of),
        )
        cache.set(key, facts, timeout=None)
    # Boundaries and the target are read each time: either can change between two refreshes of the facts.
    stored = RegionBoundary.objects.filter(region_id__in=[c.region_code for c in facts.children])
    mapped = dict(stored.values_list("region_id", "updated_at"))
    boundaries = ",".join(f"{code}@{mapped[code].timestamp()}" for code in sorted(mapped))
    target = target_for_region(region_code=region_code, denominator_kind=kind)
    return replace(
        facts,
        mapped=frozenset(mapped),
        boundaries=hashlib.sha256(boundaries.encode()).hexdigest()[:16],
        target=target,
        progress=_progress(target, facts.trend, period.as_of),
    )
