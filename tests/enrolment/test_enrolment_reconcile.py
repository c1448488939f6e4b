"""Reading BPJSTK's returned file: the files an office really hands over (semicolon CSV in Windows-1252, XLSX with
the NIK typed as a number, other titles, another column order, a title above the header), every problem with its
row, column and value, and a fuzz: whatever the file, problems come back, never an exception."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cakupan.core.problems import MESSAGES, Problem
from cakupan.enrolment.layout import RegistrationRow, load_layout, write_registration
from cakupan.enrolment.reconcile import (
    ACCEPTED_STATUSES,
    COLUMNS,
    REJECTED_STATUSES,
    Accepted,
    Reconciliation,
    Rejected,
    read_reconciliation,
)
from cakupan.ingest.validate import RowProblem

SITI = "1302054107850003"
BUDI = "1302050101900002"
RINA = "1302056506950004"
ANDI = "1302051212800001"
BATCH = (SITI, BUDI, RINA, ANDI)
HEADER = ["NIK", "KPJ", "STATUS", "ALASAN", "TANGGAL EFEKTIF"]

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_SLOW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ";", encoding: str = "cp1252") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[Any]], *, first_row: int = 0) -> Path:
    """Cells as an office types them: int and float become number cells, dates date cells, text text."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("Hasil")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for number, row in enumerate(rows, start=first_row):
        for column, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(number, column, value, date_format)
            elif isinstance(value, int | float):
                sheet.write_number(number, column, value)
            elif value is not None:
                sheet.write_string(number, column, value)
    book.close()
    return path


def problem(row: int, column: str, cell: str | None, code: str, **params: str) -> RowProblem:
    return RowProblem(row, column, cell, Problem(code, params=params))


def reconcile_csv(tmp_path: Path, *rows: list[str]) -> Reconciliation:
    """A semicolon CSV in Windows-1252, or in UTF-8 when a cell has a letter Windows-1252 does not have."""
    text = "".join(cell for row in rows for cell in row)
    encoding = "cp1252" if all(char.encode("cp1252", errors="ignore") for char in text) else "utf-8"
    path = write_csv(tmp_path / "hasil.csv", [HEADER, *rows], encoding=encoding)
    return read_reconciliation(path, batch_niks=BATCH)


# --- files as offices hand them over ------------------------------------------------------------------------------


def test_a_semicolon_csv_in_windows_1252(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "hasil_bpjstk.csv",
        [
            ["NIK", "No. KPJ", "Status", "Keterangan", "Tanggal Efektif"],
            [SITI, "12345678901", "Diterima", "", "01-08-2025"],
            [BUDI, "", "DITOLAK", "NIK tidak padan dengan data Dukcapil – cek KTP", ""],
            [ANDI, "12345678902", " sukses ", "-", "2025-08-01"],
        ],
    )
    assert "–".encode("cp1252") in path.read_bytes()  # really Windows-1252, not UTF-8
    result = read_reconciliation(path, batch_niks=BATCH)
    assert result == Reconciliation(
        accepted=(
            Accepted(row=2, nik=SITI, kpj="12345678901", start_date=dt.date(2025, 8, 1)),
            Accepted(row=4, nik=ANDI, kpj="12345678902", start_date=dt.date(2025, 8, 1)),
        ),
        rejected=(Rejected(row=3, nik=BUDI, reason="NIK tidak padan dengan data Dukcapil – cek KTP"),),
        problems=(),
        missing=(RINA,),
    )
    assert result.ok


