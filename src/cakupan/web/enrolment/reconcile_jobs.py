"""BPJSTK's answer to a batch, applied by the background worker: the request stores the file and queues a
ReconcileJob (``reconcile_job_create``); the worker reads and applies it (``reconcile_job_run``, through
``bpjstk_files.batch_reconcile``) and records the outcome in the same transaction as the changes.

The file waits in ``<data dir>/rekonsiliasi/<job id>/`` (owner only: it holds NIKs) and is deleted once the
worker has read it, whatever came of it. Its progress file (``cakupan.web.imports.progress.JobFiles``) names
the worker's process, so a job whose worker died is told from one still running (``reconcile_job_recover``).
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from cakupan.core.problems import Language
from cakupan.enrolment.reconcile import Reconciliation
from cakupan.enrolment.states import Action, EnrolmentError
from cakupan.ingest.validate import RowProblem
from cakupan.web.audit.services import mask_identifiers
from cakupan.web.enrolment.batches import batch_move
from cakupan.web.enrolment.bpjstk_files import ReconcileRefused, batch_reconcile
from cakupan.web.enrolment.models import EnrolmentBatch, ReconcileJob
from cakupan.web.imports.progress import JobFiles
from cakupan.web.imports.staging import mask_value
from cakupan.web.imports.uploads import upload_kind, upload_store

logger = logging.getLogger(__name__)
Status = ReconcileJob.Status
ACTIVE = (Status.QUEUED, Status.RUNNING)
PROBLEMS_KEPT = 200
PHASE = "reconcile"

STILL_RUNNING = (
    "Jawaban BPJSTK sebelumnya untuk batch ini masih diproses. Tunggu sampai selesai.",
    "An earlier BPJSTK answer for this batch is still being processed. Wait until it has finished.",
)
FILE_GONE = (
    "Berkas jawaban tidak ada lagi di server. Unggah lagi.",
    "The answer file is no longer on the server. Upload it again.",
)
INTERRUPTED = (
    "Penerapan terhenti (server berhenti); tidak ada yang diubah. Unggah berkasnya lagi.",
    "Applying was interrupted (the server stopped); nothing was changed. Upload the file again.",
)
CRASHED = (
    "Galat tak terduga menghentikan penerapan; tidak ada yang diubah. Coba lagi atau hubungi admin sistem.",
    "An unexpected error stopped applying the file; nothing was changed. Try again or ask the system admin.",
)


class _JobGone(Exception):
    """The job was set back (its worker was thought dead) while it ran: its changes must not be kept."""


def reconcile_root() -> Path:
    root = Path(settings.DATA_DIR) / "rekonsiliasi"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def reconcile_files(job_id: object) -> JobFiles:
    return JobFiles(reconcile_root() / str(job_id))


# --- in the request ---------------------------------------------------------------------------------------------


def reconcile_job_create(
    *, batch: EnrolmentBatch, upload: IO[bytes], file_name: str, by: Any, language: Language = "id"
) -> ReconcileJob:
    """Store BPJSTK's answer and queue it for the worker; the file is not read here beyond its first bytes
    (is it a CSV or an XLSX?). Raises EnrolmentError (the batch takes no answer now, or one is still being
    processed) and UploadRefused (not a file that can be read)."""
    batch_move(EnrolmentBatch.objects.get(pk=batch.pk), Action.RECONCILE, by=by)  # allowed now? (not saved)
    if ReconcileJob.objects.filter(batch=batch, status__in=ACTIVE).exists():
        raise EnrolmentError(*STILL_RUNNING)
    staging_id = uuid.uuid4()
    staging = JobFiles(reconcile_root() / f"unggahan-{staging_id}")
    staging.create()
    try:
        path = staging.root / "unggahan"
        _sha, size = upload_store(upload, path)
        kind = upload_kind(path, file_name, language)
        with transaction.atomic():  # no job without its file
            job = ReconcileJob.objects.create(
                batch=batch, file_name=Path(file_name).name[:255], file_size=size, created_by=by
            )
            files = reconcile_files(job.pk)
            staging.root.rename(files.root)
            (files.root / "unggahan").rename(files.upload(f".{kind}"))
    except BaseException:
        staging.remove()
        raise
    files.write_progress(phase=PHASE, stage="queued", done=0, total=0, running=False)
    from cakupan.web.enrolment.tasks import reconcile_job_task

    reconcile_job_task.enqueue(job.pk)
    return job


# --- in the worker ----------------------------------------------------------------------------------------------


def _set(job: ReconcileJob, *, expect: tuple[str, ...], **values: Any) -> bool:
    """Update ``job`` when its status is one of ``expect``; True when the row was updated."""
    updated = ReconcileJob.objects.filter(pk=job.pk, status__in=expect).update(**values) == 1
    if updated:
        for name, value in values.items():
            setattr(job, name, value)
    return updated


def _error(exc: EnrolmentError) -> dict[str, str]:
    return {"id": exc.indonesian, "en": exc.english}


def _problem(p: RowProblem) -> dict[str, Any]:
    """A row's problem as the job keeps it: NIKs masked (in the value and in the message's parameters)."""
    params = {k: mask_identifiers(v) if isinstance(v, str) else v for k, v in p.problem.params.items()}
    return {
        "row": p.row,
        "column": p.column,
        "value": mask_identifiers(mask_value(p.column, p.value)),
        "code": p.problem.code,
        "severity": p.problem.severity,
        "params": params,
    }


def reconcile_job_run(*, job_id: int) -> None:
    """The worker's part: read the file, apply it in one transaction (with the job's outcome), delete it."""
    job = ReconcileJob.objects.select_related("batch", "created_by").filter(pk=job_id).first()
    if job is None or not _set(
        job, expect=(Status.QUEUED,), status=Status.RUNNING, started_at=timezone.now()
    ):
        return
    files = reconcile_files(job.pk)
    files.write_progress(phase=PHASE, stage="apply", done=0, total=0, running=True)

    def applied(result: Reconciliation) -> None:  # inside the transaction of the changes
        if not _set(
            job,
            expect=(Status.RUNNING,),
            status=Status.DONE,
            accepted=len(result.accepted),
            rejected=len(result.rejected),
            missing=len(result.missing),
            finished_at=timezone.now(),
        ):
            raise _JobGone  # set back as interrupted meanwhile: roll the changes back

    try:
        path = files.uploaded()
        if path is None:
            raise EnrolmentError(*FILE_GONE)
        batch_reconcile(
            batch=job.batch, path=path, file_name=job.file_name, by=job.created_by, on_applied=applied
        )
    except ReconcileRefused as refused:
        problems = [p for p in refused.reconciliation.problems if p.problem.severity == "error"]
        _fail(
            job,
            files,
            problems=[_problem(p) for p in problems[:PROBLEMS_KEPT]],
            problems_total=len(problems),
        )
    except _JobGone:
        files.remove(keep=(files.progress_file,))
        files.write_progress(phase=PHASE, stage="failed", done=0, total=0, running=False)
    except EnrolmentError as exc:
        _fail(job, files, error=_error(exc))
    except Exception:
        logger.exception("reconcile job %s failed; nothing was changed", job.pk)
        _fail(job, files, error=_error(EnrolmentError(*CRASHED)))
        raise
    else:
        files.remove(keep=(files.progress_file,))
        files.write_progress(phase=PHASE, stage="done", done=0, total=0, running=False)


def _fail(job: ReconcileJob, files: JobFiles, **values: Any) -> None:
    _set(job, expect=(Status.RUNNING,), status=Status.FAILED, finished_at=timezone.now(), **values)
    files.remove(keep=(files.progress_file,))  # the answer holds NIKs: nothing of it stays
    files.write_progress(phase=PHASE, stage="failed", done=0, total=0, running=False)


# --- a job whose worker died ------------------------------------------------------------------------------------


def reconcile_job_recover(*, job: ReconcileJob) -> bool:
    """A job left running by a worker that died is set to failed (its changes and its "done" commit together,
    so nothing was changed). True when recovered."""
    files = reconcile_files(job.pk)
    if job.status != Status.RUNNING or not files.worker_gone():
        return False
    try:
        with transaction.atomic():
            done = _set(
                job,
                expect=(Status.RUNNING,),
                status=Status.FAILED,
                error=_error(EnrolmentError(*INTERRUPTED)),
                finished_at=timezone.now(),
            )
    except OperationalError:  # SQLite busy with another writer: try again on the next look
        return False
    if done:
        files.remove()
    return done
