"""The XLSX of rejected rows: only the bad rows, their cells as written, what is wrong, and importable again."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import polars as pl
import pytest

from cakupan.core.problems import Problem
from cakupan.core.regions import RegionIndex, load_province
from cakupan.ingest.error_report import write_error_report
from cakupan.ingest.readers import read_table
from cakupan.ingest.schemas import PERSONS
from cakupan.ingest.validate import RowProblem, Validation, validate
from factories import person_row, write_csv, write_persons

DESA = "13.02.05.2001"  # Nagari Supayang, Kec. Payung Sekaki, Kab. Solok
SITI_NIK = "1302054107850003"  # born 1985-07-01, female, serial 3
FORMULA_NAME = '=HYPERLINK("http://contoh.invalid","klik")'


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex.of(load_province("13"))


def good(serial: int, **cells: str) -> dict[str, str]:
    return {**person_row(kecamatan=DESA[:8], desa=DESA, serial=serial), **cells}


def persons_file(tmp_path: Path) -> Path:
    """Rows 2, 4 and 7 are good; 3, 6 and 8 are bad; row 5 is blank (skipped, but it keeps its number)."""
    siti = person_row(kecamatan=DESA[:8], desa=DESA, serial=3, sex="P")
    assert siti["nik"] == SITI_NIK
    rows = [
        good(1),
        {
            **siti,
            "kode_wilayah": "13.02.05",
            "desil": "11",
        },  # row 3: kecamatan, not desa; decile out of range
        good(2, alamat="  Jorong Baru  "),
        dict.fromkeys(PERSONS.names, ""),  # row 5
        good(4, nama=FORMULA_NAME, jenis_kelamin="X"),  # row 6
        good(5),
        good(6, nik="13020512039", tanggal_lahir="31/02/1985"),  # row 8
    ]
    return write_persons(tmp_path / "penduduk.csv", rows)


def checked(path: Path, regions: RegionIndex) -> tuple[pl.DataFrame, Validation]:
    frame = read_table(path)
    return frame, validate(frame, PERSONS, regions=regions)


def report_of(tmp_path: Path, regions: RegionIndex) -> tuple[pl.DataFrame, Validation, Path, int]:
    frame, result = checked(persons_file(tmp_path), regions)
    report = tmp_path / "masalah.xlsx"
    written = write_error_report(report, source_rows=frame, problems=result.problems, layout=PERSONS)
    return frame, result, report, written


def sheet_xml(report: Path, number: int) -> str:
    with zipfile.ZipFile(report) as book:
        return book.read(f"xl/worksheets/sheet{number}.xml").decode("utf-8")


def test_first_sheet_holds_exactly_the_rejected_rows_as_written(tmp_path: Path, regions: RegionIndex) -> None:
    frame, result, report, written = report_of(tmp_path, regions)
    assert result.rows_rejected == written == 3

    sheet = read_table(report)  # the first sheet, as the importer would read it
    assert sheet.columns == [*PERSONS.names, "baris_asal", "masalah"]
    assert sheet.get_column("baris_asal").to_list() == ["3", "6", "8"]
    for row, original in zip(
        (3, 6, 8), sheet.drop("baris_asal", "masalah").iter_rows(named=True), strict=True
    ):
        assert original == frame.row(row - 2, named=True)  # frame row i is file row i + 2
    assert sheet.get_column("masalah").to_list() == [
        "kode_wilayah: Kode wilayah harus tingkat kelurahan/desa.; desil: Desil harus 1 sampai 10 atau kosong.",
        "jenis_kelamin: Nilai tidak dikenal; pilihan: L, P.",
        "nik: NIK harus 16 digit angka.; tanggal_lahir: Bukan tanggal yang sah (gunakan YYYY-MM-DD).",
    ]


def test_second_sheet_lists_every_problem(tmp_path: Path, regions: RegionIndex) -> None:
    _, result, report, _ = report_of(tmp_path, regions)
    listing = read_table(report, "Semua masalah")
    assert listing.columns == ["baris", "kolom", "nilai", "jenis", "masalah"]
    assert listing.rows() == [
        (str(p.row), p.column, p.value, "galat", p.problem.message("id")) for p in result.problems
    ]


def test_the_report_reads_back_with_the_same_problems_and_imports_once_fixed(
    tmp_path: Path, regions: RegionIndex
) -> None:
    _, result, report, _ = report_of(tmp_path, regions)
    sheet = read_table(report)
    again = validate(sheet, PERSONS, regions=regions)
    source_row = {i + 2: int(r) for i, r in enumerate(sheet.get_column("baris_asal"))}
    assert [(source_row[p.row], p.column, p.value, p.problem) for p in again.problems] == [
        (p.row, p.column, p.value, p.problem) for p in result.problems
    ]
    assert again.valid.height == 0

    fixed = sheet.with_columns(
        kode_wilayah=pl.lit(DESA),
        desil=pl.lit(None, pl.String),
        jenis_kelamin=pl.when(pl.col("jenis_kelamin") == "X").then(pl.lit("L")).otherwise("jenis_kelamin"),
        nik=pl.when(pl.col("nik") == "13020512039").then(pl.lit(good(6)["nik"])).otherwise("nik"),
        tanggal_lahir=pl.lit("1985-07-01"),
    )
    done = validate(fixed, PERSONS, regions=regions)
    assert done.problems == () and done.valid.height == 3


def test_nik_stays_text_and_formula_stays_a_string(tmp_path: Path, regions: RegionIndex) -> None:
    _, _, report, _ = report_of(tmp_path, regions)
    xml = sheet_xml(report, 1)
    assert "<f>" not in xml  # no formula anywhere
    assert f"<is><t>{SITI_NIK}</t></is>" in xml  # a string cell, not the number 1.302054107850003E15
    assert re.search(r'<c r="C3" [^>]*t="inlineStr"><is><t>=HYPERLINK\(', xml)  # C3: nama of the 2nd row
    assert "<f>" not in sheet_xml(report, 2)
    sheet = read_table(report)
    assert sheet.get_column("nik").to_list()[0] == SITI_NIK
    assert sheet.get_column("nama").to_list()[1] == FORMULA_NAME
    # Cells the officer retypes stay text too: every original column is formatted "@".
    assert re.search(r'<col min="1" max="10" [^>]*style="\d+"', xml)


def test_rows_with_only_warnings_are_not_rejected(tmp_path: Path, regions: RegionIndex) -> None:
    frame, _ = checked(persons_file(tmp_path), regions)
    warning = Problem("nik_kecamatan_retired", severity="warning", params={"code": "13.02.99"})
    error = Problem("person_unknown")
    problems = [RowProblem(2, "nik", frame.item(0, "nik"), warning), RowProblem(4, "nik", "x", error)]
    report = tmp_path / "r.xlsx"
    assert write_error_report(report, source_rows=frame, problems=problems, layout=PERSONS) == 1
    assert read_table(report).get_column("baris_asal").to_list() == ["4"]
    assert read_table(report, "Semua masalah").get_column("jenis").to_list() == ["peringatan", "galat"]


def test_headers_become_canonical_and_only_the_files_layout_columns_are_kept(
    tmp_path: Path, regions: RegionIndex
) -> None:
    """A header variant is written under its canonical name; a column the file lacks is not added (an empty
    optional column would erase stored values on import); a column outside the layout is left out."""
    header = ["NIK", "Nama", "Tgl Lahir", "Jenis Kelamin", "Kode Wilayah", "Keterangan"]
    row = good(1)
    path = write_csv(
        tmp_path / "varian.csv",
        header,
        [
            {
                "NIK": row["nik"],
                "Nama": "BUDI",
                "Tgl Lahir": "1985-07-01",
                "Jenis Kelamin": "X",
                "Kode Wilayah": DESA,
                "Keterangan": "catatan",
            }
        ],
    )
    frame, result = checked(path, regions)
    report = tmp_path / "r.xlsx"
    assert write_error_report(report, source_rows=frame, problems=result.problems, layout=PERSONS) == 1
    sheet = read_table(report)
    assert sheet.columns == [
        "nik",
        "nama",
        "tanggal_lahir",
        "jenis_kelamin",
        "kode_wilayah",
        "baris_asal",
        "masalah",
    ]
    assert sheet.row(0)[:5] == (row["nik"], "BUDI", "1985-07-01", "X", DESA)


def test_english_report(tmp_path: Path, regions: RegionIndex) -> None:
    frame, result = checked(persons_file(tmp_path), regions)
    report = tmp_path / "r.xlsx"
    write_error_report(report, source_rows=frame, problems=result.problems, language="en", layout=PERSONS)
    assert read_table(report).get_column("masalah").to_list()[1] == (
        "jenis_kelamin: Unknown value; choose from: L, P."
    )
    assert read_table(report, "All problems").columns == ["row", "column", "value", "kind", "problem"]


def test_no_problem_writes_an_empty_report(tmp_path: Path, regions: RegionIndex) -> None:
    frame, _ = checked(write_persons(tmp_path / "p.csv", [good(1), good(2)]), regions)
    report = tmp_path / "r.xlsx"
    assert write_error_report(report, source_rows=frame, problems=(), layout=PERSONS) == 0
    with zipfile.ZipFile(report) as book:
        assert book.read("xl/workbook.xml").decode().count("<sheet ") == 2
    assert "baris_asal" in sheet_xml(report, 1) and '<row r="2"' not in sheet_xml(report, 1)


def test_a_file_without_layout_keeps_headers_that_look_like_patterns(tmp_path: Path) -> None:
    # Without a layout the columns are written as the file has them, "*" and "^...$" included (not expanded).
    frame = pl.DataFrame({"*": ["a", "b"], "^x$": ["c", "d"]})
    report = tmp_path / "r.xlsx"
    problems = [RowProblem(3, "*", "b", Problem("person_unknown"))]
    assert write_error_report(report, source_rows=frame, problems=problems) == 1
    sheet = read_table(report)
    assert sheet.columns == ["*", "^x$", "baris_asal", "masalah"]
    assert sheet.row(0)[:3] == ("b", "d", "3")
