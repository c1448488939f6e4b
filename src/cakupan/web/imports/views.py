"""Import pages: the list, the upload, one staged import (check, column mapping, preview, commit with
progress and cancel), and one committed import (batch). Every page needs the ``import_data`` permission; an
import outside the user's regions answers 404 (``selectors.import_visible``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from cakupan.core.access import Permission
from cakupan.core.problems import Problem
from cakupan.ingest.mapping import ColumnMap, MappingError, dump_mapping, initial_choices
from cakupan.ingest.redaction import redact_problem_records
from cakupan.web.accounts.scope import require
from cakupan.web.audit.services import mask_identifiers
from cakupan.web.imports.forms import MappingForm, UploadForm
from cakupan.web.imports.lists import IMPORTS
from cakupan.web.imports.models import ImportBatch, ImportJob
from cakupan.web.imports.progress import JobFiles
from cakupan.web.imports.selectors import (
    import_batch_get,
    import_batch_job,
    import_batch_list,
    import_job_get,
    import_job_list,
)
from cakupan.web.imports.staging import (
    AlreadyImported,
    AlreadyPending,
    import_job_cancel,
    import_job_choose_sheet,
    import_job_commit,
    import_job_create,
    import_job_error_report,
    import_job_map,
    import_job_recover,
    job_layout,
    mask_problem,
)
from cakupan.web.imports.uploads import UploadGate, UploadRefused, upload_gate
from cakupan.web.language import page_language
from cakupan.web.lists import list_xlsx, wants_xlsx
from cakupan.web.next_steps import next_step_note
from cakupan.web.xlsx import CONTENT_TYPE

Status = ImportJob.Status
PAGE_SIZE = 50
PROBLEMS_ON_PAGE = 50


def _retry_when_busy(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """On SQLite an import holds the only write lock until it commits; a write from a page meanwhile waits,
    then fails with "database is locked": say so, and let the officer try again, instead of an error page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except OperationalError as exc:
            if request.method != "POST" or "locked" not in str(exc):
                raise
            messages.error(
                request, _("The database is busy with another import. Try again when it has finished.")
            )
            pk = kwargs.get("pk")
            return redirect("imports:job", pk=pk) if pk else redirect("imports:upload")

    return wrapper


def _job_or_404(request: HttpRequest, pk: Any) -> ImportJob:
    require(request.user, Permission.IMPORT_DATA)
    try:
        job = import_job_get(user=request.user, pk=pk)
    except ImportJob.DoesNotExist as exc:
        raise Http404 from exc
    if import_job_recover(job=job):
        job.refresh_from_db()
    return job


def _shown_problems(sample: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Problems as a page shows them: values masked, the message in the page's language (16 digits masked)."""
    shown = []
    for p in redact_problem_records(sample)[:PROBLEMS_ON_PAGE]:
        item = mask_problem(p)
        if "params" in p:
            problem = Problem(str(p["code"]), p.get("severity", "error"), dict(p["params"]))
            item["message"] = problem.message(page_language())
        item["message"] = mask_identifiers(str(item.get("message", "")))
        item["severity"] = p.get("severity", "error")
        shown.append(item)
    return shown


def import_index(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.IMPORT_DATA)
    batches = import_batch_list(user=request.user)
    if wants_xlsx(request, IMPORTS):
        return list_xlsx(request, IMPORTS, batches)
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request, "cakupan/imports/index.html", {"jobs": import_job_list(user=request.user), "page": page}
    )


@csrf_exempt
def import_upload(request: HttpRequest) -> HttpResponse:
    """The upload page. Its size limit (CAKUPAN_MAX_UPLOAD_BYTES) is enforced while the file arrives, by the
    UploadGate every request has (settings.FILE_UPLOAD_HANDLERS); the view only reads whether it stopped."""
    return _import_upload(request, upload_gate(request))


