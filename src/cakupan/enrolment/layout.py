"""The column layout of the collective-registration file, as data, and the XLSX writer that follows it.

BPJS Ketenagakerjaan's official template for the collective registration of BPU workers is UNVERIFIED, so the
columns are a YAML file (``layouts/bpjstk_bpu.yaml`` by default) an office can copy and adapt: ``name``,
``note``, ``sheet`` and ``columns``, each column a ``header``, the ``field`` it holds (one of ``FIELDS``) and, for
a date field, a ``format`` in strftime codes (``%d-%m-%Y``). Loading is strict: an unknown key or field, a
repeated header (compared without case or surrounding blanks), a format on a field that is not a date, or a
layout without the NIK raises ``LayoutError`` naming the file and the key. A field may appear in two columns.

The writer keeps identifiers as text cells (Excel would turn a 16-digit NIK stored as a number into
1.30205E+15 and lose its last digits), writes dates as real dates shown in the layout's format and income as an
integer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import xlsxwriter
import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from cakupan.enrolment.errors import LayoutError

__all__ = [
    "DATE_FIELDS",
    "DEFAULT_DATE_FORMAT",
    "DEFAULT_LAYOUT",
    "FIELDS",
    "FILLED_OUTSIDE",
    "Column",
    "RegistrationLayout",
    "RegistrationRow",
    "excel_date_format",
    "load_layout",
    "parse_layout",
    "write_registration",
]

DEFAULT_LAYOUT = Path(__file__).parent / "layouts" / "bpjstk_bpu.yaml"
FIELDS: tuple[str, ...] = (
    "nik",
    "name",
    "birth_date",
    "sex",
    "phone",
    "occupation",
    "work_location",
    "region_code",
    "address",
    "income_basis",
    "programmes",
    "start_date",
    "end_date",
    "months",
    "payer",
    "kk_number",
)
# Fields Cakupan leaves blank on purpose, each with the reason: the registry does not hold the value, someone
# else writes it in. Every other field is filled for every row whenever the registry holds the value (the web
# side builds each row from one mapping, layout field -> source, that covers FIELDS minus these).
FILLED_OUTSIDE: dict[str, str] = {
    "phone": (
        "The registry (DTSEN, Dukcapil) holds no phone number: the officer or the wadah writes in the worker's own "
        "number before the upload, since BPJSTK sends the worker's activation and card there."
    ),
}
DATE_FIELDS = frozenset({"birth_date", "start_date", "end_date"})
INTEGER_FIELDS = frozenset({"income_basis", "months"})
DEFAULT_DATE_FORMAT = "%d-%m-%Y"
PROGRAMME_SEPARATOR = ", "
_FORMAT_TOKEN = re.compile(r"%[dmYy]|[-/. ]")
_EXCEL_CODE = {"%d": "dd", "%m": "mm", "%Y": "yyyy", "%y": "yy"}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31  # Excel's limit on a sheet name
_WIDTH = (8, 60)  # narrowest and widest column, in characters


@dataclass(frozen=True)
class RegistrationRow:
    """One person of a frozen batch, as the registration file needs them. Money is integer rupiah.

    Only the fields of ``FILLED_OUTSIDE`` have a default (blank): any other field left out is a TypeError, not a
    silently empty column."""

    nik: str
    name: str
    birth_date: dt.date
    sex: str
    occupation: str
    work_location: str
    region_code: str
    income_basis: int
    programmes: tuple[str, ...]
    start_date: dt.date
    end_date: dt.date
    months: int
    payer: str
    address: str
    kk_number: str
    phone: str = ""  # FILLED_OUTSIDE


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    format: str | None  # strftime codes, date fields only; None: DEFAULT_DATE_FORMAT


@dataclass(frozen=True)
class RegistrationLayout:
    name: str
    note: str
    sheet: str
    columns: tuple[Column, ...]


class _ColumnModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    header: StrictStr
    field: StrictStr
    format: StrictStr | None = None


class _LayoutModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: StrictStr = Field(min_length=1)
    note: StrictStr = ""
    sheet: StrictStr = "Peserta"
    columns: list[_ColumnModel] = Field(min_length=1)


def load_layout(path: Path | None = None) -> RegistrationLayout:
    """The layout in ``path`` (None: the default BPJSTK BPU layout); LayoutError naming the file and key."""
    path = path or DEFAULT_LAYOUT
    file = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise LayoutError(
            file, "(berkas)", f"tidak dapat dibaca ({reason}).", f"cannot be read ({reason})."
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LayoutError(
            file, "(akar)", f"bukan YAML yang sah ({exc}).", f"not valid YAML ({exc})."
        ) from None
    return parse_layout(data, file=file)


def parse_layout(data: object, *, file: str) -> RegistrationLayout:
    """Validate one parsed YAML document (``file`` names it in errors)."""
    if not isinstance(data, dict):
        raise LayoutError(
            file, "(akar)", "isi berkas harus berupa pemetaan.", "the file must hold a mapping."
        )
    try:
        model = _LayoutModel.model_validate(data)
    except ValidationError as exc:
        raise _schema_error(file, exc) from None
    _check_sheet(file, model.sheet)
    columns: list[Column] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(model.columns):
        key = f"columns.{index}"
        header = entry.header.strip()
        if not header:
            raise LayoutError(file, f"{key}.header", "judul kolom kosong.", "the column header is empty.")
        folded = header.casefold()
        if folded in seen:
            raise LayoutError(
                file,
                f"{key}.header",
                f"judul kolom {header!r} sudah dipakai oleh kolom ke-{seen[folded] + 1}.",
                f"column header {header!r} is already used by column {seen[folded] + 1}.",
            )
        seen[folded] = index
        if entry.field not in FIELDS:
            raise LayoutError(
                file,
                f"{key}.field",
                f"field {entry.field!r} tidak dikenal; pilihan: {', '.join(FIELDS)}.",
                f"field {entry.field!r} is unknown; choose from: {', '.join(FIELDS)}.",
            )
        if entry.format is not None:
            _check_format(file, f"{key}.format", entry.field, entry.format)
        columns.append(Column(header=header, field=entry.field, format=entry.format))
    if not any(c.field == "nik" for c in columns):
        raise LayoutError(
            file,
            "columns",
            "tata letak harus memuat kolom NIK (field nik): hasil dari BPJS Ketenagakerjaan dicocokkan lewat NIK.",
            "the layout must have a NIK column (field nik): BPJS Ketenagakerjaan's results are matched by NIK.",
        )
    return RegistrationLayout(
        name=model.name.strip(), note=model.note.strip(), sheet=model.sheet, columns=tuple(columns)
    )


def _schema_error(file: str, exc: ValidationError) -> LayoutError:
    first = exc.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "(akar)"
    kind = first["type"]
    if kind == "missing":
        return LayoutError(file, key, "wajib ada.", "is required.")
    if kind == "extra_forbidden":
        return LayoutError(file, key, "kunci tidak dikenal.", "unknown key.")
    return LayoutError(
        file, key, f"nilai atau jenis tidak sah ({first['msg']}).", f"invalid value or type ({first['msg']})."
    )


def _check_sheet(file: str, sheet: str) -> None:
    if (
        not sheet.strip()
        or len(sheet) > _SHEET_MAX
        or _SHEET_FORBIDDEN.search(sheet)
        or sheet.startswith("'")
    ):
        raise LayoutError(
            file,
            "sheet",
            f"nama lembar {sheet!r} tidak dapat dipakai Excel: 1 sampai 31 karakter, tanpa [ ] : * ? / \\.",
            f"sheet name {sheet!r} is not one Excel accepts: 1 to 31 characters, none of [ ] : * ? / \\.",
        )


def _check_format(file: str, key: str, field: str, fmt: str) -> None:
    if field not in DATE_FIELDS:
        dates = ", ".join(sorted(DATE_FIELDS))
        raise LayoutError(
            file,
            key,
            f"format hanya untuk kolom tanggal ({dates}), bukan {field}.",
            f"a format is only for date columns ({dates}), not {field}.",
        )
    if not fmt or "".join(_FORMAT_TOKEN.findall(fmt)) != fmt or "%" not in fmt:
        raise LayoutError(
            file,
            key,
            f"format tanggal {fmt!r} tidak dikenal: gunakan %d, %m, %Y atau %y dengan pemisah - / . atau spasi, "
            'mis. "%d-%m-%Y".',
            f"date format {fmt!r} is not understood: use %d, %m, %Y or %y with - / . or a space between them, "
            'e.g. "%d-%m-%Y".',
        )


def excel_date_format(fmt: str) -> str:
    """``%d-%m-%Y`` -> ``dd-mm-yyyy``: the number format that shows a date cell as the layout asks."""
    return "".join(_EXCEL_CODE.get(token, token) for token in _FORMAT_TOKEN.findall(fmt))


def write_registration(
    rows: Sequence[RegistrationRow], *, layout: RegistrationLayout, target: BinaryIO
) -> None:
    """Write ``rows`` to ``target`` as an XLSX workbook with the columns of ``layout``.

    Identifiers, names and codes are text cells (also formatted as Text, so a value typed later stays text),
    dates are date cells in the column's format, income and months integers, programmes ``JKK, JKM``; row 1 is
    a bold header, frozen, with a filter."""
    book = xlsxwriter.Workbook(
        target,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})
    integer = book.add_format({"num_format": "0"})
    date_formats: dict[str, Any] = {}
    sheet = book.add_worksheet(layout.sheet)
    widths = [len(column.header) for column in layout.columns]
    for index, column in enumerate(layout.columns):
        sheet.write_string(0, index, column.header, bold)
    for number, row in enumerate(rows, start=1):
        for index, column in enumerate(layout.columns):
            value = getattr(row, column.field)
            if column.field in DATE_FIELDS:
                fmt = column.format or DEFAULT_DATE_FORMAT
                if fmt not in date_formats:
                    date_formats[fmt] = book.add_format({"num_format": excel_date_format(fmt)})
                sheet.write_datetime(number, index, value, date_formats[fmt])
                shown = value.strftime(fmt)
            elif column.field in INTEGER_FIELDS:
                sheet.write_number(number, index, value, integer)
                shown = str(value)
            else:
                shown = PROGRAMME_SEPARATOR.join(value) if column.field == "programmes" else value
                if shown:
                    sheet.write_string(number, index, shown, text)
                else:
                    sheet.write_blank(number, index, None, text)
            widths[index] = max(widths[index], len(shown))
    for index, column in enumerate(layout.columns):
        width = min(max(widths[index] + 2, _WIDTH[0]), _WIDTH[1])
        is_text = column.field not in DATE_FIELDS | INTEGER_FIELDS
        sheet.set_column(index, index, width, text if is_text else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(layout.columns) - 1)
    book.close()
