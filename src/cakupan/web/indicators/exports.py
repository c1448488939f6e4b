"""A region's coverage dashboard as one XLSX workbook: a sheet per table, with native charts for the trend and
the children, numbers as numbers and dates as dates. Aggregate figures only: no personal data, no audit entry.

Sheets (their names are stable, the ``?tabel=`` values pick one): Ringkasan (the UCJ figure and the target),
Wilayah (the children), Tren (month by month), Indikator (every figure with what it is made of). A figure
that cannot be true (``cakupan.indicators.plausibility``) carries its cause in the "Peringatan" (warning)
column of Wilayah and Indikator and in a row of Ringkasan, never silently.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from cakupan.core.problems import Language
from cakupan.indicators.coverage import DENOMINATOR_LABELS
from cakupan.indicators.definitions import definition
from cakupan.indicators.plausibility import Flag
from cakupan.indicators.rounding import Rounding
from cakupan.web.indicators.dashboard import RegionDashboard

SHEETS: dict[str, str] = {
    "ringkasan": "Ringkasan",
    "wilayah": "Wilayah",
    "tren": "Tren",
    "indikator": "Indikator",
}


def level_name(level: int) -> str:
    return {1: _("province"), 2: _("kab/kota"), 3: _("kecamatan"), 4: _("kelurahan/nagari/desa")}.get(
        level, ""
    )


def kind_label(kind: str | None, language: Language) -> str:
    if kind is None:
        return ""
    label = DENOMINATOR_LABELS.get(kind)
    return label.text(language) if label else kind


def rounding_text(rounding: Rounding) -> str:
    if rounding.mode == "truncate":
        return _("%(decimals)s decimals, truncated") % {"decimals": rounding.decimals}
    return _("%(decimals)s decimals, rounded half up") % {"decimals": rounding.decimals}


def warning_text(flags: tuple[Flag, ...], language: Language) -> str:
    """Every flag's cause, one after the other; "" for a plausible figure."""
    return " ".join(f.message(language) for f in flags)


def number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.bold = book.add_format({"bold": True})
        self.header = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
        self.count = book.add_format({"num_format": "#,##0"})
        self.day = book.add_format({"num_format": "yyyy-mm-dd"})
        self.month = book.add_format({"num_format": "yyyy-mm"})
        self.stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self._numbers = {d: book.add_format({"num_format": number_format(d)}) for d in range(7)}

    def decimals(self, places: int) -> Format:
        return self._numbers[places]


def _header(sheet: Worksheet, formats: _Formats, titles: list[str], widths: list[int]) -> None:
    sheet.write_row(0, 0, titles, formats.header)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)


def _write(sheet: Worksheet, row: int, column: int, value: Any, cell_format: Format | None = None) -> None:
    """One cell: None stays blank, dates as dates, numbers as numbers, text as text (never a formula)."""
    if value is None:
        sheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, value, cell_format)
    elif isinstance(value, int | Decimal) and not isinstance(value, bool):
        sheet.write_number(row, column, value, cell_format)
    else:
        sheet.write_string(row, column, str(value), cell_format)


def _summary(
    book: xlsxwriter.Workbook, formats: _Formats, dashboard: RegionDashboard, language: Language
) -> None:
    sheet = book.add_worksheet(SHEETS["ringkasan"])
    _header(sheet, formats, [_("Item"), _("Value")], [42, 60])
    figure, denominator, ucj = dashboard.coverage, dashboard.coverage.denominator, definition("ucj")
    rows: list[tuple[str, Any, Format | None]] = [
        (_("Region"), figure.region_name, None),
        (_("Region code"), figure.region_code, None),
        (_("Level"), level_name(figure.region_level), None),
        (_("Month"), dashboard.period.month, formats.month),
        (_("State on"), dashboard.period.as_of, formats.day),
        (_("Active participants (numerator)"), figure.active_participants, formats.count),
        (
            _("Numerator definition"),
            ucj.numerator.description_id if language == "id" else ucj.numerator.description_en,
            formats.wrap,
        ),
        (_("Denominator"), denominator.value if denominator else None, formats.count),
        (_("Denominator kind"), kind_label(dashboard.kind, language), None),
        (_("Denominator period"), denominator.period if denominator else None, formats.month),
        (_("Denominator source"), denominator.source if denominator else _("no denominator"), formats.wrap),
        ("UCJ %", figure.percent, formats.decimals(ucj.rounding.decimals)),
        (_("Rounding"), rounding_text(ucj.rounding), None),
    ]
    warning = warning_text(dashboard.region_flags(figure.region_code), language)
    if warning:
        rows.append((_("Warning"), warning, formats.wrap))
    rows += _target_rows(dashboard, formats, language)
    if dashboard.refreshed is not None:
        computed = timezone.localtime(dashboard.refreshed.finished_at).replace(tzinfo=None)
        rows.append((_("Coverage facts computed at"), computed, formats.stamp))
    for number, (label, value, cell_format) in enumerate(rows, start=1):
        sheet.write_string(number, 0, label, formats.bold)
        _write(sheet, number, 1, value, cell_format)


