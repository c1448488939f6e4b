"""The impact view under /manfaat/dampak/: what the claims brought to families per kab/kota and per scheme, against
the contributions paid, with downloads as XLSX and PDF. Aggregates only: no person is named, nothing is audited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models.functions import ExtractYear
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.core.access import Permission
from cakupan.web.accounts.scope import require
from cakupan.web.benefits.impact import Impact, impact_claims, impact_of_claims
from cakupan.web.benefits.impact_pdf import impact_pdf_bytes, scheme_label
from cakupan.web.language import english_active
from cakupan.web.params import whole_number
from cakupan.web.xlsx import CONTENT_TYPE, Sheet, xlsx_bytes

FIRST_YEAR, LAST_YEAR = 2000, 2100
# Sheet names are stable (whatever the language), like the coverage workbook's.
SHEETS = ("Wilayah", "Skema", "Penerima per tahun", "Biaya tanpa perlindungan")


def _year(request: HttpRequest) -> int | None:
    """``?tahun=YYYY``: the events of that year only; anything else means every year."""
    return whole_number(request.GET.get("tahun"), None, minimum=FIRST_YEAR, maximum=LAST_YEAR)


def _figures(request: HttpRequest) -> Impact:
    require(request.user, Permission.VIEW_COVERAGE)
    return impact_of_claims(user=request.user, today=timezone.localdate(), year=_year(request))


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _stem(figures: Impact) -> str:
    return f"dampak-manfaat-{figures.year if figures.year is not None else 'semua-tahun'}"


def impact(request: HttpRequest) -> HttpResponse:
    figures = _figures(request)
    years = (
        impact_claims(user=request.user)
        .annotate(year=ExtractYear("event_date"))
        .values_list("year", flat=True)
        .distinct()
    )
    return render(
        request,
        "benefits/impact.html",
        {
            "figures": figures,
            "years": sorted(
                {int(y) for y in years} | ({figures.year} if figures.year else set()), reverse=True
            ),
            "schemes": [(scheme_label(row), row) for row in figures.schemes],
            "no_scheme_label": scheme_label(figures.no_scheme) if figures.no_scheme else "",
            "query": f"?tahun={figures.year}" if figures.year is not None else "",
        },
    )


def _count_header() -> list[str]:
    return [
        _("Events reported"),
        _("Covered"),
        _("Paid"),
        _("Rejected"),
        _("Open"),
        _("Claims paid (Rp)"),
        _("Scholarships paid (Rp)"),
        _("Paid to families (Rp)"),
    ]


def _count_cells(row: Any) -> list[int]:
    return [row.events, row.covered, row.paid, row.rejected, row.open, row.paid_amount, row.scholarships,
            row.to_families]  # fmt: skip


def impact_sheets(figures: Impact) -> list[Sheet]:
    """One sheet per table of the page, numbers as numbers (Rupiah whole, the ratio with 2 decimals)."""
    regions: list[Sequence[Any]] = [[r.code, r.name, *_count_cells(r.counts)] for r in figures.regions]
    regions.append(["", _("Total"), *_count_cells(figures.total)])
    schemes: list[Sequence[Any]] = [
        [scheme_label(s), *_count_cells(s.counts), s.contributions, s.ratio] for s in figures.schemes
    ]
    together = figures.all_schemes
    schemes.append([_("All schemes"), *_count_cells(together.counts), together.contributions, together.ratio])
    if figures.no_scheme is not None:
        schemes.append([scheme_label(figures.no_scheme), *_count_cells(figures.no_scheme.counts), None, None])
    years = [
        [y.year, y.families, y.children, y.claims_paid, y.scholarships_paid, y.total] for y in figures.years
    ]
    lost = figures.non_coverage
    return [
        Sheet(SHEETS[0], [_("Code"), _("Kab/kota"), *_count_header()], regions),
        Sheet(
            SHEETS[1],
            [
                _("Scheme"),
                *_count_header(),
                _("Contributions paid (Rp)"),
                _("Rp to families per Rp of contributions"),
            ],
            schemes,
        ),
        Sheet(
            SHEETS[2],
            [
                _("Year of payment"),
                _("Families paid"),
                _("Children with a scholarship"),
                _("Claims paid (Rp)"),
                _("Scholarships paid (Rp)"),
                _("Paid to families (Rp)"),
            ],
            years,
        ),
        Sheet(
            SHEETS[3],
            [_("Events of workers not covered"), _("Deaths"), _("What the families lost (Rp)")],
            [[lost.events, lost.deaths, lost.forgone_total]],
        ),
    ]


def impact_xlsx(request: HttpRequest) -> HttpResponse:
    figures = _figures(request)
    content = xlsx_bytes(*impact_sheets(figures))
    return _download(content, content_type=CONTENT_TYPE, filename=f"{_stem(figures)}.xlsx")


def impact_pdf(request: HttpRequest) -> HttpResponse:
    figures = _figures(request)
    content = impact_pdf_bytes(figures, language="en" if english_active() else "id")
    return _download(content, content_type="application/pdf", filename=f"{_stem(figures)}.pdf")
