"""XLSX downloads for the web app: sheets of plain values, bold header row, no formulas (text stays text)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    written: int = 0  # data rows written, filled in by xlsx_bytes


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """One workbook of ``sheets``; rows may be a lazy iterator (each sheet's ``written`` counts them)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = book.add_format({"bold": True})
    for spec in sheets:
        sheet = book.add_worksheet(spec.title)
        sheet.write_row(0, 0, list(spec.header), bold)
        for number, row in enumerate(spec.rows, start=1):
            sheet.write_row(number, 0, ["" if v is None else v for v in row])
            spec.written = number
        sheet.set_column(0, len(spec.header) - 1, 20)
        sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
