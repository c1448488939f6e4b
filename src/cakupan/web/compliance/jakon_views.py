"""Construction projects (Jakon) of a region (/kepatuhan/jakon/<code>/): every project with its registration status
at BPJS Ketenagakerjaan, its deadline (working days after the SPK) and the reason, counted per status with the
contract values, filterable, and as XLSX. Project data are business data, not personal data; the rows are still
limited to the user's own regions."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cakupan.compliance import PROJECT_STATUS_LABELS, ProjectReview, ProjectStatus, summarise_projects
from cakupan.compliance.jakon import deadline_rule_on
from cakupan.core.access import Permission, in_scope
from cakupan.web.accounts.scope import require, user_scope
from cakupan.web.employers.models import ConstructionProject
from cakupan.web.employers.projects import project_reviews
from cakupan.web.language import english_active, label_text
from cakupan.web.registry.models import Region
from cakupan.web.xlsx import CONTENT_TYPE, Sheet, xlsx_bytes

FUNDING_LABELS = {
    "apbn": "APBN",
    "apbd": "APBD",
    "apb_nagari": "APB Nagari",
    "bumn_bumd": "BUMN/BUMD",
    "swasta": gettext_lazy("Private"),
    "lainnya": gettext_lazy("Other"),
}
MAX_ROWS = 500


def _region_or_404(request: HttpRequest, code: str) -> Region:
    require(request.user, Permission.VIEW_COVERAGE)
    region = Region.objects.filter(code=code).first()
    if region is None or not in_scope(code, user_scope(request.user)):
        raise Http404
    return region


def _row(project: ConstructionProject, review: ProjectReview, english: bool) -> dict[str, Any]:
    return {
        "project": project,
        "status": review.status.value,
        "label": PROJECT_STATUS_LABELS[review.status].text("en" if english else "id"),
        "reason": review.english if english else review.indonesian,
        "deadline": review.deadline,
        "days_late": review.days_late,
        "holidays_known": review.holidays_known,
        "funding": str(FUNDING_LABELS.get(project.funding, project.funding)),
    }


def _rows(region: Region, status: str) -> tuple[list[dict[str, Any]], list[ProjectReview]]:
    reviews = project_reviews(region_code=region.code, on=timezone.localdate())
    english = english_active()
    rows = [_row(p, r, english) for p, r in reviews if not status or r.status.value == status]
    return rows, [review for _project, review in reviews]


def jakon_projects(request: HttpRequest, code: str) -> HttpResponse:
    region = _region_or_404(request, code)
    status = request.GET.get("status", "")
    status = status if status in {s.value for s in ProjectStatus} else ""
    rows, reviews = _rows(region, status)
    count = summarise_projects(reviews)
    statuses = [
        {
            "code": s.value,
            "label": label_text(PROJECT_STATUS_LABELS[s]),
            "projects": count.by_status[s.value],
            "value": count.value_by_status[s.value],
        }
        for s in ProjectStatus
    ]
    context = {
        "region": region,
        "rows": rows[:MAX_ROWS],
        "more": max(0, len(rows) - MAX_ROWS),
        "statuses": statuses,
        "count": count,
        "status": status,
        "rule": deadline_rule_on(timezone.localdate()),
        "weekdays_only": any(not review.holidays_known for review in reviews),
    }
    return render(request, "compliance/jakon.html", context)


def jakon_projects_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    region = _region_or_404(request, code)
    rows, _reviews = _rows(region, "")
    header = [
        _("Project code"),
        _("Project"),
        _("Region"),
        _("Contractor NIB"),
        _("Contractor"),
        _("Contract value (Rp)"),
        _("Funding"),
        _("SPK date"),
        _("Registration deadline"),
        _("Finished on"),
        _("Registration number"),
        _("Registered on"),
        _("Status"),
        _("Days past the deadline"),
        _("Reason"),
    ]

    def day(value: Any) -> str:
        return value.isoformat() if value else ""

    body = (
        [
            r["project"].code,
            r["project"].name,
            r["project"].region_id,
            r["project"].contractor_nib,
            r["project"].contractor_name,
            r["project"].contract_value,
            r["funding"],
            day(r["project"].spk_date),
            day(r["deadline"]),
            day(r["project"].finished_on),
            r["project"].registration_number,
            day(r["project"].registered_on),
            r["label"],
            r["days_late"],
            r["reason"],
        ]
        for r in rows
    )
    response = HttpResponse(xlsx_bytes(Sheet("Proyek Jakon", header, body)), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="kepatuhan-jakon-{region.code}.xlsx"'
    return response
