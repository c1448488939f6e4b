"""The catalogue of bad input (issue 4, capability 7): one test per case a data officer's file can bring.

Every case must end in a clear message in Bahasa Indonesia that says what is wrong and where (the file, and the
row, column or cell when there is one), and must never crash. A file refused as a whole raises UnreadableFile;
a bad cell becomes a row problem of the validation and only its row is rejected. That nothing reaches the
database is tested end to end in tests/cli/test_cli_bad_input.py.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest
import xlsxwriter

from bad_files import (
    compound_file,
    csv_bytes,
    declare_size,
    far_cell_sheet,
    old_excel_file,
    quoted_csv,
    sheet_xml,
    workbook,
    write,
    xlsx_parts,
    zip_bomb,
    zip_bytes,
)
from cakupan.core.nik import make_nik
from cakupan.core.problems import MESSAGES, Problem
from cakupan.core.regions import RegionIndex, load_province
from cakupan.ingest.error_report import write_error_report
from cakupan.ingest.mapping import header_report
from cakupan.ingest.readers import UnreadableFile, read_table, read_table_with_warnings
from cakupan.ingest.schemas import PERSONS
from cakupan.ingest.validate import Validation, validate
from cakupan.web.xlsx import Sheet, xlsx_bytes

SITI = make_nik(kecamatan_code="13.02.05", birth_date=dt.date(1985, 7, 1), sex="P", serial=3)
BUDI = make_nik(kecamatan_code="13.02.05", birth_date=dt.date(1990, 7, 15), sex="L", serial=1)
DESA = "13.02.05.2001"
HEADER = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah"]
SITI_ROW = [SITI, "SITI RAHMAH", "1985-07-01", "P", DESA]
BUDI_ROW = [BUDI, "BUDI", "1990-07-15", "L", DESA]
FORMULAS = ['=HYPERLINK("http://x","klik")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1:A9)", "=1+1"]


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex.of(load_province("13"))


# --- helpers ------------------------------------------------------------------------------------------------


def refused(path: Path, code: str, sheet: str | None = None) -> UnreadableFile:
    """Reading ``path`` is refused with ``code``; the message is the catalogue's, complete, in Bahasa Indonesia."""
    with pytest.raises(UnreadableFile) as caught:
        read_table(path, sheet)
    error = caught.value
    assert error.problem.code == code, str(error)
    assert error.problem.severity == "error"
    assert str(error) == error.problem.message("id")
    assert "{" not in str(error) and "}" not in str(error)
    assert str(error) != error.problem.message("en")
    return error


def check(frame: pl.DataFrame, regions: RegionIndex) -> Validation:
    return validate(frame, PERSONS, regions=regions)


def codes_by_row(result: Validation) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for p in result.problems:
        found.setdefault(p.row, []).append((p.column, p.problem.code))
    return found


# --- empty, truncated, binary ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["kosong.csv", "kosong.xlsx", "kosong.txt"])
def test_empty_0_byte_file(tmp_path: Path, name: str) -> None:
    error = refused(write(tmp_path / name, b""), "file_empty")
    assert str(error) == "Berkas tidak berisi baris data."


def test_header_only_csv_and_xlsx(tmp_path: Path) -> None:
    refused(write(tmp_path / "judul.csv", csv_bytes([HEADER])), "file_empty")
    refused(workbook(tmp_path / "judul.xlsx", [HEADER]), "file_empty")
    # Blank rows below the header are no data either.
    refused(write(tmp_path / "judul-kosong.csv", csv_bytes([HEADER, [""] * 5, [" "] * 5])), "file_empty")


@pytest.mark.parametrize(
    ("content", "code", "seems"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "file_content_mismatch", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(100), "file_content_mismatch", "JPEG"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "file_content_mismatch", "GZIP"),
        (os.urandom(8192), "file_binary", None),
        (b"nik,nama\n" + SITI.encode() + b",SITI\x00\x00\x00\x01\x02", "file_binary", None),
    ],
    ids=["png", "jpeg", "gzip", "random-bytes", "zero-bytes-in-text"],
)
def test_binary_file_named_csv(tmp_path: Path, content: bytes, code: str, seems: str | None) -> None:
    error = refused(write(tmp_path / "data.csv", content), code)
    if seems is not None:
        assert error.problem.params == {"kind": seems, "expected": "CSV"}
        assert f"ternyata {seems}, bukan CSV" in str(error)
    else:
        assert "bukan teks CSV" in str(error) and "baris" in str(error)
    if content.startswith(b"nik"):
        assert error.problem.params["line"] == "2"  # where the binary bytes are


