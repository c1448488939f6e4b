"""The staged import of the browser: upload -> check (background) -> column mapping -> preview -> commit
(background, with progress and cancel).

Writes here are the job's own state; the rows themselves are written by ``services.import_staged_commit`` in one
transaction that also marks the job committed, so a job and its data commit (or vanish) together. A job's files
live in its folder under the data directory (``progress.JobFiles``).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import IO, Any

import polars as pl
from django.contrib.auth.models import User
from django.db import OperationalError, transaction
from django.utils import timezone

from cakupan.core.nik import mask_nik
from cakupan.core.problems import Language, Problem
from cakupan.ingest.error_report import write_error_report
from cakupan.ingest.mapping import apply_mapping, check_columns, header_report, header_signature
from cakupan.ingest.readers import UnreadableFile
from cakupan.ingest.redaction import OUTSIDE, outside_rows
from cakupan.ingest.schemas import Layout
from cakupan.ingest.validate import FIRST_DATA_ROW, RowProblem, Validation
from cakupan.web.accounts.scope import user_scope
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.busy import is_busy
from cakupan.web.imports.models import ColumnMapping, ImportBatch, ImportJob
from cakupan.web.imports.progress import ImportCancelled, JobFiles, JobProgress
from cakupan.web.imports.retention import job_files_expire
from cakupan.web.imports.reveals import import_reveals_audit
from cakupan.web.imports.selectors import column_mapping_find, existing_key_count, import_job_pending
from cakupan.web.imports.services import (
    NothingImported,
    Staged,
    import_batch_complete,
    import_resolve,
    import_staged_commit,
    limit_to_scope,
    problem_json,
    with_problems,
)
from cakupan.web.imports.source_hooks import file_warnings, source_layout, source_read, source_validate
from cakupan.web.imports.uploads import sheet_names, upload_kind, upload_store

logger = logging.getLogger(__name__)
Status = ImportJob.Status
Note = ImportJob.Note
PREVIEW_ROWS = 10
SAMPLE_VALUES = 3
PROBLEMS_SHOWN = 200
_DIGITS = re.compile(r"\d+")
_LONG_NUMBER = re.compile(r"\d{8,}")
_DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")


class AlreadyImported(Exception):
    """The very same file was imported before (same source and SHA-256); nothing is done again."""

    def __init__(self, batch: ImportBatch) -> None:
        super().__init__(f"sudah diimpor: #{batch.pk}")
        self.batch = batch


class AlreadyPending(Exception):
    """The same user uploaded the same file already and its import is still on its way."""

    def __init__(self, job: ImportJob) -> None:
        super().__init__(f"sedang diimpor: {job.pk}")
        self.job = job


# --- masking what pages show ----------------------------------------------------------------------------

PERSONAL_HIDDEN = {"alamat", "desil"}  # shown as *** on pages (the officer's own error report has them)


def mask_value(column: str, value: object) -> str:
    """A cell as a page may show it: NIK/KK masked, birth dates to the year, addresses and deciles hidden."""
    if value is None:
        return ""
    text = str(value)
    if column in ("nik", "no_kk"):
        return mask_nik(text)
    if column == "tanggal_lahir":
        return mask_sample(text) if _DATE_LIKE.fullmatch(text) else "***"
    if column in PERSONAL_HIDDEN:
        return "***"
    return text


def mask_sample(text: str) -> str:
    """A raw cell shown next to its header in the mapping form: long numbers (NIK, KK) keep their first four
    digits, dates only their year; region codes, names and words stay readable."""
    text = text[:40]
    if _DATE_LIKE.fullmatch(text.strip()):
        return _DIGITS.sub(lambda m: m.group(0) if len(m.group(0)) == 4 else "**", text)
    return _LONG_NUMBER.sub(lambda m: m.group(0)[:4] + "*" * (len(m.group(0)) - 4), text)


def mask_problem(p: dict[str, Any]) -> dict[str, Any]:
    shown = dict(p)
    shown["value"] = mask_value(str(p["column"]), p["value"]) if p.get("value") is not None else ""
    return shown


# --- upload -----------------------------------------------------------------------------------------------


def import_job_create(
    *,
    user: User,
    source: str,
    upload: IO[bytes],
    file_name: str,
    sheet: str = "",
    language: Language = "id",
    exact_numbers: bool = False,
) -> ImportJob:
    """Store the upload with its SHA-256 and queue its check. Raises UploadRefused, AlreadyImported.

    ``exact_numbers``: the uploader confirms that the file is a system export, so its numbers are exact."""
    job_files_expire()
    job_id = uuid.uuid4()
    files = JobFiles.of(job_id)
    files.create()
    staging = files.root / "unggahan"
    try:
        sha, size = upload_store(upload, staging)
        kind = upload_kind(staging, file_name, language)
        earlier = import_batch_complete(source=source, sha=sha, scope=user_scope(user))
        if earlier is not None:
            raise AlreadyImported(earlier)
        pending = import_job_pending(user=user, source=source, sha=sha)
        if pending is not None:
            raise AlreadyPending(pending)
    except Exception:
        files.remove()
        raise
    staging.rename(files.upload(f".{kind}"))
    with transaction.atomic():
        job = ImportJob.objects.create(
            id=job_id,
            source=source,
            file_name=Path(file_name).name[:255],
            file_sha256=sha,
            file_size=size,
            sheet=sheet.strip()[:100] if kind == "xlsx" else "",
            language=language,
            exact_numbers=exact_numbers,
            scope=list(user_scope(user)),
            created_by=user,
        )
    _enqueue_check(job)
    return job


def _enqueue_check(job: ImportJob) -> None:
    from cakupan.web.imports.tasks import check_job

    JobFiles.of(job.pk).write_progress(phase="validate", stage="queued", done=0, total=0, running=False)
    check_job.enqueue(str(job.pk))


def _set(job: ImportJob, *, expect: tuple[str, ...] | None = None, **values: Any) -> bool:
    """Update ``job`` (only when its status is one of ``expect``); True when the row was updated."""
    rows = ImportJob.objects.filter(pk=job.pk)
    if expect is not None:
        rows = rows.filter(status__in=expect)
    updated = rows.update(**values, updated_at=timezone.now()) == 1
    if updated:
        for name, value in values.items():
            setattr(job, name, value)
    return updated


# --- check (background) -----------------------------------------------------------------------------------


def _headers(frame: pl.DataFrame, hidden: Collection[int] = ()) -> list[dict[str, Any]]:
    """Each header with a few of its values, masked, for the mapping form; never from the ``hidden`` rows (file
    row numbers: the rows outside the uploader's regions)."""
    if hidden:
        index = pl.int_range(pl.len(), dtype=pl.Int64) + FIRST_DATA_ROW
        frame = frame.filter(~index.is_in(list(hidden)))
    found = []
    for name in frame.columns:
        values = frame.get_column(name).drop_nulls().unique(maintain_order=True).head(SAMPLE_VALUES).to_list()
        found.append({"name": name, "samples": [mask_sample(str(v)) for v in values]})
    return found


def _problems_frame(problems: tuple[RowProblem, ...]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "row": [p.row for p in problems],
            "column": [p.column for p in problems],
            "value": [p.value for p in problems],
            "code": [p.problem.code for p in problems],
            "severity": [p.problem.severity for p in problems],
            "params": [json.dumps(p.problem.params) for p in problems],
        },
        schema={
            "row": pl.Int64,
            "column": pl.String,
            "value": pl.String,
            "code": pl.String,
            "severity": pl.String,
            "params": pl.String,
        },
    )


