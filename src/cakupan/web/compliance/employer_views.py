"""Employers of a region by compliance (/kepatuhan/pemberi-kerja/<code>/): every employer with its findings (PWBD,
PDS tenaga kerja, upah, program), counted per sector, filterable, and as XLSX. Employer data are business data, not
personal data; the rows are still limited to the user's own regions."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.compliance import FINDING_LABELS, SECTION_LABELS, EmployerReview, kbli_section, summarise
from cakupan.core.access import Permission, in_scope
from cakupan.rules.loader import default_tree
from cakupan.web.accounts.scope import require, user_can, user_scope
from cakupan.web.compliance.forms import BulkIssueForm
from cakupan.web.compliance.letters import office_sends_letters
from cakupan.web.compliance.models import Letter
from cakupan.web.employers.compliance import employer_reviews, employers_not_in_oss
from cakupan.web.employers.models import Employer
from cakupan.web.language import english_active, label_text
from cakupan.web.registry.models import Region
from cakupan.web.xlsx import CONTENT_TYPE, Sheet, xlsx_bytes

STATUS_FILTERS = ("patuh", "pwbd", "pds")


def _region_or_404(request: HttpRequest, code: str) -> Region:
    require(request.user, Permission.VIEW_COVERAGE)
    region = Region.objects.filter(code=code).first()
    if region is None or not in_scope(code, user_scope(request.user)):
        raise Http404
    return region


def _rows(region: Region, status: str) -> tuple[list[dict[str, Any]], list[tuple[Employer, EmployerReview]]]:
    reviews = employer_reviews(region_code=region.code, on=timezone.localdate())
    english = english_active()
    rows = [
        {
            "employer": employer,
            "sector": kbli_section(employer.kbli),
            "status": review.status,
            "findings": [
                (label_text(FINDING_LABELS[f.kind]), f.english if english else f.indonesian)
                for f in review.findings
            ],
            "scale": review.scale,
        }
        for employer, review in reviews
        if not status or review.status == status
    ]
    return rows, reviews


def employer_compliance(request: HttpRequest, code: str) -> HttpResponse:
    region = _region_or_404(request, code)
    status = request.GET.get("status", "")
    status = status if status in STATUS_FILTERS else ""
    rows, reviews = _rows(region, status)
    not_in_oss = employers_not_in_oss(region_code=region.code)
    counts = summarise((kbli_section(employer.kbli), review) for employer, review in reviews)
    sectors = [
        {
            "code": key,
            "label": _("All")
            if key == "*"
            else (label_text(SECTION_LABELS[key]) if key in SECTION_LABELS else "-"),
            **c.as_dict(),
        }
        for key, c in counts.items()
    ]
    # The wage check compares with the minimum wage in force today; say so when next year's is due and not loaded.
    stale = default_tree().get("wages/minimum_wage").due(timezone.localdate())
    context = {
        "region": region,
        "stale_minimum_wage": (stale.english if english_active() else stale.indonesian) if stale else "",
        "rows": rows[:500],
        "more": max(0, len(rows) - 500),
        "sectors": sectors,
        "status": status,
        "not_in_oss": not_in_oss[:500],
        "not_in_oss_count": not_in_oss.count(),
        "issue_form": BulkIssueForm(initial={"issued_on": timezone.localdate()})
        if user_can(request.user, Permission.ISSUE_LETTERS)
        and office_sends_letters(request.user, timezone.localdate())
        else None,
        "with_letters": set(
            Letter.objects.filter(employer__in=[r["employer"] for r in rows[:500]]).values_list(
                "employer_id", flat=True
            )
        ),
    }
    return render(request, "compliance/employers.html", context)


def employer_compliance_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    region = _region_or_404(request, code)
    rows, _reviews = _rows(region, "")
    header = [
        _("NIB"),
        "NPP",
        _("Name"),
        "KBLI",
        _("Sector"),
        _("Region"),
        _("Scale"),
        _("Workforce (OSS)"),
        _("Workers registered"),
        _("Status"),
        _("Findings"),
    ]
    body = (
        [
            r["employer"].nib,
            r["employer"].npp,
            r["employer"].name,
            r["employer"].kbli,
            r["sector"],
            r["employer"].region_id,
            r["scale"],
            r["employer"].workforce,
            r["employer"].workers_registered,
            r["status"],
            " | ".join(text for _label, text in r["findings"]),
        ]
        for r in rows
    )
    response = HttpResponse(xlsx_bytes(Sheet("Pemberi kerja", header, body)), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="kepatuhan-pemberi-kerja-{region.code}.xlsx"'
    return response