@pytest.mark.parametrize("keep", [0.9, 0.5, 0.1, 30])
def test_truncated_xlsx(tmp_path: Path, keep: float) -> None:
    whole = workbook(tmp_path / "utuh.xlsx", [HEADER, SITI_ROW, BUDI_ROW]).read_bytes()
    cut = whole[: int(len(whole) * keep)] if keep < 1 else whole[: int(keep)]
    error = refused(write(tmp_path / "terpotong.xlsx", cut), "xlsx_damaged")
    assert "rusak atau terpotong" in str(error)


def test_xlsx_with_a_corrupted_byte_inside(tmp_path: Path) -> None:
    whole = bytearray(workbook(tmp_path / "utuh.xlsx", [HEADER, SITI_ROW] * 200).read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(whole))).getinfo("xl/worksheets/sheet1.xml")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    whole[middle] ^= 0xFF
    refused(write(tmp_path / "rusak.xlsx", bytes(whole)), "xlsx_damaged")


# --- the wrong file type behind the right extension ---------------------------------------------------------------


def test_pdf_named_xlsx_or_csv(tmp_path: Path) -> None:
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    error = refused(write(tmp_path / "laporan.xlsx", pdf), "file_content_mismatch")
    assert (
        str(error)
        == "Isi berkas ini ternyata PDF, bukan XLSX. Simpan datanya sebagai CSV atau XLSX lalu impor lagi."
    )
    assert (
        refused(write(tmp_path / "laporan.csv", pdf), "file_content_mismatch").problem.params["kind"] == "PDF"
    )


@pytest.mark.parametrize("name", ["lama.xlsx", "lama.csv"])
def test_real_xls_renamed(tmp_path: Path, name: str) -> None:
    xls = old_excel_file()
    error = refused(write(tmp_path / name, xls), "file_is_xls")
    assert "Excel 97-2003 (.xls)" in str(error) and "xlsx" in str(error)
    assert Path(name).suffix in str(error)


def test_password_protected_xlsx(tmp_path: Path) -> None:
    encrypted = compound_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": os.urandom(5000)})
    error = refused(write(tmp_path / "rahasia.xlsx", encrypted), "file_encrypted")
    assert "kata sandi" in str(error)


def test_word_document_renamed_xlsx(tmp_path: Path) -> None:
    docx = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
    error = refused(write(tmp_path / "surat.xlsx", docx), "file_content_mismatch")
    assert error.problem.params == {"kind": "DOCX (Word)", "expected": "XLSX"}
    old_doc = compound_file({"WordDocument": b"\xec\xa5"})
    assert refused(write(tmp_path / "surat-lama.xlsx", old_doc), "file_content_mismatch").problem.params[
        "kind"
    ] == ("DOC (Word 97-2003)")


