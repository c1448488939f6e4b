"""NIK and KK numbers stored as XLSX number cells (issue 18, point 1).

Excel keeps 15 significant digits of a number, so a 16-digit NIK typed into a Number cell ends in 0; a program
that exports a workbook writes the number exactly. About one NIK in ten ends in 0 anyway, so a number ending in 0
is ambiguous, not wrong: only its row is reported (or, for an optional number such as the KK, only that value is
dropped with a warning), never the whole file. An importer who knows the file is a system export confirms that
its numbers are exact (``exact_numbers``), and numbers ending in 0 are then read as they are. Beyond 2^53 no
float holds every whole number, so such a number stays ambiguous whatever the importer confirms.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bad_files import workbook
from cakupan.core.nik import make_nik
from cakupan.core.regions import RegionIndex, load_province
from cakupan.ingest.readers import read_table_with_warnings
from cakupan.ingest.schemas import PERSONS
from cakupan.ingest.validate import Validation, validate
from cakupan.ingest.xlsx_guard import inexact_digits

DESA = "13.02.05.2001"
HEADER = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "no_kk"]


def nik(day: int, serial: int, sex: str = "L") -> str:
    return make_nik(kecamatan_code="13.02.05", birth_date=dt.date(1990, 7, day), sex=sex, serial=serial)  # type: ignore[arg-type]


KK = "1302051507900001"
KK_ENDING_IN_0 = "1302051507900010"
EXACT = nik(1, 3)  # ends in 3: no Excel leaves that, and it lies below 2^53
ENDS_IN_0 = nik(2, 10)
ALSO_ENDS_IN_0_AS_TEXT = nik(3, 20)
WITH_ODD_KK = nik(4, 7)


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex.of(load_province("13"))


def row(number: str | int, day: int, kk: str | int) -> list[object]:
    return [number, f"ORANG {day}", f"1990-07-{day:02d}", "L", DESA, kk]


def persons_workbook(tmp_path: Path) -> Path:
    return workbook(
        tmp_path / "dtsen.xlsx",
        [
            HEADER,
            row(int(EXACT), 1, int(KK)),  # row 2: numbers that are exact
            row(int(ENDS_IN_0), 2, KK),  # row 3: a NIK number ending in 0: ambiguous
            row(ALSO_ENDS_IN_0_AS_TEXT, 3, KK),  # row 4: the same kind of NIK as text: exact
            row(int(WITH_ODD_KK), 4, int(KK_ENDING_IN_0)),  # row 5: the optional KK number is ambiguous
        ],
    )


def checked(path: Path, regions: RegionIndex, *, exact_numbers: bool = False) -> tuple[Validation, list[str]]:
    read = read_table_with_warnings(path, exact_numbers=exact_numbers)
    return validate(read.frame, PERSONS, regions=regions), [w.code for w in read.warnings]


def test_only_the_ambiguous_rows_are_reported_and_the_rest_import(
    tmp_path: Path, regions: RegionIndex
) -> None:
    validation, warnings = checked(persons_workbook(tmp_path), regions)
    assert warnings == ["xlsx_number_inexact"]
    found = [(p.row, p.column, p.problem.code, p.problem.severity) for p in validation.problems]
    assert found == [
        (3, "nik", "number_inexact", "error"),
        (5, "no_kk", "number_inexact_optional", "warning"),
    ]
    nik_problem = validation.problems[0].problem
    assert nik_problem.params == {"value": ENDS_IN_0}
    assert "Format kolom sebagai Teks lalu ekspor ulang" in nik_problem.message()
    valid = validation.valid.sort("_row")
    assert valid.get_column("_row").to_list() == [2, 4, 5]
    assert valid.get_column("nik").to_list() == [EXACT, ALSO_ENDS_IN_0_AS_TEXT, WITH_ODD_KK]
    # The row with an ambiguous KK keeps its other values; the KK is left empty rather than guessed.
    assert valid.get_column("no_kk").to_list() == [KK, KK, None]
    assert validation.rows_rejected == 1


def test_the_importer_confirms_the_numbers_are_exact(tmp_path: Path, regions: RegionIndex) -> None:
    validation, warnings = checked(persons_workbook(tmp_path), regions, exact_numbers=True)
    assert warnings == []
    assert validation.problems == ()
    valid = validation.valid.sort("_row")
    assert valid.get_column("nik").to_list() == [EXACT, ENDS_IN_0, ALSO_ENDS_IN_0_AS_TEXT, WITH_ODD_KK]
    assert valid.get_column("no_kk").to_list() == [KK, KK, KK, KK_ENDING_IN_0]


def test_the_file_warning_names_the_cells_and_the_fix(tmp_path: Path) -> None:
    read = read_table_with_warnings(persons_workbook(tmp_path))
    (warning,) = read.warnings
    assert warning.severity == "warning"
    assert warning.params == {"count": "2", "cells": f"A3 ({ENDS_IN_0}), F5 ({KK_ENDING_IN_0})"}
    message = warning.message()
    assert "format kolom sebagai Teks lalu ekspor ulang" in message and "--angka-tepat" in message


@pytest.mark.parametrize(
    ("raw", "exact_numbers", "digits"),
    [
        (b"1302054107850003", False, None),  # 16 digits below 2^53 not ending in 0: exact
        (b"1302054107850010", False, "1302054107850010"),  # what Excel leaves of 16 typed digits
        (b"1302054107850010", True, None),  # ... unless a program wrote it, as the importer confirms
        (b"1.302054107850003E+15", False, None),
        (b"1.30205E+15", False, "1302050000000000"),
        (b"9171014107850003", False, "9171014107850004"),  # beyond 2^53: the float the engine reads
        (b"9171014107850003", True, "9171014107850004"),  # ... which no confirmation makes exact
        (b"130205410785000", False, None),  # 15 digits: no identifier of 16 lost anything
        (b"1302054107850003.5", False, None),  # not a whole number
        (b"1E+400", False, None),
        (b"1.2.3", False, None),
    ],
)
def test_which_numbers_are_ambiguous(raw: bytes, exact_numbers: bool, digits: str | None) -> None:
    assert inexact_digits(raw, exact_numbers=exact_numbers) == digits


def test_a_csv_is_text_and_never_marked(tmp_path: Path, regions: RegionIndex) -> None:
    path = tmp_path / "dtsen.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(str(v) for v in row(ENDS_IN_0, 2, KK)) + "\n")
    validation, warnings = checked(path, regions)
    assert warnings == [] and validation.problems == ()
    assert validation.valid.get_column("nik").to_list() == [ENDS_IN_0]
