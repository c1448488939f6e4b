"""Import a file a user supplies: read, validate, then load every valid row in one transaction.

A file that cannot be read, or that has no valid row, changes nothing. The same file imported twice changes
nothing the second time (it is recognised by its SHA-256), unless rows of it were rejected only because their
person was not in the registry yet: then importing it again, after the persons, loads those rows too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cakupan.core.files import sha256_of
from cakupan.core.problems import Problem
from cakupan.ingest.readers import read_table
from cakupan.ingest.schemas import LAYOUTS
from cakupan.ingest.validate import ROW, RowProblem, Validation, validate
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.imports.models import ImportBatch
from cakupan.web.imports.writers import write_rows
from cakupan.web.registry.selectors import person_ids_by_nik, region_index

PROBLEMS_SAMPLE = 200


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


def import_batch_create(
    *, source: str, path: Path, user: User | None = None, sheet: str | None = None
) -> ImportOutcome:
    """Import ``path`` as ``source`` (persons, memberships, labour-force). Raises UnreadableFile, NothingImported."""
    sha = sha256_of(path)
    complete = ImportBatch.objects.filter(source=source, file_sha256=sha, rows_awaiting_person=0).first()
    if complete is not None:
        return ImportOutcome(batch=complete, already_imported=True)

    validation = validate(read_table(path, sheet), LAYOUTS[source], regions=region_index())
    with transaction.atomic():
        return _load(source=source, path=path, sha=sha, validation=validation, user=user)


def _load(*, source: str, path: Path, sha: str, validation: Validation, user: User | None) -> ImportOutcome:
    problems = list(validation.problems)
    valid = validation.valid
    awaiting = 0
    if source == "memberships":
        valid, unknown = _attach_person_ids(valid)
        awaiting = len(unknown)
        problems = sorted([*problems, *unknown], key=lambda p: p.row)
    if valid.height == 0:
        raise NothingImported(tuple(problems), validation.rows_total)

    batch = ImportBatch.objects.create(
        source=source,
        file_name=path.name,
        file_sha256=sha,
        rows_total=validation.rows_total,
        rows_created=0,
        rows_updated=0,
        rows_rejected=len({p.row for p in problems if p.problem.severity == "error"}),
        rows_awaiting_person=awaiting,
        warnings=sum(1 for p in problems if p.problem.severity == "warning"),
        problems_sample=[_problem_json(p) for p in problems[:PROBLEMS_SAMPLE]],
        created_by=user if user is not None and user.is_authenticated else None,
    )
    batch.rows_created, batch.rows_updated = write_rows(
        source,
        valid,
        present=set(validation.columns_present) | {"person_id"},
        batch_id=batch.pk,
        now=timezone.now(),
    )
    batch.save(update_fields=["rows_created", "rows_updated"])
    audit_record(
        action=AuditEvent.Action.IMPORT,
        actor=user,
        actor_name="" if user is not None else "sistem (baris perintah)",
        object_type="import_batch",
        object_id=batch.pk,
        changes={
            "source": source,
            "file": path.name,
            "sha256": sha,
            "created": batch.rows_created,
            "updated": batch.rows_updated,
            "rejected": batch.rows_rejected,
        },
    )
    return ImportOutcome(batch=batch, already_imported=False, problems=tuple(problems))


def _problem_json(p: RowProblem) -> dict[str, object]:
    return {
        "row": p.row,
        "column": p.column,
        "value": p.value,
        "code": p.problem.code,
        "message": p.problem.message(),
    }


def _attach_person_ids(valid: pl.DataFrame) -> tuple[pl.DataFrame, list[RowProblem]]:
    ids = person_ids_by_nik(valid.get_column("nik").unique().to_list())
    mapping = pl.DataFrame(
        {"nik": list(ids), "person_id": list(ids.values())}, schema={"nik": pl.String, "person_id": pl.Int64}
    )
    joined = valid.join(mapping, on="nik", how="left", maintain_order="left")
    missing = joined.filter(pl.col("person_id").is_null()).select(ROW, "nik")
    unknown = [RowProblem(row, "nik", nik, Problem("person_unknown")) for row, nik in missing.iter_rows()]
    return joined.filter(pl.col("person_id").is_not_null()), unknown
