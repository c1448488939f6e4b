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
from cakupan.indicators.coverage import DENOMINATOR_LABELS
from cakupan.indicators.definitions import definition
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


def coverage_map(dashboard: RegionDashboard, *, language: Language) -> SafeString | None:
    """The children coloured by UCJ %, or None when none of them has a polygon (the page shows the table)."""
    if not any(c.region_code in dashboard.mapped for c in dashboard.children):
        return None
    codes = ",".join(c.region_code for c in dashboard.children)
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