def _target_rows(
    dashboard: RegionDashboard, formats: _Formats, language: Language
) -> list[tuple[str, Any, Format | None]]:
    target, progress = dashboard.target, dashboard.progress
    if target is None:
        return [(_("Target"), _("No target has been set for this region and denominator."), formats.wrap)]
    two = formats.decimals(2)
    rows: list[tuple[str, Any, Format | None]] = [
        (_("Target: baseline %"), target.baseline_value, two),
        (_("Target: baseline date"), target.baseline_date, formats.day),
        (_("Target: target %"), target.target_value, two),
        (_("Target: target date"), target.target_date, formats.day),
        (_("Target: source document"), target.source_document, formats.wrap),
    ]
    if progress is None:
        rows.append((_("Progress"), _("A target is set, but there is no UCJ figure to measure it against (no denominator)."), formats.wrap))  # fmt: skip
        return rows
    yes_no = _("yes") if progress.on_track else _("no")
    rows += [
        (_("Progress from baseline to target (%)"), progress.progress_percent, formats.decimals(1)),
        (_("Gap to target (percentage points)"), progress.gap_pp, two),
        (_("Months remaining"), progress.months_remaining, formats.count),
        (_("Pace needed (pp per month)"), progress.required_pace, two),
        (_("Current pace (pp per month)"), progress.current_pace, two),
        (
            _("Projected date at the current pace"),
            progress.projected_date or _("not reached at the current pace"),
            formats.day,
        ),
        (_("On track"), yes_no, None),
        (_("Method"), progress.method_id if language == "id" else progress.method_en, formats.wrap),
    ]
    return rows


def _children(
    book: xlsxwriter.Workbook, formats: _Formats, dashboard: RegionDashboard, language: Language
) -> None:
    sheet = book.add_worksheet(SHEETS["wilayah"])
    titles = [_("Code"), _("Region"), _("Active participants"), _("Denominator"), _("Denominator kind"),
              _("Period"), _("Denominator source"), "UCJ %", _("Warning")]  # fmt: skip
    _header(sheet, formats, titles, [15, 30, 16, 16, 26, 10, 40, 10, 60])
    percent = formats.decimals(definition("ucj").rounding.decimals)
    children = sorted(dashboard.children, key=lambda c: c.region_code)
    for number, child in enumerate(children, start=1):
        d = child.denominator
        sheet.write_string(number, 0, child.region_code)
        sheet.write_string(number, 1, child.region_name)
        _write(sheet, number, 2, child.active_participants, formats.count)
        _write(sheet, number, 3, d.value if d else None, formats.count)
        _write(sheet, number, 4, kind_label(d.kind, language) if d else "")
        _write(sheet, number, 5, d.period if d else None, formats.month)
        _write(sheet, number, 6, d.source if d else "")
        _write(sheet, number, 7, child.percent, percent)
        _write(
            sheet, number, 8, warning_text(dashboard.region_flags(child.region_code), language), formats.wrap
        )
    if not children:
        return
    chart = book.add_chart({"type": "bar"})
    last = len(children)
    chart.add_series(
        {
            "name": "UCJ %",
            "categories": [sheet.name, 1, 1, last, 1],
            "values": [sheet.name, 1, 7, last, 7],
            "data_labels": {"value": True, "num_format": "0.00"},
        }
    )
    chart.set_title(
        {"name": _("UCJ per %(level)s") % {"level": level_name(dashboard.coverage.region_level + 1)}}
    )
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})  # the first code on top, as in the table
    chart.set_size({"width": 720, "height": max(300, 22 * last + 80)})
    sheet.insert_chart(1, len(titles) + 1, chart)


