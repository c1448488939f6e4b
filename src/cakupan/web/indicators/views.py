"""Coverage pages: the province with its kab/kota, and drill-down to kecamatan and nagari."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cakupan.core.access import Permission, in_scope
from cakupan.indicators.coverage import DENOMINATOR_LABELS
from cakupan.web.accounts.scope import user_can, user_scope
from cakupan.web.benefits.selectors import non_coverage
from cakupan.web.indicators.dashboard import facts_version
from cakupan.web.indicators.presentation import (
    child_table,
    coverage_map,
    denominator_note,
    glance,
    indicator_table,
    trend_chart,
    unmapped,
)
from cakupan.web.indicators.request_dashboard import NoFacts, dashboard_from_request
from cakupan.web.indicators.selectors import fact_periods
from cakupan.web.language import page_language
from cakupan.web.registry.selectors import region_ancestors


def _level_name(level: int) -> str:
    return {1: _("province"), 2: _("kab/kota"), 3: _("kecamatan"), 4: _("kelurahan/nagari/desa")}.get(
        level, ""
    )


FRAGMENT_SECONDS = 24 * 3600  # a new facts refresh makes a new key anyway


def region_coverage(request: HttpRequest, code: str) -> HttpResponse:
    try:
        resolved = dashboard_from_request(request, code)
    except NoFacts:
        return render(request, "cakupan/no_facts.html")
    dashboard = resolved.dashboard
    figure = dashboard.coverage
    language = page_language()
    kind = dashboard.kind
    children = [c.region_code for c in dashboard.children]  # those this user may see
    # The tables, map and charts are the same for everyone who sees the same children: rendered once per
    # facts refresh (the expensive part of the page), so the values below are callables the template calls
    # only when it renders them.
    seen = hashlib.sha256(",".join(children).encode()).hexdigest()[:16]
    fragment_key = (
        f"{facts_version(dashboard.refreshed)}:{code}:{dashboard.period.month}:{kind}:{language}:{seen}"
        f":{dashboard.boundaries}"
    )
    return render(
        request,
        "cakupan/region_coverage.html",
        {
            "dashboard": dashboard,
            "figure": figure,
            "children": lambda: child_table(dashboard, language=language),
            "unmapped": unmapped(dashboard),
            "glance": glance(dashboard),
            "denominator_note": denominator_note(figure, DENOMINATOR_LABELS[kind].text(language)),
            "warnings": [f.message(language) for f in dashboard.region_flags(figure.region_code)],
            "fragment_key": fragment_key,
            "fragment_seconds": FRAGMENT_SECONDS,
            "child_level_name": _level_name(figure.region_level + 1),
            "level_name": _level_name(figure.region_level),
            "breadcrumbs": region_ancestors(code=code),
            "as_of": dashboard.period.as_of,
            "period": dashboard.period,
            "periods": fact_periods(refresh=dashboard.refreshed),
            "problems": resolved.problems,
            "kind": kind,
            "kinds": {k: label.text(language) for k, label in DENOMINATOR_LABELS.items()},
            "kind_label": DENOMINATOR_LABELS[kind].text(language),
            "drillable": figure.region_level < 4,
            "map_svg": lambda: coverage_map(dashboard, language=language),
            "perms_gaps": user_can(request.user, Permission.VIEW_PERSONS),
            "non_coverage": non_coverage(
                code=figure.region_code, user=request.user
            ),  # aggregates: what uncovered families lost
            "perms_impact": user_can(request.user, Permission.VIEW_COVERAGE),
            "perms_employers": in_scope(figure.region_code, user_scope(request.user)),
            "trend_svg": lambda: trend_chart(dashboard.trend),
            "indicators": lambda: indicator_table(dashboard, language=language),
            "progress": dashboard.progress,
            "method": None
            if dashboard.progress is None
            else (dashboard.progress.method_id if language == "id" else dashboard.progress.method_en),
        },
    )
