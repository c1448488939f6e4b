"""Write validated rows of each source into its table, keyed by the source's natural key.

Each source maps its file columns to model fields. On an update only the fields whose column the file
actually has are overwritten: a persons file without ``desil`` leaves stored deciles alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.db import models

from cakupan.web.employers.models import ConstructionProject, Employer
from cakupan.web.employers.services import employers_bpjstk_write, employers_claim_by_npp
from cakupan.web.history.diff import field_changes
from cakupan.web.history.services import record_changes_save
from cakupan.web.imports.bulk import stored_mask, upsert
from cakupan.web.imports.models import ImportBatch
from cakupan.web.indicators.models import LabourForceStat
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person, RegionBoundary
from cakupan.web.staff.models import AsnFamilyMember, Staff


@dataclass(frozen=True)
class Target:
    model: type[models.Model]
    fields: dict[str, str]  # file column (or "person_id") -> model field
    key: tuple[str, ...]  # model fields of the natural key
    blank_as_empty: tuple[str, ...] = ()  # text columns stored as "" rather than NULL
    stamps: tuple[str, ...] = ("created_at", "updated_at")
    digested: tuple[str, ...] = ()  # model fields too large for the history: recorded by digest, not value


PERSONS = Target(
    model=Person,
    fields={
        "nik": "nik",
        "no_kk": "kk_number",
        "nama": "name",
        "tanggal_lahir": "birth_date",
        "jenis_kelamin": "sex",
        "kode_wilayah": "region",
        "alamat": "address",
        "pekerjaan": "occupation",
        "sektor": "sector",
        "desil": "decile",
    },
    key=("nik",),
    blank_as_empty=("no_kk", "alamat", "pekerjaan", "sektor"),
)
MEMBERSHIPS = Target(
    model=Membership,
    fields={
        "person_id": "person",
        "kpj": "kpj",
        "segmen": "segment",
        "program": "programmes",
        "tanggal_mulai": "start_date",
        "tanggal_akhir": "end_date",
        "dasar_upah": "wage_basis",
        "pembayar": "payer",
        "npp": "employer_npp",
    },
    key=("person", "segment", "start_date"),
    blank_as_empty=("npp",),
)
LABOUR_FORCE = Target(
    model=LabourForceStat,
    fields={
        "kode_wilayah": "region",
        "periode": "period",
        "jenis": "kind",
        "nilai": "value",
        "sumber": "source",
    },
    key=("region", "period", "kind"),
    stamps=("updated_at",),
)
EMPLOYERS = Target(
    model=Employer,
    fields={
        "nib": "nib",
        "npp": "npp",
        "nama": "name",
        "kbli": "kbli",
        "kode_wilayah": "region",
        "jumlah_tenaga_kerja": "workforce",
        "tenaga_kerja_terdaftar": "workers_registered",
        "total_upah_dilaporkan": "wages_reported",
        "program": "programmes",
        "skala_usaha": "scale",
        "modal_usaha": "capital",
    },
    key=("nib",),
    blank_as_empty=("npp", "program", "skala_usaha"),
)
# Staff and ASN family members link to persons by NIK after the write (cakupan.web.staff.services).
STAFF = Target(
    model=Staff,
    fields={"nik": "nik", "nama": "name", "instansi": "agency", "status": "status", "kode_wilayah": "region"},
    key=("nik", "agency"),
)
ASN_FAMILY = Target(
    model=AsnFamilyMember,
    fields={
        "nik_asn": "asn_nik",
        "nama_asn": "asn_name",
        "instansi": "agency",
        "nik_keluarga": "member_nik",
        "nama_keluarga": "member_name",
        "hubungan": "relation",
        "kpj": "kpj",
        "tanggal_daftar": "registered_on",
        "kode_wilayah": "region",
    },
    key=("asn_nik", "member_nik"),
    blank_as_empty=("kpj",),
)
JAKON_PROJECTS = Target(
    model=ConstructionProject,
    fields={
        "kode_proyek": "code",
        "nama_proyek": "name",
        "kode_wilayah": "region",
        "nib_kontraktor": "contractor_nib",
        "nama_kontraktor": "contractor_name",
        "nilai_kontrak": "contract_value",
        "sumber_pendanaan": "funding",
        "tanggal_spk": "spk_date",
        "tanggal_selesai": "finished_on",
        "nomor_registrasi_bpjstk": "registration_number",
        "tanggal_daftar": "registered_on",
    },
    key=("code",),
    blank_as_empty=("nib_kontraktor", "nomor_registrasi_bpjstk"),
)
BOUNDARIES = Target(
    model=RegionBoundary,
    fields={
        "kode_wilayah": "region",
        "geometri": "geometry",
        "min_lng": "min_lng",
        "min_lat": "min_lat",
        "max_lng": "max_lng",
        "max_lat": "max_lat",
    },
    key=("region",),
    digested=("geometry",),
)
TARGETS = {
    "persons": PERSONS,
    "memberships": MEMBERSHIPS,
    "labour-force": LABOUR_FORCE,
    "employers": EMPLOYERS,
    "staff": STAFF,
    "asn-family": ASN_FAMILY,
    "jakon-projects": JAKON_PROJECTS,
    "boundaries": BOUNDARIES,
}


def write_rows(
    source: str, rows: pl.DataFrame, *, present: set[str], batch_id: int, now: dt.datetime
) -> tuple[int, int]:
    """Insert new rows and update existing ones, recording what changed; returns (created, updated)."""
    if source == "employers-bpjstk":  # matched row by row onto the OSS list's records, not by one key
        return employers_bpjstk_write(
            rows=rows, present=present, batch_id=batch_id, user_id=_importer(batch_id), now=now
        )
    if source == "employers" and "npp" in present:
        employers_claim_by_npp(rows=rows)
    target = TARGETS[source]
    frame = rows.select(
        pl.col(c).fill_null("") if c in target.blank_as_empty else pl.col(c) for c in target.fields
    )
    updatable = [
        f for c, f in target.fields.items() if f not in target.key and (c in present or c == "person_id")
    ]
    incoming = frame.rename(target.fields)
    stored = stored_mask(target.model, key=target.key, rows=incoming)
    found = field_changes(
        target.model,
        incoming.filter(stored),  # only these can have changed
        key=list(target.key),
        compare=[f for f in updatable if f != "person"],
        digested=target.digested,
    )
    existing = found.existing
    upsert(
        target.model,
        columns=[*target.fields.values(), "import_batch", *target.stamps],
        rows=frame.with_columns(
            pl.lit(batch_id).alias("_import_batch"), *(pl.lit(now).alias(f"_{s}") for s in target.stamps)
        ),
        conflict=list(target.key),
        update=[*updatable, "import_batch", "updated_at"],
        stored=stored,
    )
    record_changes_save(entity=source, found=found, batch_id=batch_id, user_id=_importer(batch_id), now=now)
    return rows.height - existing, existing


def _importer(batch_id: int) -> int | None:
    user_id: int | None = ImportBatch.objects.values_list("created_by_id", flat=True).get(pk=batch_id)
    return user_id
