"""Pages of one enrolment batch: its members and history, the state buttons, the BPJSTK file, the upload of
BPJSTK's answer, a nagari's proposal by NIK, and the renewal of a cohort about to lapse."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.core.access import Permission
from cakupan.core.nik import mask_nik
from cakupan.core.problems import Language, Problem
from cakupan.enrolment.states import STATE_LABELS, BatchState, EnrolmentError, allowed_actions
from cakupan.web.accounts.scope import require, user_can
from cakupan.web.audit.models import AuditEvent
from cakupan.web.enrolment import batches as batch_services
from cakupan.web.enrolment import members
from cakupan.web.enrolment.bpjstk_files import batch_export
from cakupan.web.enrolment.models import EnrolmentBatch, ReconcileJob
from cakupan.web.enrolment.reconcile_jobs import ACTIVE, reconcile_job_create, reconcile_job_recover
from cakupan.web.enrolment.schedule import batch_cost, cover_end, workers_by_group
from cakupan.web.enrolment.views import may_see_batches
from cakupan.web.imports.uploads import UploadRefused, upload_gate
from cakupan.web.language import english_active, error_text, label_text
from cakupan.web.linkage.display import mask_name
from cakupan.web.next_steps import next_step_note
from cakupan.web.params import record_id

# The button that moves a batch in each state forward (for the next-step note).
FORWARD = {
    "draft": "verify",
    "verified": "approve",
    "approved": "export",
    "exported": "reconcile",
    "reconciled": "renew",
}

# Which permission each button needs; the core's state machine decides whether it may be pressed now.
ACTION_PERMISSION = {
    "verify": Permission.PLAN_ENROLMENT,
    "return": Permission.APPROVE_ENROLMENT,
    "approve": Permission.APPROVE_ENROLMENT,
    "cancel": Permission.PLAN_ENROLMENT,
}


def _batch_or_404(request: HttpRequest, pk: int) -> EnrolmentBatch:
    found = (
        EnrolmentBatch.objects.visible_to(request.user)
        .select_related("scheme", "source", "region", "created_by", "verified_by", "approved_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    may_see_batches(request)
    batch = _batch_or_404(request, pk)
    state = BatchState(batch.state)
    members = batch.members.select_related("person", "person__region").order_by("-score", "person_id")
    page = Paginator(members, 100).get_page(request.GET.get("halaman"))
    rows = [
        {
            "member": m,
            "nik": mask_nik(m.nik or m.person.nik),
            "name": mask_name(m.name or m.person.name),
            "region": m.region_code or m.person.region_id,
        }
        for m in page
    ]
    history = AuditEvent.objects.filter(object_type="enrolment_batch", object_id=str(batch.pk)).order_by("at")
    allowed = {a.value for a in allowed_actions(state)}
    can = {
        action: action in allowed and user_can(request.user, permission)
        for action, permission in ACTION_PERMISSION.items()
    } | {
        "export": "export" in allowed and user_can(request.user, Permission.RECONCILE_ENROLMENT),
        "reconcile": "reconcile" in allowed and user_can(request.user, Permission.RECONCILE_ENROLMENT),
        "edit": state == BatchState.DRAFT and user_can(request.user, Permission.PLAN_ENROLMENT),
        "renew": state == BatchState.RECONCILED and user_can(request.user, Permission.PLAN_ENROLMENT),
    }
    # Maker-checker: the maker or verifier of a batch holds the permission but may not approve it.
    checker = request.user.pk not in (batch.created_by_id, batch.verified_by_id)
    forward = FORWARD.get(state.value)
    can_act = forward is not None and can[forward] and (forward != "approve" or checker)
    return render(
        request,
        "enrolment/batch_detail.html",
        {
            "batch": batch,
            "state_label": label_text(STATE_LABELS[state]),
            "page": page,
            "rows": rows,
            "history": history,
            "cover_end": cover_end(batch.start_date, batch.months),
            "total_cost": batch_cost(batch, workers_by_group([batch.pk]).get(batch.pk, {})),
            # what one worker costs the source over the batch's months, per sector group (PP 50/2025's discount)
            "unit_costs": sorted((group, sum(months)) for group, months in batch.month_costs.items()),
            "can": can,
            "next_step": next_step_note(
                workflow="batch",
                state=state.value,
                user=request.user,
                region_code=batch.region_id,
                can_act=can_act,
            ),
        },
    )


@require_POST
def batch_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    permission = ACTION_PERMISSION.get(action)
    if permission is None:
        raise Http404
    require(request.user, permission)
    batch = _batch_or_404(request, pk)
    if action == "cancel" and batch.state in (BatchState.APPROVED, BatchState.EXPORTED):
        require(request.user, Permission.APPROVE_ENROLMENT)  # undoing a checker's decision needs a checker
    reason = request.POST.get("alasan", "")
    try:
        if action == "verify":
            batch_services.batch_verify(batch=batch, by=request.user, request=request)
        elif action == "approve":
            batch_services.batch_approve(batch=batch, by=request.user, request=request)
        elif action == "return":
            batch_services.batch_return(batch=batch, reason=reason, by=request.user, request=request)
        else:
            batch_services.batch_cancel(batch=batch, reason=reason, by=request.user, request=request)
    except EnrolmentError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("enrolment:batch", pk=batch.pk)


@require_POST
def batch_members(request: HttpRequest, pk: int) -> HttpResponse:
    """Add workers by NIK (a nagari's proposal) or remove ticked ones, while the batch is a draft."""
    require(request.user, Permission.PLAN_ENROLMENT)
    batch = _batch_or_404(request, pk)
    try:
        if request.POST.get("hapus"):
            ids = [i for i in map(record_id, request.POST.getlist("anggota")) if i is not None]
            members.batch_members_remove(batch=batch, member_ids=ids, by=request.user, request=request)
        else:
            niks = request.POST.get("nik", "").replace(",", "\n").splitlines()
            refused = members.batch_members_add(batch=batch, niks=niks, by=request.user, request=request)
            for indonesian, english in refused:
                messages.error(request, english if english_active() else indonesian)
            if refused:
                return redirect("enrolment:batch", pk=batch.pk)
    except EnrolmentError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The batch's workers are saved."))
    return redirect("enrolment:batch", pk=batch.pk)


@require_POST
def batch_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The BPJSTK collective-registration XLSX of an approved batch (audited export of personal data)."""
    require(request.user, Permission.RECONCILE_ENROLMENT)
    batch = _batch_or_404(request, pk)
    try:
        content = batch_export(batch=batch, by=request.user, request=request)
    except EnrolmentError as exc:
        messages.error(request, error_text(exc))
        return redirect("enrolment:batch", pk=batch.pk)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="pendaftaran-bpjstk-batch-{batch.pk}.xlsx"'
    return response


def batch_reconcile_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload BPJSTK's answer (POST: stored and queued for the background worker, never read here; its size
    limit, CAKUPAN_MAX_ANSWER_UPLOAD_BYTES, is enforced while it arrives by the UploadGate) and the state of the
    batch's latest answer (GET), which the page refreshes while the worker has it."""
    require(request.user, Permission.RECONCILE_ENROLMENT)
    batch = _batch_or_404(request, pk)
    language: Language = "en" if english_active() else "id"
    if request.method == "POST":
        gate = upload_gate(request)
        upload = request.FILES.get("berkas")
        if gate.exceeded:
            messages.error(request, gate.message())
        elif upload is None:
            messages.error(
                request,
                error_text(EnrolmentError("Pilih berkas jawaban BPJSTK.", "Choose BPJSTK's answer file.")),
            )
        else:
            try:
                reconcile_job_create(
                    batch=batch,
                    upload=upload,
                    file_name=upload.name or "",
                    by=request.user,
                    language=language,
                )
            except UploadRefused as exc:
                messages.error(request, str(exc))
            except EnrolmentError as exc:
                messages.error(request, error_text(exc))
        return redirect("enrolment:batch-reconcile", pk=batch.pk)
    job = _latest_job(batch)
    return render(
        request,
        "enrolment/reconcile.html",
        {
            "batch": batch,
            "job": job,
            "running": job is not None and job.status in ACTIVE,
            "error": (job.error or {}).get(language) if job is not None else None,
            "problems": _shown_problems(job, language) if job is not None else [],
            "more": max(0, job.problems_total - len(job.problems)) if job is not None else 0,
            "limit_mb": settings.CAKUPAN_MAX_ANSWER_UPLOAD_BYTES // (1024 * 1024),
        },
    )


def batch_reconcile_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """Polled by impor.js while the batch's latest answer waits or is applied; reads, never writes."""
    require(request.user, Permission.RECONCILE_ENROLMENT)
    job = _latest_job(_batch_or_404(request, pk))
    status = job.status if job is not None else ""
    label = str(ReconcileJob.Status(status).label) if status else ""
    return JsonResponse({"status": status, "done": 0, "total": 0, "percent": 0, "text": label})


def _latest_job(batch: EnrolmentBatch) -> ReconcileJob | None:
    job = ReconcileJob.objects.filter(batch=batch).select_related("created_by").first()
    if job is not None and reconcile_job_recover(job=job):
        job.refresh_from_db()
    return job


def _shown_problems(job: ReconcileJob, language: Language) -> list[dict[str, Any]]:
    """The rows of a refused answer with their problem in the page's language (NIKs were masked when kept)."""
    return [
        p | {"message": Problem(p["code"], p.get("severity", "error"), dict(p["params"])).message(language)}
        for p in job.problems
    ]


@require_POST
def batch_renew(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.PLAN_ENROLMENT)
    batch = _batch_or_404(request, pk)
    try:
        renewal = batch_services.batch_renewal_create(batch=batch, by=request.user, request=request)
    except EnrolmentError as exc:
        messages.error(request, error_text(exc))
        return redirect("enrolment:batch", pk=batch.pk)
    messages.success(request, _("The renewal batch is made as a draft."))
    return redirect("enrolment:batch", pk=renewal.pk)
