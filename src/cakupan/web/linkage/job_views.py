"""Linkage started in the browser: "Cocokkan berkas" (upload a file of person records), the duplicate search,
the run's outcome page with its progress while it runs, and the download of the file's rows with their result.

Every page needs ``review_links``; a job outside the user's regions answers 404 (``selectors.link_job_get``).
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from cakupan.core.access import Permission
from cakupan.core.problems import Problem
from cakupan.ingest.redaction import redact_problem_records
from cakupan.web.accounts.scope import require
from cakupan.web.audit.services import mask_identifiers
from cakupan.web.imports.staging import mask_problem
from cakupan.web.imports.uploads import UploadGate, UploadRefused, upload_gate
from cakupan.web.language import page_language
from cakupan.web.linkage.files import job_files
from cakupan.web.linkage.forms import LinkFileForm
from cakupan.web.linkage.jobs import (
    AlreadyLinked,
    link_duplicates_job_create,
    link_job_create,
    link_job_export,
    link_job_recover,
)
from cakupan.web.linkage.models import LinkCandidate, LinkJob, LinkRun
from cakupan.web.linkage.selectors import link_job_get, link_job_list, run_decisions, threshold_report
from cakupan.web.xlsx import CONTENT_TYPE

Status = LinkJob.Status
PROBLEMS_ON_PAGE = 50
STATUS_LABELS: dict[str, Any] = {
    "queued": gettext_lazy("Waiting for the background worker"),
    "running": gettext_lazy("Being linked"),
    "done": gettext_lazy("Done"),
    "failed": gettext_lazy("Failed"),
}


def _job_or_404(request: HttpRequest, pk: Any) -> LinkJob:
    require(request.user, Permission.REVIEW_LINKS)
    try:
        job = link_job_get(user=request.user, pk=pk)
    except LinkJob.DoesNotExist as exc:
        raise Http404 from exc
    if link_job_recover(job=job):
        job.refresh_from_db()
    return job


@csrf_exempt
def link_file_upload(request: HttpRequest) -> HttpResponse:
    """The upload page. Its size limit (CAKUPAN_MAX_UPLOAD_BYTES) is enforced while the file arrives, by the
    UploadGate every request has (settings.FILE_UPLOAD_HANDLERS); the view only reads whether it stopped."""
    return _link_file_upload(request, upload_gate(request))


@csrf_protect
def _link_file_upload(request: HttpRequest, limiter: UploadGate) -> HttpResponse:
    require(request.user, Permission.REVIEW_LINKS)
    posted = request.method == "POST"  # bound even when the only field, the file, was refused for its size
    form = LinkFileForm(request.POST if posted else None, request.FILES if posted else None)
    earlier: LinkJob | None = None
    if posted:
        if limiter.exceeded:
            form.add_error(
                "file",
                _("The file is larger than the limit of %(limit)s MB. Split it into smaller files.")
                % {"limit": settings.CAKUPAN_MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        elif form.is_valid():
            data = form.cleaned_data
            try:
                job = link_job_create(
                    user=request.user,  # type: ignore[arg-type]
                    upload=data["file"],
                    file_name=data["file"].name,
                    sheet=data["sheet"],
                    language=page_language(),
                    again=data["again"],
                )
            except UploadRefused as exc:
                form.add_error("file", str(exc))
            except AlreadyLinked as exc:
                earlier = exc.job
            else:
                return redirect("linkage:job", pk=job.pk)
    return render(
        request,
        "cakupan/linkage/upload.html",
        {
            "form": form,
            "earlier": earlier,
            "jobs": link_job_list(user=request.user),
            "status_labels": STATUS_LABELS,
            "limit_mb": settings.CAKUPAN_MAX_UPLOAD_BYTES // (1024 * 1024),
            "report": threshold_report(),
        },
    )


@require_POST
def link_duplicates(request: HttpRequest) -> HttpResponse:
    """Queue the duplicate search in the registry of the user's regions (``cakupan link --duplicates``)."""
    require(request.user, Permission.REVIEW_LINKS)
    job = link_duplicates_job_create(user=request.user)  # type: ignore[arg-type]
    return redirect("linkage:job", pk=job.pk)


