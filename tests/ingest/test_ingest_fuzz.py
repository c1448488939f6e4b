"""No input may crash the readers or the validator: arbitrary bytes, text, table shapes and frames end in a table
(or a Validation) or in UnreadableFile with a catalogue message, never in any other exception.

Where the input is a well-formed table, reading it must also give its cells back unchanged.
"""

from __future__ import annotations

import csv
import io
import random
import string
import zipfile
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from cakupan.core.problems import MESSAGES
from cakupan.core.regions import RegionIndex, load_province
from cakupan.ingest.headers import SYNONYMS
from cakupan.ingest.readers import TableRead, UnreadableFile, normalize_header, read_table_with_warnings
from cakupan.ingest.schemas import LAYOUTS, Layout
from cakupan.ingest.validate import Validation, validate

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A workbook is written and read per example: fewer of them.
FUZZ_SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex.of(load_province("13"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def read_or_refuse(path: Path) -> TableRead | None:
    """The table, or None when it was refused properly (UnreadableFile speaking the catalogue's Indonesian)."""
    try:
        table = read_table_with_warnings(path)
    except UnreadableFile as error:
        assert error.problem.code in MESSAGES
        assert error.problem.severity == "error"
        assert str(error) == error.problem.message("id")
        assert error.problem.message("en")
        return None
    frame = table.frame
    assert frame.height > 0 and frame.width > 0
    assert all(dtype == pl.String for dtype in frame.dtypes)
    assert len(set(frame.columns)) == frame.width
    assert all(c == normalize_header(c) for c in frame.columns)
    for warning in table.warnings:
        assert warning.severity == "warning" and warning.code in MESSAGES
        assert warning.message("id")
    return table


# --- bytes and text into read_table -------------------------------------------------------------------------------

SIGNATURES = [
    b"",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"%PDF-",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
]


@FUZZ
@given(
    prefix=st.sampled_from(SIGNATURES),
    body=st.binary(max_size=2000),
    suffix=st.sampled_from([".csv", ".txt", ".xlsx", ".xlsm"]),
)
def test_arbitrary_bytes(folder: Path, prefix: bytes, body: bytes, suffix: str) -> None:
    path = folder / f"acak{suffix}"
    path.write_bytes(prefix + body)
    read_or_refuse(path)


CSV_ALPHABET = ",;\t|\"'\r\n =+-@0123456789nikamNIKAMéÑ€\u00a0\ufeff\x00\x0bE."


@FUZZ
@given(
    text=st.text(alphabet=CSV_ALPHABET, max_size=300) | st.text(max_size=200),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "latin-1"]),
)
@example(text=".\ufeff\r0", encoding="utf-8")  # a BOM inside the header: normalised to "\ufeff", then to ""
def test_arbitrary_text_in_any_encoding(folder: Path, text: str, encoding: str) -> None:
    path = folder / "teks.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    read_or_refuse(path)


# --- table shapes ------------------------------------------------------------------------------------------------------

cell_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\r"), max_size=12
) | st.sampled_from(["", " ", "1302054107850003", "1.30205E+15", "=1+1", '"', "a,b", "x\ny", "2024-01-01"])
shapes = st.integers(1, 6).flatmap(
    lambda width: st.lists(st.lists(cell_text, min_size=0, max_size=width + 2), min_size=0, max_size=8)
)


@FUZZ
@given(rows=shapes, delimiter=st.sampled_from([",", ";", "\t", "|"]), quoting=st.sampled_from([0, 1]))
def test_arbitrary_table_shapes_as_csv(
    folder: Path, rows: list[list[str]], delimiter: str, quoting: int
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\r\n").writerows(rows)
    path = folder / "bentuk.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    read_or_refuse(path)


@FUZZ_SLOW
@given(rows=shapes, gaps=st.lists(st.integers(0, 3), min_size=0, max_size=8))
def test_arbitrary_table_shapes_as_xlsx(folder: Path, rows: list[list[str]], gaps: list[int]) -> None:
    path = folder / "bentuk.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("Data")
    row_number = 0
    for index, row in enumerate(rows):
        row_number += gaps[index] if index < len(gaps) else 0
        for column, value in enumerate(row):
            if value:
                sheet.write(row_number, column, value)
        row_number += 1
    book.close()
    read_or_refuse(path)


header_names = st.lists(
    st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=8).filter(
        lambda h: normalize_header(h) == h
    ),
    min_size=1,
    max_size=5,
    unique=True,
)
plain_cell = st.text(alphabet=string.ascii_letters + string.digits + " .,;'\"=+-/é", max_size=10).map(
    str.strip
)