def test_an_xlsx_with_the_nik_as_a_number_other_titles_and_another_order(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "hasil.xlsx",
        [
            ["Status Pendaftaran", "Nomor Peserta", "Alasan Penolakan", "TMT", "NIK KTP", "Nama"],
            ["Berhasil", 12345678901, None, dt.date(2025, 8, 1), int(SITI), "Siti Aminah"],
            ["Gagal", None, "Sudah terdaftar di segmen PU", None, int(BUDI), "Budi"],
            ["AKTIF", "'00012345678", None, "1/9/2025", float(RINA), "Rina"],
            ["Accepted", 98765432.0, None, "2025-09-01 00:00:00", ANDI, "Andi"],
        ],
    )
    result = read_reconciliation(path, batch_niks=BATCH)
    assert result.problems == ()
    assert result.accepted == (
        Accepted(row=2, nik=SITI, kpj="12345678901", start_date=dt.date(2025, 8, 1)),
        Accepted(row=4, nik=RINA, kpj="00012345678", start_date=dt.date(2025, 9, 1)),
        Accepted(row=5, nik=ANDI, kpj="98765432", start_date=dt.date(2025, 9, 1)),
    )
    assert result.rejected == (Rejected(row=3, nik=BUDI, reason="Sudah terdaftar di segmen PU"),)
    assert result.missing == ()


def test_a_title_above_the_header_keeps_the_file_row_numbers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "laporan.xlsx",
        [
            ["Hasil Pendaftaran Kolektif BPU - Kab. Solok", None, None],
            [None, None, None],
            ["NIK", "KPJ", "Status"],
            [SITI, "12345678901", "diterima"],
            [BUDI, "12345678901", "diterima"],
        ],
    )
    result = read_reconciliation(path, batch_niks=BATCH)
    assert result.accepted == (Accepted(row=4, nik=SITI, kpj="12345678901", start_date=None),)
    assert result.problems == (
        problem(5, "kpj", "12345678901", "reconcile_kpj_twice", kpj="12345678901", first_row="4"),
    )
    assert result.missing == (ANDI, RINA)


def test_a_utf8_comma_csv_with_blank_rows_and_spellings_of_status(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "hasil.csv",
        [
            ["nik", "nomor_kpj", "STATUS", "alasan", "keterangan"],
            [f"'{SITI}", "ab12345678", "ACCEPTED", "", "catatan lain"],
            ["", "", "", "", ""],
            [f"{BUDI[:4]} {BUDI[4:8]} {BUDI[8:12]} {BUDI[12:]}", "", "Rejected", "Data  ganda", "diabaikan"],
        ],
        delimiter=",",
        encoding="utf-8",
    )
    result = read_reconciliation(path, batch_niks=BATCH)
    assert result.problems == ()
    assert result.accepted == (Accepted(row=2, nik=SITI, kpj="AB12345678", start_date=None),)
    assert result.rejected == (Rejected(row=4, nik=BUDI, reason="Data ganda"),)  # alasan wins over keterangan


def test_every_accepted_and_rejected_spelling_is_understood(tmp_path: Path) -> None:
    statuses = [*ACCEPTED_STATUSES, *REJECTED_STATUSES]
    niks = [f"13020501019{index:01d}0001" for index in range(len(statuses))]
    rows = [
        [nik, f"1234567890{index}", status.upper(), "alasan"]
        for index, (nik, status) in enumerate(zip(niks, statuses, strict=True))
    ]
    path = write_csv(tmp_path / "semua.csv", [["nik", "kpj", "status", "alasan"], *rows])
    result = read_reconciliation(path, batch_niks=niks)
    assert result.ok
    assert [a.nik for a in result.accepted] == niks[: len(ACCEPTED_STATUSES)]
    assert [r.nik for r in result.rejected] == niks[len(ACCEPTED_STATUSES) :]


def test_a_file_of_rejections_needs_no_kpj_column_and_acceptances_no_reason_column(tmp_path: Path) -> None:
    rejections = write_csv(
        tmp_path / "tolak.csv", [["NIK", "Status", "Alasan"], [SITI, "ditolak", "Meninggal"]]
    )
    assert read_reconciliation(rejections, batch_niks=BATCH).rejected == (
        Rejected(row=2, nik=SITI, reason="Meninggal"),
    )
    acceptances = write_csv(
        tmp_path / "terima.csv", [["NIK", "Status", "KPJ"], [SITI, "diterima", "12345678901"]]
    )
    assert read_reconciliation(acceptances, batch_niks=BATCH).accepted == (
        Accepted(row=2, nik=SITI, kpj="12345678901", start_date=None),
    )


