"""The review queue of record linkage: candidates in the user's region, masked; confirm, dismiss or merge."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.core.access import Permission
from cakupan.core.nik import mask_nik
from cakupan.web.accounts.scope import require
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.linkage.display import comparison_rows, mask_name
from cakupan.web.linkage.lists import CANDIDATES
from cakupan.web.linkage.models import LinkCandidate, LinkRun
from cakupan.web.linkage.selectors import (
    METHODS,
    STATUSES,
    candidate_alternatives,
    candidate_get,
    candidate_list,
    run_list,
    threshold_report,
)
from cakupan.web.linkage.services import (
    LinkDecisionError,
    link_candidate_confirm,
    link_candidate_dismiss,
    person_merge,
)
from cakupan.web.lists import list_xlsx, wants_xlsx
from cakupan.web.next_steps import next_step_note
from cakupan.web.params import record_id

PAGE_SIZE = 50
REASON_MIN = 5


def _candidate_row(c: LinkCandidate) -> dict[str, Any]:
    """A row of the review queue, names and NIKs masked (on the page and in its XLSX)."""
    return {
        "candidate": c,
        "record_name": mask_name(c.record_person.name if c.record_person else c.record_name),
        "person_name": mask_name(c.person.name),
        "person_nik": mask_nik(c.person.nik),
        "record_nik": mask_nik(c.record_person.nik if c.record_person else c.record_nik)
        if (c.record_person or c.record_nik)
        else "",
    }


def queue(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.REVIEW_LINKS)
    filters = {
        "status": request.GET.get("status", "pending"),
        "run": request.GET.get("proses", ""),
        "region": request.GET.get("wilayah", "").strip(),
        "method": request.GET.get("metode", ""),
        "kind": request.GET.get("jenis", ""),
    }
    candidates = candidate_list(
        user=request.user,
        status=filters["status"],
        run=record_id(filters["run"]),
        region=filters["region"],
        method=filters["method"],
        kind=filters["kind"],
    )
    if wants_xlsx(request, CANDIDATES):
        return list_xlsx(request, CANDIDATES, (_candidate_row(c) for c in candidates))
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = [_candidate_row(c) for c in page]
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "cakupan/linkage/queue.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "query": query.urlencode(),
            "statuses": [(s, LinkCandidate.Status(s).label) for s in STATUSES],
            "methods": [(m, LinkCandidate.Method(m).label) for m in METHODS],
            "kinds": LinkRun.Kind.choices,
            "runs": run_list(),
            "report": threshold_report(),
        },
    )


def _candidate_or_404(request: HttpRequest, pk: int) -> LinkCandidate:
    try:
        return candidate_get(user=request.user, pk=pk)
    except LinkCandidate.DoesNotExist as exc:
        raise Http404 from exc


def _detail(
    request: HttpRequest, candidate: LinkCandidate, *, revealed: bool = False, problem: str = ""
) -> HttpResponse:
    return render(
        request,
        "cakupan/linkage/candidate.html",
        {
            "candidate": candidate,
            "rows": comparison_rows(candidate, revealed=revealed),
            "revealed": revealed,
            "problem": problem,
            "alternatives": candidate_alternatives(candidate=candidate, user=request.user),
            "is_duplicate": candidate.run.kind == LinkRun.Kind.DUPLICATES,
            "is_open": candidate.status in (LinkCandidate.Status.PENDING, LinkCandidate.Status.AUTO_LINKED),
            "report": threshold_report(),
            "next_step": next_step_note(
                workflow="link",
                state=candidate.status,
                user=request.user,
                region_code=candidate.person.region_id,
            ),
        },
        status=400 if problem else 200,
    )


def candidate(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.REVIEW_LINKS)
    return _detail(request, _candidate_or_404(request, pk))


@require_POST
def candidate_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.REVIEW_LINKS)
    require(request.user, Permission.REVEAL_IDENTIFIERS)
    found = _candidate_or_404(request, pk)
    reason = request.POST.get("alasan", "").strip()
    if len(reason) < REASON_MIN:
        return _detail(
            request, found, problem=_("State the reason for opening the full data (at least 5 characters).")
        )
    audit_record(
        action=AuditEvent.Action.REVEAL,
        request=request,
        object_type="link_candidate",
        object_id=found.pk,
        region_code=found.person.region_id,
        reason=reason[:300],
    )
    return _detail(request, found, revealed=True)


def _after(request: HttpRequest, message: str) -> HttpResponseRedirect:
    messages.success(request, message)
    return HttpResponseRedirect(reverse("linkage:queue"))


@require_POST
def candidate_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.REVIEW_LINKS)
    found = _candidate_or_404(request, pk)
    try:
        link_candidate_confirm(
            candidate=found, user=request.user, note=request.POST.get("catatan", "").strip(), request=request
        )
    except LinkDecisionError as exc:
        return _detail(request, found, problem=str(exc))
    return _after(request, _("Link confirmed."))


@require_POST
def candidate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.REVIEW_LINKS)
    found = _candidate_or_404(request, pk)
    try:
        link_candidate_dismiss(
            candidate=found, user=request.user, note=request.POST.get("catatan", "").strip(), request=request
        )
    except LinkDecisionError as exc:
        return _detail(request, found, problem=str(exc))
    return _after(request, _("Candidate dismissed."))


@require_POST
def candidate_merge(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.REVIEW_LINKS)
    found = _candidate_or_404(request, pk)
    if found.record_person is None:
        return _detail(request, found, problem=_("Only two registry persons can be merged."))
    reason = request.POST.get("alasan", "").strip()
    if len(reason) < REASON_MIN:
        return _detail(request, found, problem=_("State the reason for the merge (at least 5 characters)."))
    pair = {found.person_id: found.person, found.record_person_id: found.record_person}
    keep_id = record_id(request.POST.get("pertahankan"))
    if keep_id not in pair:
        return _detail(request, found, problem=_("Choose which of the two records to keep."))
    merge_id = next(pk for pk in pair if pk != keep_id)
    try:
        person_merge(
            keep=pair[keep_id],
            merge=pair[merge_id],
            user=request.user,
            reason=reason,
            candidate=found,
            request=request,
        )
    except LinkDecisionError as exc:
        return _detail(request, found, problem=str(exc))
    return _after(request, _("The two records were merged into one."))
