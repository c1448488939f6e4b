"""XLSX downloads for the web app: sheets of plain values, bold header row, no formulas (text stays text).

A sheet may give each column a number format (``formats``): money then shows as Rupiah and dates as dates while
the cells stay numbers and dates an auditor can sum and sort.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from django.utils import timezone

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUPIAH = '"Rp" #,##0'
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    written: int = 0  # data rows written, filled in by xlsx_bytes
    formats: Sequence[str | None] = field(default_factory=tuple)  # a number format per column, or None


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones: local (WIB) time
    return value


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
        styles = [book.add_format({"num_format": f}) if f else None for f in spec.formats]
        for number, row in enumerate(spec.rows, start=1):
            for column, value in enumerate(row):
                style = styles[column] if column < len(styles) else None
                sheet.write(number, column, _cell(value), style)
            spec.written = number
        sheet.set_column(0, len(spec.header) - 1, 20)
        sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