def _problems_from(frame: pl.DataFrame) -> tuple[RowProblem, ...]:
    return tuple(
        RowProblem(row, column, value, Problem(code, severity, json.loads(params)))
        for row, column, value, code, severity, params in frame.iter_rows()
    )


def _preview(valid: pl.DataFrame, present: tuple[str, ...]) -> list[dict[str, str]]:
    rows = valid.head(PREVIEW_ROWS).select(c for c in valid.columns if c in present)
    return [{c: mask_value(c, v) for c, v in row.items()} for row in rows.iter_rows(named=True)]


def import_job_check_run(*, job_id: str, again: bool = False) -> None:
    """The background check of an upload: read, (map,) validate, keep the result for the preview.

    ``again``: the same task runs once more after the database was busy, so its job may already be VALIDATING."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    expect = (Status.QUEUED, Status.VALIDATING) if again else (Status.QUEUED,)
    if job is None or job.status not in expect:
        return
    files = JobFiles.of(job.pk)
    progress = JobProgress(files, phase="validate")
    progress.stage(
        "queued"
    )  # names this worker first: should it die before the next line, the job is recovered
    if not _set(job, expect=expect, status=Status.VALIDATING):
        return
    try:
        state = _check(job, files, progress)
    except ImportCancelled as exc:
        if exc.shutdown and _set(job, expect=(Status.VALIDATING,), status=Status.QUEUED):
            _enqueue_check(job)  # the server is stopping: check it again when a worker runs next
            return
        _set(job, expect=(Status.VALIDATING,), status=Status.CANCELLED)
        state = "cancelled"
    except UnreadableFile as exc:
        _set(job, expect=(Status.VALIDATING,), status=Status.FAILED, problem=_problem(exc.problem))
        state = "failed"
    except Exception as exc:
        if is_busy(exc):
            raise  # not the file's fault: the task checks it again once the database is free (tasks.py)
        logger.exception("checking import job %s failed", job.pk)
        _set(job, expect=(Status.VALIDATING,), status=Status.FAILED, note=Note.CRASHED)
        progress.finish("failed")
        raise
    if state == "cancelled":  # cancelled while it ran: keep nothing of the file
        files.remove(keep=(files.progress_file,))
    progress.finish(state)


def _check(job: ImportJob, files: JobFiles, progress: JobProgress) -> str:
    """Read and validate the upload; returns the stage to report: ready, needs_mapping or cancelled."""
    path = files.uploaded()
    if path is None:
        raise UnreadableFile(Problem("file_unreadable", params={"reason": "berkas unggahan tidak ada lagi"}))
    progress.stage("read")
    sheets = sheet_names(path) if path.suffix == ".xlsx" else []
    read = source_read(source=job.source, path=path, sheet=job.sheet or None, exact_numbers=job.exact_numbers)
    frame = read.frame
    layout = source_layout(source=job.source, frame=frame)
    headers = _headers(frame, hidden=outside_rows(frame, job.scope))
    mapping: dict[str, str | None] = dict(job.mapping)
    saved: ColumnMapping | None = None
    if not mapping:
        saved = column_mapping_find(source=job.source, signature=header_signature(frame.columns))
        mapping = dict(saved.columns) if saved is not None else {}
    needs_mapping = {"status": Status.NEEDS_MAPPING, "headers": headers, "sheets": sheets}
    if not mapping and not header_report(frame.columns, layout).complete:
        _set(job, expect=(Status.VALIDATING,), problem=None, **needs_mapping)
        return "needs_mapping"
    try:
        frame = apply_mapping(frame, mapping)
        progress.check()
        progress.stage("validate", frame.height)
        validation = source_validate(source=job.source, frame=frame)
        validation = with_problems(validation, file_warnings(read.warnings))
    except UnreadableFile as exc:
        if exc.problem.code not in ("missing_columns", "mapping_twice"):
            raise
        _set(job, expect=(Status.VALIDATING,), problem=_problem(exc.problem), **needs_mapping)
        return "needs_mapping"
    staged = limit_to_scope(Staged(source_rows=frame, validation=validation), job.scope)
    frame, validation = staged.source_rows, staged.validation  # rows outside the scope: blanked
    headers = _headers(read.frame, hidden={p.row for p in validation.problems if p.problem.code == OUTSIDE})
    progress.check()
    resolved = import_resolve(source=job.source, validation=validation, scope=job.scope)
    import_reveals_audit(problems=resolved.problems, user=job.created_by, job_id=job.pk)
    _keep(job, files, frame, validation, resolved.problems)
    progress.check()
    problems = resolved.problems
    existing = existing_key_count(source=job.source, rows=resolved.valid)
    done = _set(
        job,
        expect=(Status.VALIDATING,),
        status=Status.READY,
        headers=headers,
        sheets=sheets,
        mapping=mapping,
        mapping_saved=saved,
        problem=None,
        note=Note.NONE,
        columns_present=list(validation.columns_present),
        rows_total=validation.rows_total,
        rows_valid=resolved.valid.height,
        rows_new=resolved.valid.height - existing,
        rows_existing=existing,
        rows_rejected=len({p.row for p in problems if p.problem.severity == "error"}),
        warnings=sum(1 for p in problems if p.problem.severity == "warning"),
        problems_sample=[problem_json(p) for p in problems[:PROBLEMS_SHOWN]],  # masked when shown
        preview=_preview(resolved.valid, validation.columns_present),
    )
    return "ready" if done else "cancelled"


def _keep(
    job: ImportJob,
    files: JobFiles,
    frame: pl.DataFrame,
    validation: Validation,
    problems: tuple[RowProblem, ...],
) -> None:
    """Store what the commit needs (cells, valid rows, problems as Parquet) and the error report."""
    frame.write_parquet(files.source_rows)
    validation.valid.write_parquet(files.valid_rows)
    _problems_frame(validation.problems).write_parquet(files.problems)
    write_error_report(
        files.error_report,
        source_rows=frame,
        problems=problems,
        language="en" if job.language == "en" else "id",
        layout=source_layout(source=job.source, frame=frame),
    )


def job_layout(job: ImportJob) -> Layout:
    """The layout the job's file is in, told by its headers (a BPS labour-force table has its own)."""
    names = [str(h["name"]) for h in job.headers]
    return source_layout(source=job.source, frame=pl.DataFrame(schema=dict.fromkeys(names, pl.String)))