def _trend(
    book: xlsxwriter.Workbook, formats: _Formats, dashboard: RegionDashboard, language: Language
) -> None:
    sheet = book.add_worksheet(SHEETS["tren"])
    titles = [_("Month"), _("State on"), _("Active participants"), _("Denominator"), "UCJ %", _("New"),
              _("Lapsed")]  # fmt: skip
    _header(sheet, formats, titles, [10, 12, 16, 16, 10, 10, 10])
    percent = formats.decimals(definition("ucj").rounding.decimals)
    for number, point in enumerate(dashboard.trend, start=1):
        _write(sheet, number, 0, point.month, formats.month)
        _write(sheet, number, 1, point.as_of, formats.day)
        _write(sheet, number, 2, point.active, formats.count)
        _write(sheet, number, 3, point.denominator, formats.count)
        _write(sheet, number, 4, point.percent, percent)
        _write(sheet, number, 5, point.new, formats.count)
        _write(sheet, number, 6, point.lapsed, formats.count)
    if not dashboard.trend:
        return
    with_percent = any(p.percent is not None for p in dashboard.trend)
    column = 4 if with_percent else 2
    last = len(dashboard.trend)
    chart = book.add_chart({"type": "line"})
    chart.add_series(
        {
            "name": [sheet.name, 0, column],
            "categories": [sheet.name, 1, 0, last, 0],
            "values": [sheet.name, 1, column, last, column],
            "marker": {"type": "circle"},
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": _("Monthly trend")})
    chart.set_legend({"none": True})
    chart.set_x_axis({"date_axis": True, "num_format": "yyyy-mm"})
    chart.set_size({"width": 720, "height": 320})
    sheet.insert_chart(1, len(titles) + 1, chart)


def _indicators(
    book: xlsxwriter.Workbook, formats: _Formats, dashboard: RegionDashboard, language: Language
) -> None:
    sheet = book.add_worksheet(SHEETS["indikator"])
    titles = [_("Indicator"), _("Code"), _("Group"), _("Numerator"), _("Denominator"), _("Denominator kind"),
              _("Value"), _("Unit"), _("Rounding"), _("Period"), _("Source"), _("Warning")]  # fmt: skip
    _header(sheet, formats, titles, [36, 22, 10, 14, 14, 26, 10, 8, 24, 12, 36, 60])
    number = 0
    for name, figures in dashboard.figures.items():
        spec = definition(name)
        label = spec.label.text(language)
        unit = "%" if spec.unit == "percent" else _("count")
        period_format = formats.month if spec.period == "month" else formats.day
        for figure in figures:
            number += 1
            sheet.write_string(number, 0, label)
            sheet.write_string(number, 1, name)
            sheet.write_string(number, 2, figure.group or _("total"))
            _write(sheet, number, 3, figure.numerator, formats.count)
            _write(sheet, number, 4, figure.denominator, formats.count)
            _write(sheet, number, 5, kind_label(figure.denominator_kind, language))
            _write(sheet, number, 6, figure.value, formats.decimals(spec.rounding.decimals))
            sheet.write_string(number, 7, unit)
            sheet.write_string(number, 8, rounding_text(spec.rounding))
            _write(sheet, number, 9, figure.period, period_format)
            _write(sheet, number, 10, figure.source or "")
            flags = dashboard.indicator_flags(name, figure.group)
            _write(sheet, number, 11, warning_text(flags, language), formats.wrap)


Writer = Callable[[xlsxwriter.Workbook, _Formats, RegionDashboard, Language], None]
_WRITERS: dict[str, Writer] = {
    "ringkasan": _summary,
    "wilayah": _children,
    "tren": _trend,
    "indikator": _indicators,
}


def coverage_workbook(dashboard: RegionDashboard, *, language: Language, only: str | None = None) -> bytes:
    """The workbook of every dashboard table, or of the one named by ``only`` (a key of ``SHEETS``)."""
    if only is not None and only not in SHEETS:
        raise ValueError(f"tabel tidak dikenal (unknown table): {only}; pilih {', '.join(SHEETS)}")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    formats = _Formats(book)
    for key, write in _WRITERS.items():
        if only is None or key == only:
            write(book, formats, dashboard, language)
    book.close()
    return buffer.getvalue()
