"""Linkage started in the browser: an officer uploads a file of person records (or asks for the duplicate search),
the background worker links it (django-tasks, the same database backend and worker as imports), and the job
keeps what the outcome page and the download need.

A job links against the registry persons of its maker's regions (``LinkJob.scope``), the persons they may see;
the command line (``cakupan link``) links against the whole registry. A row of the file whose region lies outside
those regions is skipped, and kept only as its row number and the reason (``cakupan.ingest.redaction``).

Files of a job (``files.job_files``) keep the rows as read (for the download), their problems and the
exact-NIK links (a run counts them but stores no candidate for them). Progress goes to a JSON file as for
imports (``cakupan.web.imports.progress.JobFiles``), which also tells a job whose worker died from one still
running.
"""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path
from typing import IO, Any

import polars as pl
from django.contrib.auth.models import User
from django.db import OperationalError
from django.utils import timezone

from cakupan.core.problems import Language, Problem
from cakupan.ingest.readers import UnreadableFile, read_table
from cakupan.ingest.redaction import outside_rows, redact_cells, redact_problems
from cakupan.ingest.validate import RowProblem
from cakupan.linkage.engine import LinkageError, LinkResult
from cakupan.linkage.records import FIRST_ROW, LinkFileError, LinkRecords, link_records
from cakupan.web.accounts.scope import user_scope
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.imports.progress import JobFiles, JobProgress
from cakupan.web.imports.retention import job_files_expire
from cakupan.web.imports.services import problem_json
from cakupan.web.imports.uploads import upload_kind, upload_store
from cakupan.web.linkage.files import job_files, nik_links_path
from cakupan.web.linkage.models import LinkJob, LinkRun
from cakupan.web.linkage.results import link_job_sheets
from cakupan.web.linkage.services import link_duplicates_create, link_run_create
from cakupan.web.xlsx import xlsx_bytes

logger = logging.getLogger(__name__)
Status = LinkJob.Status
Note = LinkJob.Note
ACTIVE = (Status.QUEUED, Status.RUNNING)
PROBLEMS_KEPT = 200


class AlreadyLinked(Exception):
    """The same user linked the very same file before (same SHA-256); its outcome is still there."""

    def __init__(self, job: LinkJob) -> None:
        super().__init__(f"sudah dicocokkan: {job.pk}")
        self.job = job


class _NothingToLink(Exception):
    """No row of the file has a name: there is nothing to link."""


class _JobGone(Exception):
    """The job was set back (its worker was thought dead) while it ran: its run must not be stored twice."""


# --- starting a job -------------------------------------------------------------------------------------------


def link_job_create(
    *,
    user: User,
    upload: IO[bytes],
    file_name: str,
    sheet: str = "",
    language: Language = "id",
    again: bool = False,
) -> LinkJob:
    """Store an uploaded file of person records and queue its linkage. Raises UploadRefused (the file is not a
    CSV/XLSX it can read) and, unless ``again``, AlreadyLinked when the user linked the same file before."""
    job_files_expire()
    job_id = uuid.uuid4()
    files = job_files(job_id)
    files.create()
    staging = files.root / "unggahan"
    try:
        sha, size = upload_store(upload, staging)
        kind = upload_kind(staging, file_name, language)
        if not again:
            earlier = (
                LinkJob.objects.filter(kind=LinkRun.Kind.FILE, file_sha256=sha, created_by=user)
                .exclude(status=Status.FAILED)
                .first()
            )
            if earlier is not None:
                raise AlreadyLinked(earlier)
    except Exception:
        files.remove()
        raise
    staging.rename(files.upload(f".{kind}"))
    job = LinkJob.objects.create(
        id=job_id,
        kind=LinkRun.Kind.FILE,
        file_name=Path(file_name).name[:255],
        file_sha256=sha,
        file_size=size,
        sheet=sheet.strip()[:100] if kind == "xlsx" else "",
        scope=list(user_scope(user)),
        created_by=user,
    )
    _enqueue(job)
    return job


def link_duplicates_job_create(*, user: User) -> LinkJob:
    """Queue the duplicate search in the registry of the user's regions; a search of the same regions that is
    still queued or running is returned instead of a second one."""
    scope = sorted(user_scope(user))
    for job in LinkJob.objects.filter(kind=LinkRun.Kind.DUPLICATES, status__in=ACTIVE):
        if sorted(job.scope) == scope:
            return job
    job = LinkJob.objects.create(kind=LinkRun.Kind.DUPLICATES, scope=scope, created_by=user)
    _enqueue(job)
    return job


def _enqueue(job: LinkJob) -> None:
    from cakupan.web.linkage.tasks import link_job_task

    job_files(job.pk).write_progress(phase="link", stage="queued", done=0, total=0, running=False)
    link_job_task.enqueue(str(job.pk))


def _set(job: LinkJob, *, expect: tuple[str, ...] | None = None, **values: Any) -> bool:
    """Update ``job`` (only when its status is one of ``expect``); True when the row was updated."""
    rows = LinkJob.objects.filter(pk=job.pk)
    if expect is not None:
        rows = rows.filter(status__in=expect)
    updated = rows.update(**values, updated_at=timezone.now()) == 1
    if updated:
        for name, value in values.items():
            setattr(job, name, value)
    return updated


# --- running it (background) ----------------------------------------------------------------------------------