def _shown_problems(sample: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Problems as the page shows them: values masked, the message in the page's language."""
    shown = []
    for p in redact_problem_records(sample)[:PROBLEMS_ON_PAGE]:
        item = mask_problem(p)
        problem = Problem(str(p["code"]), p.get("severity", "error"), dict(p.get("params", {})))
        item["message"] = mask_identifiers(problem.message(page_language()))
        item["severity"] = p.get("severity", "error")
        shown.append(item)
    return shown


def _queue_url(run: LinkRun | None, status: str = "pending") -> str:
    if run is None:
        return ""
    query: dict[str, str | int] = {"proses": run.pk, "status": status}
    if run.kind == LinkRun.Kind.DUPLICATES:
        query["jenis"] = LinkRun.Kind.DUPLICATES
    return f"{reverse('linkage:queue')}?{urlencode(query)}"


def link_job(request: HttpRequest, pk: Any) -> HttpResponse:
    job = _job_or_404(request, pk)
    problem = None
    if job.problem:
        problem = Problem(job.problem["code"], params=job.problem.get("params", {})).message(page_language())
    run = job.run
    return render(
        request,
        "cakupan/linkage/job.html",
        {
            "job": job,
            "run": run,
            "status_label": STATUS_LABELS.get(job.status, job.status),
            "problem": problem,
            "problems": _shown_problems(job.problems_sample),
            "more_problems": max(0, job.rows_skipped + job.warnings - PROBLEMS_ON_PAGE),
            "running": job.status in (Status.QUEUED, Status.RUNNING),
            "progress": _progress(job),
            "decisions": run_decisions(run=run) if run is not None else None,
            "queue_url": _queue_url(run),
            "auto_url": _queue_url(run, LinkCandidate.Status.AUTO_LINKED),
            "can_download": job.status == Status.DONE
            and job.kind == LinkRun.Kind.FILE
            and job_files(job.pk).source_rows.is_file(),
            "report": threshold_report(),
        },
    )


def _progress(job: LinkJob) -> dict[str, Any]:
    record = job_files(job.pk).read_progress()
    stage = str(record.get("stage", "queued"))
    total = int(record.get("total") or 0)
    if job.status == Status.QUEUED or stage == "queued":
        text = _("Waiting for the background worker…")
    elif stage == "read":
        text = _("Reading the file…")
    elif stage == "link":
        text = _("Linking %(total)s rows with the registry…") % {
            "total": number_format(total, force_grouping=True)
        }
    elif stage == "duplicates":
        text = _("Searching the registry for persons recorded twice…")
    else:
        text = ""
    # The shape impor.js polls for (no row count: a linkage has no steps to count, the bar just runs).
    return {
        "status": job.status,
        "stage": stage,
        "done": 0,
        "total": 0,
        "percent": 0,
        "cancel_requested": False,
        "text": text,
    }


def link_job_progress(request: HttpRequest, pk: Any) -> JsonResponse:
    """Polled by impor.js: the job's status and stage; reads the progress file, never writes."""
    job = _job_or_404(request, pk)
    return JsonResponse(_progress(job))


def link_job_download(request: HttpRequest, pk: Any) -> FileResponse:
    """The file's rows with their link result, as XLSX (audited)."""
    job = _job_or_404(request, pk)
    content = link_job_export(job=job, user=request.user, language=page_language(), request=request)  # type: ignore[arg-type]
    if content is None:
        raise Http404
    stem = job.file_name.rsplit(".", 1)[0][:80] or "berkas"
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"hasil-pencocokan-{stem}.xlsx",
        content_type=CONTENT_TYPE,
    )
