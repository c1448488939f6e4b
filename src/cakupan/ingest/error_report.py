"""The rejected rows of an import as an XLSX the officer corrects and imports again.

The first sheet holds only the rejected rows (those with at least one error), with their cells exactly as read
from the file and the layout's canonical column names as header, so the sheet itself is an importable file; two
columns are appended: the row's number in the original file and what is wrong with it. Extra columns are
ignored by the importer, so the officer fixes the cells and imports this very sheet. The second sheet lists every
problem, errors and warnings, one per line.

Every cell is written as text: a NIK stays 16 digits (never a float), and text starting with ``=`` stays text
(never a formula).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

from cakupan.core.problems import Language
from cakupan.ingest.headers import map_headers
from cakupan.ingest.schemas import Layout
from cakupan.ingest.validate import FIRST_DATA_ROW, ROW, RowProblem

ROWS_SHEET: dict[Language, str] = {"id": "Baris bermasalah", "en": "Rejected rows"}
PROBLEMS_SHEET: dict[Language, str] = {"id": "Semua masalah", "en": "All problems"}
# Appended to the layout's columns; not layout columns, so importing the sheet again ignores them.
SOURCE_ROW_COLUMN = "baris_asal"
MESSAGES_COLUMN = "masalah"
PROBLEM_HEADER: dict[Language, tuple[str, ...]] = {
    "id": ("baris", "kolom", "nilai", "jenis", "masalah"),
    "en": ("row", "column", "value", "kind", "problem"),
}
SEVERITY: dict[Language, dict[str, str]] = {
    "id": {"error": "galat", "warning": "peringatan"},
    "en": {"error": "error", "warning": "warning"},
}
MAX_SHEET_ROWS = 1_048_576  # Excel's limit, the header row included


def layout_cells(frame: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """The frame ``read_table`` gives, reduced to the layout's columns the file has, under canonical names.

    A column the file lacks is not added: an absent optional column leaves stored values alone on import,
    whereas an added empty one would erase them."""
    mapped = map_headers(frame, layout)
    return mapped.select(name for name in layout.names if name in mapped.columns)


def write_error_report(
    path: Path,
    *,
    source_rows: pl.DataFrame,
    problems: Sequence[RowProblem],
    language: Language = "id",
    layout: Layout | None = None,
) -> int:
    """Write the rejected rows of ``source_rows`` and every problem to the XLSX ``path``.

    ``source_rows`` is the file as ``read_table`` returns it (text cells; frame row ``i`` is file row ``i + 2``,
    blank rows included). With ``layout`` its headers are mapped to the canonical names and only the layout's
    columns are kept; without, its columns are written as they are. Returns the number of rejected rows written.
    """
    cells = layout_cells(source_rows, layout) if layout is not None else source_rows
    errors_by_row: dict[int, list[RowProblem]] = {}
    for p in problems:
        if p.problem.severity == "error":
            errors_by_row.setdefault(p.row, []).append(p)
    rejected = (
        cells.select(pl.all().cast(pl.String))  # the columns by position: a header may read as a pattern
        .with_row_index(ROW, offset=FIRST_DATA_ROW)
        .filter(pl.col(ROW).is_in(list(errors_by_row)))
    )

    book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,  # rows go to disk as written: a report of a million rows stays small in memory
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    try:
        formats = {
            "header": book.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1}),
            "text": book.add_format({"num_format": "@"}),  # a cell the officer retypes stays text (NIK, KK)
            "flagged": book.add_format({"num_format": "@", "bg_color": "#FFC7CE"}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        }
        written = _write_rejected_rows(
            book.add_worksheet(ROWS_SHEET[language]), rejected, errors_by_row, formats, language
        )
        _write_problem_list(book.add_worksheet(PROBLEMS_SHEET[language]), problems, formats, language)
    finally:
        book.close()
    return written


def _write_rejected_rows(
    sheet: Any,
    rejected: pl.DataFrame,
    errors_by_row: dict[int, list[RowProblem]],
    formats: dict[str, Any],
    language: Language,
) -> int:
    columns = [c for c in rejected.columns if c != ROW]
    sheet.freeze_panes(1, 0)
    for i, name in enumerate(columns):
        sheet.set_column(i, i, max(18, len(name) + 2), formats["text"])
    sheet.set_column(len(columns), len(columns), 11)
    sheet.set_column(len(columns) + 1, len(columns) + 1, 80, formats["wrap"])
    _write_header(sheet, [*columns, SOURCE_ROW_COLUMN, MESSAGES_COLUMN], formats["header"])
    written = 0
    for sheet_row, (row, *values) in enumerate(rejected.head(MAX_SHEET_ROWS - 1).iter_rows(), start=1):
        row_errors = errors_by_row[row]
        bad_columns = {p.column for p in row_errors}
        for col, (name, value) in enumerate(zip(columns, values, strict=True)):
            cell_format = formats["flagged" if name in bad_columns else "text"]
            if value is None:
                sheet.write_blank(sheet_row, col, None, cell_format)
            else:
                sheet.write_string(sheet_row, col, value, cell_format)
        sheet.write_number(sheet_row, len(columns), row)
        messages = "; ".join(f"{p.column}: {p.problem.message(language)}" for p in row_errors)
        sheet.write_string(sheet_row, len(columns) + 1, messages, formats["wrap"])
        written += 1
    if written:
        sheet.autofilter(0, 0, written, len(columns) + 1)
    return written


def _write_problem_list(
    sheet: Any, problems: Sequence[RowProblem], formats: dict[str, Any], language: Language
) -> None:
    sheet.freeze_panes(1, 0)
    for i, width in enumerate((8, 16, 24, 12, 80)):
        sheet.set_column(i, i, width)
    _write_header(sheet, list(PROBLEM_HEADER[language]), formats["header"])
    ordered = sorted(problems, key=lambda p: p.row)[: MAX_SHEET_ROWS - 1]  # stable: column order kept
    for line, p in enumerate(ordered, start=1):
        sheet.write_number(line, 0, p.row)
        sheet.write_string(line, 1, p.column)
        if p.value is not None:
            sheet.write_string(line, 2, p.value)
        sheet.write_string(line, 3, SEVERITY[language][p.problem.severity])
        sheet.write_string(line, 4, p.problem.message(language))
    if ordered:
        sheet.autofilter(0, 0, len(ordered), 4)


def _write_header(sheet: Any, names: list[str], cell_format: Any) -> None:
    for col, name in enumerate(names):
        sheet.write_string(0, col, name, cell_format)