def _problem(problem: Problem) -> dict[str, Any]:
    return {"code": problem.code, "params": problem.params}


# --- column mapping ---------------------------------------------------------------------------------------


def import_job_map(
    *,
    job: ImportJob,
    columns: Mapping[str, str | None],
    save: bool,
    user: User,
    exact_numbers: bool | None = None,
) -> ColumnMapping | None:
    """Use ``columns`` (header -> canonical column or None) for ``job`` and check it again; with ``save``, keep
    the mapping for every later file of this source with the same headers; ``exact_numbers`` (None: unchanged):
    whether the uploader confirms the file's numbers are exact. Raises MappingError."""
    layout = job_layout(job)
    columns = dict(columns)
    check_columns(columns, layout)
    saved: ColumnMapping | None = None
    with transaction.atomic():
        if save:
            signature = header_signature(h["name"] for h in job.headers)
            saved, _ = ColumnMapping.objects.update_or_create(
                source=job.source, signature=signature, defaults={"columns": columns, "created_by": user}
            )
        updated = _set(
            job,
            expect=(Status.NEEDS_MAPPING, Status.READY, Status.FAILED),
            status=Status.QUEUED,
            mapping=columns,
            mapping_saved=saved,
            problem=None,
            note=Note.NONE,
            exact_numbers=job.exact_numbers if exact_numbers is None else exact_numbers,
        )
    if updated:
        _restart(job)
    return saved


