"""The registration file's column layout: the default file, strict loading, and the XLSX read back cell by cell
the way BPJSTK's side would read it (fastexcel through polars)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from cakupan.enrolment.errors import EnrolmentError, LayoutError
from cakupan.enrolment.layout import (
    DEFAULT_LAYOUT,
    FIELDS,
    FILLED_OUTSIDE,
    Column,
    RegistrationLayout,
    RegistrationRow,
    excel_date_format,
    load_layout,
    parse_layout,
    write_registration,
)
from cakupan.ingest.readers import read_table

SITI = RegistrationRow(
    nik="1302054107850003",
    name="Siti Aminah",
    birth_date=dt.date(1985, 7, 1),
    sex="P",
    occupation="Petani",
    work_location="Nagari Koto Baru",
    region_code="13.02.05.2001",
    income_basis=1_000_000,
    programmes=("JKK", "JKM"),
    start_date=dt.date(2025, 8, 1),
    end_date=dt.date(2025, 10, 31),
    months=3,
    payer="APB Nagari Koto Baru",
    phone="081234567890",
    address="Jorong Ateh, RT 01",
    kk_number="1302050101850001",
)
# Every awkward value at once: a formula-looking name, a phone of digits only, no KK, the highest income basis.
BUDI = RegistrationRow(
    nik="9271012212990001",
    name='=HYPERLINK("x") Budi Ñoño',
    birth_date=dt.date(1999, 12, 22),
    sex="L",
    occupation="Buruh harian lepas",
    work_location="Pasar Raya",
    region_code="92.71.01.1001",
    income_basis=20_700_000,
    programmes=("JKK", "JKM", "JHT"),
    start_date=dt.date(2026, 1, 1),
    end_date=dt.date(2026, 12, 31),
    months=12,
    payer="APBD Kota Sorong",
    address="",
    kk_number="",
    phone="6281200000000",
)


def layout_dict(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Uji",
        "note": "catatan",
        "sheet": "Data",
        "columns": [
            {"header": "NIK", "field": "nik"},
            {"header": "TGL LAHIR", "field": "birth_date", "format": "%d/%m/%Y"},
        ],
    }
    data.update(changes)
    return data


def written(rows: list[RegistrationRow], layout: RegistrationLayout) -> bytes:
    target = io.BytesIO()
    write_registration(rows, layout=layout, target=target)
    return target.getvalue()


def read_back(content: bytes, sheet: str) -> pl.DataFrame:
    return pl.read_excel(content, engine="calamine", sheet_name=sheet, infer_schema_length=1000)


# --- the default layout -------------------------------------------------------------------------------------------


def test_the_default_layout_holds_what_a_bpu_upload_needs_and_says_it_is_unverified() -> None:
    layout = load_layout()
    assert layout == load_layout(DEFAULT_LAYOUT)
    assert layout.sheet == "Peserta"
    assert "UNVERIFIED" in layout.note
    fields = [c.field for c in layout.columns]
    assert {
        "nik",
        "name",
        "birth_date",
        "phone",
        "occupation",
        "work_location",
        "income_basis",
        "programmes",
    } <= set(fields)
    assert sorted(fields) == sorted(FIELDS)  # every field, once
    assert layout.columns[0] == Column(header="NIK", field="nik", format=None)
    assert Column(header="TANGGAL LAHIR", field="birth_date", format="%d-%m-%Y") in layout.columns
    headers = [c.header.casefold() for c in layout.columns]
    assert len(set(headers)) == len(headers)


def test_the_default_file_has_only_the_schema_keys() -> None:
    data = yaml.safe_load(DEFAULT_LAYOUT.read_text(encoding="utf-8"))
    assert set(data) == {"name", "note", "sheet", "columns"}
    assert all(set(column) <= {"header", "field", "format"} for column in data["columns"])


def test_strftime_formats_become_excel_number_formats() -> None:
    assert excel_date_format("%d-%m-%Y") == "dd-mm-yyyy"
    assert excel_date_format("%Y/%m/%d") == "yyyy/mm/dd"
    assert excel_date_format("%d.%m.%y") == "dd.mm.yy"


def test_a_minimal_layout_takes_the_defaults() -> None:
    layout = parse_layout(
        {"name": "Kecil", "columns": [{"header": " NIK ", "field": "nik"}]}, file="kecil.yaml"
    )
    assert layout == RegistrationLayout(
        name="Kecil", note="", sheet="Peserta", columns=(Column(header="NIK", field="nik", format=None),)
    )


def test_one_field_may_fill_two_columns() -> None:
    layout = parse_layout(
        layout_dict(columns=[{"header": "NIK", "field": "nik"}, {"header": "NIK PESERTA", "field": "nik"}]),
        file="dua.yaml",
    )
    assert [c.field for c in layout.columns] == ["nik", "nik"]


# --- strict loading ------------------------------------------------------------------------------------------------

BAD_LAYOUTS: list[tuple[str, dict[str, Any], str, str]] = [
    ("unknown top key", layout_dict(version=2), "version", "kunci tidak dikenal"),
    (
        "unknown column key",
        layout_dict(columns=[{"header": "NIK", "field": "nik", "width": 20}]),
        "columns.0.width",
        "kunci tidak dikenal",
    ),
    (
        "unknown field",
        layout_dict(columns=[{"header": "NIK", "field": "nik"}, {"header": "EMAIL", "field": "email"}]),
        "columns.1.field",
        "field 'email' tidak dikenal; pilihan: nik, name, birth_date",
    ),
    (
        "duplicate header, other case",
        layout_dict(columns=[{"header": "NIK", "field": "nik"}, {"header": " nik", "field": "kk_number"}]),
        "columns.1.header",
        "judul kolom 'nik' sudah dipakai oleh kolom ke-1",
    ),
    (
        "format on a text field",
        layout_dict(columns=[{"header": "NIK", "field": "nik", "format": "%d"}]),
        "columns.0.format",
        "format hanya untuk kolom tanggal",
    ),
    (
        "a time in a date format",
        layout_dict(
            columns=[
                {"header": "NIK", "field": "nik"},
                {"header": "T", "field": "start_date", "format": "%H:%M"},
            ]
        ),
        "columns.1.format",
        "format tanggal '%H:%M' tidak dikenal",
    ),
    (
        "a format without a code",
        layout_dict(
            columns=[{"header": "NIK", "field": "nik"}, {"header": "T", "field": "end_date", "format": "--"}]
        ),
        "columns.1.format",
        "tidak dikenal",
    ),
    ("no name", {k: v for k, v in layout_dict().items() if k != "name"}, "name", "wajib ada"),
    ("no columns key", {k: v for k, v in layout_dict().items() if k != "columns"}, "columns", "wajib ada"),
    ("no columns", layout_dict(columns=[]), "columns", "nilai atau jenis tidak sah"),
    (
        "no NIK column",
        layout_dict(columns=[{"header": "NAMA", "field": "name"}]),
        "columns",
        "harus memuat kolom NIK",
    ),
    (
        "a header that is a number",
        layout_dict(columns=[{"header": 1, "field": "nik"}]),
        "columns.0.header",
        "tidak sah",
    ),
    (
        "an empty header",
        layout_dict(columns=[{"header": "  ", "field": "nik"}]),
        "columns.0.header",
        "kosong",
    ),
    ("a sheet name Excel refuses", layout_dict(sheet="Peserta/2025"), "sheet", "nama lembar"),
    ("a sheet name too long", layout_dict(sheet="P" * 32), "sheet", "1 sampai 31 karakter"),
    ("columns not a list", layout_dict(columns={"header": "NIK"}), "columns", "tidak sah"),
]


@pytest.mark.parametrize(("case", "data", "key", "words"), BAD_LAYOUTS, ids=[c[0] for c in BAD_LAYOUTS])
def test_a_bad_layout_file_names_the_file_and_the_key(
    tmp_path: Path, case: str, data: dict[str, Any], key: str, words: str
) -> None:
    path = tmp_path / "kantor_cabang.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load_layout(path)
    error = caught.value
    assert (error.file, error.key) == ("kantor_cabang.yaml", key)
    assert error.indonesian.startswith(f"Berkas tata letak kantor_cabang.yaml, kunci {key!r}: ")
    assert error.english.startswith(f"Layout file kantor_cabang.yaml, key {key!r}: ")
    assert words in error.indonesian
    assert isinstance(error, EnrolmentError)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("- just\n- a list\n", "isi berkas harus berupa pemetaan"),
        ("name: [unclosed\n", "bukan YAML yang sah"),
        ("", "isi berkas harus berupa pemetaan"),
    ],
)
def test_a_file_that_is_not_a_layout_mapping(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "rusak.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LayoutError, match=words) as caught:
        load_layout(path)
    assert caught.value.key == "(akar)"


def test_a_missing_or_undecodable_file_is_a_layout_error(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match="tidak dapat dibaca") as caught:
        load_layout(tmp_path / "tidak_ada.yaml")
    assert caught.value.file == "tidak_ada.yaml"
    binary = tmp_path / "biner.yaml"
    binary.write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(LayoutError, match="tidak dapat dibaca"):
        load_layout(binary)


# --- the XLSX, read back -----------------------------------------------------------------------------------------


def test_the_default_export_reads_back_cell_by_cell() -> None:
    content = written([SITI, BUDI], load_layout())
    frame = read_back(content, "Peserta")
    assert frame.columns == [c.header for c in load_layout().columns]
    assert frame.to_dicts() == [
        {
            "NIK": "1302054107850003",
            "NAMA SESUAI KTP": "Siti Aminah",
            "TANGGAL LAHIR": dt.date(1985, 7, 1),
            "JENIS KELAMIN": "P",
            "NOMOR HP": "081234567890",
            "JENIS PEKERJAAN": "Petani",
            "LOKASI KERJA": "Nagari Koto Baru",
            "KODE WILAYAH": "13.02.05.2001",
            "ALAMAT": "Jorong Ateh, RT 01",
            "PENGHASILAN": 1_000_000,
            "PROGRAM": "JKK, JKM",
            "TANGGAL MULAI": dt.date(2025, 8, 1),
            "TANGGAL AKHIR": dt.date(2025, 10, 31),
            "JUMLAH BULAN": 3,
            "PEMBAYAR IURAN": "APB Nagari Koto Baru",
            "NOMOR KK": "1302050101850001",
        },
        {
            "NIK": "9271012212990001",
            "NAMA SESUAI KTP": '=HYPERLINK("x") Budi Ñoño',
            "TANGGAL LAHIR": dt.date(1999, 12, 22),
            "JENIS KELAMIN": "L",
            "NOMOR HP": "6281200000000",
            "JENIS PEKERJAAN": "Buruh harian lepas",
            "LOKASI KERJA": "Pasar Raya",
            "KODE WILAYAH": "92.71.01.1001",
            "ALAMAT": None,
            "PENGHASILAN": 20_700_000,
            "PROGRAM": "JKK, JKM, JHT",
            "TANGGAL MULAI": dt.date(2026, 1, 1),
            "TANGGAL AKHIR": dt.date(2026, 12, 31),
            "JUMLAH BULAN": 12,
            "PEMBAYAR IURAN": "APBD Kota Sorong",
            "NOMOR KK": None,
        },
    ]
    assert frame.schema["NIK"] == pl.String and frame.schema["NOMOR KK"] == pl.String
    assert frame.schema["NOMOR HP"] == pl.String
    assert frame.schema["TANGGAL LAHIR"] == pl.Date and frame.schema["PENGHASILAN"] == pl.Int64


def _part(content: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(name).decode("utf-8")


def test_identifiers_are_text_cells_dates_are_formatted_dates_and_no_formula_is_written() -> None:
    content = written([SITI, BUDI], load_layout())
    sheet = _part(content, "xl/worksheets/sheet1.xml")
    styles = _part(content, "xl/styles.xml")
    cells = dict(re.findall(r'<c r="([A-Z]+[0-9]+)"([^>]*)>', sheet))
    for ref in ("A2", "A3", "E2", "E3", "P2"):  # NIK, phone, KK
        assert 't="s"' in cells[ref], ref  # a shared string, never a number
    for ref in ("C2", "J2", "L2", "N2"):  # birth date, income, start date, months
        assert "t=" not in cells[ref], ref  # numbers (a date is a number with a date format)
    assert "<f>" not in sheet  # the name starting with = stays text
    assert 'formatCode="dd-mm-yyyy"' in styles
    assert "<b/>" in styles  # the bold header
    assert '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' in sheet
    assert '<autoFilter ref="A1:P3"/>' in sheet
    widths: dict[int, float] = {}
    for first, last, width in re.findall(r'<col min="([0-9]+)" max="([0-9]+)" width="([0-9.]+)"', sheet):
        widths.update(dict.fromkeys(range(int(first), int(last) + 1), float(width)))
    assert sorted(widths) == list(range(1, 17))
    # NIK: 16 digits + 2; name: the longest name (25 characters) + 2; xlsxwriter adds Excel's padding.
    assert (round(widths[1]), round(widths[2])) == (19, 28)
    assert min(widths.values()) >= 8 and max(widths.values()) <= 61


def test_a_custom_layout_orders_names_and_formats_the_columns() -> None:
    layout = parse_layout(
        {
            "name": "Kantor cabang Padang",
            "sheet": "Upload",
            "columns": [
                {"header": "Nama", "field": "name"},
                {"header": "No KTP", "field": "nik"},
                {"header": "Tgl Lahir", "field": "birth_date", "format": "%Y/%m/%d"},
                {"header": "Upah", "field": "income_basis"},
                {"header": "Program", "field": "programmes"},
                {"header": "Mulai", "field": "start_date"},
            ],
        },
        file="padang.yaml",
    )
    content = written([SITI], layout)
    frame = read_back(content, "Upload")
    assert frame.to_dicts() == [
        {
            "Nama": "Siti Aminah",
            "No KTP": "1302054107850003",
            "Tgl Lahir": dt.date(1985, 7, 1),
            "Upah": 1_000_000,
            "Program": "JKK, JKM",
            "Mulai": dt.date(2025, 8, 1),
        }
    ]
    styles = _part(content, "xl/styles.xml")
    assert 'formatCode="yyyy/mm/dd"' in styles and 'formatCode="dd-mm-yyyy"' in styles  # Mulai: the default


def test_an_empty_batch_gives_the_header_row_only() -> None:
    frame = read_back(written([], load_layout()), "Peserta")
    assert frame.height == 0
    assert frame.columns[:3] == ["NIK", "NAMA SESUAI KTP", "TANGGAL LAHIR"]


def test_cakupan_own_reader_takes_the_export_without_complaint(tmp_path: Path) -> None:
    path = tmp_path / "batch.xlsx"
    path.write_bytes(written([SITI, BUDI], load_layout()))
    frame = read_table(path)
    assert frame.get_column("nik").to_list() == ["1302054107850003", "9271012212990001"]
    assert frame.get_column("nomor_kk").to_list() == ["1302050101850001", None]


# --- completeness: every column filled unless the layout says who fills it -----------------------------------------


def test_a_row_cannot_leave_out_a_field_the_registry_or_the_batch_fills() -> None:
    values = {field: getattr(SITI, field) for field in FIELDS}
    for field in FIELDS:
        if field in FILLED_OUTSIDE:
            continue
        with pytest.raises(TypeError):
            RegistrationRow(**{k: v for k, v in values.items() if k != field})  # no silent blank default


def test_the_blank_columns_are_named_with_their_reason_in_the_layout() -> None:
    assert set(FILLED_OUTSIDE) <= set(FIELDS)
    assert all(len(reason.split()) >= 5 for reason in FILLED_OUTSIDE.values())
    text = DEFAULT_LAYOUT.read_text(encoding="utf-8")
    for field in FILLED_OUTSIDE:
        assert f"field: {field}}}  # blank:" in text, field


def test_a_row_with_every_field_filled_writes_no_blank_cell() -> None:
    layout = load_layout()
    frame = pl.read_excel(
        written([SITI], layout), engine="calamine", sheet_name=layout.sheet, infer_schema_length=0
    )
    blank = [c.header for c in layout.columns if not (frame.get_column(c.header)[0] or "").strip()]
    assert blank == []
