"""Import a file a user supplies: read, validate, then load every valid row in one transaction.

A file that cannot be read, or that has no valid row, changes nothing. The same file imported twice changes
nothing the second time (it is recognised by its SHA-256), unless rows of it were rejected only because their
person was not in the registry yet: then importing it again, after the persons, loads those rows too.

Two stages, used by the command line in one go (``import_batch_create``) and by the browser's staged import
one after the other (``cakupan.web.imports.staging``):

1. ``import_stage``: read the file, apply a column mapping, validate, and reject rows outside the importing
   user's regions. No database write.
2. ``import_staged_commit``: in ONE transaction, resolve what needs the registry (membership NIKs to persons),
   create the ImportBatch and write the valid rows chunk by chunk, reporting progress and stopping (rolling
   everything back) when asked to between two chunks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import polars as pl
from django.conf import settings
from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import timezone

from cakupan.core.files import sha256_of
from cakupan.core.problems import Problem
from cakupan.ingest.mapping import apply_mapping
from cakupan.ingest.redaction import outside_rows, redact_cells, redact_problems
from cakupan.ingest.validate import ROW, RowProblem, Validation
from cakupan.web.accounts.scope import scope_q
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.employers.matching import bpjstk_rows_match
from cakupan.web.employers.models import ConstructionProject, Employer
from cakupan.web.imports.bulk import stored_mask
from cakupan.web.imports.models import ImportBatch
from cakupan.web.imports.selectors import import_scope_covers
from cakupan.web.imports.source_hooks import (
    file_warnings,
    source_after_write,
    source_read,
    source_validate,
)
from cakupan.web.imports.writers import write_rows
from cakupan.web.linkage.selectors import merged_nik_targets
from cakupan.web.registry.models import Person

PROBLEMS_SAMPLE = 200
LOOKUP_CHUNK = 5000  # NIKs per query when reading persons back
MIN_STEP = 20_000  # rows written per step at least: each step costs a little (a COPY round on PostgreSQL)
STEPS = 50  # a large import writes in about this many steps, between which it reports progress and may stop


class NothingImported(Exception):
    """No row of the file was valid; the problems say why. Nothing was written."""

    def __init__(self, problems: tuple[RowProblem, ...], rows_total: int) -> None:
        super().__init__("tidak ada baris yang sah")
        self.problems = problems
        self.rows_total = rows_total


@dataclass(frozen=True)
class ImportOutcome:
    batch: ImportBatch
    already_imported: bool
    problems: tuple[RowProblem, ...] = ()


class ImportProgress(Protocol):
    """What an import reports while it runs, and where it may be stopped (``check`` raises ImportCancelled)."""

    def stage(self, name: str, total: int | None = None) -> None: ...

    def written(self, done: int, total: int) -> None: ...

    def check(self) -> None: ...


class _Silent:
    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def written(self, done: int, total: int) -> None:
        pass

    def check(self) -> None:
        pass


SILENT: ImportProgress = _Silent()


@dataclass(frozen=True)
class Staged:
    """A file read and validated, not yet written: ``source_rows`` are its text cells (headers mapped)."""

    source_rows: pl.DataFrame
    validation: Validation


@dataclass(frozen=True)
class Resolved:
    """The staged rows after the checks that need the registry: what will be written, and every problem."""

    valid: pl.DataFrame
    problems: tuple[RowProblem, ...]
    awaiting_person: int


def import_batch_complete(*, source: str, sha: str, scope: Sequence[str] | None = None) -> ImportBatch | None:
    """The earlier import of this very file, when nothing of it is left to load.

    With ``scope`` (an officer's regions), only an import they may see counts: the same file imported by
    another office (regions not all inside ``scope``) neither blocks theirs nor is named to them."""
    earlier = ImportBatch.objects.filter(source=source, file_sha256=sha, rows_awaiting_person=0).order_by(
        "pk"
    )
    if scope is None:
        return earlier.first()
    return next((b for b in earlier if import_scope_covers(scope=scope, object_scope=b.scope)), None)


def import_batch_create(
    *,
    source: str,
    path: Path,
    user: User | None = None,
    sheet: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    scope: Sequence[str] | None = None,
    progress: ImportProgress = SILENT,
    exact_numbers: bool = False,
) -> ImportOutcome:
    """Import ``path`` as ``source``. Raises UnreadableFile, NothingImported, ImportCancelled.

    ``mapping`` (normalised header -> canonical column or None) is applied before validation; ``scope`` (region
    codes) rejects rows outside those regions (None: no limit, the command line); ``progress`` is told the
    stages and rows written, and may stop the import between chunks (nothing is then written);
    ``exact_numbers``: the importer confirms that the file's numbers are exact (a system export), recorded in
    the import's audit entry."""
    sha = sha256_of(path)
    complete = import_batch_complete(source=source, sha=sha, scope=scope)
    if complete is not None:
        return ImportOutcome(batch=complete, already_imported=True)
    staged = import_stage(
        source=source,
        path=path,
        sheet=sheet,
        mapping=mapping,
        scope=scope,
        progress=progress,
        exact_numbers=exact_numbers,
    )
    return import_staged_commit(
        source=source,
        file_name=path.name,
        sha=sha,
        validation=staged.validation,
        user=user,
        scope=scope,
        progress=progress,
        exact_numbers=exact_numbers,
    )


def import_stage(
    *,
    source: str,
    path: Path,
    sheet: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    scope: Sequence[str] | None = None,
    progress: ImportProgress = SILENT,
    exact_numbers: bool = False,
) -> Staged:
    """Read, map and validate ``path``; reject rows outside ``scope``. Writes nothing. Raises UnreadableFile."""
    progress.stage("read")
    read = source_read(source=source, path=path, sheet=sheet, exact_numbers=exact_numbers)
    frame = read.frame
    if mapping:
        frame = apply_mapping(frame, mapping)
    progress.check()
    progress.stage("validate", frame.height)
    validation = with_problems(source_validate(source=source, frame=frame), file_warnings(read.warnings))
    progress.check()
    staged = Staged(source_rows=frame, validation=validation)
    if scope is not None:
        staged = limit_to_scope(staged, scope)
    progress.stage("validated", staged.validation.valid.height)
    return staged


def _in_scope(column: str, scope: Sequence[str]) -> pl.Expr:
    """The rows whose region code (in ``column``) lies inside one of ``scope`` (cakupan.core.access.in_scope)."""
    if not scope:
        return pl.lit(False)
    return pl.any_horizontal(
        (pl.col(column) == code) | pl.col(column).str.starts_with(code + ".") for code in scope
    )


def limit_to_scope(staged: Staged, scope: Sequence[str]) -> Staged:
    """Reject the rows outside ``scope`` and keep nothing of them but their row number and the reason
    (``cakupan.ingest.redaction``): their cells are blanked, their problems replaced by ``outside_scope``.

    A row is outside when its region cell names a region outside ``scope``, whatever else is wrong with it, or
    when its validated region code does (a BPS code translated, say)."""
    validation = staged.validation
    outside = set(outside_rows(staged.source_rows, scope))
    valid = validation.valid
    if "kode_wilayah" in valid.columns:
        typed = valid.filter(pl.col("kode_wilayah").is_not_null() & ~_in_scope("kode_wilayah", scope))
        outside.update(typed.get_column(ROW).to_list())
    if not outside:
        return staged
    limited = replace(
        validation,
        valid=valid.filter(~pl.col(ROW).is_in(list(outside))),
        problems=redact_problems(validation.problems, outside),
    )
    return Staged(source_rows=redact_cells(staged.source_rows, outside), validation=limited)


def with_problems(validation: Validation, found: list[RowProblem]) -> Validation:
    rejected = [p.row for p in found if p.problem.severity == "error"]
    return replace(
        validation,
        valid=validation.valid.filter(~pl.col(ROW).is_in(rejected)),
        problems=tuple(sorted([*validation.problems, *found], key=lambda p: p.row)),
    )


def import_resolve(*, source: str, validation: Validation, scope: Sequence[str] | None = None) -> Resolved:
    """The checks that need the registry (reads only): memberships need their person, visible in ``scope``;
    a person row must not move a person registered outside ``scope``."""
    problems = list(validation.problems)
    valid = validation.valid
    awaiting = 0
    if source == "memberships":
        valid, unknown = _attach_person_ids(valid, scope)
        awaiting = len(unknown)
        problems = sorted([*problems, *unknown], key=lambda p: p.row)
    elif source == "employers-bpjstk":
        valid, found = bpjstk_rows_match(valid, scope=scope)
        problems = sorted([*problems, *found], key=lambda p: p.row)
    elif source in KEYED_RECORDS:
        refused = _persons_merged_away(valid, scope) if source == "persons" else []
        if scope is not None:
            refused += _records_outside_scope(valid, scope, source)
        if refused:
            limited = with_problems(validation, refused)
            valid, problems = limited.valid, list(limited.problems)
    return Resolved(valid=valid, problems=tuple(problems), awaiting_person=awaiting)


def import_staged_commit(
    *,
    source: str,
    file_name: str,
    sha: str,
    validation: Validation,
    user: User | None = None,
    scope: Sequence[str] | None = None,
    progress: ImportProgress = SILENT,
    on_batch: Callable[[ImportBatch], None] | None = None,
    exact_numbers: bool = False,
) -> ImportOutcome:
    """Write the valid rows of ``validation`` in one transaction: all of them, or nothing.

    ``on_batch`` runs inside the same transaction once every row is written (the staged import marks its job
    committed there, so the job and the data commit together). ``exact_numbers``: the importer confirmed that
    the file's numbers are exact; the audit entry says so. Raises NothingImported, ImportCancelled."""
    with transaction.atomic():
        resolved = import_resolve(source=source, validation=validation, scope=scope)
        if resolved.valid.height == 0:
            raise NothingImported(resolved.problems, validation.rows_total)
        problems = resolved.problems
        batch = ImportBatch.objects.create(
            source=source,
            file_name=file_name,
            file_sha256=sha,
            rows_total=validation.rows_total,
            rows_created=0,
            rows_updated=0,
            rows_rejected=len({p.row for p in problems if p.problem.severity == "error"}),
            rows_awaiting_person=resolved.awaiting_person,
            warnings=sum(1 for p in problems if p.problem.severity == "warning"),
            problems_sample=[problem_json(p) for p in problems[:PROBLEMS_SAMPLE]],
            created_by=user if user is not None and user.is_authenticated else None,
            scope=sorted(scope) if scope is not None else [],
        )
        batch.rows_created, batch.rows_updated = _write_in_chunks(
            source, resolved.valid, validation.columns_present, batch, progress
        )
        source_after_write(source=source)
        progress.check()  # the last moment a cancel can still undo everything
        batch.save(update_fields=["rows_created", "rows_updated"])
        audit_record(
            action=AuditEvent.Action.IMPORT,
            actor=user,
            actor_name="" if user is not None else "sistem (baris perintah)",
            object_type="import_batch",
            object_id=batch.pk,
            changes={
                "source": source,
                "file": file_name,
                "sha256": sha,
                "created": batch.rows_created,
                "updated": batch.rows_updated,
                "rejected": batch.rows_rejected,
                # Who vouched that 16-digit numbers ending in 0 are exact (cakupan.ingest.xlsx_guard).
                **({"numbers_confirmed_exact": True} if exact_numbers else {}),
            },
        )
        if on_batch is not None:
            on_batch(batch)
    return ImportOutcome(batch=batch, already_imported=False, problems=problems)


def chunk_size(total: int) -> int:
    """Rows per write step: CAKUPAN_IMPORT_CHUNK_ROWS when set, else a STEPS-th of the file (at least MIN_STEP)."""
    configured: int = getattr(settings, "CAKUPAN_IMPORT_CHUNK_ROWS", 0)
    return configured or max(MIN_STEP, math.ceil(total / STEPS))


def _write_in_chunks(
    source: str, valid: pl.DataFrame, present: Sequence[str], batch: ImportBatch, progress: ImportProgress
) -> tuple[int, int]:
    total = valid.height
    step = chunk_size(total)
    now = timezone.now()
    created = updated = 0
    progress.written(0, total)
    for offset in range(0, total, step):
        progress.check()
        c, u = write_rows(
            source,
            valid.slice(offset, step),
            present=set(present) | {"person_id"},
            batch_id=batch.pk,
            now=now,
        )
        created, updated = created + c, updated + u
        progress.written(min(offset + step, total), total)
    return created, updated


def problem_json(p: RowProblem) -> dict[str, object]:
    return {
        "row": p.row,
        "column": p.column,
        "value": p.value,
        "code": p.problem.code,
        "severity": p.problem.severity,
        "params": p.problem.params,
        "message": p.problem.message(),
    }


def _attach_person_ids(
    valid: pl.DataFrame, scope: Sequence[str] | None
) -> tuple[pl.DataFrame, list[RowProblem]]:
    """Join each membership to its person by NIK; a person outside ``scope`` counts as unknown (as a 404 does)."""
    niks = valid.get_column("nik").unique().to_list()
    persons = (
        Person.objects.all()
        if scope is None
        else Person.objects.filter(scope_q("region__code", tuple(scope)))
    )
    ids: dict[str, int] = {}
    for start in range(0, len(niks), LOOKUP_CHUNK):
        ids.update(persons.filter(nik__in=niks[start : start + LOOKUP_CHUNK]).values_list("nik", "id"))
    # A membership still carrying the NIK of a record merged away belongs to the kept person.
    merged = merged_nik_targets([n for n in niks if n not in ids])
    visible = set(persons.filter(pk__in=set(merged.values())).values_list("pk", flat=True))
    ids.update({nik: kept for nik, kept in merged.items() if kept in visible})
    mapping = pl.DataFrame(
        {"nik": list(ids), "person_id": list(ids.values())}, schema={"nik": pl.String, "person_id": pl.Int64}
    )
    joined = valid.join(mapping, on="nik", how="left", maintain_order="left")
    missing = joined.filter(pl.col("person_id").is_null()).select(ROW, "nik")
    unknown = [RowProblem(row, "nik", nik, Problem("person_unknown")) for row, nik in missing.iter_rows()]
    return joined.filter(pl.col("person_id").is_not_null()), unknown


def _persons_merged_away(valid: pl.DataFrame, scope: Sequence[str] | None) -> list[RowProblem]:
    """Rows whose NIK was merged into another person by record linkage: loading them would undo the merge.
    A kept person outside ``scope`` is not named: the row is refused as registered elsewhere (audited)."""
    merged = merged_nik_targets(valid.get_column("nik").to_list())
    if not merged:
        return []
    visible = set(merged.values())
    if scope is not None:
        persons = Person.objects.filter(scope_q("region__code", tuple(scope)), pk__in=visible)
        visible = set(persons.values_list("pk", flat=True))
    rows = valid.filter(pl.col("nik").is_in(list(merged))).select(ROW, "nik")
    return [
        RowProblem(row, "nik", nik, Problem("person_merged", params={"kept": str(merged[nik])}))
        if merged[nik] in visible
        else RowProblem(row, "nik", nik, Problem("person_outside_scope"))
        for row, nik in rows.iter_rows()
    ]


# Sources whose key names one stored record with a region (model, key column, key field, problem code): a row
# must not move a record registered outside the importing user's regions.
KEYED_RECORDS: dict[str, tuple[type[models.Model], str, str, str]] = {
    "persons": (Person, "nik", "nik", "person_outside_scope"),
    "employers": (Employer, "nib", "nib", "record_outside_scope"),
    "jakon-projects": (ConstructionProject, "kode_proyek", "code", "record_outside_scope"),
}


def _records_outside_scope(valid: pl.DataFrame, scope: Sequence[str], source: str) -> list[RowProblem]:
    """Rows whose key belongs to a record registered outside ``scope``: importing them would move that record."""
    model, column, field, code = KEYED_RECORDS[source]
    # Only keys already stored can belong to a record elsewhere; find those first with the fast key lookup.
    stored = valid.filter(stored_mask(model, key=[field], rows=valid.select(pl.col(column).alias(field))))
    keys = stored.get_column(column).to_list()
    outside: set[str] = set()
    elsewhere = model._default_manager.exclude(scope_q("region__code", tuple(scope)))
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start : start + LOOKUP_CHUNK]
        outside.update(elsewhere.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
    if not outside:
        return []
    rows = valid.filter(pl.col(column).is_in(list(outside))).select(ROW, column)
    return [
        RowProblem(row, column, key, Problem(code, params={"column": column}))
        for row, key in rows.iter_rows()
    ]
