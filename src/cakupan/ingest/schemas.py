"""The canonical file layouts users import (documented in docs/file-layouts.md).

A layout names its columns, what each must hold, and which columns identify a row within the file. A source
(what a file is imported as) usually has one layout; ``labour-force`` has two, chosen by the file's headers:
Kemendagri region codes, or BPS codes translated through a checked crosswalk (``LABOUR_FORCE_BPS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cakupan.core.labels import Label

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
STAFF_STATUSES = ("ASN", "non_ASN", "perangkat_nagari", "bamus", "kader")
# What a person reads for the stored codes above (tests/core/test_labels.py checks every code has one).
PAYER_LABELS: dict[str, Label] = {
    "mandiri": Label("Mandiri (bayar sendiri)", "Self-paid (mandiri)"),
    "pemberi_kerja": Label("Pemberi kerja", "Employer"),
    "apbd": Label("APBD kabupaten/kota", "Kab/kota budget (APBD)"),
    "apbd_provinsi": Label("APBD provinsi", "Provincial budget (APBD provinsi)"),
    "apb_nagari": Label("APB Nagari/Desa", "Nagari/village budget (APB Nagari)"),
    "dbh_sawit": Label("DBH Sawit", "Palm oil revenue share (DBH Sawit)"),
    "csr": Label("CSR perusahaan", "Company CSR"),
    "baznas": Label("BAZNAS", "BAZNAS (zakat)"),
    "lainnya": Label("Lainnya", "Other"),
}
STAFF_STATUS_LABELS: dict[str, Label] = {
    "ASN": Label("ASN", "Civil servants (ASN)"),
    "non_ASN": Label("Non-ASN (honorer, kontrak)", "Non-ASN staff (honorer, contract)"),
    "perangkat_nagari": Label("Perangkat nagari/desa", "Nagari/village officials (perangkat nagari)"),
    "bamus": Label("Anggota Bamus", "Bamus members"),
    "kader": Label("Kader", "Cadres (kader)"),
}
# Business scale as OSS writes it (PP 7/2021); it decides the mandatory programmes (cakupan.compliance).
BUSINESS_SCALES = ("mikro", "kecil", "menengah", "besar")
FAMILY_RELATIONS = ("suami", "istri", "anak", "orang_tua", "mertua", "saudara_kandung", "lainnya")
# Who pays for a construction project (Jakon); APBD of a province or a kab/kota alike (the region tells which).
PROJECT_FUNDING = ("apbn", "apbd", "apb_nagari", "bumn_bumd", "swasta", "lainnya")
PROJECT_FUNDING_ALIASES: dict[str, str] = {
    spelling: choice
    for choice, spellings in {
        "apbd": ("apbd provinsi", "apbd kabupaten", "apbd kota", "apbd kab kota"),
        "apb_nagari": ("apb nagari", "apbnagari", "apbdes", "apb desa", "dana desa"),
        "bumn_bumd": ("bumn", "bumd", "bumn bumd"),
        "lainnya": ("lain lain",),
    }.items()
    for spelling in spellings
}

# Spellings offices use for a choice, compared after ``alias_key`` (lower case, runs of spaces, dots, dashes,
# slashes and underscores made one space). PPPK (and part-time PPPK) are ASN under UU 20/2023, like PNS.
STAFF_STATUS_ALIASES: dict[str, str] = {
    "asn": "ASN",
    "pns": "ASN",
    "cpns": "ASN",
    "pegawai negeri sipil": "ASN",
    "pppk": "ASN",
    "p3k": "ASN",
    "pppk paruh waktu": "ASN",
    "non asn": "non_ASN",
    "nonasn": "non_ASN",
    "honorer": "non_ASN",
    "tenaga honorer": "non_ASN",
    "thl": "non_ASN",
    "tenaga harian lepas": "non_ASN",
    "ptt": "non_ASN",
    "pegawai tidak tetap": "non_ASN",
    "tenaga kontrak": "non_ASN",
    "kontrak": "non_ASN",
    "perangkat nagari": "perangkat_nagari",
    "perangkat desa": "perangkat_nagari",
    "aparatur nagari": "perangkat_nagari",
    "wali nagari": "perangkat_nagari",
    "kepala desa": "perangkat_nagari",
    "sekretaris nagari": "perangkat_nagari",
    "sekretaris desa": "perangkat_nagari",
    "wali korong": "perangkat_nagari",
    "kepala jorong": "perangkat_nagari",
    "kepala dusun": "perangkat_nagari",
    "bamus": "bamus",
    "bamus nagari": "bamus",
    "bpd": "bamus",
    "badan permusyawaratan desa": "bamus",
    "badan permusyawaratan nagari": "bamus",
    "kader": "kader",
    "kader posyandu": "kader",
    "kader pkk": "kader",
    "kader kesehatan": "kader",
    "kader kb": "kader",
}
FAMILY_RELATION_ALIASES: dict[str, str] = {
    "suami": "suami",
    "istri": "istri",
    "isteri": "istri",
    "anak": "anak",
    "anak kandung": "anak",
    "anak tiri": "anak",
    "anak angkat": "anak",
    "orang tua": "orang_tua",
    "ortu": "orang_tua",
    "ayah": "orang_tua",
    "bapak": "orang_tua",
    "ibu": "orang_tua",
    "ayah kandung": "orang_tua",
    "ibu kandung": "orang_tua",
    "mertua": "mertua",
    "ayah mertua": "mertua",
    "ibu mertua": "mertua",
    "saudara kandung": "saudara_kandung",
    "saudara": "saudara_kandung",
    "kakak": "saudara_kandung",
    "adik": "saudara_kandung",
    "lainnya": "lainnya",
    "lain lain": "lainnya",
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: ColumnKind
    required: bool = True
    choices: tuple[str, ...] = ()
    region_level: int | None = None  # required level of a region code; None = any level
    max_length: int | None = None  # longest text the database column holds
    # Checked by cakupan.ingest.source_rules, around the generic validator:
    digits: int | None = None  # exactly this many digits (spaces, dots and dashes removed first)
    min_region_level: int | None = None  # a region code at this level or deeper (2 = kab/kota or below)
    aliases: tuple[tuple[str, str], ...] = ()  # (spelling, choice) pairs read as the choice


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

# A BPS table: BPS codes, translated to Kemendagri codes through cakupan.ingest.crosswalk, name checked.
LABOUR_FORCE_BPS = Layout(
    source="labour-force-bps",
    columns=(
        Column("kode_bps", "text", max_length=10),
        Column("nama_wilayah", "text", max_length=120),
        Column("periode", "period"),
        Column("jenis", "choice", choices=DENOMINATOR_KINDS),
        Column("nilai", "count"),
        Column("sumber", "text", max_length=300),
    ),
    key=("kode_bps", "periode", "jenis"),
)

EMPLOYERS = Layout(
    source="employers",
    columns=(
        Column("nib", "text", digits=13),
        Column("npp", "text", required=False, max_length=20),
        Column("nama", "text", max_length=200),
        Column("kbli", "text", digits=5),
        Column("kode_wilayah", "region", min_region_level=2),
        Column("jumlah_tenaga_kerja", "count"),
        Column("tenaga_kerja_terdaftar", "count", required=False),
        Column("total_upah_dilaporkan", "rupiah", required=False),
        Column("program", "programs", required=False),
        Column(
            "skala_usaha",
            "choice",
            choices=BUSINESS_SCALES,
            required=False,
            aliases=(
                ("usaha mikro", "mikro"),
                ("usaha kecil", "kecil"),
                ("usaha menengah", "menengah"),
                ("usaha besar", "besar"),
            ),
        ),
        Column("modal_usaha", "rupiah", required=False),
    ),
    key=("nib",),
)

# BPJS Ketenagakerjaan's own employer data, imported on its own (source ``employers-bpjstk``): it meets the OSS
# list on the same employer record by NIB (when the row has one) or NPP (cakupan.web.employers.matching), in
# either order. ``kode_wilayah`` is needed only for an employer not yet known by NIB or NPP.
EMPLOYERS_BPJSTK = Layout(
    source="employers-bpjstk",
    columns=(
        Column("npp", "text", max_length=20),
        Column("nib", "text", required=False, digits=13),
        Column("nama", "text", max_length=200),
        Column("kode_wilayah", "region", required=False, min_region_level=2),
        Column("tenaga_kerja_terdaftar", "count"),
        Column("total_upah_dilaporkan", "rupiah", required=False),
        Column("program", "programs", required=False),
    ),
    key=("npp",),
)

STAFF = Layout(
    source="staff",
    columns=(
        Column("nik", "nik"),
        Column("nama", "text", max_length=200),
        Column("instansi", "text", max_length=200),
        Column("status", "choice", choices=STAFF_STATUSES, aliases=tuple(STAFF_STATUS_ALIASES.items())),
        Column("kode_wilayah", "region", min_region_level=2),
    ),
    key=("nik", "instansi"),
)

ASN_FAMILY = Layout(
    source="asn-family",
    columns=(
        Column("nik_asn", "nik"),
        Column("nama_asn", "text", max_length=200),
        Column("instansi", "text", max_length=200),
        Column("nik_keluarga", "nik"),
        Column("nama_keluarga", "text", max_length=200),
        Column(
            "hubungan", "choice", choices=FAMILY_RELATIONS, aliases=tuple(FAMILY_RELATION_ALIASES.items())
        ),
        Column("kpj", "text", required=False, max_length=20),
        Column("tanggal_daftar", "date"),
        Column("kode_wilayah", "region", min_region_level=2),
    ),
    key=("nik_asn", "nik_keluarga"),
)

# A construction project (jasa konstruksi, Jakon) and its registration with BPJS Ketenagakerjaan
# (cakupan.compliance.jakon). ``sumber_dana`` and ``tanggal_registrasi`` are header variants of other columns
# (``pembayar``, ``tanggal_daftar``), so the canonical names here are ``sumber_pendanaan`` and ``tanggal_daftar``.
JAKON_PROJECTS = Layout(
    source="jakon-projects",
    columns=(
        Column("kode_proyek", "text", max_length=50),
        Column("nama_proyek", "text", max_length=300),
        Column("kode_wilayah", "region", min_region_level=2),
        Column("nib_kontraktor", "text", required=False, digits=13),
        Column("nama_kontraktor", "text", max_length=200),
        Column("nilai_kontrak", "rupiah"),
        Column(
            "sumber_pendanaan",
            "choice",
            choices=PROJECT_FUNDING,
            aliases=tuple(PROJECT_FUNDING_ALIASES.items()),
        ),
        Column("tanggal_spk", "date"),
        Column("tanggal_selesai", "date", required=False),
        Column("nomor_registrasi_bpjstk", "text", required=False, max_length=30),
        Column("tanggal_daftar", "date", required=False),
    ),
    key=("kode_proyek",),
)

# Every layout, by name (the name is the import source, except the BPS variant of labour-force).
LAYOUTS: dict[str, Layout] = {
    layout.source: layout
    for layout in (
        PERSONS,
        MEMBERSHIPS,
        LABOUR_FORCE,
        LABOUR_FORCE_BPS,
        EMPLOYERS,
        EMPLOYERS_BPJSTK,
        STAFF,
        ASN_FAMILY,
        JAKON_PROJECTS,
    )
}
# What a user imports a file as, and the layouts each source accepts (the first is the canonical one).
SOURCE_LAYOUTS: dict[str, tuple[Layout, ...]] = {
    "persons": (PERSONS,),
    "memberships": (MEMBERSHIPS,),
    "labour-force": (LABOUR_FORCE, LABOUR_FORCE_BPS),
    "employers": (EMPLOYERS,),
    "employers-bpjstk": (EMPLOYERS_BPJSTK,),
    "staff": (STAFF,),
    "asn-family": (ASN_FAMILY,),
    "jakon-projects": (JAKON_PROJECTS,),
}
