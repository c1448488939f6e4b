"""Downloads of a region's coverage dashboard: every table as XLSX (or one, ``?tabel=``) and the one-page PDF
summary. Same permission, scope, month and denominator as the page (``dashboard_from_request``); aggregate
figures only, so nothing is audited."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cakupan.web.indicators.exports import SHEETS, coverage_workbook
from cakupan.web.indicators.request_dashboard import NoFacts, dashboard_from_request
from cakupan.web.indicators.summary_pdf import summary_pdf
from cakupan.web.language import page_language
from cakupan.web.xlsx import CONTENT_TYPE


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def coverage_export(request: HttpRequest, code: str) -> HttpResponse:
    """The dashboard's tables and charts as one workbook; an unknown ``?tabel=`` gives all of them."""
    try:
        dashboard = dashboard_from_request(request, code).dashboard
    except NoFacts:
        return render(request, "cakupan/no_facts.html", status=404)
    only = request.GET.get("tabel", "")
    only = only if only in SHEETS else ""
    content = coverage_workbook(dashboard, language=page_language(), only=only or None)
    name = (
        f"cakupan-{dashboard.coverage.region_code}-{dashboard.period.month:%Y-%m}{'-' + only if only else ''}"
    )
    return _download(content, content_type=CONTENT_TYPE, filename=f"{name}.xlsx")


def coverage_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The one-page A4 summary for meetings."""
    try:
        dashboard = dashboard_from_request(request, code).dashboard
    except NoFacts:
        return render(request, "cakupan/no_facts.html", status=404)
    content = summary_pdf(dashboard, language=page_language())
    name = f"cakupan-{dashboard.coverage.region_code}-{dashboard.period.month:%Y-%m}.pdf"
    return _download(content, content_type="application/pdf", filename=name)