def import_job_choose_sheet(*, job: ImportJob, sheet: str) -> None:
    """Check another worksheet of the same XLSX file (its headers may differ: the mapping starts afresh)."""
    if sheet not in job.sheets:
        raise ValueError(sheet)
    if _set(
        job,
        expect=(Status.NEEDS_MAPPING, Status.READY, Status.FAILED),
        status=Status.QUEUED,
        sheet=sheet,
        mapping={},
        mapping_saved=None,
        problem=None,
        note=Note.NONE,
    ):
        _restart(job)


def _restart(job: ImportJob) -> None:
    files = JobFiles.of(job.pk)
    for path in (files.source_rows, files.valid_rows, files.problems, files.error_report):
        path.unlink(missing_ok=True)
    _enqueue_check(job)


# --- commit (background) ----------------------------------------------------------------------------------


def import_job_commit(*, job: ImportJob, user: User) -> None:
    """Queue the commit of a checked job. Raises AlreadyImported when the same file was imported meanwhile."""
    earlier = import_batch_complete(source=job.source, sha=job.file_sha256, scope=job.scope)
    if earlier is not None:
        _set(job, status=Status.CANCELLED, note=Note.ALREADY_IMPORTED, batch=earlier)
        raise AlreadyImported(earlier)
    files = JobFiles.of(job.pk)
    if not _set(job, expect=(Status.READY,), status=Status.COMMITTING, note=Note.NONE):
        return
    files.clear_cancel()
    files.write_progress(phase="commit", stage="queued", done=0, total=job.rows_valid, running=False)
    from cakupan.web.imports.tasks import commit_job

    commit_job.enqueue(str(job.pk))


