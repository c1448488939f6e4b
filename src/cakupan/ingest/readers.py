"""Read a CSV or XLSX file into a frame of text columns, with headers normalised.

Every cell stays text here; typing is the validator's job, so a bad cell becomes a reported problem instead of a
crash or a silently guessed value. A file that cannot be used as a whole is refused with UnreadableFile, whose
problem says what is wrong and where (row, column or cell) in Bahasa Indonesia: an empty file, a file whose
content is not what its name says (a PDF, an old .xls, a workbook named .csv), a damaged or oversized workbook,
a cell longer than any spreadsheet allows, an unclosed quote, a row wider than the header.

Frame row ``i`` is file row ``i + 2`` (the header is row 1), as a spreadsheet numbers them: blank rows are kept
as rows of empty cells, and when blank rows stand above the header, as many empty rows are put below it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polars as pl

from cakupan.core.nik import INEXACT_NUMBER_MARK
from cakupan.core.problems import Problem
from cakupan.ingest import sniff
from cakupan.ingest.decoding import decode_text
from cakupan.ingest.errors import UnreadableFile, refuse
from cakupan.ingest.limits import MAX_COLUMNS, ReadLimits
from cakupan.ingest.xlsx_guard import SHOWN_CELLS, InexactCell, inspect_xlsx

__all__ = [
    "CSV_SUFFIXES",
    "XLSX_SUFFIXES",
    "FileKind",
    "TableRead",
    "UnreadableFile",
    "file_kind",
    "normalize_header",
    "read_table",
    "read_table_with_warnings",
]

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_DELIMITERS = ",;\t|"
_HEADER_SPACE = re.compile(r"[\s\-/.]+")
_BLANK_LINE = re.compile(r'[\s,;|"]*')
_SEP_LINE = re.compile(r"sep=(.)\r?\n", re.IGNORECASE)
_BINARY_SAMPLE = 64 * 1024
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
_CONTROL_SHARE = 0.05  # more control characters than this in the first 64 KB: not text
_HEADER_LABEL = 60

Expected = Literal["CSV", "XLSX"]
FileKind = Literal["csv", "xlsx"]


@dataclass(frozen=True, slots=True)
class TableRead:
    frame: pl.DataFrame
    # About the whole file (such as its encoding); the file is still usable.
    warnings: tuple[Problem, ...] = ()


def normalize_header(name: str) -> str:
    """``" Tanggal Lahir "`` -> ``tanggal_lahir``. A byte-order mark anywhere in it is dropped (not only in front:
    ``".\ufeff"`` would otherwise become ``"\ufeff"``, which normalises again to ``""``)."""
    return _HEADER_SPACE.sub("_", name.replace("\ufeff", "").strip().lower()).strip("_")


def read_table(path: Path, sheet: str | None = None, *, exact_numbers: bool = False) -> pl.DataFrame:
    """Read ``path`` (CSV or XLSX) into text columns with normalised headers."""
    return read_table_with_warnings(path, sheet, exact_numbers=exact_numbers).frame


def read_table_with_warnings(
    path: Path, sheet: str | None = None, *, limits: ReadLimits | None = None, exact_numbers: bool = False
) -> TableRead:
    """``read_table`` and the warnings about the file as a whole (a mixed encoding, unreadable characters,
    numbers whose digits Excel may have changed).

    An XLSX number cell whose digits may not be the identifier written (``cakupan.ingest.xlsx_guard``) is given
    as its digits after ``INEXACT_NUMBER_MARK`` (``≈1302054107850010``), so that the validator reports that
    row alone. ``exact_numbers``: the importer confirms that the file was written by a program, not typed
    into Excel, so its 16-digit numbers ending in 0 are exact."""
    suffix = path.suffix.lower()
    limits = limits or ReadLimits.from_environment()
    kind, size = _sniff(path, suffix)
    table = (
        _read_csv(path, size, suffix, limits)
        if kind == "csv"
        else _read_xlsx(path, sheet, limits, exact_numbers=exact_numbers)
    )
    return TableRead(_finish(table.frame), table.warnings)


def file_kind(path: Path, name: str | None = None) -> FileKind:
    """``"csv"`` or ``"xlsx"``: what ``path`` is, judged by its bytes against what its name (``name``, or the
    path's own) promises; UnreadableFile, saying what the file seems to be instead, for anything else.

    These are the checks ``read_table`` makes before it reads a cell (for a CSV: the first 64 KB are text), so
    an upload can be refused at once, with the same message, before it is queued for reading."""
    return _sniff(path, Path(name or path.name).suffix.lower())[0]


def _sniff(path: Path, suffix: str) -> tuple[FileKind, int]:
    """The file's kind and size, after refusing what cannot be read as that kind."""
    supported = suffix in CSV_SUFFIXES | XLSX_SUFFIXES
    try:
        with path.open("rb") as handle:
            head = handle.read(sniff.HEAD_BYTES)
        size = path.stat().st_size
    except OSError as exc:
        if not supported:
            raise refuse("file_type", suffix=suffix or "(tanpa akhiran)") from exc
        raise refuse("file_open", reason=exc.strerror or type(exc).__name__) from exc
    if not supported:  # an old .xls is common enough to deserve its own advice
        if sniff.container_of(head) == "ole2" and sniff.ole2_format(path) == "xls":
            raise refuse("file_xls", suffix=suffix)
        raise refuse("file_type", suffix=suffix or "(tanpa akhiran)")
    if size == 0:
        raise refuse("file_empty")
    if suffix in CSV_SUFFIXES:
        _refuse_other_formats(path, head, suffix, "CSV")
        binary_line = _binary_line(decode_text(head).text)
        if binary_line is not None:
            raise refuse("file_binary", suffix=suffix, line=binary_line)
        return "csv", size
    _refuse_other_formats(path, head, suffix, "XLSX")
    if sniff.container_of(head) is None:
        raise (
            refuse("file_text_named_xlsx", suffix=suffix)
            if _looks_like_text(head)
            else refuse("xlsx_not_workbook")
        )
    return "xlsx", size


def _finish(frame: pl.DataFrame) -> pl.DataFrame:
    _refuse_repeated_headers(frame.columns)
    headers = [normalize_header(c) for c in frame.columns]
    frame = frame.rename(dict(zip(frame.columns, headers, strict=True)))
    # Text cells, trimmed; an empty cell is a missing value.
    # pl.all(), not pl.col(name): a header is the user's text, and pl.col reads "*" or "^...$" as patterns.
    frame = frame.with_columns(pl.all().cast(pl.String).str.strip_chars().replace("", None))
    if frame.filter(pl.any_horizontal(pl.all().is_not_null())).height == 0:
        raise refuse("file_empty")
    return frame


# --- what the file really is ----------------------------------------------------------------------------------


def _refuse_other_formats(path: Path, head: bytes, suffix: str, expected: Expected) -> None:
    """Refuse a file whose bytes are not what its name promises, saying what it seems to be instead."""
    container = sniff.container_of(head)
    if container == "zip":
        found = sniff.zip_format(path)
        if found == "xlsx":
            if expected == "CSV":
                raise refuse("file_xlsx_named_csv", suffix=suffix)
            return
        if found is None:  # damaged or cut short; the names of its first parts may still tell a workbook
            if expected == "XLSX":
                raise refuse("xlsx_damaged")
            if b"xl/" in head or b"[Content_Types].xml" in head:
                raise refuse("file_xlsx_named_csv", suffix=suffix)
            raise refuse("file_content_mismatch", kind="ZIP", expected=expected)
        raise refuse("file_content_mismatch", kind=found, expected=expected)
    if container == "ole2":
        found = sniff.ole2_format(path)
        if found == "encrypted":
            raise refuse("file_encrypted")
        if found == "xls":
            raise refuse("file_is_xls", suffix=suffix)
        raise refuse("file_content_mismatch", kind=found, expected=expected)
    foreign = sniff.foreign_format(head)
    if foreign is not None:
        raise refuse("file_content_mismatch", kind=foreign, expected=expected)


def _binary_line(text: str) -> int | None:
    """The line of the first sign that ``text`` is not text at all (a zero byte, many control characters)."""
    zero = text.find("\x00")
    if zero >= 0:
        return text.count("\n", 0, zero) + 1
    sample = text[:_BINARY_SAMPLE]
    controls = list(_CONTROL.finditer(sample))
    if sample and len(controls) > _CONTROL_SHARE * len(sample):
        return sample.count("\n", 0, controls[0].start()) + 1
    return None


def _looks_like_text(head: bytes) -> bool:
    return _binary_line(decode_text(head).text) is None


# --- CSV ------------------------------------------------------------------------------------------------------


def _read_csv(path: Path, size: int, suffix: str, limits: ReadLimits) -> TableRead:
    """A file ``_sniff`` found to be CSV text."""
    if size > limits.csv_bytes:
        raise refuse("csv_too_large", size_mb=_mb(size), limit_mb=_mb(limits.csv_bytes))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise refuse("file_open", reason=exc.strerror or type(exc).__name__) from exc
    decoded = decode_text(raw)
    del raw
    text = decoded.text
    binary_line = _binary_line(text)
    if binary_line is not None:
        raise refuse("file_binary", suffix=suffix, line=binary_line)
    if "\n" not in text and "\r" in text:  # classic Mac line ends
        text = text.replace("\r", "\n")
    text, blank_rows, delimiter = _preamble(text)
    if not text.strip():
        raise refuse("file_empty")
    header_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = delimiter or _sniff_delimiter(header_line)
    if header_line.count(delimiter) >= MAX_COLUMNS and _count_fields(header_line, delimiter) > MAX_COLUMNS:
        raise refuse("too_many_columns", count=f"> {MAX_COLUMNS}", limit=MAX_COLUMNS)
    frame = _parse_csv(text, delimiter, limits, first_row=blank_rows + 1)
    del text
    _refuse_long_cells(frame, limits, first_row=blank_rows + 1)
    return TableRead(_promote_header(frame, blank_rows), decoded.warnings)


def _mb(size: int) -> str:
    return f"{size / (1 << 20):,.0f}".replace(",", ".")


def _preamble(text: str) -> tuple[str, int, str | None]:
    """Drop Excel's ``sep=;`` line (Excel hides it, so it is not a row) and the blank lines above the header.

    Returns the rest, how many blank rows were dropped (they still count in row numbers) and the separator the
    ``sep=`` line names, if any."""
    delimiter = None
    sep = _SEP_LINE.match(text)
    if sep is not None:
        delimiter = sep.group(1)
        text = text[sep.end() :]
    blank_rows, position = 0, 0
    while True:
        end = text.find("\n", position)
        line = text[position:] if end < 0 else text[position:end]
        if end < 0 or not _BLANK_LINE.fullmatch(line):
            break
        blank_rows += 1
        position = end + 1
    return text[position:], blank_rows, delimiter


def _sniff_delimiter(header_line: str) -> str:
    """The candidate separator found most often outside quotes in the header line; a comma when none is."""
    counts = {d: _count_fields(header_line[:65536], d) - 1 for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equal counts
    return best if counts[best] > 0 else ","


def _count_fields(line: str, delimiter: str) -> int:
    fields, quoted = 1, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            fields += 1
    return fields


def _parse_csv(text: str, delimiter: str, limits: ReadLimits, *, first_row: int) -> pl.DataFrame:
    """Records as string columns ``column_0``...: polars when the file is well-formed CSV, else Python's csv
    module, which accepts a stray quote inside a cell and says where a record goes wrong."""
    try:
        return pl.read_csv(
            text.encode("utf-8"),
            separator=delimiter,
            has_header=False,
            infer_schema=False,
            quote_char='"',
        )
    except (pl.exceptions.PolarsError, ValueError, OverflowError, OSError):
        # OSError: polars takes text that starts like a zlib/gzip/zstd stream ("x\x01...") for a compressed file
        return _parse_csv_slowly(text, delimiter, limits, first_row=first_row)


def _parse_csv_slowly(text: str, delimiter: str, limits: ReadLimits, *, first_row: int) -> pl.DataFrame:
    previous_limit = csv.field_size_limit(limits.cell_chars + 1)
    try:
        try:
            records = _records(text, delimiter, limits, first_row=first_row, strict=True)
        except _NotStrictCsv:
            records = _records(text, delimiter, limits, first_row=first_row, strict=False)
    finally:
        csv.field_size_limit(previous_limit)
    width = len(records[0]) if records else 0
    for index, record in enumerate(records):
        if len(record) > width:
            if any(cell.strip() for cell in record[width:]):
                raise refuse("csv_ragged", row=first_row + index, found=len(record), expected=width)
            del record[width:]
    columns = {
        f"column_{i}": [record[i] if i < len(record) else None for record in records] for i in range(width)
    }
    return pl.DataFrame(columns, schema={name: pl.String() for name in columns})


class _NotStrictCsv(Exception):
    """A quote inside an unquoted cell (``Jl. "Merdeka"``) or after a closing quote: read again leniently."""


def _records(
    text: str, delimiter: str, limits: ReadLimits, *, first_row: int, strict: bool
) -> list[list[str]]:
    """Every record of ``text``; a record that cannot be read is refused with its row (and column, if known)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=strict)
    records: list[list[str]] = []
    lines_read = 0  # physical lines of the records read so far: the next record starts on the line after
    last_start = 0
    try:
        for record in reader:
            records.append(record)
            last_start, lines_read = lines_read, reader.line_num
    except csv.Error as exc:
        row = first_row + len(records)
        line = _line_at(text, lines_read)
        column = _open_quote_column(line, delimiter)
        if "field larger than field limit" in str(exc):
            if column is not None:
                raise refuse("csv_open_quote", row=row, column=column) from exc
            raise refuse(
                "cell_too_long",
                row=row,
                column=_long_field_column(line, delimiter, limits.cell_chars),
                length=f"> {limits.cell_chars:,}".replace(",", "."),
                limit=f"{limits.cell_chars:,}".replace(",", "."),
            ) from exc
        if "unexpected end of data" in str(exc):
            raise refuse("csv_open_quote", row=row, column=column or "?") from exc
        if strict:
            raise _NotStrictCsv from exc
        raise refuse("csv_malformed", row=row) from exc
    if not strict and records and any("\n" in cell for cell in records[-1]):
        _refuse_open_quote_at_end(text, delimiter, last_start, first_row + len(records) - 1)
    return records


def _refuse_open_quote_at_end(text: str, delimiter: str, start_line: int, row: int) -> None:
    """A lenient read takes an unclosed quote to the end of the file: refuse when this record does that."""
    start = _line_offset(text, start_line)
    if text.count('"', start) % 2 == 1:
        column = _open_quote_column(_line_at(text, start_line), delimiter)
        raise refuse("csv_open_quote", row=row, column=column or "?")


def _line_offset(text: str, index: int) -> int:
    position = 0
    for _ in range(index):
        found = text.find("\n", position)
        if found < 0:
            return len(text)
        position = found + 1
    return position


def _line_at(text: str, index: int) -> str:
    start = _line_offset(text, index)
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _long_field_column(line: str, delimiter: str, limit: int) -> str:
    for number, part in enumerate(line.split(delimiter), start=1):
        if len(part) > limit:
            return str(number)
    return "?"


def _open_quote_column(line: str, delimiter: str) -> int | None:
    """The column (from 1) in which a quote opens and is not closed on ``line``, or None when all are closed."""
    column, opened_in, quoted, at_cell_start = 1, 0, False, True
    position, end = 0, len(line)
    while position < end:
        char = line[position]
        if quoted:
            if char == '"':
                if line.startswith('"', position + 1):  # "" inside quotes is one quote character
                    position += 2
                    continue
                quoted = False
        elif char == '"' and at_cell_start:
            quoted, opened_in = True, column
        elif char == delimiter:
            column += 1
            at_cell_start = True
            position += 1
            continue
        at_cell_start = False
        position += 1
    return opened_in if quoted else None


# --- XLSX -----------------------------------------------------------------------------------------------------


def _read_xlsx(path: Path, sheet: str | None, limits: ReadLimits, *, exact_numbers: bool) -> TableRead:
    """A file ``_sniff`` found to be a ZIP holding an Excel workbook."""
    scan = inspect_xlsx(path, sheet, limits, exact_numbers=exact_numbers)
    if scan.first_row is None:
        raise refuse("file_empty")
    try:
        frame = pl.read_excel(
            path,
            engine="calamine",
            sheet_name=scan.name,
            has_header=False,
            infer_schema_length=0,
            drop_empty_rows=False,
        )
    except Exception as exc:  # fastexcel raises its own hierarchy for content the checks above let through
        raise refuse("xlsx_damaged") from exc
    if frame.height == 0:
        raise refuse("file_empty")
    _refuse_long_cells(frame, limits, first_row=scan.first_row)
    warnings: tuple[Problem, ...] = ()
    if scan.inexact:
        frame = _mark_inexact(frame, scan.inexact, first_row=scan.first_row)
        shown = ", ".join(f"{cell.reference} ({cell.digits})" for cell in scan.inexact[:SHOWN_CELLS])
        warnings = (
            Problem(
                "xlsx_number_inexact",
                "warning",
                {"count": f"{len(scan.inexact):,}".replace(",", "."), "cells": shown},
            ),
        )
    return TableRead(_promote_header(frame, scan.first_row - 1), warnings)


def _mark_inexact(frame: pl.DataFrame, cells: tuple[InexactCell, ...], *, first_row: int) -> pl.DataFrame:
    """Put ``INEXACT_NUMBER_MARK`` before the text of each of ``cells`` (frame row ``i`` is sheet row
    ``first_row + i``). A cell is found in its row by its text, the digits the engine gives for it; a cell without
    a reference (rare: every common writer gives one) marks every cell of the sheet with its digits."""
    by_row: dict[int, set[str]] = {}
    anywhere: set[str] = set()
    for cell in cells:
        if cell.row is None:
            anywhere.add(cell.digits)
        elif 0 <= cell.row - first_row < frame.height:
            by_row.setdefault(cell.row - first_row, set()).add(cell.digits)
    lookup = pl.DataFrame(
        {"_i": list(by_row), "_row_digits": [sorted(d) for d in by_row.values()]},
        schema={"_i": pl.UInt32(), "_row_digits": pl.List(pl.String())},
    )
    marked = frame.with_row_index("_i").join(lookup, on="_i", how="left").sort("_i")
    shown = [
        pl.when(
            pl.col(name).is_in(sorted(anywhere))
            | pl.col("_row_digits").list.contains(pl.col(name)).fill_null(False)
        )
        .then(pl.lit(INEXACT_NUMBER_MARK) + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in frame.columns
    ]
    return marked.select(shown)


# --- both -----------------------------------------------------------------------------------------------------


def _refuse_long_cells(frame: pl.DataFrame, limits: ReadLimits, *, first_row: int) -> None:
    """A cell longer than any spreadsheet cell can be is a broken file (or an attack), not data: refuse it and
    say where. ``first_row`` is the file row of the frame's first row (the header)."""
    lengths = frame.select(pl.all().cast(pl.String).str.len_chars().max()).row(0)
    for index, (name, longest) in enumerate(zip(frame.columns, lengths, strict=True)):
        if longest is None or longest <= limits.cell_chars:
            continue
        column = frame.get_column(name).cast(pl.String)
        position = int(column.str.len_chars().gt(limits.cell_chars).arg_true()[0])
        header = column[0]
        label = normalize_header(header) if header and len(header) <= _HEADER_LABEL else str(index + 1)
        raise refuse(
            "cell_too_long",
            row=first_row + position,
            column=label or str(index + 1),
            length=f"{len(column[position]):,}".replace(",", "."),
            limit=f"{limits.cell_chars:,}".replace(",", "."),
        )


def _refuse_repeated_headers(names: list[str]) -> None:
    headers = [normalize_header(n) for n in names]
    repeated = sorted({h for h in headers if headers.count(h) > 1})
    if repeated:
        raise refuse("header_repeated", columns=", ".join(repeated))


def _promote_header(frame: pl.DataFrame, blank_rows_above: int) -> pl.DataFrame:
    """Use the first row as the header; put as many empty rows below it as there were blank rows above it.

    Polars renames a repeated header (``nik_duplicated_0``, ``nik_1``), which would silently load one of two
    columns, so the header is read as data and checked here."""
    if frame.height == 0:
        raise refuse("file_empty")
    names = [
        f"unnamed__{i}" if cell is None or not str(cell).strip() else str(cell)
        for i, cell in enumerate(frame.row(0))
    ]
    _refuse_repeated_headers(names)
    body = frame.slice(1).rename(dict(zip(frame.columns, names, strict=True)))
    body = body.with_columns(pl.all().cast(pl.String))
    if blank_rows_above:
        padding = pl.DataFrame(
            {name: [None] * blank_rows_above for name in body.columns},
            schema={name: pl.String() for name in body.columns},
        )
        body = pl.concat([padding, body])
    return body