def link_job_run(*, job_id: str) -> None:
    """The background run of a job: read and link the file (or search for duplicates), store the run."""
    job = LinkJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or not _set(job, expect=(Status.QUEUED,), status=Status.RUNNING):
        return
    files = job_files(job.pk)
    progress = JobProgress(files, phase="link")
    try:
        if job.kind == LinkRun.Kind.DUPLICATES:
            _run_duplicates(job, progress)
        else:
            _run_file(job, files, progress)
    except (UnreadableFile, LinkFileError) as exc:
        _fail(job, files, progress, problem=_problem(exc.problem))
    except LinkageError as exc:
        _fail(job, files, progress, problem=_problem(Problem("file_unreadable", params={"reason": str(exc)})))
    except _NothingToLink:
        _fail(job, files, progress, note=Note.NOTHING_TO_LINK)
    except _JobGone:
        progress.finish("failed")
    except Exception:
        logger.exception("linkage job %s failed; nothing was stored", job.pk)
        _fail(job, files, progress, note=Note.CRASHED)
        raise
    else:
        progress.finish("done")


def _fail(job: LinkJob, files: JobFiles, progress: JobProgress, **values: Any) -> None:
    _set(job, expect=(Status.RUNNING,), status=Status.FAILED, **values)
    files.remove(keep=(files.progress_file,))  # nothing of the file stays when nothing came of it
    progress.finish("failed")


def _problem(problem: Problem) -> dict[str, Any]:
    return {"code": problem.code, "params": problem.params}


def _problems_frame(problems: tuple[RowProblem, ...]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "row": [p.row for p in problems],
            "column": [p.column for p in problems],
            "code": [p.problem.code for p in problems],
            "severity": [p.problem.severity for p in problems],
            "params": [json.dumps(p.problem.params) for p in problems],
        },
        schema={
            "row": pl.Int64,
            "column": pl.String,
            "code": pl.String,
            "severity": pl.String,
            "params": pl.String,
        },
    )


def _read(job: LinkJob, files: JobFiles) -> LinkRecords:
    """Read the upload, keep its rows and problems for the download, and drop the upload itself."""
    path = files.uploaded()
    if path is None:
        raise UnreadableFile(Problem("file_unreadable", params={"reason": "berkas unggahan tidak ada lagi"}))
    frame = read_table(path, job.sheet or None)
    found = link_records(frame)
    # A row of a region outside the uploader's is not linked, and nothing of it is kept but its row number and
    # the reason: the job's page and download are seen by everyone whose regions cover the uploader's.
    outside = outside_rows(frame, job.scope, first_row=FIRST_ROW)
    if outside:
        found = LinkRecords(
            records=found.records.filter(~pl.col("record_id").is_in(list(outside))),
            problems=redact_problems(found.problems, outside),
            rows_total=found.rows_total,
        )
        frame = redact_cells(frame, outside, first_row=FIRST_ROW)
    frame.write_parquet(files.source_rows)
    _problems_frame(found.problems).write_parquet(files.problems)
    path.unlink()
    _set(
        job,
        rows_total=found.rows_total,
        rows_skipped=found.rows_skipped,
        warnings=sum(1 for p in found.problems if p.problem.severity == "warning"),
        problems_sample=[problem_json(p) for p in found.problems[:PROBLEMS_KEPT]],  # masked when shown
    )
    return found


def _run_file(job: LinkJob, files: JobFiles, progress: JobProgress) -> None:
    progress.stage("read")
    found = _read(job, files)
    if found.records.is_empty():
        raise _NothingToLink
    progress.stage("link", found.records.height)

    def done(run: LinkRun, result: LinkResult) -> None:  # inside the run's transaction
        nik = result.decisions.filter(pl.col("outcome") == "nik").select("record_id", "person_id")
        nik.write_parquet(nik_links_path(job.pk))
        if not _set(job, expect=(Status.RUNNING,), status=Status.DONE, run=run, note=Note.NONE):
            raise _JobGone

    link_run_create(
        records=found.records,
        source="file",
        file_name=job.file_name,
        file_sha256=job.file_sha256,
        user=job.created_by,
        scope=job.scope,
        on_run=done,
    )


def _run_duplicates(job: LinkJob, progress: JobProgress) -> None:
    progress.stage("duplicates")

    def done(run: LinkRun) -> None:  # inside the run's transaction
        if not _set(
            job,
            expect=(Status.RUNNING,),
            status=Status.DONE,
            run=run,
            rows_total=run.rows_total,
            note=Note.NONE,
        ):
            raise _JobGone

    link_duplicates_create(user=job.created_by, scope=job.scope, on_run=done)


# --- a job whose worker died ----------------------------------------------------------------------------------


def link_job_recover(*, job: LinkJob) -> bool:
    """A job left running by a worker that died (killed, crashed, server stopped hard) is set to failed: its run
    was not stored (the run and the job's "done" commit together). True when recovered."""
    if job.status != Status.RUNNING or not job_files(job.pk).worker_gone():
        return False
    try:
        done = _set(job, expect=(Status.RUNNING,), status=Status.FAILED, note=Note.INTERRUPTED)
    except OperationalError:  # SQLite busy with another writer: try again on the next look
        return False
    if done:
        job_files(job.pk).write_progress(phase="link", stage="interrupted", done=0, total=0, running=False)
    return done


# --- the download ---------------------------------------------------------------------------------------------


def link_job_export(
    *, job: LinkJob, user: User, language: Language = "id", request: Any = None
) -> bytes | None:
    """The file's rows with their link result as XLSX (audited: the rows are personal data); None when the job
    has no result (not done, or its files are gone)."""
    if (
        job.status != Status.DONE
        or job.kind != LinkRun.Kind.FILE
        or not job_files(job.pk).source_rows.is_file()
    ):
        return None
    rows, summary = link_job_sheets(job=job, language=language)
    content = xlsx_bytes(rows, summary)
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=user,
        request=request,
        object_type="link_job",
        object_id=str(job.pk),
        changes={"file": job.file_name, "rows": rows.written, "run": job.run_id},
    )
    return content
