"""Coverage pages: the province with its kab/kota, and drill-down to kecamatan and nagari."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cakupan.core.access import Permission, aggregate_visible
from cakupan.core.problems import Language
from cakupan.core.regions import is_region_code
from cakupan.indicators.coverage import DEFAULT_DENOMINATOR, DENOMINATOR_LABELS, Coverage
from cakupan.web.accounts.scope import require, user_scope
from cakupan.web.indicators.selectors import coverage_children, coverage_get, fact_period, fact_periods
from cakupan.web.registry.models import Region
from cakupan.web.registry.selectors import region_ancestors, region_first_province


def home(request: HttpRequest) -> HttpResponse:
    """Open the province of the user's scope; its page lists only what the user may see."""
    require(request.user, Permission.VIEW_COVERAGE)
    if region_first_province() is None:
        return render(request, "cakupan/empty.html")
    scope = user_scope(request.user)
    if not scope:
        raise PermissionDenied
    return redirect("region-coverage", code=scope[0].split(".")[0])


def _language() -> Language:
    return "en" if (get_language() or "id").startswith("en") else "id"


def _level_name(level: int) -> str:
    return {1: _("province"), 2: _("kab/kota"), 3: _("kecamatan"), 4: _("kelurahan/nagari/desa")}.get(
        level, ""
    )


def _as_of(request: HttpRequest) -> tuple[dt.date | None, str | None]:
    raw = request.GET.get("tanggal", "")
    if not raw:
        return None, None
    try:
        return dt.date.fromisoformat(raw), None
    except ValueError:
        return None, _(
            "The date %(value)s is not valid (use YYYY-MM-DD); showing the latest month instead."
        ) % {"value": raw}


def region_coverage(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Permission.VIEW_COVERAGE)
    scope = user_scope(request.user)
    if not is_region_code(code) or not aggregate_visible(code, scope):
        raise Http404
    as_of, date_problem = _as_of(request)
    kind = request.GET.get("penyebut", DEFAULT_DENOMINATOR)
    if kind not in DENOMINATOR_LABELS:
        kind = DEFAULT_DENOMINATOR
    period = fact_period(as_of=as_of)
    if period is None:
        return render(request, "cakupan/no_facts.html", status=200)
    if as_of is not None and not period.month <= as_of <= period.as_of:
        date_problem = _("There are no coverage facts for %(value)s; showing the latest month instead.") % {
            "value": as_of.isoformat()
        }
    try:
        figure = coverage_get(region_code=code, period=period, kind=kind)
    except Region.DoesNotExist as exc:
        raise Http404 from exc
    children = [
        c
        for c in coverage_children(region_code=code, period=period, kind=kind)
        if aggregate_visible(c.region_code, scope)
    ]
    breadcrumbs = region_ancestors(code=code)
    language = _language()
    return render(
        request,
        "cakupan/region_coverage.html",
        {
            "figure": figure,
            "children": [_row(c) for c in children],
            "child_level_name": _level_name(figure.region_level + 1),
            "level_name": _level_name(figure.region_level),
            "breadcrumbs": breadcrumbs,
            "as_of": period.as_of,
            "period": period,
            "periods": fact_periods(),
            "date_problem": date_problem,
            "kind": kind,
            "kinds": {k: labels[language] for k, labels in DENOMINATOR_LABELS.items()},
            "kind_label": DENOMINATOR_LABELS[kind][language],
            "drillable": figure.region_level < 4,
        },
    )


def _row(figure: Coverage) -> dict[str, object]:
    percent = figure.percent
    bar = min(percent, Decimal(100)) if percent is not None else None
    return {"figure": figure, "percent": percent, "bar_width": None if bar is None else str(bar)}
