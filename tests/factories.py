"""Write import files the way users make them, for tests (the synthetic population does the same at scale)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from cakupan.core.nik import make_nik
from cakupan.ingest.schemas import LABOUR_FORCE, MEMBERSHIPS, PERSONS

PERSON_DEFAULTS = {
    "no_kk": "",
    "alamat": "Jorong Koto",
    "pekerjaan": "Petani/Pekebun",
    "sektor": "informal",
    "desil": "",
}


def person_row(
    *,
    kecamatan: str,
    desa: str,
    serial: int,
    birth: dt.date = dt.date(1985, 7, 1),
    sex: str = "L",
    name: str = "WARGA UJI",
) -> dict[str, str]:
    nik = make_nik(kecamatan_code=kecamatan, birth_date=birth, sex=sex, serial=serial)  # type: ignore[arg-type]
    return {
        **PERSON_DEFAULTS,
        "nik": nik,
        "nama": name,
        "tanggal_lahir": birth.isoformat(),
        "jenis_kelamin": sex,
        "kode_wilayah": desa,
    }


def membership_row(
    *,
    nik: str,
    start: str = "2025-01-01",
    end: str = "",
    segment: str = "BPU",
    payer: str = "apb_nagari",
    kpj: str | None = None,
) -> dict[str, str]:
    return {
        "nik": nik,
        "kpj": kpj or "9" + nik[-10:],
        "segmen": segment,
        "program": "JKK;JKM",
        "tanggal_mulai": start,
        "tanggal_akhir": end,
        "dasar_upah": "1000000",
        "pembayar": payer,
        "npp": "",
    }


def write_csv(path: Path, header: Sequence[str], rows: Iterable[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(header))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_persons(path: Path, rows: Iterable[dict[str, str]]) -> Path:
    return write_csv(path, PERSONS.names, rows)


def write_memberships(path: Path, rows: Iterable[dict[str, str]]) -> Path:
    return write_csv(path, MEMBERSHIPS.names, rows)


def write_labour_force(path: Path, rows: Iterable[dict[str, str]]) -> Path:
    return write_csv(path, LABOUR_FORCE.names, rows)