@FUZZ_SLOW
@given(data=st.data(), headers=header_names, delimiter=st.sampled_from([",", ";", "\t", "|"]))
def test_well_formed_tables_come_back_unchanged(
    folder: Path, data: st.DataObject, headers: list[str], delimiter: str
) -> None:
    rows = data.draw(st.lists(st.lists(plain_cell, min_size=len(headers), max_size=len(headers)), max_size=6))
    assume(any(any(cell for cell in row) for row in rows))
    expected = [tuple(cell or None for cell in row) for row in rows]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
        [headers, *rows]
    )
    path = folder / "utuh.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    table = read_or_refuse(path)
    assert table is not None
    assert table.frame.columns == headers
    assert table.frame.rows() == expected

    path = folder / "utuh.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    for number, row in enumerate([headers, *rows]):
        for column, value in enumerate(row):
            if value:
                sheet.write_string(number, column, value)
    book.close()
    table = read_or_refuse(path)
    assert table is not None
    # Blank rows after the last value are not part of the sheet (Excel has no "last line" to keep).
    while expected and not any(expected[-1]):
        expected.pop()
    assert table.frame.columns == headers
    assert table.frame.rows() == expected


# --- damaged workbooks -------------------------------------------------------------------------------------------------


def _workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["nik", "nama", "tanggal_lahir"])
    for row in range(1, 40):
        sheet.write_row(row, 0, [f"13020541078500{row:02d}", f"WARGA {row}", "1985-07-01"])
    sheet.write_number(40, 0, 1302054107850003)
    book.close()
    return buffer.getvalue()


WORKBOOK = _workbook_bytes()


@FUZZ_SLOW
@given(
    cut=st.integers(0, len(WORKBOOK)),
    flips=st.lists(st.tuples(st.integers(0, len(WORKBOOK) - 1), st.integers(1, 255)), max_size=4),
)
def test_damaged_workbooks(folder: Path, cut: int, flips: list[tuple[int, int]]) -> None:
    data = bytearray(WORKBOOK)
    for position, mask in flips:
        data[position] ^= mask
    path = folder / "rusak.xlsx"
    path.write_bytes(bytes(data[: max(cut, 1)] if flips or cut < len(data) else data))
    read_or_refuse(path)


@FUZZ_SLOW
@given(
    seed=st.integers(0, 2**32 - 1),
    part=st.sampled_from(
        ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"]
    ),
)
def test_workbooks_with_mangled_xml(folder: Path, seed: int, part: str) -> None:
    rng = random.Random(seed)
    with zipfile.ZipFile(io.BytesIO(WORKBOOK)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    if part in parts:
        xml = bytearray(parts[part])
        for _ in range(rng.randint(1, 5)):
            position = rng.randrange(len(xml))
            xml[position : position + rng.randint(0, 8)] = rng.choice(
                [b"", b"<", b'"', b'r="XFD9"', b"<v>9</v>", b"\x00"]
            )
        parts[part] = bytes(xml)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    path = folder / "xml-rusak.xlsx"
    path.write_bytes(buffer.getvalue())
    read_or_refuse(path)


# --- frames into validate, for every layout ----------------------------------------------------------------------------

near_valid = st.sampled_from(
    [
        "1302054107850003",
        "1302 0541 0785 0003",
        "1.30205E+15",
        "1302054107850003.0",
        "130205410785000",
        "1985-07-01",
        "01/07/1985",
        "31/02/1985",
        "45306",
        "2999-01-01",
        "2025-06",
        "13.02.05.2001",
        "1302052001",
        "32.73.01.1001",
        "13",
        "P",
        "L",
        "laki-laki",
        "BPU",
        "JKK;JKM",
        "apb_nagari",
        "Rp 1.000.000",
        "1,000,000",
        "-5",
        "9" * 30,
        "informal",
        "angkatan_kerja",
        "ASN",
        '=HYPERLINK("http://x")',
        "",
    ]
)
any_cell = st.one_of(st.none(), near_valid, st.text(max_size=20))


def _layout_frames(layout: Layout) -> st.SearchStrategy[pl.DataFrame]:
    names = [*layout.names, *(s for c in layout.names for s in SYNONYMS.get(c, ())[:1]), "lain", "no"]
    columns = st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True)
    return columns.flatmap(
        lambda cols: st.lists(st.fixed_dictionaries({c: any_cell for c in cols}), max_size=8).map(
            lambda rows: (
                pl.DataFrame(rows, schema=dict.fromkeys(cols, pl.String))
                if rows
                else pl.DataFrame(schema=dict.fromkeys(cols, pl.String))
            )
        )
    )


@pytest.mark.parametrize("source", sorted(LAYOUTS))
def test_arbitrary_frames_into_validate(source: str, regions: RegionIndex) -> None:
    layout = LAYOUTS[source]

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(frame=_layout_frames(layout))
    def run(frame: pl.DataFrame) -> None:
        try:
            result = validate(frame, layout, regions=regions)
        except UnreadableFile as error:
            assert error.problem.code in MESSAGES
            assert str(error) == error.problem.message("id")
            return
        assert isinstance(result, Validation)
        rejected = {p.row for p in result.problems if p.problem.severity == "error"}
        valid_rows = set(result.valid.get_column("_row").to_list())
        assert not rejected & valid_rows
        for p in result.problems:
            assert p.problem.code in MESSAGES
            assert p.problem.message("id") and p.problem.message("en")
            assert p.column in layout.names

    run()