# --- each bad case ------------------------------------------------------------------------------------------------


def test_a_missing_required_column_is_one_file_level_problem_listing_what_was_found(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "hasil.csv", [["NIK", "Nama", "Keterangan"], [SITI, "Siti", "ok"]])
    result = read_reconciliation(path, batch_niks=BATCH)
    assert result.problems == (
        problem(
            0,
            "",
            None,
            "reconcile_missing_columns",
            columns="status (status_pendaftaran, status_kepesertaan, hasil_pendaftaran)",
            found="nik, nama, keterangan",
        ),
    )
    assert result.problems[0].problem.message() == (
        "Berkas hasil dari BPJS Ketenagakerjaan harus berisi kolom status (status_pendaftaran, "
        "status_kepesertaan, hasil_pendaftaran), tetapi kolom itu tidak ada. Kolom yang ada: nik, nama, keterangan."
    )
    assert (result.accepted, result.rejected, result.missing, result.ok) == (
        (),
        (),
        tuple(sorted(BATCH)),
        False,
    )


def test_kpj_and_reason_columns_are_required_once_a_row_needs_them(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "hasil.csv", [["NIK", "Status"], [SITI, "diterima"], [BUDI, "ditolak"]])
    result = read_reconciliation(path, batch_niks=BATCH)
    assert [p.problem.params["columns"] for p in result.problems] == [
        "kpj (no_kpj, nomor_kpj, nomor_peserta, no_peserta); alasan (alasan_penolakan, alasan_ditolak, keterangan)"
    ]


def test_our_own_export_handed_back_by_mistake_is_told_apart(tmp_path: Path) -> None:
    row = RegistrationRow(
        nik=SITI,
        name="Siti",
        birth_date=dt.date(1985, 7, 1),
        sex="P",
        occupation="Petani",
        work_location="Nagari",
        region_code="13.02.05.2001",
        income_basis=1_000_000,
        programmes=("JKK", "JKM"),
        start_date=dt.date(2025, 8, 1),
        end_date=dt.date(2025, 10, 31),
        months=3,
        payer="APBD",
        address="Jorong Ateh",
        kk_number="1302050101850001",
    )
    path = tmp_path / "ekspor.xlsx"
    with path.open("wb") as target:
        write_registration([row], layout=load_layout(), target=target)
    result = read_reconciliation(path, batch_niks=BATCH)
    assert [p.problem.code for p in result.problems] == ["reconcile_missing_columns"]
    assert result.problems[0].problem.params["found"].startswith("nik, nama_sesuai_ktp, tanggal_lahir")


