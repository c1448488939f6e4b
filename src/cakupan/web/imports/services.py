"""Import a file a user supplies: read, validate, then load every valid row in one transaction.

A file that cannot be read, or that has no valid row, changes nothing. The same file imported twice changes
nothing the second time (it is recognised by its SHA-256). Rows are upserted by their natural key, so an
updated file updates the records it changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from cakupan.core.problems import Problem
from cakupan.ingest.readers import read_table
from cakupan.ingest.schemas import LAYOUTS
from cakupan.ingest.validate import ROW, RowProblem, Validation, validate
from cakupan.web.imports.bulk import upsert
from cakupan.web.imports.models import ImportBatch
from cakupan.web.indicators.models import LabourForceStat
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person
from cakupan.web.registry.selectors import person_ids_by_nik, region_index

PROBLEMS_SAMPLE = 200
# Model fields in the order of the layout's columns (see cakupan.ingest.schemas).
PERSON_COLUMNS = [
    "nik",
    "kk_number",
    "name",
    "birth_date",
    "sex",
    "region",
    "address",
    "occupation",
    "sector",
    "decile",
]
MEMBERSHIP_COLUMNS = [
    "person",
    "kpj",
    "segment",
    "programmes",
    "start_date",
    "end_date",
    "wage_basis",
    "payer",
    "employer_npp",
]


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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    *, source: str, path: Path, user: AbstractBaseUser | None = None, sheet: str | None = None
) -> ImportOutcome:
    """Import ``path`` as ``source`` (persons, memberships, labour-force). Raises UnreadableFile, NothingImported."""
    layout = LAYOUTS[source]
    sha = file_sha256(path)
    previous = ImportBatch.objects.filter(source=source, file_sha256=sha).first()
    if previous is not None:
        return ImportOutcome(batch=previous, already_imported=True)

    validation = validate(read_table(path, sheet), layout, regions=region_index())
    with transaction.atomic():
        return _load(source=source, path=path, sha=sha, validation=validation, user=user)


def _load(*, source: str, path: Path, sha: str, validation: Validation, user: Any) -> ImportOutcome:
    problems = list(validation.problems)
    valid = validation.valid
    if source == "memberships":
        valid, unknown = _attach_person_ids(valid)
        problems.extend(unknown)
        problems.sort(key=lambda p: p.row)
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
        warnings=sum(1 for p in problems if p.problem.severity == "warning"),
        problems_sample=[_problem_json(p) for p in problems[:PROBLEMS_SAMPLE]],
        created_by=user if user is not None and user.is_authenticated else None,
    )
    writer = {
        "persons": _write_persons,
        "memberships": _write_memberships,
        "labour-force": _write_labour_force,
    }
    created, updated = writer[source](valid, batch)
    batch.rows_created, batch.rows_updated = created, updated
    batch.save(update_fields=["rows_created", "rows_updated"])
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
    missing = joined.filter(pl.col("person_id").is_null())
    unknown = [
        RowProblem(row, "nik", nik, Problem("person_unknown"))
        for row, nik in missing.select(ROW, "nik").iter_rows()
    ]
    return joined.filter(pl.col("person_id").is_not_null()), unknown


def _chunks(items: list[Any], size: int = 5000) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _write_persons(valid: pl.DataFrame, batch: ImportBatch) -> tuple[int, int]:
    existing = len(person_ids_by_nik(valid.get_column("nik").to_list()))
    now = timezone.now()
    frame = valid.select(
        "nik",
        pl.col("no_kk").fill_null(""),
        "nama",
        "tanggal_lahir",
        "jenis_kelamin",
        "kode_wilayah",
        pl.col("alamat").fill_null(""),
        pl.col("pekerjaan").fill_null(""),
        pl.col("sektor").fill_null(""),
        "desil",
    )
    upsert(
        Person,
        columns=[*PERSON_COLUMNS, "import_batch", "created_at", "updated_at"],
        rows=((*row, batch.pk, now, now) for row in frame.iter_rows()),
        conflict=["nik"],
        update=[*PERSON_COLUMNS[1:], "import_batch", "updated_at"],
    )
    return valid.height - existing, existing


def _write_memberships(valid: pl.DataFrame, batch: ImportBatch) -> tuple[int, int]:
    keys = {(r[0], r[1], r[2]) for r in valid.select("person_id", "segmen", "tanggal_mulai").iter_rows()}
    existing = sum(
        1
        for part in _chunks(sorted({k[0] for k in keys}))
        for key in Membership.objects.filter(person_id__in=part).values_list(
            "person_id", "segment", "start_date"
        )
        if key in keys
    )
    now = timezone.now()
    frame = valid.select(
        "person_id",
        "kpj",
        "segmen",
        "program",
        "tanggal_mulai",
        "tanggal_akhir",
        "dasar_upah",
        "pembayar",
        pl.col("npp").fill_null(""),
    )
    upsert(
        Membership,
        columns=[*MEMBERSHIP_COLUMNS, "import_batch", "created_at", "updated_at"],
        rows=((*row, batch.pk, now, now) for row in frame.iter_rows()),
        conflict=["person", "segment", "start_date"],
        update=[c for c in MEMBERSHIP_COLUMNS if c not in ("person", "segment", "start_date")]
        + ["import_batch", "updated_at"],
    )
    return valid.height - existing, existing


def _write_labour_force(valid: pl.DataFrame, batch: ImportBatch) -> tuple[int, int]:
    frame = valid.select("kode_wilayah", "periode", "jenis", "nilai", "sumber")
    keys = set(frame.select("kode_wilayah", "periode", "jenis").iter_rows())
    existing = sum(
        1
        for key in LabourForceStat.objects.filter(region_id__in={k[0] for k in keys}).values_list(
            "region_id", "period", "kind"
        )
        if key in keys
    )
    now = timezone.now()
    upsert(
        LabourForceStat,
        columns=["region", "period", "kind", "value", "source", "import_batch", "updated_at"],
        rows=((*row, batch.pk, now) for row in frame.iter_rows()),
        conflict=["region", "period", "kind"],
        update=["value", "source", "import_batch", "updated_at"],
    )
    return valid.height - existing, existing
