"""Turn the generated arrays into the three CSV layouts users import, and write them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import polars as pl

from cakupan.core.files import sha256_of
from cakupan.synth import names
from cakupan.synth.defects import BadNik, PersonDefects, corrupt_nik
from cakupan.synth.demography import Demography
from cakupan.synth.geography import Geography
from cakupan.synth.identity import ADDRESS_PREFIXES, ALL_NAMES, STREET, Identity
from cakupan.synth.memberships import PAYERS, PROGRAMS, SEGMENTS, Memberships
from cakupan.synth.sampling import IntArray
from cakupan.synth.summary import FileSummary
from cakupan.synth.work import Occupations, Work

PERSONS_FILE = "persons.csv"
MEMBERSHIPS_FILE = "memberships.csv"
LABOUR_FORCE_FILE = "labour_force.csv"
MANIFEST_FILE = "manifest.json"
PERSONS_COLUMNS = (
    "nik", "no_kk", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "alamat", "pekerjaan", "sektor", "desil",
)  # fmt: skip
MEMBERSHIPS_COLUMNS = (
    "nik", "kpj", "segmen", "program", "tanggal_mulai", "tanggal_akhir", "dasar_upah", "pembayar", "npp",
)  # fmt: skip
LABOUR_FORCE_COLUMNS = ("kode_wilayah", "periode", "jenis", "nilai", "sumber")


def written_niks(identity: Identity, defects: PersonDefects, female: np.ndarray) -> pl.Series:
    """The NIK of every person as written in the files, bad ones included."""
    nik = pl.Series("nik", identity.nik).cast(pl.String)
    bad = np.flatnonzero(defects.bad_nik >= 0)
    if bad.size:
        originals = nik.gather(bad).to_list()
        corrupted = [
            corrupt_nik(str(value), BadNik(int(how)), bool(f), int(pos))
            for value, how, f, pos in zip(
                originals,
                defects.bad_nik[bad].tolist(),
                female[bad].tolist(),
                defects.letter_position[bad].tolist(),
                strict=True,
            )
        ]
        nik = nik.scatter(bad, corrupted)
    return nik


def _addresses(identity: Identity) -> pl.Series:
    frame = pl.DataFrame(
        {
            "prefix": pl.Series(ADDRESS_PREFIXES).gather(identity.address_kind),
            "street": pl.Series(names.STREETS).gather(
                np.minimum(identity.address_place, len(names.STREETS) - 1)
            ),
            "hamlet": pl.Series(names.HAMLETS).gather(identity.address_place),
            "number": identity.house_number,
            "is_street": identity.address_kind == STREET,
        }
    )
    street = pl.format("Jl. {} No. {}", pl.col("street"), pl.col("number"))
    hamlet = pl.format("{} {}", pl.col("prefix"), pl.col("hamlet"))
    return frame.select(pl.when(pl.col("is_street")).then(street).otherwise(hamlet).alias("alamat"))["alamat"]


def persons_frame(
    *,
    geo: Geography,
    desa: IntArray,
    demography: Demography,
    work: Work,
    identity: Identity,
    defects: PersonDefects,
    occupations: Occupations,
    nik: pl.Series,
) -> pl.DataFrame:
    all_names = pl.Series(ALL_NAMES)
    region = pl.Series([r.code for r in geo.desa]).gather(desa)
    if defects.region_code:
        region = region.scatter(list(defects.region_code), list(defects.region_code.values()))
    birth = demography.birth + defects.birth_shift_days.astype("timedelta64[D]")
    frame = pl.DataFrame(
        {
            "nik": nik,
            "no_kk": pl.Series(identity.no_kk).cast(pl.String),
            "first": all_names.gather(identity.first_name),
            "second": all_names.gather(np.maximum(identity.second_name, 0)),
            "has_second": identity.second_name >= 0,
            "tanggal_lahir": pl.Series(birth, dtype=pl.Date),
            "female": demography.female,
            "kode_wilayah": region,
            "alamat": _addresses(identity).gather(demography.household),
            "pekerjaan": pl.Series(occupations.labels).gather(work.occupation),
            "formal": work.formal,
            "worker": work.worker,
            "desil": demography.desil,
        }
    )
    frame = frame.select(
        "nik",
        "no_kk",
        pl.when(pl.col("has_second"))
        .then(pl.format("{} {}", pl.col("first"), pl.col("second")))
        .otherwise(pl.col("first"))
        .alias("nama"),
        "tanggal_lahir",
        pl.when(pl.col("female")).then(pl.lit("P")).otherwise(pl.lit("L")).alias("jenis_kelamin"),
        "kode_wilayah",
        "alamat",
        "pekerjaan",
        pl.when(pl.col("worker") & pl.col("formal"))
        .then(pl.lit("formal"))
        .when(pl.col("worker"))
        .then(pl.lit("informal"))
        .alias("sektor"),
        pl.when(pl.col("desil") > 0).then(pl.col("desil")).alias("desil"),
    )
    rows = np.repeat(np.arange(desa.size), 1 + defects.duplicate.astype(np.int64))  # a copy right after
    return frame.select(pl.all().gather(rows))


def memberships_frame(memberships: Memberships, nik: pl.Series) -> pl.DataFrame:
    m = memberships
    frame = pl.DataFrame(
        {
            "nik": nik.gather(m.person),
            "kpj": pl.Series(m.kpj[m.person]).cast(pl.String),
            "segmen": pl.Series(SEGMENTS).gather(m.segment),
            "program": pl.Series(PROGRAMS).gather(m.program),
            "tanggal_mulai": pl.Series(m.start, dtype=pl.Date),
            "tanggal_akhir": pl.Series(m.end, dtype=pl.Date),
            "dasar_upah": pl.Series(m.wage, dtype=pl.Int64),
            "pembayar": pl.Series(PAYERS).gather(m.payer),
            "npp": pl.Series(m.npp).cast(pl.String),
        }
    )
    return frame.with_columns(pl.when(pl.Series(m.npp > 0)).then(pl.col("npp")).alias("npp"))


def labour_force_frame(
    geo: Geography, *, kab: IntArray, kec: IntArray, labour_force: np.ndarray, period: str, source: str
) -> pl.DataFrame:
    per_kab = np.bincount(kab[labour_force], minlength=len(geo.kabkota))
    per_kec = np.bincount(kec[labour_force], minlength=len(geo.kecamatan))
    codes = [geo.province.code, *(r.code for r in geo.kabkota), *(r.code for r in geo.kecamatan)]
    values = [int(labour_force.sum()), *per_kab.tolist(), *per_kec.tolist()]
    return pl.DataFrame(
        {
            "kode_wilayah": codes,
            "periode": [period] * len(codes),
            "jenis": ["angkatan_kerja"] * len(codes),
            "nilai": pl.Series(values, dtype=pl.Int64),
            "sumber": [source] * len(codes),
        }
    )


def write_csv(frame: pl.DataFrame, path: Path) -> FileSummary:
    frame.write_csv(path, line_terminator="\n")
    return FileSummary(path=path, rows=frame.height, sha256=sha256_of(path))


def write_manifest(manifest: dict[str, object], path: Path) -> None:
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def source_text(seed: int, scale: float) -> str:
    return f"Sintetis Cakupan (seed {seed}, skala {scale:g}), dikalibrasi dari Dukcapil 2024 dan Sakernas"


def period_of(reference_date: dt.date) -> str:
    return f"{reference_date.year:04d}-{reference_date.month:02d}"