def import_job_commit_run(*, job_id: str) -> None:
    """Write the checked rows of a job in one transaction; a cancel between chunks rolls everything back."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.status != Status.COMMITTING:
        return
    files = JobFiles.of(job.pk)
    progress = JobProgress(files, phase="commit")
    try:
        progress.stage("prepare", job.rows_valid)
        progress.check()
        earlier = import_batch_complete(source=job.source, sha=job.file_sha256, scope=job.scope)
        if earlier is not None:
            _set(job, status=Status.CANCELLED, note=Note.ALREADY_IMPORTED, batch=earlier)
            progress.finish("already_imported")
            return
        validation = Validation(
            valid=pl.read_parquet(files.valid_rows),
            problems=_problems_from(pl.read_parquet(files.problems)),
            rows_total=job.rows_total,
            columns_present=tuple(job.columns_present),
        )

        def mark_committed(batch: ImportBatch) -> None:
            ImportJob.objects.filter(pk=job.pk).update(
                status=Status.COMMITTED, batch=batch, note=Note.NONE, updated_at=timezone.now()
            )

        outcome = import_staged_commit(
            source=job.source,
            file_name=job.file_name,
            sha=job.file_sha256,
            validation=validation,
            user=job.created_by,
            scope=job.scope,
            progress=progress,
            on_batch=mark_committed,
            exact_numbers=job.exact_numbers,
        )
    except ImportCancelled as exc:
        if exc.shutdown:  # the server is stopping: the job may simply be committed again later
            _set(job, expect=(Status.COMMITTING,), status=Status.READY, note=Note.INTERRUPTED)
        else:
            _set(job, expect=(Status.COMMITTING,), status=Status.CANCELLED)
            files.remove(keep=(files.progress_file,))
        files.clear_cancel()
        progress.finish("cancelled")
        return
    except NothingImported:
        _set(job, expect=(Status.COMMITTING,), status=Status.FAILED, note=Note.NOTHING_VALID)
        progress.finish("failed")
        return
    except Exception as exc:
        if is_busy(exc):
            raise  # nothing was written; the job stays COMMITTING and the task runs again (tasks.py)
        logger.exception("committing import job %s failed; nothing was written", job.pk)
        _set(job, expect=(Status.COMMITTING,), status=Status.READY, note=Note.CRASHED)
        progress.finish("failed")
        raise
    _after_commit(job, files, outcome.problems)
    progress.finish("done")


def _after_commit(job: ImportJob, files: JobFiles, problems: tuple[RowProblem, ...]) -> None:
    """Rewrite the error report with the problems of the commit itself (memberships whose person arrived in
    the meantime now load), then delete the upload and the staged rows: only the error report stays."""
    try:
        import_reveals_audit(problems=problems, user=job.created_by, job_id=job.pk)
        frame = pl.read_parquet(files.source_rows)
        write_error_report(
            files.error_report,
            source_rows=frame,
            problems=problems,
            language="en" if job.language == "en" else "id",
            layout=source_layout(source=job.source, frame=frame),
        )
    finally:
        files.remove(keep=(files.error_report, files.progress_file))


# --- cancel, discard, recover -----------------------------------------------------------------------------


def import_job_cancel(*, job: ImportJob, user: User) -> None:
    """Cancel a job. While it commits only a flag is set (the database may be locked by the import itself):
    the commit stops at its next chunk and rolls back. Before that, the job and its files are discarded."""
    files = JobFiles.of(job.pk)
    if job.status == Status.COMMITTING:
        files.request_cancel()
        return
    if job.status in (Status.COMMITTED, Status.CANCELLED):
        return
    files.request_cancel()  # a check running now stops at its next step
    if _set(
        job,
        expect=(Status.QUEUED, Status.VALIDATING, Status.NEEDS_MAPPING, Status.READY, Status.FAILED),
        status=Status.CANCELLED,
    ):
        files.remove(keep=(files.progress_file,))
        audit_record(
            action=AuditEvent.Action.DELETE,
            actor=user,
            object_type="import_job",
            object_id=str(job.pk),
            changes={"file": job.file_name, "sha256": job.file_sha256},
        )


RECOVERABLE = (Status.QUEUED, Status.VALIDATING, Status.COMMITTING)


def import_job_recover(*, job: ImportJob) -> bool:
    """A job whose worker process died (killed, crashed, server stopped hard) is set back: a commit to READY
    (its transaction died with the process, nothing was written), a check to FAILED, and a check that died
    before it began (still QUEUED, its task claimed) is queued again. True when recovered."""
    if job.status not in RECOVERABLE or not JobFiles.of(job.pk).worker_gone():
        return False
    try:
        if job.status == Status.QUEUED:
            from cakupan.web.imports.tasks import check_job

            check_job.enqueue(str(job.pk))  # first: the progress file below makes the job look alive again
            JobFiles.of(job.pk).write_progress(
                phase="validate", stage="queued", done=0, total=0, running=False
            )
            return True
        if job.status == Status.COMMITTING:
            done = _set(job, expect=(Status.COMMITTING,), status=Status.READY, note=Note.INTERRUPTED)
        else:
            done = _set(job, expect=(Status.VALIDATING,), status=Status.FAILED, note=Note.INTERRUPTED)
    except OperationalError:  # SQLite busy with another import's transaction: try again on the next look
        return False
    if done:
        JobFiles.of(job.pk).write_progress(stage="interrupted", done=0, total=0, running=False)
    return done


def import_jobs_recover() -> int:
    """Recover every job left running by a dead worker (the worker calls this when it starts)."""
    jobs = ImportJob.objects.filter(status__in=RECOVERABLE)
    return sum(1 for job in jobs if import_job_recover(job=job))


def import_job_error_report(*, job: ImportJob, user: User, request: Any = None) -> Path | None:
    """The error report of ``job`` for download (audited: it holds the rejected rows' personal data)."""
    path = JobFiles.of(job.pk).error_report
    if not path.is_file():
        return None
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=user,
        request=request,
        object_type="import_errors",
        object_id=str(job.pk),
        changes={"file": job.file_name, "rows_rejected": job.rows_rejected},
    )
    return path
