"""What the dashboard draws from a RegionDashboard: the choropleth of its children, the trend chart and the
indicator table rows. SVG is built on the server (no script, no CDN); a map is cached per facts refresh."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cakupan.core.problems import Language
from cakupan.indicators.coverage import DENOMINATOR_LABELS, Coverage
from cakupan.indicators.definitions import definition
from cakupan.indicators.glance import best_and_worst, month_change, participants_to_target
from cakupan.maps import MapArea, format_number_id, render_choropleth
from cakupan.web.indicators.dashboard import RegionDashboard, TrendPoint, boundary_geometries, facts_version

CHART_WIDTH, CHART_HEIGHT, PAD = 720, 220, 36


def _kind_label(kind: str | None, language: Language) -> str:
    if kind is None:
        return ""
    if kind in DENOMINATOR_LABELS:
        return DENOMINATOR_LABELS[kind].text(language)
    return {"nagari": _("all nagari/desa/kelurahan"), "terdata": _("registered (covered or not)")}.get(
        kind, kind
    )


def unmapped(dashboard: RegionDashboard) -> list[Coverage]:
    """The children without a polygon, which a map cannot draw: the page lists them by name."""
    return [c for c in dashboard.children if c.region_code not in dashboard.mapped]


def coverage_map(dashboard: RegionDashboard, *, language: Language) -> SafeString | None:
    """The children coloured by UCJ %, or None when none of them has a polygon (the page shows the table).
    Only the children's polygons are read, and each is simplified to what the picture can show."""
    if not any(c.region_code in dashboard.mapped for c in dashboard.children):
        return None
    # The polygons drawn are part of the key: a boundary imported after the facts were refreshed redraws it.
    codes = ",".join(c.region_code for c in dashboard.children) + "|" + dashboard.boundaries
    refreshed = facts_version(dashboard.refreshed)
    digest = hashlib.sha256(codes.encode()).hexdigest()[:16]
    key = f"map:{refreshed}:{dashboard.coverage.region_code}:{dashboard.period.month}:{dashboard.kind}:{digest}:{language}"
    svg: str | None = cache.get(key)
    if svg is None:
        query = f"?tanggal={dashboard.period.as_of.isoformat()}&penyebut={dashboard.kind}"
        geometries = boundary_geometries([c.region_code for c in dashboard.children])
        areas = [
            MapArea(
                code=c.region_code,
                name=c.region_name,
                geometry=geometries.get(c.region_code),
                value=c.percent,
                href=reverse("region-coverage", args=[c.region_code]) + query if c.region_level < 4 else None,
            )
            for c in dashboard.children
        ]
        svg = render_choropleth(
            areas,
            legend_title=_("UCJ coverage (%)"),
            no_data_label=_("No data"),
            no_boundary_label=_("No boundary"),
        )
        cache.set(key, svg, timeout=None)
    return mark_safe(svg)  # built from escaped parts by cakupan.maps


def _label(point: TrendPoint) -> str:
    return f"{point.month:%m/%y}"


