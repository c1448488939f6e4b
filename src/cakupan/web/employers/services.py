"""Writes of employer records that the generic import writer cannot do: BPJSTK's employer data, matched row by
row onto the records the OSS list made (or will meet), see ``cakupan.web.employers.matching``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import polars as pl
from django.db import transaction

from cakupan.web.employers.matching import EMPLOYER_ID
from cakupan.web.employers.models import Employer
from cakupan.web.history.diff import FieldChanges
from cakupan.web.history.services import record_changes_save

# BPJSTK's columns and the fields they fill. ``nama`` and ``kode_wilayah`` are the OSS list's once it has the
# employer: BPJSTK's data set them only on a record the OSS list has not brought, so either import order gives the
# same record. A NIB fills a record that has none; it never replaces one (a different NIB is a row problem).
BPJSTK_FIELDS = {
    "npp": "npp",
    "tenaga_kerja_terdaftar": "workers_registered",
    "total_upah_dilaporkan": "wages_reported",
    "program": "programmes",
}
BLANK_AS_EMPTY = ("npp", "program")
HISTORY_ENTITY = "employers"  # one table, whichever file changed it


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@transaction.atomic
def employers_bpjstk_write(
    *, rows: pl.DataFrame, present: Collection[str], batch_id: int, user_id: int | None, now: dt.datetime
) -> tuple[int, int]:
    """Write matched BPJSTK rows (with ``employer_id``, null for a new record); returns (created, updated).
    Only the columns the file has are written; what changed in a stored record goes into its history."""
    columns = [c for c in BPJSTK_FIELDS if c in present or c == "npp"]
    updates = rows.filter(pl.col(EMPLOYER_ID).is_not_null())
    stored = Employer.objects.in_bulk(updates.get_column(EMPLOYER_ID).to_list())
    changed: dict[int, Employer] = {}
    history: list[tuple[int, dict[str, list[str | None]]]] = []
    for row in updates.iter_rows(named=True):
        employer = stored[row[EMPLOYER_ID]]
        wanted = _values(row, columns)
        if row["nib"] and employer.nib is None:
            wanted["nib"] = row["nib"]
        if not employer.in_oss:
            wanted["name"] = row["nama"]
            if row["kode_wilayah"] is not None:
                wanted["region_id"] = row["kode_wilayah"]
        diff = {
            field.removesuffix("_id"): [_text(getattr(employer, field)), _text(value)]
            for field, value in wanted.items()
            if getattr(employer, field) != value
        }
        for field, value in wanted.items():
            setattr(employer, field, value)
        employer.import_batch_id = batch_id
        employer.updated_at = now
        changed[employer.pk] = employer
        if diff:
            history.append((employer.pk, diff))
    fields = sorted({"npp", "nib", "name", "region_id", "import_batch_id", "updated_at", *_fields(columns)})
    Employer.objects.bulk_update(changed.values(), [f.removesuffix("_id") for f in fields], batch_size=1000)
    new = [
        Employer(
            nib=row["nib"],
            name=row["nama"],
            region_id=row["kode_wilayah"],
            import_batch_id=batch_id,
            **_values(row, columns),
        )
        for row in rows.filter(pl.col(EMPLOYER_ID).is_null()).iter_rows(named=True)
    ]
    Employer.objects.bulk_create(new, batch_size=1000)
    found = FieldChanges(existing=len(changed), changes=history)
    record_changes_save(entity=HISTORY_ENTITY, found=found, batch_id=batch_id, user_id=user_id, now=now)
    return len(new), len(changed)


def _fields(columns: list[str]) -> list[str]:
    return [BPJSTK_FIELDS[c] for c in columns]


def _values(row: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    return {BPJSTK_FIELDS[c]: (row[c] or "") if c in BLANK_AS_EMPTY else row[c] for c in columns}


@transaction.atomic
def employers_claim_by_npp(*, rows: pl.DataFrame) -> int:
    """Before OSS rows carrying an NPP (a combined file) are written by NIB: a record BPJSTK's data made without
    NIB and with one of those NPPs takes the row's NIB, so the row updates it instead of making a second employer
    with the same NPP. Only an NPP on exactly one such record, for a NIB not stored yet; returns how many."""
    pairs = rows.filter(pl.col("npp").is_not_null() & (pl.col("npp") != "")).select("nib", "npp")
    if pairs.is_empty():
        return 0
    known = set(
        Employer.objects.filter(nib__in=pairs.get_column("nib").to_list()).values_list("nib", flat=True)
    )
    wanted = {npp: nib for nib, npp in pairs.iter_rows() if nib not in known}
    holders: dict[str, list[int]] = {}
    for pk, npp in Employer.objects.filter(nib=None, npp__in=list(wanted)).values_list("pk", "npp"):
        holders.setdefault(npp, []).append(pk)
    claimed = 0
    for npp, pks in holders.items():
        if len(pks) == 1:
            claimed += Employer.objects.filter(pk=pks[0]).update(nib=wanted[npp])
    return claimed
