"""Reading real CSV and XLSX files into text frames; a file that cannot be used is refused in Indonesian."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cakupan.core.problems import MESSAGES
from cakupan.ingest.readers import UnreadableFile, normalize_header, read_table
from cakupan.ingest.values import parse_date

NIK = "1302054107850003"


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def unreadable(path: Path, code: str, sheet: str | None = None) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as caught:
        read_table(path, sheet)
    error = caught.value
    assert error.problem.code == code
    assert error.problem.severity == "error"
    # The exception speaks Indonesian: its text is the catalogue's Indonesian message.
    assert str(error) == error.problem.message("id")
    template = MESSAGES[code]["id"]
    assert str(error).startswith(template.split("{", 1)[0])
    return error


def assert_text_frame(frame: pl.DataFrame) -> None:
    assert frame.height > 0
    assert all(dtype == pl.String for dtype in frame.dtypes)
    assert len(set(frame.columns)) == len(frame.columns)
    assert all(c == normalize_header(c) for c in frame.columns)


# --- CSV --------------------------------------------------------------------------------------------------------


def test_utf8_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "penduduk.csv", f"nik,nama\n{NIK},Sukmawatı Ñoño\n0012,Zoë\n".encode())
    frame = read_table(path)
    assert_text_frame(frame)
    assert frame.columns == ["nik", "nama"]
    assert frame.rows() == [
        (NIK, "Sukmawatı Ñoño"),
        ("0012", "Zoë"),
    ]  # leading zeros kept: every cell is text


def test_utf8_csv_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.csv", "\ufeffNIK,Nama\r\n".encode() + f"{NIK},Siti\r\n".encode())
    frame = read_table(path)
    assert frame.columns == ["nik", "nama"]
    assert frame.rows() == [(NIK, "Siti")]


def test_windows_1252_csv(tmp_path: Path) -> None:
    text = f"nik;nama;catatan\r\n{NIK};Ñoño Sukmawatí;Œuvre € 5\r\n1302051507900001;Zoë Müller;naïve\r\n"
    raw = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the test is only meaningful when the bytes are not UTF-8
    frame = read_table(write(tmp_path / "excel-windows.csv", raw))
    assert frame.columns == ["nik", "nama", "catatan"]
    assert frame.rows() == [
        (NIK, "Ñoño Sukmawatí", "Œuvre € 5"),
        ("1302051507900001", "Zoë Müller", "naïve"),
    ]


@pytest.mark.parametrize(
    ("delimiter", "name"),
    [(",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe")],
)
def test_delimiters(tmp_path: Path, delimiter: str, name: str) -> None:
    header = delimiter.join(["  NIK ", "Tanggal Lahir", "Jenis-Kelamin", "KODE/WILAYAH", "Nama"])
    row = delimiter.join([NIK, "01/07/1985", "P", "13.02.05.2001", '"Siti, S.Pd"'])
    path = write(tmp_path / f"{name}.csv", f"{header}\n{row}\n".encode())
    frame = read_table(path)
    assert frame.columns == ["nik", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "nama"]
    assert frame.rows() == [(NIK, "01/07/1985", "P", "13.02.05.2001", "Siti, S.Pd")]


def test_semicolon_file_with_commas_inside_cells(tmp_path: Path) -> None:
    path = write(
        tmp_path / "titik-koma.csv", f"nik;nama;alamat\n{NIK};Siti, S.Pd;Jl. Sudirman, No. 5\n".encode()
    )
    assert read_table(path).rows() == [(NIK, "Siti, S.Pd", "Jl. Sudirman, No. 5")]


@pytest.mark.parametrize(
    ("header", "normalized"),
    [
        ("  NIK ", "nik"),
        ("Tanggal Lahir", "tanggal_lahir"),
        ("TANGGAL  LAHIR", "tanggal_lahir"),
        ("tanggal-lahir", "tanggal_lahir"),
        ("Kode/Wilayah", "kode_wilayah"),
        ("\ufeffnik", "nik"),
        (" Dasar Upah ", "dasar_upah"),
        ("no_kk", "no_kk"),
    ],
)
def test_normalize_header(header: str, normalized: str) -> None:
    assert normalize_header(header) == normalized


def test_cells_are_trimmed_and_blank_cells_are_missing(tmp_path: Path) -> None:
    path = write(tmp_path / "kosong.csv", f"nik,nama,alamat\n  {NIK}  ,  Siti ,\n,   ,x\n".encode())
    frame = read_table(path)
    assert frame.rows() == [(NIK, "Siti", None), (None, None, "x")]


def test_short_rows_are_padded_with_missing_cells(tmp_path: Path) -> None:
    frame = read_table(write(tmp_path / "pendek.csv", f"nik,nama,alamat\n{NIK},Siti\n".encode()))
    assert frame.rows() == [(NIK, "Siti", None)]


def test_trailing_empty_header_cells_do_not_clash(tmp_path: Path) -> None:
    # Excel often saves a CSV with trailing separators; blank header cells are not duplicates of each other.
    frame = read_table(write(tmp_path / "koma.csv", f"nik,nama,,\r\n{NIK},Siti,,\r\n".encode()))
    assert frame.columns[:2] == ["nik", "nama"]
    assert frame.width == 4
    assert frame.row(0) == (NIK, "Siti", None, None)


@pytest.mark.parametrize("header", ["*", "^nik.*$", "^$"])
def test_headers_that_look_like_column_patterns_are_plain_text(tmp_path: Path, header: str) -> None:
    # Polars reads pl.col("*") as every column and "^...$" as a regular expression; found by the fuzzer (",*").
    frame = read_table(write(tmp_path / "pola.csv", f",{header},nik\n1, x ,{NIK}\n".encode()))
    assert frame.columns == ["unnamed__0", normalize_header(header), "nik"]
    assert frame.row(0) == ("1", "x", NIK)


def test_txt_suffix_is_read_as_csv(tmp_path: Path) -> None:
    assert read_table(write(tmp_path / "data.TXT", f"nik\n{NIK}\n".encode())).rows() == [(NIK,)]


def test_excel_sep_line_names_the_separator_and_is_no_row(tmp_path: Path) -> None:
    frame = read_table(write(tmp_path / "sep.csv", f"sep=;\r\nnik;alamat\r\n{NIK};Jl. A, No. 5\r\n".encode()))
    assert frame.rows() == [(NIK, "Jl. A, No. 5")]


def test_classic_mac_line_ends(tmp_path: Path) -> None:
    frame = read_table(write(tmp_path / "mac.csv", f"nik,nama\r{NIK},Siti\r1302051507900001,Budi\r".encode()))
    assert frame.rows() == [(NIK, "Siti"), ("1302051507900001", "Budi")]


def test_separators_inside_quoted_headers_do_not_count(tmp_path: Path) -> None:
    # Two commas inside quotes, two semicolons outside: the file is separated by semicolons.
    content = f'"Nama, gelar";"Alamat, jalan";nik\n"Siti, S.Pd";"Jl. A, 5";{NIK}\n'.encode()
    frame = read_table(write(tmp_path / "kutip.csv", content))
    assert frame.columns == ["nama,_gelar", "alamat,_jalan", "nik"]
    assert frame.rows() == [("Siti, S.Pd", "Jl. A, 5", NIK)]


def test_blank_rows_inside_an_xlsx_are_kept_as_empty_rows(tmp_path: Path) -> None:
    # Frame row i is file row i + 2: the validator numbers rows from that, so a blank row must not vanish.
    path = tmp_path / "lubang.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["nik", "nama"])
    sheet.write_row(1, 0, [NIK, "Siti"])
    sheet.write_row(4, 0, ["1302051507900001", "Budi"])
    book.close()
    assert read_table(path).rows() == [
        (NIK, "Siti"),
        (None, None),
        (None, None),
        ("1302051507900001", "Budi"),
    ]


# --- XLSX -------------------------------------------------------------------------------------------------------


def _workbook_with_data_sheet(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    intro = book.add_worksheet("Petunjuk")
    intro.write(0, 0, "Isi lembar Data Penduduk; satu baris per orang.")
    sheet = book.add_worksheet("Data Penduduk")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(
        0,
        0,
        [
            "  NIK ",
            "No KK",
            "Nama",
            "Tanggal Lahir",
            "Jenis Kelamin",
            "Kode Wilayah",
            "Alamat",
            "Pekerjaan",
            "Sektor",
            "Desil",
        ],
    )
    # Row 2: the NIK typed as a number and a real Excel date cell.
    sheet.write_number(1, 0, int(NIK))
    sheet.write_blank(1, 1, None)
    sheet.write_string(1, 2, "Siti Rahmah")
    sheet.write_datetime(1, 3, dt.datetime(1985, 7, 1), date_format)  # noqa: DTZ001 - Excel dates are naive
    sheet.write_string(1, 4, "P")
    sheet.write_string(1, 5, "13.02.05.2001")
    sheet.write_string(1, 6, "Jorong Koto")
    sheet.write_string(1, 7, "Petani/Pekebun")
    sheet.write_string(1, 8, "informal")
    sheet.write_number(1, 9, 3)
    # Row 3: everything as text, as a careful user types it.
    sheet.write_row(
        2,
        0,
        [
            "1302051507900001",
            "1302050101010001",
            "Budi",
            "15/07/1990",
            "L",
            "1302052001",
            "",
            "",
            "formal",
            "",
        ],
    )
    book.close()
    return path


def test_xlsx_named_sheet_with_date_and_numeric_nik(tmp_path: Path) -> None:
    path = _workbook_with_data_sheet(tmp_path / "penduduk.xlsx")
    frame = read_table(path, sheet="Data Penduduk")
    assert_text_frame(frame)
    assert frame.columns == [
        "nik",
        "no_kk",
        "nama",
        "tanggal_lahir",
        "jenis_kelamin",
        "kode_wilayah",
        "alamat",
        "pekerjaan",
        "sektor",
        "desil",
    ]
    first, second = frame.to_dicts()
    # A NIK stored as a number must come back as its 16 digits, not 1.302054107850003e15 or "...0003.0".
    assert first["nik"] == NIK
    assert first["no_kk"] is None
    assert parse_date(first["tanggal_lahir"]) == dt.date(1985, 7, 1)
    assert first["desil"] == "3"
    assert second["nik"] == "1302051507900001"
    assert second["tanggal_lahir"] == "15/07/1990"
    assert second["kode_wilayah"] == "1302052001"
    assert second["alamat"] is None


def test_xlsx_reads_the_first_sheet_by_default(tmp_path: Path) -> None:
    path = tmp_path / "satu.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["NIK", "Dasar Upah", "Tanggal Mulai"])
    sheet.write_row(1, 0, [NIK, 3_000_000, 45292])
    sheet.write_row(2, 0, ["1302051507900001", 2_500_000.5, "2024-01-01"])
    book.add_worksheet("Lain").write_row(0, 0, ["x", "y"])
    book.close()
    frame = read_table(path)
    assert frame.columns == ["nik", "dasar_upah", "tanggal_mulai"]
    assert frame.rows() == [
        (NIK, "3000000", "45292"),
        ("1302051507900001", "2500000.5", "2024-01-01"),
    ]


def test_xlsx_missing_sheet_is_unreadable(tmp_path: Path) -> None:
    path = _workbook_with_data_sheet(tmp_path / "penduduk.xlsx")
    error = unreadable(path, "xlsx_sheet_missing", sheet="Tidak Ada")
    assert (
        str(error)
        == "Lembar Tidak Ada tidak ada di buku kerja ini. Lembar yang ada: Petunjuk, Data Penduduk."
    )


def test_xlsx_first_sheet_without_data_rows_is_empty(tmp_path: Path) -> None:
    # The instructions sheet holds one cell: a header and no data.
    path = _workbook_with_data_sheet(tmp_path / "penduduk.xlsx")
    unreadable(path, "file_empty")


# --- files that cannot be used ------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \r\n\n\t", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"])
def test_empty_csv(tmp_path: Path, content: bytes) -> None:
    unreadable(write(tmp_path / "kosong.csv", content), "file_empty")


@pytest.mark.parametrize(
    "content", [b"nik,nama\n", b"nik,nama", b"nik;nama\r\n", b"\xef\xbb\xbfNIK\tNama\r\n"]
)
def test_header_only_csv(tmp_path: Path, content: bytes) -> None:
    unreadable(write(tmp_path / "judul.csv", content), "file_empty")


def test_header_only_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "judul.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Data").write_row(0, 0, ["nik", "nama"])
    book.close()
    unreadable(path, "file_empty")


def test_empty_xlsx_sheet(tmp_path: Path) -> None:
    path = tmp_path / "kosong.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Data")
    book.close()
    with pytest.raises(UnreadableFile) as caught:
        read_table(path)
    assert caught.value.problem.code in ("file_empty", "file_unreadable")


@pytest.mark.parametrize("name", ["laporan.pdf", "data.xls", "data.json", "data", "data.csv.gz"])
def test_unsupported_file_type(tmp_path: Path, name: str) -> None:
    error = unreadable(write(tmp_path / name, b"nik,nama\n1,2\n"), "file_type")
    assert "CSV atau XLSX" in str(error)
    suffix = Path(name).suffix
    assert (suffix or "(tanpa akhiran)") in str(error)


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = write(tmp_path / "rusak.xlsx", os.urandom(4096))
    error = unreadable(path, "xlsx_not_workbook")
    assert str(error).startswith("Berkas tidak dapat dibaca: ")


def test_csv_renamed_to_xlsx_is_unreadable(tmp_path: Path) -> None:
    error = unreadable(
        write(tmp_path / "sebenarnya-csv.xlsx", f"nik,nama\n{NIK},Siti\n".encode()), "file_text_named_xlsx"
    )
    assert ".csv" in str(error)


@pytest.mark.parametrize(
    "header",
    [
        "nik,nama,nik",  # exactly the same name twice
        "NIK,nama, nik ",  # the same name after normalising
        "Tanggal Lahir,tanggal_lahir,nama",
        "nik;nama;nama",
    ],
)
def test_duplicate_csv_headers(tmp_path: Path, header: str) -> None:
    separator = ";" if ";" in header else ","
    row = separator.join(["1", "2", "3"])
    error = unreadable(write(tmp_path / "ganda.csv", f"{header}\n{row}\n".encode()), "header_repeated")
    assert "nama kolom ganda" in str(error)
    repeated = normalize_header(header.split(separator)[2])
    assert repeated in str(error)


@pytest.mark.parametrize("headers", [["nik", "nama", "nik"], ["NIK", "Nama", " nik "]])
def test_duplicate_xlsx_headers(tmp_path: Path, headers: list[str]) -> None:
    path = tmp_path / "ganda.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, headers)
    sheet.write_row(1, 0, [NIK, "Siti", "1302051507900001"])
    book.close()
    error = unreadable(path, "header_repeated")
    assert "nama kolom ganda: nik" in str(error)


def test_ragged_csv_is_unreadable(tmp_path: Path) -> None:
    error = unreadable(write(tmp_path / "acak.csv", f"nik,nama\n{NIK},Siti,lebih\n".encode()), "csv_ragged")
    assert error.problem.params == {"row": "2", "found": "3", "expected": "2"}


# --- fuzzing -------------------------------------------------------------------------------------------------------

csv_like_bytes = st.one_of(
    st.binary(max_size=300),
    st.text(alphabet=',;\t|"\r\n a1\x00\ufeffé€', max_size=80).map(lambda s: s.encode("utf-8")),
    st.text(alphabet=',;\t|"\r\n ab1Ñé', max_size=80).map(lambda s: s.encode("cp1252")),
    st.lists(
        st.lists(st.text(alphabet="nik ama,;\"'\n0123", max_size=6), min_size=1, max_size=4).map(",".join),
        max_size=5,
    ).map(lambda lines: "\n".join(lines).encode()),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=csv_like_bytes)
def test_arbitrary_bytes_as_csv_either_read_or_refused(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "acak.csv", data)
    try:
        frame = read_table(path)
    except UnreadableFile as error:
        assert error.problem.code in MESSAGES
        assert str(error) == error.problem.message("id")
        return
    assert_text_frame(frame)


def test_text_that_starts_like_a_compressed_stream_is_read_as_text(tmp_path: Path) -> None:
    # "x\x01" is a zlib header: polars tried to inflate the text and raised OSError (found by the reconcile fuzzer)
    path = tmp_path / "aneh.csv"
    path.write_bytes(b"x\x01nama;nik\nSiti;1302055001900001\n")
    frame = read_table(path)
    assert frame.height == 1
    assert frame.row(0)[1] == "1302055001900001"
