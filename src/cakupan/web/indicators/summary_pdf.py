"""A one-page A4 PDF summary of a region's coverage for meetings: the UCJ figure with its formula, progress to
target, the last 12 months, segments and key indicators, and the children that fit on the page.

Drawn with fpdf2's core font (Helvetica), so text is Latin-1: characters outside it are replaced by ASCII
equivalents (``→`` becomes ``->``). Automatic page breaks are off and every variable part (the method text,
the children) is cut to the space it has, so the summary is always exactly one page.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import pairwise

import fpdf
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cakupan.core.problems import Language
from cakupan.indicators.coverage import Coverage
from cakupan.indicators.definitions import Figure, definition
from cakupan.web.indicators.dashboard import RegionDashboard
from cakupan.web.indicators.exports import kind_label, level_name, rounding_text

MAX_CHILDREN = 25
TREND_MONTHS = 12
KEY_INDICATORS = ("bpu_national", "vulnerable_covered", "nagari_participation")
LEFT, WIDTH, FOOTER_Y, ROW = 12.0, 186.0, 284.0, 4.2
GREEN, GREY, LIGHT = (11, 110, 79), (90, 100, 110), (238, 243, 241)
WARNING_COLOUR = (138, 69, 0)
WARNING_MARK = "(!)"  # the core fonts have no warning sign
_ASCII = str.maketrans({"—": "-", "–": "-", "−": "-", "…": "...", "→": "->", "≤": "<=", "≥": ">=", "‘": "'",
                        "’": "'", "“": '"', "”": '"', "•": "-", "\u00a0": " ", "\u202f": " "})  # fmt: skip


def latin1(text: str) -> str:
    """``text`` in what the core fonts can draw: common typography as ASCII, anything else as '?'."""
    return text.translate(_ASCII).encode("latin-1", errors="replace").decode("latin-1")


def number(value: int | Decimal | None) -> str:
    """Digits as the active language writes them (31.442 and 13,85 in Indonesian); '-' for no value."""
    if value is None:
        return "-"
    return str(formats.number_format(value, use_l10n=True, force_grouping=True))


def _day(value: dt.date) -> str:
    return str(formats.date_format(value, "j F Y"))


def _month(value: dt.date) -> str:
    return str(formats.date_format(value, "F Y"))


class _Page:
    def __init__(self, title: str) -> None:
        self.pdf = fpdf.FPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_auto_page_break(auto=False)
        self.pdf.set_margins(LEFT, 12, LEFT)
        self.pdf.set_title(latin1(title))
        self.pdf.set_author("Cakupan")
        self.pdf.add_page()

    def font(self, size: float, style: str = "", color: tuple[int, int, int] = (0, 0, 0)) -> None:
        self.pdf.set_font("helvetica", style=style, size=size)
        self.pdf.set_text_color(*color)

    def cell(self, x: float, y: float, w: float, text: str, *, h: float = ROW, align: str = "L") -> None:
        """One line of text cut to ``w`` millimetres (with '...' when cut)."""
        text = latin1(text)
        if self.pdf.get_string_width(text) > w - 1:
            while text and self.pdf.get_string_width(text + "...") > w - 1:
                text = text[:-1]
            text += "..."
        self.pdf.set_xy(x, y)
        self.pdf.cell(w, h, text, align=align)

    def lines(self, x: float, y: float, w: float, text: str, *, most: int, h: float = 3.4) -> float:
        """``text`` wrapped to ``w``, at most ``most`` lines (the last one ends in '...' when cut); the y after."""
        wrapped = self.pdf.multi_cell(w, h, latin1(text), dry_run=True, output="LINES")
        assert isinstance(wrapped, list)
        if len(wrapped) > most:
            wrapped = [*wrapped[: most - 1], wrapped[most - 1].rstrip() + " ..."]
        for index, line in enumerate(wrapped):
            self.cell(x, y + index * h, w, line, h=h)
        return y + len(wrapped) * h

    def title(self, y: float, text: str) -> float:
        self.font(10, "B", GREEN)
        self.cell(LEFT, y, WIDTH, text, h=5)
        return y + 5.5


def _header(page: _Page, dashboard: RegionDashboard, language: Language) -> float:
    figure = dashboard.coverage
    page.font(8, color=GREY)
    page.cell(LEFT, 10, WIDTH, _("Employment social security coverage (UCJ): summary"))
    page.font(18, "B")
    page.cell(LEFT, 14.5, WIDTH, figure.region_name, h=8)
    page.font(9, color=GREY)
    line = _("%(level)s %(code)s; month %(month)s, state on %(day)s; denominator: %(kind)s") % {
        "level": level_name(figure.region_level).capitalize(), "code": figure.region_code,
        "month": _month(dashboard.period.month), "day": _day(dashboard.period.as_of),
        "kind": kind_label(dashboard.kind, language),
    }  # fmt: skip
    page.cell(LEFT, 23, WIDTH, line)
    return 30.0


def _headline(page: _Page, dashboard: RegionDashboard, language: Language, y: float) -> float:
    figure, denominator, ucj = dashboard.coverage, dashboard.coverage.denominator, definition("ucj")
    kind = kind_label(dashboard.kind, language)
    page.font(28 if figure.percent is not None else 14, "B", GREEN)
    big = f"{number(figure.percent)} %" if figure.percent is not None else _("no denominator")
    page.cell(LEFT, y, 58, big, h=14)
    x, w = LEFT + 60, WIDTH - 60
    page.font(9.5, "B")
    if denominator is not None:
        formula = _("UCJ = %(numerator)s active participants ÷ %(denominator)s %(kind)s × 100") % {
            "numerator": number(figure.active_participants), "denominator": number(denominator.value),
            "kind": kind,
        }  # fmt: skip
        source = _("Denominator: %(kind_label)s, period %(period)s, source: %(source)s.") % {
            "kind_label": kind, "period": f"{denominator.period:%Y-%m}", "source": denominator.source,
        }  # fmt: skip
    else:
        formula = _("%(numerator)s active participants; no %(kind)s figure, so no UCJ %%.") % {
            "numerator": number(figure.active_participants), "kind": kind,
        }  # fmt: skip
        source = _("There is no published denominator of this kind for the region on or before that date.")
    page.cell(x, y, w, formula)
    page.font(8)
    end = page.lines(x, y + 4.6, w, source, most=2)
    description = ucj.numerator.description_id if language == "id" else ucj.numerator.description_en
    page.font(7.5, color=GREY)
    end = page.lines(x, end, w, _("Active participants: %(text)s.") % {"text": description}, most=2)
    end = max(end, y + 15)
    # A figure that cannot be true says why, below the figure (cakupan.indicators.plausibility).
    page.font(8, "B", WARNING_COLOUR)
    for flag in dashboard.region_flags(figure.region_code):
        end = page.lines(
            LEFT, end + 0.5, WIDTH, f"{WARNING_MARK} {_('Warning')}: {flag.message(language)}", most=3
        )
    return end + 2


def _target(page: _Page, dashboard: RegionDashboard, language: Language, y: float) -> float:
    target, progress = dashboard.target, dashboard.progress
    top = y
    y = page.title(y + 1.5, _("Progress to target"))
    page.font(8.5)
    if target is None:
        page.cell(LEFT + 2, y, WIDTH - 4, _("No target has been set for this region and denominator."))
        return _box(page, top, y + ROW + 1.5)
    baseline = _(
        "Baseline %(base)s %% (%(base_date)s) → target %(target)s %% by %(target_date)s; source: %(source)s."
    )
    values = {"base": number(target.baseline_value), "base_date": f"{target.baseline_date:%Y-%m-%d}",
              "target": number(target.target_value), "target_date": f"{target.target_date:%Y-%m-%d}",
              "source": target.source_document}  # fmt: skip
    page.cell(LEFT + 2, y, WIDTH - 4, baseline % values)
    y += ROW + 0.8
    if progress is None:
        page.cell(LEFT + 2, y, WIDTH - 4, _("A target is set, but there is no UCJ figure to measure it against (no denominator)."))  # fmt: skip
        return _box(page, top, y + ROW + 1.5)
    pace = _("%(value)s pp/month")
    metrics = [
        (_("Progress"), f"{number(progress.progress_percent)} %"),
        (_("Gap"), f"{number(progress.gap_pp)} pp"),
        (
            _("Pace needed"),
            "-" if progress.required_pace is None else pace % {"value": number(progress.required_pace)},
        ),
        (
            _("Current pace"),
            "-" if progress.current_pace is None else pace % {"value": number(progress.current_pace)},
        ),
        (
            _("Projected date"),
            _month(progress.projected_date) if progress.projected_date else _("not reached"),
        ),
    ]
    width = (WIDTH - 4) / len(metrics)
    for index, (label, value) in enumerate(metrics):
        page.font(7, color=GREY)
        page.cell(LEFT + 2 + index * width, y, width, label, h=3.4)
        page.font(11, "B", GREEN if progress.on_track else (160, 60, 20))
        page.cell(LEFT + 2 + index * width, y + 3.4, width, value, h=5.5)
    page.font(6.5, color=GREY)
    method = progress.method_id if language == "id" else progress.method_en
    end = page.lines(LEFT + 2, y + 9.6, WIDTH - 4, _("Method") + ": " + method, most=4, h=2.9)
    return _box(page, top, end + 1.2)


def _box(page: _Page, top: float, bottom: float) -> float:
    page.pdf.set_draw_color(*GREEN)
    page.pdf.rect(LEFT, top, WIDTH, bottom - top)
    return bottom + 3


def _trend(page: _Page, dashboard: RegionDashboard, y: float) -> float:
    """UCJ % per month (no point for a month without a denominator), or active participants when no month has
    a UCJ %; new and lapsed participants under each month."""
    points = dashboard.trend[-TREND_MONTHS:]
    use_percent = any(p.percent is not None for p in points)
    title = _("UCJ %% in the last %(months)s months") if use_percent else _("Active participants in the last %(months)s months")  # fmt: skip
    y = page.title(y, title % {"months": TREND_MONTHS})
    if not points:
        return y
    values = [p.percent if use_percent else Decimal(p.active) for p in points]
    top, height = max(*(v for v in values if v is not None), Decimal(1)), 24.0
    step = (WIDTH - 12) / max(len(points) - 1, 1)
    base = y + 5 + height
    coords = [None if v is None else (LEFT + 6 + i * step, base - float(v / top) * height) for i, v in enumerate(values)]  # fmt: skip
    page.pdf.set_draw_color(*GREY)
    page.pdf.line(LEFT, base, LEFT + WIDTH, base)
    page.pdf.set_draw_color(*GREEN)
    page.pdf.set_fill_color(*GREEN)
    page.pdf.set_line_width(0.5)
    for earlier, later in pairwise(coords):
        if earlier is not None and later is not None:
            page.pdf.line(*earlier, *later)
    page.pdf.set_line_width(0.2)
    for index, (point, value, xy) in enumerate(zip(points, values, coords, strict=True)):
        x = LEFT + 6 + index * step
        if xy is not None:
            page.pdf.circle(x, xy[1], 0.9, style="F")
            page.font(6.5, "B")
            page.cell(x - 10, xy[1] - 4.4, 20, number(value), h=3, align="C")
        page.font(6.5, color=GREY)
        page.cell(x - 10, base + 0.8, 20, f"{point.month:%m/%y}", h=3, align="C")
        page.cell(x - 10, base + 3.6, 20, f"+{number(point.new)} / -{number(point.lapsed)}", h=3, align="C")
    note = _("Under each month: new / lapsed participants.")
    if None in values:
        note += " " + _("A month without a published denominator has no UCJ point.")
    page.font(6.5, color=GREY)
    page.cell(LEFT, base + 6.6, WIDTH, note, h=3)
    return base + 11


def _figure_text(figure: Figure, unit: str) -> str:
    if unit == "count":
        return number(figure.numerator)
    if figure.value is None:
        return f"{number(figure.numerator)} ({_('no denominator')})"
    return f"{number(figure.value)} % ({number(figure.numerator)} ÷ {number(figure.denominator)})"


def _indicators(page: _Page, dashboard: RegionDashboard, language: Language, y: float) -> float:
    half = WIDTH / 2 - 3
    left_y = page.title(y, definition("coverage_by_segment").label.text(language))
    right_x = LEFT + half + 6
    page.font(10, "B", GREEN)
    page.cell(right_x, y, half, _("Key indicators"), h=5)
    right_y = left_y
    for figure in dashboard.figures.get("coverage_by_segment", []):
        if figure.group is None:
            continue
        page.font(8)
        page.cell(LEFT, left_y, 22, figure.group)
        page.cell(LEFT + 22, left_y, half - 22, _figure_text(figure, "percent"), align="R")
        left_y += ROW
    for name in KEY_INDICATORS:
        spec = definition(name)
        total = next((f for f in dashboard.figures.get(name, []) if f.group is None), None)
        if total is None:
            continue
        page.font(8)
        page.cell(right_x, right_y, half * 0.58, spec.label.text(language))
        page.cell(right_x + half * 0.58, right_y, half * 0.42, _figure_text(total, spec.unit), align="R")
        right_y += ROW
        if spec.rounding.mode == "truncate":
            page.font(6.5, color=GREY)
            page.cell(right_x, right_y - 0.6, half, _("Rounding") + ": " + rounding_text(spec.rounding), h=3)
            right_y += 2.6
    return max(left_y, right_y) + 2.5


def _children(page: _Page, dashboard: RegionDashboard, language: Language, y: float) -> None:
    children = sorted(dashboard.children, key=lambda c: c.region_code)
    if not children:
        return
    level = level_name(dashboard.coverage.region_level + 1)
    y = page.title(y, _("UCJ per %(level)s") % {"level": level})
    columns: list[tuple[str, float, str]] = [(_("Code"), 24, "L"), (_("Region"), 70, "L"),
        (_("Active participants"), 26, "R"), (_("Denominator"), 26, "R"), (_("Period"), 18, "R"), ("UCJ %", 22, "R")]  # fmt: skip
    page.font(7.5, "B")
    x = LEFT
    for label, w, align in columns:
        page.cell(x, y, w, label, align=align)
        x += w
    page.pdf.set_draw_color(*GREY)
    page.pdf.line(LEFT, y + ROW, LEFT + WIDTH, y + ROW)
    y += ROW + 0.4
    flagged = [c for c in children if dashboard.region_flags(c.region_code)]
    room = int((FOOTER_Y - (4 if flagged else 2) * ROW - y) // ROW)  # lines kept for the sources and warning
    shown = children if len(children) <= min(room, MAX_CHILDREN) else children[: min(room, MAX_CHILDREN) - 1]
    page.font(7.5)
    for child in shown:
        x = LEFT
        cells = _child_cells(child, flagged=child in flagged)
        for (_label, w, align), text in zip(columns, cells, strict=True):
            page.cell(x, y, w, text, align=align)
            x += w
        y += ROW
    if len(shown) < len(children):
        page.font(7.5, "I")
        page.cell(LEFT, y, WIDTH, _("... and %(count)s more (all of them are in the XLSX export)") % {"count": len(children) - len(shown)})  # fmt: skip
        y += ROW
    sources = sorted({c.denominator.source for c in children if c.denominator})
    if sources:
        page.font(6.5, color=GREY)
        page.cell(LEFT, y, WIDTH, _("Denominator source") + ": " + "; ".join(sources), h=3)
        y += 3
    if flagged:
        first = dashboard.region_flags(flagged[0].region_code)[0].message(language)
        text = _("%(mark)s Warning: %(count)s figures cannot be true (the cause of each is in the XLSX export, column Warning), e.g. %(name)s: %(cause)s") % {
            "mark": WARNING_MARK, "count": len(flagged), "name": flagged[0].region_name, "cause": first,
        }  # fmt: skip
        page.font(7, "B", WARNING_COLOUR)
        page.lines(LEFT, y + 0.5, WIDTH, text, most=2, h=3)


def _child_cells(child: Coverage, *, flagged: bool) -> list[str]:
    d = child.denominator
    percent = number(child.percent) + (f" {WARNING_MARK}" if flagged else "")
    return [child.region_code, child.region_name, number(child.active_participants),
            number(d.value) if d else "-", f"{d.period:%Y-%m}" if d else "", percent]  # fmt: skip


def _footer(page: _Page, dashboard: RegionDashboard, generated: dt.datetime) -> None:
    text = _("Cakupan — made %(made)s") % {
        "made": f"{generated:%Y-%m-%d %H:%M} {generated.tzname() or ''}".strip()
    }
    if dashboard.refreshed is not None:
        computed = timezone.localtime(dashboard.refreshed.finished_at)
        text += "; " + _("coverage facts computed %(at)s") % {"at": f"{computed:%Y-%m-%d %H:%M} {computed.tzname() or ''}".strip()}  # fmt: skip
    page.pdf.set_draw_color(*GREY)
    page.pdf.line(LEFT, FOOTER_Y, LEFT + WIDTH, FOOTER_Y)
    page.font(7, color=GREY)
    page.cell(LEFT, FOOTER_Y + 0.8, WIDTH, text, h=3.5)


def summary_pdf(
    dashboard: RegionDashboard, *, language: Language, generated: dt.datetime | None = None
) -> bytes:
    """The one-page summary; ``generated`` (aware, default now) is printed in the footer."""
    generated = timezone.localtime(generated or timezone.now())
    page = _Page(f"Cakupan {dashboard.coverage.region_name} {dashboard.period.month:%Y-%m}")
    page.pdf.set_creation_date(generated)
    page.pdf.set_lang(language)
    y = _header(page, dashboard, language)
    y = _headline(page, dashboard, language, y)
    y = _target(page, dashboard, language, y)
    y = _trend(page, dashboard, y)
    y = _indicators(page, dashboard, language, y)
    _children(page, dashboard, language, y)
    _footer(page, dashboard, generated)
    return bytes(page.pdf.output())