def trend_chart(points: list[TrendPoint]) -> SafeString | None:
    """A line of UCJ % per month (active participants when there is no denominator), with its values."""
    if not points:
        return None
    use_percent = all(p.percent is not None for p in points)
    values = [
        Decimal(p.percent) if use_percent and p.percent is not None else Decimal(p.active) for p in points
    ]
    top = max(*values, Decimal(1))
    step = (CHART_WIDTH - 2 * PAD) / max(len(points) - 1, 1)
    coords = []
    for index, value in enumerate(values):
        x = PAD + index * step
        y = CHART_HEIGHT - PAD - float(value / top) * (CHART_HEIGHT - 2 * PAD)
        coords.append((round(x, 1), round(y, 1)))
    parts = [
        f'<svg class="trend" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" '
        f'aria-label="{escape(_("Monthly trend"))}">',
        f'<line x1="{PAD}" y1="{CHART_HEIGHT - PAD}" x2="{CHART_WIDTH - PAD}" y2="{CHART_HEIGHT - PAD}" '
        'stroke="#8a99a6" stroke-width="1"/>',
        '<polyline fill="none" stroke="#0b6e4f" stroke-width="2" points="'
        + " ".join(f"{x},{y}" for x, y in coords)
        + '"/>',
    ]
    for (x, y), value, point in zip(coords, values, points, strict=True):
        text = format_number_id(value) + (" %" if use_percent else "")
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="3" fill="#0b6e4f" data-month="{point.month:%Y-%m}" '
            f'data-value="{value}"><title>{escape(_label(point))}: {escape(text)}</title></circle>'
        )
        parts.append(f'<text x="{x}" y="{y - 8}" font-size="10" text-anchor="middle">{escape(text)}</text>')
        parts.append(
            f'<text x="{x}" y="{CHART_HEIGHT - PAD + 16}" font-size="10" text-anchor="middle">'
            f"{escape(_label(point))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text is escaped above


def indicator_rows(dashboard: RegionDashboard, *, language: Language) -> list[dict[str, Any]]:
    """One row per indicator and breakdown group, with what the figure is made of."""
    rows = []
    for name, figures in dashboard.figures.items():
        spec = definition(name)
        for figure in figures:
            kind = figure.denominator_kind
            rows.append(
                {
                    "name": name,
                    "label": spec.label.text(language),
                    "group": figure.group or _("total"),
                    "is_total": figure.group is None,
                    "numerator": figure.numerator,
                    "denominator": figure.denominator,
                    "kind": _kind_label(kind, language),
                    "value": figure.value,
                    "unit": spec.unit,
                    "rounding": f"{spec.rounding.decimals} {spec.rounding.mode}",
                    "period": figure.period,
                    "monthly": spec.period == "month",
                    "source": figure.source,
                    "warnings": [f.message(language) for f in dashboard.indicator_flags(name, figure.group)],
                }
            )
    return rows


def source_notes(texts: list[str | None]) -> tuple[list[str], list[int | None]]:
    """A table's sources stated once: the distinct texts in order of first use, and each row's note number
    (1-based; None for a row without a source)."""
    notes: list[str] = []
    marks: list[int | None] = []
    for text in texts:
        if not text:
            marks.append(None)
            continue
        if text not in notes:
            notes.append(text)
        marks.append(notes.index(text) + 1)
    return notes, marks


def denominator_note(figure: Coverage, kind_label: str) -> str | None:
    """Where a figure's denominator comes from, in one sentence: its kind, period and source."""
    d = figure.denominator
    if d is None:
        return None
    return _("%(kind)s, period %(period)s, source: %(source)s") % {
        "kind": kind_label,
        "period": f"{d.period:%Y-%m}",
        "source": d.source,
    }


def child_table(dashboard: RegionDashboard, *, language: Language) -> dict[str, Any]:
    """The children's rows (UCJ, a bar, warnings) and their denominators' sources, stated once below the table."""
    label = _kind_label(dashboard.kind, language)
    notes, marks = source_notes([denominator_note(c, label) for c in dashboard.children])
    rows = []
    for child, mark in zip(dashboard.children, marks, strict=True):
        percent = child.percent
        bar = min(percent, Decimal(100)) if percent is not None else None
        rows.append(
            {
                "figure": child,
                "percent": percent,
                "bar_width": None if bar is None else str(bar),
                "warnings": [f.message(language) for f in dashboard.region_flags(child.region_code)],
                "note": mark if len(notes) > 1 else None,
            }
        )
    return {"rows": rows, "notes": notes}


def glance(dashboard: RegionDashboard) -> dict[str, Any]:
    """The first screen's figures: UCJ, target and gap, change since the previous month, best and worst child."""
    figure = dashboard.coverage
    trend = dashboard.trend
    change = previous = None
    if len(trend) >= 2 and trend[-1].month == dashboard.period.month:
        previous, current = trend[-2], trend[-1]
        change = month_change(
            previous_active=previous.active,
            previous_percent=previous.percent,
            active=current.active,
            percent=current.percent,
            denominator=current.denominator,
        )
    to_target = None
    target, denominator = dashboard.target, figure.denominator
    if target is not None and denominator is not None:
        to_target = participants_to_target(
            active=figure.active_participants,
            denominator=denominator.value,
            target_percent=target.target_value,
        )
    ranked = best_and_worst(dashboard.children, flagged=set(dashboard.flags))
    return {
        "change": change,
        "previous": previous,
        "current": trend[-1] if change is not None else None,
        "to_target": to_target,
        "ranked": ranked,
    }


def indicator_table(dashboard: RegionDashboard, *, language: Language) -> dict[str, Any]:
    """The indicator rows and their sources, stated once below the table (a row carries its note's number)."""
    rows = indicator_rows(dashboard, language=language)
    notes, marks = source_notes([row["source"] for row in rows])
    for row, mark in zip(rows, marks, strict=True):
        row["note"] = mark
    return {"rows": rows, "notes": notes}
