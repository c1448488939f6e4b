"""The canonical file layouts users import (documented in docs/file-layouts.md).

A layout names its columns, what each must hold, and which columns identify a row within the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnKind = Literal[
    "nik", "kk", "text", "date", "period", "sex", "choice", "count", "rupiah", "decile", "region", "programs"
]

SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")
PAYERS = (
    "mandiri",
    "pemberi_kerja",
    "apbd",
    "apbd_provinsi",
    "apb_nagari",
    "dbh_sawit",
    "csr",
    "baznas",
    "lainnya",
)
SECTORS = ("formal", "informal")
DENOMINATOR_KINDS = ("angkatan_kerja", "penduduk_bekerja", "potensi_tenaga_kerja", "bpu")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: ColumnKind
    required: bool = True
    choices: tuple[str, ...] = ()
    region_level: int | None = None  # required level of a region code; None = any level
    max_length: int | None = None  # longest text the database column holds


@dataclass(frozen=True, slots=True)
class Layout:
    source: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # a second row with the same key is a duplicate

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


PERSONS = Layout(
    source="persons",
    columns=(
        Column("nik", "nik"),
        Column("no_kk", "kk", required=False),
        Column("nama", "text", max_length=200),
        Column("tanggal_lahir", "date"),
        Column("jenis_kelamin", "sex"),
        Column("kode_wilayah", "region", region_level=4),
        Column("alamat", "text", required=False, max_length=300),
        Column("pekerjaan", "text", required=False, max_length=120),
        Column("sektor", "choice", required=False, choices=SECTORS),
        Column("desil", "decile", required=False),
    ),
    key=("nik",),
)

MEMBERSHIPS = Layout(
    source="memberships",
    columns=(
        Column("nik", "nik"),
        Column("kpj", "text", max_length=20),
        Column("segmen", "choice", choices=SEGMENTS),
        Column("program", "programs"),
        Column("tanggal_mulai", "date"),
        Column("tanggal_akhir", "date", required=False),
        Column("dasar_upah", "rupiah"),
        Column("pembayar", "choice", choices=PAYERS),
        Column("npp", "text", required=False, max_length=20),
    ),
    key=("nik", "segmen", "tanggal_mulai"),
)

LABOUR_FORCE = Layout(
    source="labour-force",
    columns=(
        Column("kode_wilayah", "region"),
        Column("periode", "period"),
        Column("jenis", "choice", choices=DENOMINATOR_KINDS),
        Column("nilai", "count"),
        Column("sumber", "text", max_length=300),
    ),
    key=("kode_wilayah", "periode", "jenis"),
)

LAYOUTS: dict[str, Layout] = {layout.source: layout for layout in (PERSONS, MEMBERSHIPS, LABOUR_FORCE)}
