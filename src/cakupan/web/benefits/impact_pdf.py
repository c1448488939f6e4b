"""The impact view as a PDF for meetings: the headline (Rupiah to families, contributions, the ratio), the tables
per kab/kota, per scheme and per year of payment, and the cost of non-coverage. Aggregates only.

A4 landscape with fpdf2's core font (Latin-1, through ``summary_pdf.latin1``); long tables are cut so the whole
stays within two pages (everything is in the XLSX download).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import fpdf
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.core.problems import Language
from cakupan.web.benefits.impact import ClaimCounts, Impact, SchemeRow
from cakupan.web.indicators.summary_pdf import latin1, number

MAX_ROWS = 22  # per table; the rest is in the XLSX download
LEFT, WIDTH, ROW, BOTTOM = 10.0, 277.0, 4.6, 200.0
GREEN, GREY = (11, 110, 79), (90, 100, 110)
Column = tuple[str, float, str]  # header, width (mm), alignment


class _Pages:
    def __init__(self, title: str) -> None:
        self.pdf = fpdf.FPDF(orientation="L", unit="mm", format="A4")
        self.pdf.set_auto_page_break(auto=False)
        self.pdf.set_margins(LEFT, 10, LEFT)
        self.pdf.set_title(latin1(title))
        self.pdf.set_author("Cakupan")
        self.pdf.add_page()
        self.y = 10.0

    def font(self, size: float, style: str = "", color: tuple[int, int, int] = (0, 0, 0)) -> None:
        self.pdf.set_font("helvetica", style=style, size=size)
        self.pdf.set_text_color(*color)

    def cell(self, x: float, w: float, text: str, *, h: float = ROW, align: str = "L") -> None:
        """One line of text at the current y, cut to ``w`` millimetres (with '...' when cut)."""
        text = latin1(text)
        if self.pdf.get_string_width(text) > w - 1:
            while text and self.pdf.get_string_width(text + "...") > w - 1:
                text = text[:-1]
            text += "..."
        self.pdf.set_xy(x, self.y)
        self.pdf.cell(w, h, text, align=align)

    def room(self, height: float) -> None:
        """A new page when ``height`` millimetres no longer fit on this one."""
        if self.y + height > BOTTOM:
            self.pdf.add_page()
            self.y = 10.0

    def title(self, text: str) -> None:
        self.room(5.5 + 3 * ROW)
        self.font(10.5, "B", GREEN)
        self.cell(LEFT, WIDTH, text, h=5.5)
        self.y += 6.0

    def table(
        self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *, total: Sequence[str] | None
    ) -> None:
        def header() -> None:
            self.font(7.5, "B")
            x = LEFT
            for label, w, align in columns:
                self.cell(x, w, label, align=align)
                x += w
            self.pdf.set_draw_color(*GREY)
            self.pdf.line(LEFT, self.y + ROW, LEFT + sum(c[1] for c in columns), self.y + ROW)
            self.y += ROW + 0.4

        header()
        shown = rows[:MAX_ROWS]
        lines = [(row, "") for row in shown]
        if total is not None:
            lines.append((total, "B"))
        for row, style in lines:
            if self.y + ROW > BOTTOM:
                self.pdf.add_page()
                self.y = 10.0
                header()
            self.font(7.5, style)
            x = LEFT
            for (_label, w, align), text in zip(columns, row, strict=True):
                self.cell(x, w, text, align=align)
                x += w
            self.y += ROW
        if len(shown) < len(rows):
            self.font(7.5, "I", GREY)
            more = _("... and %(count)s more (all of them are in the XLSX export)") % {
                "count": len(rows) - len(shown)
            }
            self.cell(LEFT, WIDTH, more)
            self.y += ROW
        self.y += 3


def scheme_label(row: SchemeRow) -> str:
    """A scheme's name with its fiscal year; the row of claims no scheme paid for says so."""
    if row.scheme_id is None:
        return _("No scheme (self-paid or other payers)")
    return (
        f"{row.name} ({row.fiscal_year})"
        if row.fiscal_year and str(row.fiscal_year) not in row.name
        else row.name
    )


def _rp(value: int | None) -> str:
    return "-" if value is None else f"Rp {number(value)}"


def _ratio(value: Decimal | None) -> str:
    return number(value) if value is not None else "-"


def _count_columns(first: str, width: float) -> list[Column]:
    return [(first, width, "L"), (_("Events reported"), 22, "R"), (_("Covered"), 18, "R"), (_("Paid"), 16, "R"),
            (_("Rejected"), 18, "R"), (_("Open"), 16, "R")]  # fmt: skip


def _count_cells(counts: ClaimCounts) -> list[str]:
    return [number(counts.events), number(counts.covered), number(counts.paid), number(counts.rejected),
            number(counts.open)]  # fmt: skip