BAD_ROWS: list[tuple[str, list[str], list[RowProblem]]] = [
    (
        "NIK too short",
        ["130205410785", "12345678901", "diterima", "", ""],
        [problem(2, "nik", "130205410785", "nik_format")],
    ),
    (
        "NIK with a letter",
        ["13020541078500O3", "12345678901", "diterima", "", ""],
        [problem(2, "nik", "13020541078500O3", "nik_format")],
    ),
    (
        "NIK in Excel's scientific notation",
        ["1.30205E+15", "12345678901", "diterima", "", ""],
        [problem(2, "nik", "1.30205E+15", "nik_scientific", value="1.30205E+15")],
    ),
    ("NIK empty", ["", "12345678901", "diterima", "", ""], [problem(2, "nik", None, "required")]),
    (
        "NIK of another batch",
        ["3171010101900001", "12345678901", "diterima", "", ""],
        [problem(2, "nik", "3171010101900001", "reconcile_nik_not_in_batch", nik="3171010101900001")],
    ),
    (
        "unknown status",
        [SITI, "12345678901", "menunggu", "", ""],
        [
            problem(
                2,
                "status",
                "menunggu",
                "reconcile_status_unknown",
                value="menunggu",
                accepted="diterima, berhasil, sukses, aktif, accepted",
                rejected="ditolak, gagal, rejected",
            )
        ],
    ),
    ("empty status", [SITI, "12345678901", "", "", ""], [problem(2, "status", None, "required")]),
    (
        "accepted without KPJ",
        [SITI, "", "diterima", "", ""],
        [problem(2, "kpj", None, "reconcile_kpj_missing")],
    ),
    (
        "accepted with a dash for KPJ",
        [SITI, "-", "diterima", "", ""],
        [problem(2, "kpj", "-", "reconcile_kpj_missing")],
    ),
    (
        "KPJ too short",
        [SITI, "1234567", "diterima", "", ""],
        [
            problem(
                2, "kpj", "1234567", "reconcile_kpj_format", value="1234567", min_length="8", max_length="20"
            )
        ],
    ),
    (
        "KPJ too long",
        [SITI, "1" * 21, "diterima", "", ""],
        [
            problem(
                2, "kpj", "1" * 21, "reconcile_kpj_format", value="1" * 21, min_length="8", max_length="20"
            )
        ],
    ),
    (
        "KPJ with punctuation",
        [SITI, "1234-5678-901", "diterima", "", ""],
        [
            problem(
                2,
                "kpj",
                "1234-5678-901",
                "reconcile_kpj_format",
                value="1234-5678-901",
                min_length="8",
                max_length="20",
            )
        ],
    ),
    (
        "KPJ with a letter upper() turns into two ASCII ones",
        [SITI, "\ufb0012345678", "diterima", "", ""],
        [
            problem(
                2,
                "kpj",
                "\ufb0012345678",
                "reconcile_kpj_format",
                value="\ufb0012345678",
                min_length="8",
                max_length="20",
            )
        ],
    ),
    (
        "KPJ in scientific notation",
        [SITI, "1,23457E+10", "diterima", "", ""],
        [problem(2, "kpj", "1,23457E+10", "reconcile_kpj_scientific", value="1,23457E+10")],
    ),
    (
        "rejected without a reason",
        [SITI, "", "ditolak", "", ""],
        [problem(2, "alasan", None, "reconcile_reason_missing")],
    ),
    (
        "rejected with a dash",
        [SITI, "", "ditolak", " - ", ""],
        [problem(2, "alasan", "-", "reconcile_reason_missing")],
    ),
    (
        "a date that does not exist",
        [SITI, "12345678901", "diterima", "", "31-02-2025"],
        [problem(2, "tanggal_efektif", "31-02-2025", "reconcile_bad_date", value="31-02-2025")],
    ),
    (
        "a date in words",
        [SITI, "12345678901", "diterima", "", "1 Agustus 2025"],
        [problem(2, "tanggal_efektif", "1 Agustus 2025", "reconcile_bad_date", value="1 Agustus 2025")],
    ),
    (
        "two problems on one row",
        ["123", "", "diterima", "", "kemarin"],
        [
            problem(2, "nik", "123", "nik_format"),
            problem(2, "kpj", None, "reconcile_kpj_missing"),
            problem(2, "tanggal_efektif", "kemarin", "reconcile_bad_date", value="kemarin"),
        ],
    ),
]


