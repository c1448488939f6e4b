"""`cakupan import` on bad files: one sentence in Bahasa Indonesia naming the file and the problem, a non-zero exit,
no traceback, and not a row written (persons, memberships, import batches and audit events stay as they were)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from bad_files import csv_bytes, far_cell_sheet, old_excel_file, quoted_csv, workbook, write, zip_bomb
from cakupan.cli import main
from cakupan.core.nik import make_nik
from factories import person_row, write_persons

DESA = "13.02.05.2001"
HEADER = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah"]
NIK = make_nik(kecamatan_code="13.02.05", birth_date=dt.date(1990, 7, 15), sex="L", serial=77)
ROW = [NIK, "BUDI", "1990-07-15", "L", DESA]

Build = Callable[[Path], Path]
CASES: dict[str, tuple[Build, str]] = {
    "empty": (lambda d: write(d / "kosong.csv", b""), "Berkas tidak berisi baris data."),
    "header-only": (lambda d: write(d / "judul.csv", csv_bytes([HEADER])), "Berkas tidak berisi baris data."),
    "png-named-csv": (
        lambda d: write(d / "foto.csv", b"\x89PNG\r\n\x1a\n" + os.urandom(2000)),
        "Isi berkas ini ternyata PNG, bukan CSV.",
    ),
    "random-bytes": (lambda d: write(d / "acak.csv", b"\x00\x01" + os.urandom(4000)), "bukan teks CSV"),
    "truncated-xlsx": (
        lambda d: write(d / "potong.xlsx", workbook(d / "utuh.xlsx", [HEADER, ROW]).read_bytes()[:2000]),
        "rusak atau terpotong",
    ),
    "pdf-named-xlsx": (
        lambda d: write(d / "laporan.xlsx", b"%PDF-1.7\n1 0 obj\n"),
        "ternyata PDF, bukan XLSX",
    ),
    "xls-named-xlsx": (lambda d: write(d / "lama.xlsx", old_excel_file()), "Excel 97-2003 (.xls)"),
    "xlsx-named-csv": (
        lambda d: write(d / "data.csv", workbook(d / "asli.xlsx", [HEADER, ROW]).read_bytes()),
        "sebenarnya buku kerja Excel (XLSX)",
    ),
    "missing-columns": (
        lambda d: write(d / "kurang.csv", csv_bytes([["NIK", "Nama"], [NIK, "BUDI"]])),
        "Kolom wajib tidak ada: tanggal_lahir, jenis_kelamin, kode_wilayah. Kolom yang ada: nik, nama.",
    ),
    "zip-bomb": (lambda d: zip_bomb(d / "bom.xlsx", HEADER, ROW), 'ciri "bom ZIP"'),
    "far-cell": (lambda d: far_cell_sheet(d / "luas.xlsx", HEADER, ROW), "membentang sampai XFD1048576"),
    "line-of-10-mb": (
        lambda d: write(d / "panjang.csv", csv_bytes([HEADER, ROW, [NIK, "B" * 10_000_000, *ROW[2:]]])),
        "Baris 3, kolom nama: isi sel terlalu panjang (10.000.000 karakter",
    ),
    "unclosed-quote": (
        lambda d: write(d / "kutip.csv", f'nik,nama\n{NIK},"BUDI\n1302051507900002,ANI\n'.encode()),
        "Baris 2, kolom 2: tanda kutip",
    ),
}


def _counts() -> tuple[int, int, int, int]:
    from cakupan.web.audit.models import AuditEvent
    from cakupan.web.imports.models import ImportBatch
    from cakupan.web.membership.models import Membership
    from cakupan.web.registry.models import Person

    return (
        Person.objects.count(),
        Membership.objects.count(),
        ImportBatch.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def registry_with_data(sumbar_regions: None, tmp_path: Path) -> tuple[int, int, int, int]:
    """A registry that already holds an import, so "nothing changed" is tested against something."""
    good = write_persons(
        tmp_path / "awal.csv", [person_row(kecamatan="13.02.05", desa=DESA, serial=i) for i in (1, 2)]
    )
    result = CliRunner().invoke(main, ["import", "persons", str(good)])
    assert result.exit_code == 0, result.output
    counts = _counts()
    assert counts[0] == 2 and counts[2] == 1
    return counts


def _refused(path: Path, before: tuple[int, int, int, int], expected: str) -> str:
    result = CliRunner().invoke(main, ["import", "persons", str(path)])
    output = result.output
    assert result.exit_code == 1, output
    assert expected in output, output
    assert "Traceback" not in output and 'File "' not in output
    assert _counts() == before
    return output


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_is_refused_and_changes_nothing(
    case: str, registry_with_data: tuple[int, int, int, int], tmp_path: Path
) -> None:
    build, expected = CASES[case]
    path = build(tmp_path)
    output = _refused(path, registry_with_data, expected)
    assert f"{path}:" in output  # where: the file
    assert "Tidak ada yang diubah." in output


@pytest.mark.django_db
def test_file_whose_every_nik_is_in_scientific_notation(
    registry_with_data: tuple[int, int, int, int], tmp_path: Path
) -> None:
    rows = [HEADER, ["1.30205E+15", *ROW[1:]], ["1,30205E+15", *ROW[1:]]]
    path = write(tmp_path / "ilmiah.csv", quoted_csv(rows))
    output = _refused(path, registry_with_data, "tidak ada baris yang sah dari 2; tidak ada yang diubah")
    assert (
        "baris 2, kolom nik '1.30205E+15': galat: NIK tertulis dalam notasi ilmiah Excel (1.30205E+15)"
        in output
    )
    assert "baris 3, kolom nik '1,30205E+15'" in output


@pytest.mark.django_db
def test_english_messages_for_bad_files(
    registry_with_data: tuple[int, int, int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAKUPAN_LANG", "en")
    path = write(tmp_path / "laporan.xlsx", b"%PDF-1.7\n1 0 obj\n")
    result = CliRunner().invoke(main, ["import", "persons", str(path)])
    assert result.exit_code == 1
    assert "This file actually holds PDF, not XLSX." in result.output and "Nothing changed." in result.output
    assert _counts() == registry_with_data