def _header(pages: _Pages, figures: Impact) -> None:
    pages.font(8, color=GREY)
    pages.cell(LEFT, WIDTH, _("Benefits that reach families: impact") + " - Cakupan")
    pages.y += 4.5
    pages.font(16, "B")
    period = str(figures.year) if figures.year is not None else _("all years")
    pages.cell(LEFT, WIDTH, _("Claims and what they paid, events of %(period)s") % {"period": period}, h=8)
    pages.y += 8.5
    pages.font(8.5, color=GREY)
    pages.cell(
        LEFT,
        WIDTH,
        _("Claims in your regions, withdrawn reports left out; contributions for months begun by %(day)s.")
        % {"day": f"{figures.today:%Y-%m-%d}"},
    )
    pages.y += ROW + 2
    together = figures.all_schemes
    metrics = [
        (_("Paid to families"), _rp(figures.total.to_families)),
        (_("Contributions paid by the schemes"), _rp(together.contributions)),
        (_("Rp to families per Rp of contributions"), _ratio(together.ratio)),
        (_("What the families of workers not covered lost"), _rp(figures.non_coverage.forgone_total)),
    ]
    width = WIDTH / len(metrics)
    for index, (label, _value) in enumerate(metrics):
        pages.font(7.5, color=GREY)
        pages.cell(LEFT + index * width, width, label, h=3.6)
    pages.y += 3.8
    for index, (_label, value) in enumerate(metrics):
        pages.font(13, "B", GREEN)
        pages.cell(LEFT + index * width, width, value, h=6.5)
    pages.y += 10


def _regions(pages: _Pages, figures: Impact) -> None:
    pages.title(_("Claims per kab/kota"))
    columns = [*_count_columns(_("Kab/kota"), 70), (_("Claims paid (Rp)"), 38, "R"),
               (_("Scholarships paid (Rp)"), 38, "R"), (_("Paid to families (Rp)"), 41, "R")]  # fmt: skip
    rows = [[f"{r.name} ({r.code})", *_count_cells(r.counts), number(r.counts.paid_amount),
             number(r.counts.scholarships), number(r.counts.to_families)] for r in figures.regions]  # fmt: skip
    t = figures.total
    total = [
        _("Total"),
        *_count_cells(t),
        number(t.paid_amount),
        number(t.scholarships),
        number(t.to_families),
    ]
    pages.table(columns, rows, total=total)


def _schemes(pages: _Pages, figures: Impact) -> None:
    pages.title(_("Claims per scheme, against the contributions paid"))
    columns = [*_count_columns(_("Scheme"), 55), (_("Paid to families (Rp)"), 40, "R"),
               (_("Contributions paid (Rp)"), 40, "R"), (_("Rp to families per Rp of contributions"), 52, "R")]  # fmt: skip
    rows = [[label, *_count_cells(s.counts), number(s.counts.to_families), number(s.contributions), _ratio(s.ratio)]
            for s in figures.schemes for label in (scheme_label(s),)]  # fmt: skip
    if figures.no_scheme is not None:
        n = figures.no_scheme.counts
        rows.append([scheme_label(figures.no_scheme), *_count_cells(n), number(n.to_families), "-", "-"])
    a = figures.all_schemes
    total = [_("All schemes"), *_count_cells(a.counts), number(a.counts.to_families), number(a.contributions),
             _ratio(a.ratio)]  # fmt: skip
    pages.table(columns, rows, total=total)


def _years(pages: _Pages, figures: Impact) -> None:
    pages.title(_("Beneficiaries per year of payment"))
    columns: list[Column] = [(_("Year of payment"), 30, "L"), (_("Families paid"), 30, "R"),
        (_("Children with a scholarship"), 42, "R"), (_("Claims paid (Rp)"), 40, "R"),
        (_("Scholarships paid (Rp)"), 40, "R"), (_("Paid to families (Rp)"), 40, "R")]  # fmt: skip
    rows = [[str(y.year), number(y.families), number(y.children), number(y.claims_paid),
             number(y.scholarships_paid), number(y.total)] for y in figures.years]  # fmt: skip
    pages.table(columns, rows, total=None)


def _non_coverage(pages: _Pages, figures: Impact) -> None:
    pages.title(_("Cost of non-coverage"))
    lost = figures.non_coverage
    columns: list[Column] = [(_("Events of workers not covered"), 50, "R"), (_("Deaths"), 30, "R"),
                             (_("What the families lost (Rp)"), 50, "R")]  # fmt: skip
    pages.table(columns, [[number(lost.events), number(lost.deaths), number(lost.forgone_total)]], total=None)


def _footer(pages: _Pages, generated: dt.datetime) -> None:
    text = _("Cakupan — made %(made)s") % {
        "made": f"{generated:%Y-%m-%d %H:%M} {generated.tzname() or ''}".strip()
    }
    for page in range(1, pages.pdf.pages_count + 1):
        pages.pdf.page = page
        pages.pdf.set_draw_color(*GREY)
        pages.pdf.line(LEFT, BOTTOM + 2, LEFT + WIDTH, BOTTOM + 2)
        pages.font(7, color=GREY)
        pages.y = BOTTOM + 2.8
        pages.cell(LEFT, WIDTH, text, h=3.5)


def impact_pdf_bytes(
    figures: Impact,
    *,
    language: Language,
    generated: dt.datetime | None = None,
) -> bytes:
    """The impact tables on at most two A4 landscape pages; ``generated`` (aware, default now) in the footer."""
    generated = timezone.localtime(generated or timezone.now())
    pages = _Pages(f"Cakupan dampak manfaat {figures.year or ''}".strip())
    pages.pdf.set_creation_date(generated)
    pages.pdf.set_lang(language)
    _header(pages, figures)
    _regions(pages, figures)
    _schemes(pages, figures)
    _years(pages, figures)
    _non_coverage(pages, figures)
    _footer(pages, generated)
    return bytes(pages.pdf.output())