@pytest.mark.parametrize(("case", "row", "expected"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_each_bad_row_gives_its_problem_with_row_column_and_value(
    tmp_path: Path, case: str, row: list[str], expected: list[RowProblem]
) -> None:
    result = reconcile_csv(tmp_path, row, [BUDI, "", "ditolak", "Data ganda", ""])
    assert list(result.problems) == expected
    assert not result.ok
    assert result.accepted == ()  # the row with an error is neither accepted nor rejected
    assert result.rejected == (Rejected(row=3, nik=BUDI, reason="Data ganda"),)
    for found in result.problems:
        assert found.problem.message("id") and found.problem.message("en")


def test_a_nik_twice_keeps_the_first_row_and_flags_the_second(tmp_path: Path) -> None:
    result = reconcile_csv(
        tmp_path,
        [SITI, "12345678901", "diterima", "", ""],
        [SITI, "", "ditolak", "Ganda", ""],
    )
    assert result.problems == (problem(3, "nik", SITI, "reconcile_nik_twice", nik=SITI, first_row="2"),)
    assert result.problems[0].problem.message() == (
        f"NIK {SITI} muncul lebih dari sekali dalam berkas: juga di baris 2. Setiap peserta hanya boleh satu baris."
    )
    assert result.accepted == (Accepted(row=2, nik=SITI, kpj="12345678901", start_date=None),)
    assert result.rejected == ()


def test_the_nik_of_another_batch_is_said_in_indonesian(tmp_path: Path) -> None:
    result = reconcile_csv(tmp_path, ["3171010101900001", "12345678901", "diterima", "", ""])
    assert result.problems[0].problem.message() == (
        "NIK 3171010101900001 tidak ada dalam batch ini. Periksa apakah berkas ini hasil dari batch yang benar."
    )
    assert result.missing == tuple(sorted(BATCH))


def test_a_row_with_an_error_is_not_missing_but_still_pending(tmp_path: Path) -> None:
    result = reconcile_csv(
        tmp_path, [SITI, "", "diterima", "", ""], [BUDI, "12345678909", "diterima", "", ""]
    )
    assert [a.nik for a in result.accepted] == [BUDI]
    assert result.missing == (ANDI, RINA)  # SITI is in the file, on a row that must be corrected


def test_problems_come_in_row_order(tmp_path: Path) -> None:
    result = reconcile_csv(
        tmp_path,
        [SITI, "", "diterima", "", ""],
        [BUDI, "", "?", "", ""],
        [RINA, "", "ditolak", "", ""],
    )
    assert [(p.row, p.column) for p in result.problems] == [(2, "kpj"), (3, "status"), (4, "alasan")]


# --- whole files that cannot be used ------------------------------------------------------------------------------


def test_a_header_without_rows_is_an_empty_file(tmp_path: Path) -> None:
    result = read_reconciliation(write_csv(tmp_path / "kosong.csv", [HEADER]), batch_niks=BATCH)
    assert result.problems == (problem(0, "", None, "file_empty"),)
    assert result.missing == tuple(sorted(BATCH))


def test_a_title_and_header_without_rows_is_an_empty_file(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "kosong.xlsx", [["Hasil"], ["NIK", "KPJ", "Status"]])
    result = read_reconciliation(path, batch_niks=BATCH)
    assert [p.problem.code for p in result.problems] == ["file_empty"]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("nol.csv", b"", "file_empty"),
        ("hasil.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "file_content_mismatch"),
        ("hasil.xlsx", b"NIK;KPJ;Status\n", "file_text_named_xlsx"),
        ("hasil.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "file_type"),
        ("hasil.pdf", b"%PDF-1.7\n", "file_type"),
    ],
)
def test_an_unreadable_file_is_one_file_level_problem(
    tmp_path: Path, name: str, content: bytes, code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = read_reconciliation(path, batch_niks=BATCH)
    assert [(p.row, p.column, p.problem.code) for p in result.problems] == [(0, "", code)]
    assert (result.accepted, result.rejected, result.ok) == ((), (), False)


def test_a_nik_whose_digits_excel_may_have_lost_costs_only_its_row(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "hasil.xlsx",
        [
            ["NIK", "KPJ", "Status"],
            [1302054107850000, "12345678901", "diterima"],  # ends in 0: Excel may have changed its 16th digit
            [int(SITI), "12345678902", "diterima"],  # ends in 3: exact
        ],
    )
    result = read_reconciliation(path, batch_niks=BATCH)
    assert [(p.row, p.problem.code) for p in result.problems] == [(2, "number_inexact")]
    assert "1302054107850000" in result.problems[0].problem.message()
    assert [a.nik for a in result.accepted] == [SITI]


def test_a_missing_file_is_a_problem_too(tmp_path: Path) -> None:
    result = read_reconciliation(tmp_path / "tidak_ada.csv", batch_niks=BATCH)
    assert [p.problem.code for p in result.problems] == ["file_open"]


# --- fuzz -------------------------------------------------------------------------------------------------------


def check_invariants(result: Reconciliation, batch: tuple[str, ...]) -> None:
    for found in result.problems:
        assert found.problem.code in MESSAGES
        assert found.problem.message("id") and found.problem.message("en")  # every placeholder filled
        assert found.row >= 0
    assert result.ok == (not any(p.problem.severity == "error" for p in result.problems))
    resolved = [a.nik for a in result.accepted] + [r.nik for r in result.rejected]
    assert len(resolved) == len(set(resolved)) and set(resolved) <= set(batch)
    assert set(result.missing) <= set(batch) and not set(result.missing) & set(resolved)
    kpjs = [a.kpj for a in result.accepted]
    assert len(kpjs) == len(set(kpjs))
    error_rows = {p.row for p in result.problems if p.problem.severity == "error"}
    assert not {a.row for a in result.accepted} & error_rows
    assert not {r.row for r in result.rejected} & error_rows
    assert all(r.reason.strip() for r in result.rejected)


@FUZZ
@given(content=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_random_bytes_never_raise(
    tmp_path_factory: pytest.TempPathFactory, content: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("bytes") / f"hasil{suffix}"
    path.write_bytes(content)
    result = read_reconciliation(path, batch_niks=BATCH)
    check_invariants(result, BATCH)


HEADERS = st.sampled_from(
    [*(s for spellings in COLUMNS.values() for s in spellings), "nama", "", "NIK ", "Status"]
)
CELLS = st.one_of(
    st.sampled_from(
        [*BATCH, "", "-", "1.30205E+15", "12345678901", "'12345678901", "2025-08-01", "31/12/2025"]
    ),
    st.sampled_from([*ACCEPTED_STATUSES, *REJECTED_STATUSES, "DITERIMA", "pending"]),
    st.text(max_size=25),
    st.from_regex(r"[0-9]{6,22}", fullmatch=True),
)


@FUZZ
@given(
    headers=st.lists(HEADERS, min_size=1, max_size=6),
    rows=st.lists(st.lists(CELLS, max_size=7), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "cp1252"]),
)
def test_random_csv_tables_never_raise(
    tmp_path_factory: pytest.TempPathFactory,
    headers: list[str],
    rows: list[list[str]],
    delimiter: str,
    encoding: str,
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([headers, *rows])
    path = tmp_path_factory.mktemp("csv") / "hasil.csv"
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    check_invariants(read_reconciliation(path, batch_niks=BATCH), BATCH)


XLSX_CELLS = st.one_of(
    CELLS,
    st.integers(min_value=-(10**17), max_value=10**17),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)),
    st.none(),
)


@FUZZ_SLOW
@given(
    headers=st.lists(HEADERS, min_size=1, max_size=6),
    rows=st.lists(st.lists(XLSX_CELLS, max_size=7), max_size=6),
    first_row=st.integers(min_value=0, max_value=3),
)
def test_random_xlsx_tables_never_raise(
    tmp_path_factory: pytest.TempPathFactory, headers: list[str], rows: list[list[Any]], first_row: int
) -> None:
    path = write_xlsx(
        tmp_path_factory.mktemp("xlsx") / "hasil.xlsx", [list(headers), *rows], first_row=first_row
    )
    check_invariants(read_reconciliation(path, batch_niks=BATCH), BATCH)


def test_a_wide_file_without_the_columns_names_twenty_headers_at_most(tmp_path: Path) -> None:
    headers = [f"kolom_{index:02d}" for index in range(25)] + ["x" * 50]
    path = write_csv(tmp_path / "lebar.csv", [headers, ["1"] * len(headers)])
    found = read_reconciliation(path, batch_niks=BATCH).problems[0].problem.params["found"]
    assert found == ", ".join(headers[:20]) + ", … (+6)"
