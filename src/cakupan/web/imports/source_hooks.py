"""What a source needs beyond the generic import (read a table, validate it, write rows by natural key).

- Boundaries are read from GeoJSON, not a table, and checked against the loaded regions' names.
- Every table is validated through ``cakupan.ingest.source_rules`` (a labour-force file with BPS codes is
  translated to Kemendagri codes there).
- After staff, ASN family members or persons are written, staff rows link to the persons whose NIK they carry.
- After persons or memberships are written, the coverage facts are recomputed (same transaction).
- The command line adds a sentence or two about what a source's import left open (``source_notes``), such as
  the employers of BPJSTK's data that no OSS row met yet.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cakupan.core.problems import Problem
from cakupan.ingest.boundaries import BOUNDARIES, read_geojson, validate_boundaries
from cakupan.ingest.headers import layout_for
from cakupan.ingest.readers import TableRead, read_table_with_warnings
from cakupan.ingest.schemas import Layout
from cakupan.ingest.source_rules import validate_source
from cakupan.ingest.validate import RowProblem, Validation
from cakupan.web.imports.models import ImportBatch
from cakupan.web.registry.boundary_selectors import region_names
from cakupan.web.registry.selectors import region_index

LINKING_SOURCES = frozenset({"persons", "staff", "asn-family"})
# Sources whose rows the coverage facts count: the facts are recomputed in the same transaction.
FACT_SOURCES = frozenset({"persons", "memberships"})


def source_read(
    *, source: str, path: Path, sheet: str | None = None, exact_numbers: bool = False
) -> TableRead:
    """The file's cells (a table for every source, one row per feature for boundaries) and warnings about the
    file as a whole, such as a mixed encoding. ``exact_numbers``: the importer confirmed that the file is a
    system export, so its 16-digit numbers ending in 0 are exact. Raises UnreadableFile."""
    if source == "boundaries":
        return TableRead(read_geojson(path))
    return read_table_with_warnings(path, sheet, exact_numbers=exact_numbers)


def file_warnings(warnings: tuple[Problem, ...]) -> list[RowProblem]:
    """Warnings about the whole file, reported on the header row (row 1) so they lead the problem list."""
    return [RowProblem(1, "", None, warning) for warning in warnings]


def source_layout(*, source: str, frame: pl.DataFrame) -> Layout:
    """The layout ``frame`` (from ``source_read``) is in: what its error report's columns are named after."""
    return BOUNDARIES if source == "boundaries" else layout_for(source, frame)


def source_validate(*, source: str, frame: pl.DataFrame) -> Validation:
    """Validate ``frame`` as ``source`` against the regions in the database. Raises UnreadableFile."""
    if source == "boundaries":
        return validate_boundaries(frame, regions=region_names())
    return validate_source(frame, source, regions=region_index())[1]


def source_after_write(*, source: str) -> None:
    """Inside the import's transaction, after its rows are written."""
    if source in LINKING_SOURCES:
        from cakupan.web.staff.services import staff_link_persons

        staff_link_persons()
    if source in FACT_SOURCES:
        from cakupan.web.indicators.services import facts_refresh

        facts_refresh()


def source_notes(*, batch: ImportBatch) -> list[tuple[str, str]]:
    """Sentences (Indonesian, English) about what this import left open, for the command line."""
    from cakupan.web.staff.selectors import asn_family_unlinked_count, staff_unlinked_count

    if batch.source == "staff":
        n = staff_unlinked_count(import_batch_id=batch.pk)
        return [
            (
                f"{n} pegawai belum tertaut ke registri penduduk (NIK-nya tidak ada di data penduduk); "
                "mereka tetap dimuat dan tertaut otomatis setelah data penduduknya diimpor.",
                f"{n} staff are not linked to the person registry (their NIK is not among the persons); they are "
                "loaded and link automatically once their persons are imported.",
            )
        ]
    if batch.source == "asn-family":
        n = asn_family_unlinked_count(import_batch_id=batch.pk)
        return [
            (
                f"{n} anggota keluarga belum tertaut ke registri penduduk; mereka tetap dimuat.",
                f"{n} family members are not linked to the person registry; they are loaded.",
            )
        ]
    if batch.source == "employers":
        from cakupan.web.employers.models import Employer

        n = Employer.objects.filter(import_batch=batch, npp="").count()
        return [
            (
                f"{n} pemberi kerja tanpa NPP (belum terdaftar di BPJS Ketenagakerjaan: calon PWBD).",
                f"{n} employers without an NPP (not registered with BPJS Ketenagakerjaan: PWBD candidates).",
            ),
            *_employers_not_in_oss(Employer.objects.filter(workforce=None).count(), this_file=False),
        ]
    if batch.source == "employers-bpjstk":
        from cakupan.web.employers.models import Employer

        n = Employer.objects.filter(import_batch=batch, workforce=None).count()
        return _employers_not_in_oss(n, this_file=True)
    if batch.source == "jakon-projects":
        from cakupan.web.employers.models import ConstructionProject

        n = ConstructionProject.objects.filter(
            import_batch=batch, registered_on=None, registration_number=""
        ).count()
        return [
            (
                f"{n} proyek tanpa nomor dan tanggal registrasi BPJS Ketenagakerjaan (belum terdaftar).",
                f"{n} projects without a BPJS Ketenagakerjaan registration number or date (not registered).",
            )
        ]
    return []


def _employers_not_in_oss(n: int, *, this_file: bool) -> list[tuple[str, str]]:
    """Employers from BPJSTK's data that no OSS row met yet: kept, listed, met when the OSS list comes."""
    if not n and not this_file:
        return []
    return [
        (
            f"{n} pemberi kerja dari data BPJSTK belum ada di daftar OSS (tidak ada NIB atau NPP yang cocok); "
            "mereka disimpan dan dicocokkan otomatis saat daftar OSS-nya diimpor.",
            f"{n} employers from BPJSTK's data are not in the OSS list yet (no matching NIB or NPP); they are "
            "kept and matched automatically when the OSS list is imported.",
        )
    ]