@csrf_protect
@_retry_when_busy
def _import_upload(request: HttpRequest, limiter: UploadGate) -> HttpResponse:
    require(request.user, Permission.IMPORT_DATA)
    form = UploadForm(request.POST or None, request.FILES or None)
    earlier: ImportBatch | None = None
    if request.method == "POST":
        if limiter.exceeded:
            form.add_error(
                "file",
                _("The file is larger than the limit of %(limit)s MB. Split it into smaller files.")
                % {"limit": settings.CAKUPAN_MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        elif form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                job = import_job_create(
                    user=request.user,  # type: ignore[arg-type]
                    source=data["source"],
                    upload=upload,
                    file_name=upload.name,
                    sheet=data["sheet"],
                    language=page_language(),
                    exact_numbers=data["exact_numbers"],
                )
            except UploadRefused as exc:
                form.add_error("file", str(exc))
            except AlreadyImported as exc:
                earlier = exc.batch
            except AlreadyPending as exc:
                messages.info(request, _("You uploaded this file already; its import is on its way here."))
                return redirect("imports:job", pk=exc.job.pk)
            else:
                return redirect("imports:job", pk=job.pk)
    return render(
        request,
        "cakupan/imports/upload.html",
        {
            "form": form,
            "earlier": earlier,  # only an import the user may see blocks theirs (import_batch_complete)
            "limit_mb": settings.CAKUPAN_MAX_UPLOAD_BYTES // (1024 * 1024),
        },
    )


def import_job(request: HttpRequest, pk: Any) -> HttpResponse:
    job = _job_or_404(request, pk)
    if job.status == Status.NEEDS_MAPPING:
        return redirect("imports:job-mapping", pk=job.pk)
    if job.status == Status.COMMITTED and job.batch_id is not None:
        return redirect("imports:batch", pk=job.batch_id)
    files = JobFiles.of(job.pk)
    problem = None
    if job.problem:
        problem = Problem(job.problem["code"], params=job.problem.get("params", {})).message(page_language())
    return render(
        request,
        "cakupan/imports/job.html",
        {
            "job": job,
            "problem": problem,
            "problems": _shown_problems(job.problems_sample),
            "more_problems": max(0, len(job.problems_sample) - PROBLEMS_ON_PAGE),
            "columns": list(job.preview[0]) if job.preview else [],
            "has_errors_file": files.error_report.is_file() and (job.rows_rejected or job.warnings),
            "cancel_requested": files.cancel_requested(),
            "running": job.status in (Status.QUEUED, Status.VALIDATING, Status.COMMITTING),
            "progress": _progress(job, files),
            "next_step": next_step_note(workflow="import", state=job.status, user=request.user),
        },
    )


def _progress(job: ImportJob, files: JobFiles) -> dict[str, Any]:
    record = files.read_progress()
    done, total = int(record.get("done") or 0), int(record.get("total") or 0)
    if job.status == Status.COMMITTING and not total:
        total = job.rows_valid
    stage = str(record.get("stage", "queued"))
    percent = int(100 * done / total) if total else 0
    cancel_requested = files.cancel_requested()
    return {
        "status": job.status,
        "stage": stage,
        "done": done,
        "total": total,
        "percent": percent,
        "cancel_requested": cancel_requested,
        "text": _progress_text(
            status=job.status,
            stage=stage,
            numbers={"done": done, "total": total, "percent": percent},
            cancel_requested=cancel_requested,
        ),
    }


def _progress_text(*, status: str, stage: str, numbers: dict[str, int], cancel_requested: bool) -> str:
    if cancel_requested and status in (Status.COMMITTING, Status.VALIDATING, Status.QUEUED):
        return _("Cancelling… nothing will be changed.")
    shown: dict[str, object] = {
        "done": number_format(numbers["done"], force_grouping=True),
        "total": number_format(numbers["total"], force_grouping=True),
        "percent": numbers["percent"],
    }
    if stage == "read":
        return _("Reading the file…")
    if stage in ("validate", "validated"):
        return _("Checking %(total)s rows…") % shown
    if stage == "prepare":
        return _("Preparing to save…")
    if stage == "write":
        return _("%(done)s of %(total)s rows saved (%(percent)s %%)") % shown
    if status in (Status.QUEUED, Status.COMMITTING):
        return _("Waiting for the background worker…")
    return ""


def import_job_progress(request: HttpRequest, pk: Any) -> JsonResponse:
    """Polled by impor.js: the job's status and rows written; reads the progress file, never writes."""
    job = _job_or_404(request, pk)
    return JsonResponse(_progress(job, JobFiles.of(job.pk)))


@_retry_when_busy
def import_job_mapping(request: HttpRequest, pk: Any) -> HttpResponse:
    job = _job_or_404(request, pk)
    if job.status not in (Status.NEEDS_MAPPING, Status.READY, Status.FAILED) or not job.headers:
        return redirect("imports:job", pk=job.pk)
    layout = job_layout(job)
    names = [h["name"] for h in job.headers]
    form = MappingForm(
        request.POST or None,
        headers=job.headers,
        layout=layout,
        initial_choices=initial_choices(names, layout, job.mapping),
        initial={"exact_numbers": job.exact_numbers},
    )
    if request.method == "POST" and form.is_valid():
        try:
            import_job_map(
                job=job,
                columns=form.columns(),
                save=form.cleaned_data["save"],
                user=request.user,  # type: ignore[arg-type]
                exact_numbers=form.cleaned_data["exact_numbers"],
            )
        except MappingError as exc:
            form.add_error(None, exc.problem.message(page_language()))
        else:
            return redirect("imports:job", pk=job.pk)
    problem = None
    if job.problem:
        problem = Problem(job.problem["code"], params=job.problem.get("params", {})).message(page_language())
    return render(
        request,
        "cakupan/imports/mapping.html",
        {"job": job, "form": form, "rows": form.bound_rows(), "layout": layout, "problem": problem},
    )


@require_POST
@_retry_when_busy
def import_job_sheet(request: HttpRequest, pk: Any) -> HttpResponse:
    job = _job_or_404(request, pk)
    with contextlib.suppress(ValueError):  # not a sheet of this workbook: nothing changes
        import_job_choose_sheet(job=job, sheet=request.POST.get("lembar", ""))
    return redirect("imports:job", pk=job.pk)


@require_POST
@_retry_when_busy
def import_job_commit_view(request: HttpRequest, pk: Any) -> HttpResponse:
    job = _job_or_404(request, pk)
    with contextlib.suppress(AlreadyImported):  # the job page says so, with a link to the earlier import
        import_job_commit(job=job, user=request.user)  # type: ignore[arg-type]
    return redirect("imports:job", pk=job.pk)


@require_POST
@_retry_when_busy
def import_job_cancel_view(request: HttpRequest, pk: Any) -> HttpResponse:
    job = _job_or_404(request, pk)
    import_job_cancel(job=job, user=request.user)  # type: ignore[arg-type]
    return redirect("imports:job", pk=job.pk)


def import_job_errors(request: HttpRequest, pk: Any) -> FileResponse:
    """The rejected rows with an error column, as XLSX (audited)."""
    job = _job_or_404(request, pk)
    path = import_job_error_report(job=job, user=request.user, request=request)  # type: ignore[arg-type]
    if path is None:
        raise Http404
    stem = job.file_name.rsplit(".", 1)[0][:80] or "impor"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"galat-{stem}.xlsx", content_type=CONTENT_TYPE
    )


def import_job_mapping_file(request: HttpRequest, pk: Any) -> HttpResponse:
    """The job's column mapping as a YAML file for ``cakupan import ... --mapping``."""
    job = _job_or_404(request, pk)
    if not job.mapping:
        raise Http404
    text = dump_mapping(ColumnMap(source=job.source, columns=dict(job.mapping)))
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pemetaan-{job.source}.yaml"'
    return response


def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.IMPORT_DATA)
    try:
        batch = import_batch_get(user=request.user, pk=pk)
    except ImportBatch.DoesNotExist as exc:
        raise Http404 from exc
    job = import_batch_job(batch=batch)
    has_errors_file = (
        job is not None and JobFiles.of(job.pk).error_report.is_file() and batch.rows_rejected > 0
    )
    return render(
        request,
        "cakupan/imports/batch.html",
        {
            "batch": batch,
            "job": job,
            "has_errors_file": has_errors_file,
            "problems": _shown_problems(batch.problems_sample),
            "more_problems": max(0, batch.rows_rejected + batch.warnings - PROBLEMS_ON_PAGE),
            "persons_url": reverse("person-list") if batch.source == "persons" else "",
        },
    )
