"""Coverage pages: the province with its kab/kota, and drill-down to kecamatan and nagari."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cakupan.core.regions import LEVEL_NAMES, ancestors_of, is_region_code
from cakupan.indicators.coverage import DEFAULT_DENOMINATOR, DENOMINATOR_LABELS, Coverage
from cakupan.web.indicators.selectors import coverage_children, coverage_get
from cakupan.web.registry.models import Region


def home(request: HttpRequest) -> HttpResponse:
    province = Region.objects.filter(level=1).order_by("code").values_list("code", flat=True).first()
    if province is None:
        return render(request, "cakupan/empty.html")
    return redirect("region-coverage", code=getattr(settings, "CAKUPAN_HOME_REGION", province))


def _as_of(request: HttpRequest) -> tuple[dt.date, str | None]:
    raw = request.GET.get("tanggal", "")
    today = timezone.localdate()
    if not raw:
        return today, None
    try:
        return dt.date.fromisoformat(raw), None
    except ValueError:
        return today, f"Tanggal {raw!r} tidak sah (gunakan YYYY-MM-DD); ditampilkan per hari ini."


def region_coverage(request: HttpRequest, code: str) -> HttpResponse:
    if not is_region_code(code):
        raise Http404
    as_of, date_problem = _as_of(request)
    kind = request.GET.get("penyebut", DEFAULT_DENOMINATOR)
    if kind not in DENOMINATOR_LABELS:
        kind = DEFAULT_DENOMINATOR
    try:
        figure = coverage_get(region_code=code, as_of=as_of, kind=kind)
    except Region.DoesNotExist as exc:
        raise Http404 from exc
    children = coverage_children(region_code=code, as_of=as_of, kind=kind)
    breadcrumbs = Region.objects.filter(code__in=ancestors_of(code)[1:]).order_by("level")
    return render(
        request,
        "cakupan/region_coverage.html",
        {
            "figure": figure,
            "children": [_row(c) for c in children],
            "child_level_name": LEVEL_NAMES.get(figure.region_level + 1, ""),
            "level_name": LEVEL_NAMES[figure.region_level],
            "breadcrumbs": breadcrumbs,
            "as_of": as_of,
            "date_problem": date_problem,
            "kind": kind,
            "kinds": DENOMINATOR_LABELS,
            "kind_label": DENOMINATOR_LABELS[kind],
            "drillable": figure.region_level < 4,
        },
    )


def _row(figure: Coverage) -> dict[str, object]:
    percent = figure.percent
    bar = min(percent, Decimal(100)) if percent is not None else None
    return {"figure": figure, "percent": percent, "bar_width": None if bar is None else str(bar)}