def test_libreoffice_spreadsheet_renamed_xlsx(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    error = refused(write(tmp_path / "calc.xlsx", buffer.getvalue()), "file_content_mismatch")
    assert "ODS (LibreOffice Calc)" in str(error)


def test_plain_zip_renamed_xlsx(tmp_path: Path) -> None:
    error = refused(
        write(tmp_path / "arsip.xlsx", zip_bytes({"data.csv": "nik\n1\n"})), "file_content_mismatch"
    )
    assert error.problem.params["kind"] == "ZIP"


def test_real_xlsx_renamed_csv(tmp_path: Path) -> None:
    xlsx = workbook(tmp_path / "asli.xlsx", [HEADER, SITI_ROW]).read_bytes()
    error = refused(write(tmp_path / "penduduk.csv", xlsx), "file_xlsx_named_csv")
    assert "sebenarnya buku kerja Excel (XLSX)" in str(error) and ".xlsx" in str(error)
    # Cut short as well: still told it is a workbook, since its part names are in its first bytes.
    refused(write(tmp_path / "terpotong.csv", xlsx[: len(xlsx) // 2]), "file_xlsx_named_csv")


def test_csv_text_renamed_xlsx(tmp_path: Path) -> None:
    error = refused(write(tmp_path / "penduduk.xlsx", csv_bytes([HEADER, SITI_ROW])), "file_text_named_xlsx")
    assert "teks biasa" in str(error) and ".csv" in str(error)


def test_web_page_saved_as_xlsx(tmp_path: Path) -> None:
    # Many web applications export "Excel" as an HTML table.
    html = b"\xef\xbb\xbf<html><body><table><tr><td>nik</td><td>nama</td></tr></table></body></html>"
    error = refused(write(tmp_path / "ekspor.xlsx", html), "file_content_mismatch")
    assert error.problem.params == {"kind": "HTML", "expected": "XLSX"}


def test_unknown_binary_named_xlsx(tmp_path: Path) -> None:
    error = refused(write(tmp_path / "acak.xlsx", b"\x00\x01\x02\x03" * 100), "xlsx_not_workbook")
    assert str(error).startswith("Berkas tidak dapat dibaca: ")


def test_unsupported_extension(tmp_path: Path) -> None:
    error = refused(write(tmp_path / "data.xls", csv_bytes([HEADER, SITI_ROW])), "file_type")
    assert str(error) == "Jenis berkas .xls tidak didukung; gunakan CSV atau XLSX."


def test_missing_sheet_names_the_sheets_there_are(tmp_path: Path) -> None:
    error = refused(
        workbook(tmp_path / "p.xlsx", [HEADER, SITI_ROW], sheet="Penduduk"), "xlsx_sheet_missing", "Data"
    )
    assert str(error) == "Lembar Data tidak ada di buku kerja ini. Lembar yang ada: Penduduk."


# --- columns ----------------------------------------------------------------------------------------------------


def test_missing_required_columns(tmp_path: Path, regions: RegionIndex) -> None:
    path = write(
        tmp_path / "p.csv", csv_bytes([["NIK", "Nama Lengkap", "Tgl Lahr"], [SITI, "SITI", "1985-07-01"]])
    )
    with pytest.raises(UnreadableFile) as caught:
        check(read_table(path), regions)
    problem = caught.value.problem
    assert problem.code == "missing_columns"
    assert problem.params["columns"] == "tanggal_lahir, jenis_kelamin, kode_wilayah"
    # What the file has is listed, so a misspelt header ("Tgl Lahr") is easy to spot.
    assert problem.params["found"] == "nik, nama, tgl_lahr"
    assert str(caught.value) == (
        "Kolom wajib tidak ada: tanggal_lahir, jenis_kelamin, kode_wilayah. Kolom yang ada: nik, nama, tgl_lahr."
    )


def test_unknown_headers_are_ignored_and_listed(tmp_path: Path, regions: RegionIndex) -> None:
    # Current behaviour: columns the layout does not know are ignored by validation (no problem, no warning);
    # the header report the mapping page and `cakupan import` use lists them as unknown.
    rows = [[*HEADER, "Catatan Petugas", "No"], [*SITI_ROW, "=cek lagi", "1"]]
    frame = read_table(write(tmp_path / "p.csv", csv_bytes(rows)))
    result = check(frame, regions)
    assert result.problems == ()
    assert result.valid.columns == ["_row", *PERSONS.names]
    assert result.columns_present == tuple(HEADER)
    assert header_report(frame.columns, PERSONS).unknown == ("catatan_petugas", "no")


def test_repeated_header(tmp_path: Path) -> None:
    error = refused(
        write(tmp_path / "p.csv", csv_bytes([["NIK", "nama", "nik "], ["1", "2", "3"]])), "header_repeated"
    )
    assert (
        str(error) == "Berkas tidak dapat dibaca: nama kolom ganda: nik. Hapus atau ganti nama salah satunya."
    )


def test_header_wider_than_any_spreadsheet(tmp_path: Path) -> None:
    header = ",".join(f"k{i}" for i in range(20_000))
    error = refused(write(tmp_path / "lebar.csv", f"{header}\n1\n".encode()), "too_many_columns")
    assert error.problem.params["limit"] == "16384"


# --- ZIP bombs and huge workbooks -----------------------------------------------------------------------------


def test_zip_bomb_xlsx(tmp_path: Path) -> None:
    # 50 MB of blanks inside the sheet: legal XML, packed a thousand times smaller.
    bomb = zip_bomb(tmp_path / "bom.xlsx", HEADER, SITI_ROW)
    assert bomb.stat().st_size < 200_000
    error = refused(bomb, "xlsx_compression")
    assert error.problem.params["part"] == "xl/worksheets/sheet1.xml"
    assert int(error.problem.params["ratio"].replace(".", "")) > 100
    assert "bom ZIP" in str(error)


def test_zip_bomb_that_lies_about_its_size(tmp_path: Path) -> None:
    # The directory claims 1,000 bytes for a part that unpacks to 5 MB: only inflating it tells.
    parts = xlsx_parts(workbook(tmp_path / "kecil.xlsx", [HEADER, SITI_ROW]))
    padded = sheet_xml(parts).replace("</sheetData>", "</sheetData>" + " " * 5_000_000)
    parts["xl/worksheets/sheet1.xml"] = padded.encode()
    data = bytearray(zip_bytes(parts))
    declare_size(data, "xl/worksheets/sheet1.xml", 1000)
    lying = write(tmp_path / "bohong.xlsx", bytes(data))
    assert zipfile.ZipFile(lying).getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    refused(lying, "xlsx_damaged")


def test_huge_xlsx_over_the_unpacked_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "besar.xlsx", [HEADER, *([SITI_ROW] * 2000)])
    read_table(path)  # fine with the default limit
    monkeypatch.setenv("CAKUPAN_MAX_XLSX_UNCOMPRESSED_BYTES", "100000")
    error = refused(path, "xlsx_too_large")
    assert error.problem.params["limit_mb"] == "0"
    assert "Pecah datanya" in str(error)


def test_xlsx_with_too_many_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parts = xlsx_parts(workbook(tmp_path / "kecil.xlsx", [HEADER, SITI_ROW]))
    parts.update({f"xl/media/image{i}.png": b"x" for i in range(50)})
    path = write(tmp_path / "banyak.xlsx", zip_bytes(parts))
    read_table(path)
    monkeypatch.setenv("CAKUPAN_MAX_XLSX_ENTRIES", "40")
    assert refused(path, "xlsx_too_many_parts").problem.params == {"count": str(len(parts)), "limit": "40"}


def test_sheet_whose_used_range_spans_billions_of_cells(tmp_path: Path) -> None:
    # Two cells, a few kilobytes: but the spreadsheet engine would lay out A1:XFD1048576 in memory.
    path = far_cell_sheet(tmp_path / "luas.xlsx", HEADER, SITI_ROW)
    assert path.stat().st_size < 10_000
    error = refused(path, "xlsx_too_many_cells")
    assert error.problem.params["last_cell"] == "XFD1048576"
    assert error.problem.params["sheet"] == "Data"
    assert "Ctrl+End" in str(error)


def test_bad_limit_setting_is_a_setup_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAKUPAN_MAX_XLSX_CELLS", "banyak")
    with pytest.raises(ValueError, match="CAKUPAN_MAX_XLSX_CELLS harus bilangan bulat positif"):
        read_table(workbook(tmp_path / "p.xlsx", [HEADER, SITI_ROW]))


# --- lines and cells too long, broken quoting --------------------------------------------------------------------


def test_csv_line_of_10_mb(tmp_path: Path) -> None:
    rows = [HEADER, SITI_ROW, [BUDI, "B" * 10_000_000, "1990-07-15", "L", DESA]]
    error = refused(write(tmp_path / "panjang.csv", csv_bytes(rows)), "cell_too_long")
    assert error.problem.params == {"row": "3", "column": "nama", "length": "10.000.000", "limit": "32.767"}
    assert str(error).startswith("Baris 3, kolom nama: isi sel terlalu panjang (10.000.000 karakter")


def test_csv_line_of_10_mb_of_fields(tmp_path: Path) -> None:
    wide = ",".join(["x"] * 5_000_000)
    content = csv_bytes([HEADER, SITI_ROW]) + wide.encode() + b"\r\n"
    error = refused(write(tmp_path / "lebar.csv", content), "csv_ragged")
    assert error.problem.params == {"row": "3", "found": "5000000", "expected": "5"}


def test_cell_limit_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "p.xlsx", [HEADER, SITI_ROW, [BUDI, "B" * 500, "1990-07-15", "L", DESA]])
    monkeypatch.setenv("CAKUPAN_MAX_CELL_CHARS", "100")
    error = refused(path, "cell_too_long")
    assert error.problem.params == {"row": "3", "column": "nama", "length": "500", "limit": "100"}


def test_unclosed_quote(tmp_path: Path) -> None:
    content = f'nik,nama\n{SITI},"SITI\n{BUDI},BUDI\n1302051507900002,ANI\n'.encode()
    error = refused(write(tmp_path / "kutip.csv", content), "csv_open_quote")
    assert error.problem.params == {"row": "2", "column": "2"}
    assert "tanda kutip" in str(error)


def test_stray_quote_inside_a_cell_is_kept(tmp_path: Path) -> None:
    content = f'nik,alamat\n{SITI},Jl. "Merdeka" No. 5\n{BUDI},Jorong 12" utara\n'.encode()
    frame = read_table(write(tmp_path / "kutip.csv", content))
    assert frame.get_column("alamat").to_list() == ['Jl. "Merdeka" No. 5', 'Jorong 12" utara']


def test_row_wider_than_the_header(tmp_path: Path) -> None:
    content = csv_bytes([HEADER, SITI_ROW, [*BUDI_ROW, "lebih"]])
    error = refused(write(tmp_path / "lebar.csv", content), "csv_ragged")
    assert str(error) == (
        "Baris 3 berisi 6 kolom, lebih banyak dari baris judul (5 kolom). Periksa pemisah kolom dan tanda kutip di "
        "baris itu."
    )


# --- formulas ------------------------------------------------------------------------------------------------------


def _no_formula_anywhere(xlsx: bytes) -> list[str]:
    """Every cell text of every sheet, after checking no cell holds a formula and no cell is turned into a link."""
    texts: list[str] = []
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        shared = (
            archive.read("xl/sharedStrings.xml").decode()
            if "xl/sharedStrings.xml" in archive.namelist()
            else ""
        )
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, name
                texts.extend(re.findall(r"<t[^>]*>([^<]*)</t>", xml))
        texts.extend(re.findall(r"<t[^>]*>([^<]*)</t>", shared))
    return [
        t.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        for t in texts
    ]


def test_formula_strings_are_read_as_text(tmp_path: Path) -> None:
    rows = [["nik", "nama"], *([SITI, formula] for formula in FORMULAS)]
    assert (
        read_table(write(tmp_path / "rumus.csv", quoted_csv(rows))).get_column("nama").to_list() == FORMULAS
    )
    # XLSX: a text cell holding a formula is text too (the engine never evaluates anything).
    assert read_table(workbook(tmp_path / "rumus.xlsx", rows)).get_column("nama").to_list() == FORMULAS


def test_formula_strings_stay_text_in_the_error_report(tmp_path: Path, regions: RegionIndex) -> None:
    rows = [[*HEADER, "alamat"]] + [
        [BUDI if i else SITI, f, "1985-13-01", "P", DESA, f] for i, f in enumerate(FORMULAS)
    ]
    source = write(tmp_path / "rumus.csv", quoted_csv(rows))
    frame = read_table(source)
    result = check(frame, regions)
    report = tmp_path / "masalah.xlsx"
    written = write_error_report(report, source_rows=frame, problems=result.problems, layout=PERSONS)
    assert written == len(FORMULAS)
    texts = _no_formula_anywhere(report.read_bytes())
    for formula in FORMULAS:
        assert formula in texts
    # Imported again, the report gives the same text back: neutralised, not altered.
    assert read_table(report).get_column("nama").to_list() == FORMULAS


def test_formula_strings_stay_text_in_web_downloads() -> None:
    data = xlsx_bytes(Sheet("Penduduk", ["nama", "catatan"], [[f, f] for f in FORMULAS]))
    texts = _no_formula_anywhere(data)
    assert all(formula in texts for formula in FORMULAS)


def test_urls_in_web_downloads_are_not_made_clickable() -> None:
    data = xlsx_bytes(Sheet("Penduduk", ["catatan"], [["http://contoh.invalid/masuk"]]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<hyperlink" not in archive.read("xl/worksheets/sheet1.xml").decode()


# --- encodings ------------------------------------------------------------------------------------------------------


def test_mixed_encodings_utf8_with_some_windows_1252_rows(tmp_path: Path) -> None:
    content = (
        b"nik,nama\n"
        + f"{SITI},Zoë Ñoño\n".encode()
        + f"{BUDI},Müller José\n".encode("cp1252")  # a row pasted from a Windows file
        + "1302051507900002,Çağrı\n".encode()
    )
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    table = read_table_with_warnings(write(tmp_path / "campur.csv", content))
    assert table.frame.get_column("nama").to_list() == ["Zoë Ñoño", "Müller José", "Çağrı"]
    assert [w.code for w in table.warnings] == ["encoding_mixed"]
    warning = table.warnings[0]
    assert warning.severity == "warning"
    assert warning.params == {"count": "2", "rows": "3"}
    assert warning.message() == (
        "Pengodean berkas bercampur: 2 huruf yang bukan UTF-8 dibaca sebagai Windows-1252 (baris 3). Periksa "
        "huruf beraksen di baris itu."
    )


def test_windows_1252_and_latin_1_files_read_without_warning(tmp_path: Path) -> None:
    for encoding in ("cp1252", "latin-1"):
        content = f"nik;nama\r\n{SITI};Sukmawatí Ñoño\r\n{BUDI};Zoë\r\n".encode(encoding)
        table = read_table_with_warnings(write(tmp_path / f"{encoding}.csv", content))
        assert table.frame.get_column("nama").to_list() == ["Sukmawatí Ñoño", "Zoë"]
        assert table.warnings == ()


def test_utf8_with_bom(tmp_path: Path) -> None:
    content = b"\xef\xbb\xbf" + f"NIK,Nama\r\n{SITI},Zoë\r\n".encode()
    table = read_table_with_warnings(write(tmp_path / "bom.csv", content))
    assert table.frame.columns == ["nik", "nama"]
    assert (table.frame.rows(), table.warnings) == ([(SITI, "Zoë")], ())


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_unicode_text_from_excel(tmp_path: Path, encoding: str) -> None:
    # Excel's "Unicode Text" save: UTF-16 (little-endian with a BOM), tab-separated.
    text = f"NIK\tNama\tAlamat\r\n{SITI}\tZoë\tJl. Ağa, No. 5\r\n"
    table = read_table_with_warnings(write(tmp_path / "unicode.txt", text.encode(encoding)))
    assert table.frame.rows() == [(SITI, "Zoë", "Jl. Ağa, No. 5")]
    assert table.warnings == ()


def test_bytes_that_are_no_character_are_replaced_with_a_warning(tmp_path: Path) -> None:
    content = f"nik,nama\n{SITI},SITI\n{BUDI},BU\x81DI\n".encode("latin-1")
    table = read_table_with_warnings(write(tmp_path / "aneh.csv", content))
    assert table.frame.get_column("nama").to_list() == ["SITI", "BU\ufffdDI"]
    assert [(w.code, w.params) for w in table.warnings] == [
        ("encoding_replaced", {"count": "1", "rows": "3"})
    ]


# --- NIK as spreadsheets write it ------------------------------------------------------------------------------------


def _persons_csv(tmp_path: Path, niks: list[str]) -> pl.DataFrame:
    born = {SITI: ("1985-07-01", "P"), BUDI: ("1990-07-15", "L")}
    rows = [HEADER]
    for written in niks:
        digits = re.sub(r"\D", "", written)[:16]
        date, sex = born.get(digits, ("1985-07-01", "P"))
        rows.append([written, "WARGA", date, sex, DESA])
    return read_table(write(tmp_path / "nik.csv", quoted_csv(rows)))


def test_nik_with_spaces_dots_apostrophe_or_excel_decimal(tmp_path: Path, regions: RegionIndex) -> None:
    written = [
        "1302 0541 0785 0003",
        "1302.0541.0785.0003",
        "'1302054107850003",
        "1302054107850003.0",
        "1302054107850003,0",
    ]
    frames = [_persons_csv(tmp_path, [w]) for w in written]
    for frame in frames:
        result = check(frame, regions)
        assert result.problems == ()
        assert result.valid.get_column("nik").to_list() == [SITI]


def test_nik_in_scientific_notation(tmp_path: Path, regions: RegionIndex) -> None:
    result = check(_persons_csv(tmp_path, [SITI, "1.30205E+15", "1,30205E+15"]), regions)
    assert codes_by_row(result) == {3: [("nik", "nik_scientific")], 4: [("nik", "nik_scientific")]}
    problem = result.problems[0].problem
    assert problem.params == {"value": "1.30205E+15"}
    assert problem.message() == (
        "NIK tertulis dalam notasi ilmiah Excel (1.30205E+15), sehingga digit terakhirnya sudah hilang. Di Excel, "
        "format kolom NIK sebagai Teks lalu ketik ulang NIK-nya dari sumber aslinya."
    )


@pytest.mark.parametrize("written", [SITI[:15], SITI + "1", SITI[:-1] + " 0" + "1"])
def test_nik_of_15_or_17_digits(tmp_path: Path, regions: RegionIndex, written: str) -> None:
    result = check(_persons_csv(tmp_path, [written]), regions)
    assert codes_by_row(result) == {2: [("nik", "nik_format")]}
    assert result.problems[0].problem.message() == "NIK harus 16 digit angka."


def test_nik_as_a_number_cell_that_a_float_holds_exactly(tmp_path: Path, regions: RegionIndex) -> None:
    # Written by a program (Excel itself keeps 15 digits): 16 digits below 2^53 survive exactly.
    path = workbook(tmp_path / "angka.xlsx", [HEADER, [int(SITI), *SITI_ROW[1:]], [int(BUDI), *BUDI_ROW[1:]]])
    assert int(SITI) < 2**53 and SITI[-1] != "0"
    result = check(read_table(path), regions)
    assert result.problems == ()
    assert result.valid.get_column("nik").to_list() == [SITI, BUDI]


def test_nik_as_a_number_cell_that_lost_digits(tmp_path: Path, regions: RegionIndex) -> None:
    # Only the rows whose number Excel or a float may have changed are rejected, not the file (issue 18).
    typed_in_excel = 1302054107850010  # Excel kept 15 digits of 1302054107850013: the 16th became 0
    papua = 9171014107850003  # beyond 2^53: no float holds it
    path = workbook(
        tmp_path / "angka.xlsx",
        [
            HEADER,
            SITI_ROW,
            [typed_in_excel, *BUDI_ROW[1:]],
            [papua, *BUDI_ROW[1:]],
            [1.30205e15, *BUDI_ROW[1:]],
        ],
    )
    read = read_table_with_warnings(path)
    (warning,) = read.warnings
    assert warning.code == "xlsx_number_inexact" and warning.params["count"] == "3"
    assert warning.params["cells"] == "A3 (1302054107850010), A4 (9171014107850004), A5 (1302050000000000)"
    assert "format kolom sebagai Teks lalu ekspor ulang" in warning.message()
    result = check(read.frame, regions)
    assert codes_by_row(result) == {r: [("nik", "number_inexact")] for r in (3, 4, 5)}
    assert result.valid.get_column("nik").to_list() == [SITI]


# --- row numbers stay the spreadsheet's ------------------------------------------------------------------------------


def test_blank_rows_above_and_inside_keep_row_numbers(tmp_path: Path, regions: RegionIndex) -> None:
    bad = [BUDI, "BUDI", "1990-13-15", "L", DESA]
    # XLSX: header on row 3 (rows 1-2 empty), data on rows 4 and 6 (row 5 empty).
    path = tmp_path / "geser.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    for row, values in ((2, HEADER), (3, SITI_ROW), (5, bad)):
        for column, value in enumerate(values):
            sheet.write_string(row, column + 1, value)  # and starting in column B
    book.close()
    assert codes_by_row(check(read_table(path), regions)) == {6: [("tanggal_lahir", "bad_date")]}
    # CSV: two blank lines (one of bare separators, as Excel saves empty rows) above the header.
    csv_path = write(tmp_path / "geser.csv", b"\r\n,,,,\r\n" + csv_bytes([HEADER, SITI_ROW, [""] * 5, bad]))
    assert codes_by_row(check(read_table(csv_path), regions)) == {6: [("tanggal_lahir", "bad_date")]}


# --- rules of helper A's validator (listed here so the catalogue is complete) ------------------------------------------


def test_birth_date_in_the_future(tmp_path: Path, regions: RegionIndex) -> None:
    tomorrow = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date() + dt.timedelta(days=1)
    nik = make_nik(kecamatan_code="13.02.05", birth_date=tomorrow, sex="L", serial=9)
    rows = [HEADER, SITI_ROW, [nik, "BAYI", tomorrow.isoformat(), "L", DESA]]
    result = check(read_table(write(tmp_path / "p.csv", csv_bytes(rows))), regions)
    assert codes_by_row(result) == {3: [("tanggal_lahir", "birth_date_future")]}
    assert "masa depan" in result.problems[0].problem.message()


def test_region_code_of_another_province(tmp_path: Path, regions: RegionIndex) -> None:
    rows = [HEADER, SITI_ROW, [BUDI, "BUDI", "1990-07-15", "L", "32.73.01.1001"]]  # a kelurahan in Bandung
    result = check(read_table(write(tmp_path / "p.csv", csv_bytes(rows))), regions)
    assert codes_by_row(result) == {3: [("kode_wilayah", "region_other_province")]}
    assert "JAWA BARAT" in result.problems[0].problem.message().upper()


def test_region_code_of_a_superseded_list(tmp_path: Path, regions: RegionIndex) -> None:
    rows = [HEADER, SITI_ROW, [BUDI, "BUDI", "1990-07-15", "L", "13.02.05.2099"]]  # no such desa (any more)
    result = check(read_table(write(tmp_path / "p.csv", csv_bytes(rows))), regions)
    assert codes_by_row(result) == {3: [("kode_wilayah", "region_not_current")]}
    assert "kode lama" in result.problems[0].problem.message()


# --- the catalogue itself --------------------------------------------------------------------------------------------

READER_CODES = (
    "file_empty",
    "file_type",
    "file_open",
    "file_binary",
    "file_content_mismatch",
    "file_is_xls",
    "file_encrypted",
    "file_xlsx_named_csv",
    "file_text_named_xlsx",
    "xlsx_not_workbook",
    "xlsx_damaged",
    "xlsx_sheet_missing",
    "xlsx_too_large",
    "xlsx_compression",
    "xlsx_too_many_parts",
    "xlsx_too_many_cells",
    "xlsx_number_inexact",
    "number_inexact",
    "number_inexact_optional",
    "csv_too_large",
    "too_many_columns",
    "cell_too_long",
    "csv_open_quote",
    "csv_ragged",
    "csv_malformed",
    "header_repeated",
    "encoding_mixed",
    "encoding_replaced",
    "nik_scientific",
)


@pytest.mark.parametrize("code", READER_CODES)
def test_every_bad_input_message_is_in_the_catalogue(code: str) -> None:
    assert set(MESSAGES[code]) == {"id", "en"}
    params = {name: "X" for name in re.findall(r"\{(\w+)\}", MESSAGES[code]["id"])}
    assert Problem(code, params=params).message("id") != Problem(code, params=params).message("en")
