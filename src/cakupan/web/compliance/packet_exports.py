"""The packet of a Rapat Kepatuhan as downloads: an XLSX workbook with one sheet per section (numbers as numbers,
Rupiah whole) and an A4 PDF to print for the meeting. Both read the packet as it was prepared (``Meeting.packet``,
see ``packet.packet_build``), this meeting's findings and actions, and the previous meeting's actions with the
status reported on them. Aggregates only: no person is named.

The PDF uses fpdf2's core font (Latin-1, through ``summary_pdf.latin1``); long tables are cut and the document
stops at ``MAX_PAGES`` pages with a note that the rest is in the XLSX download.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import fpdf
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cakupan.compliance import SECTION_LABELS
from cakupan.core.problems import Language
from cakupan.funding import SourceKind
from cakupan.web.compliance.action_rows import action_rows
from cakupan.web.compliance.forms import ACTION_STATUS_LABELS, STATUS_LABELS, TOPIC_LABELS
from cakupan.web.compliance.models import FollowUpAction, Meeting, MeetingFinding
from cakupan.web.compliance.packet_jakon import SHEET as JAKON_SHEET
from cakupan.web.compliance.packet_jakon import jakon_header, jakon_pdf, jakon_rows
from cakupan.web.compliance.packet_letters import SHEET as LETTERS_SHEET
from cakupan.web.compliance.packet_letters import letters_header, letters_pdf, letters_rows
from cakupan.web.enrolment.views import source_label
from cakupan.web.indicators.summary_pdf import latin1, number
from cakupan.web.language import coded
from cakupan.web.params import is_digits
from cakupan.web.xlsx import Sheet, xlsx_bytes

# Sheet names are stable whatever the language (like the other workbooks); headers follow the language.
SHEETS = (
    "Ringkasan",
    "Pemberi kerja",
    "Pegawai",
    "Anggaran",
    "Klaim",
    "Kewajiban daerah",
    "Temuan",
    "Tindak lanjut",
    "Tindak lanjut rapat lalu",
    JAKON_SHEET,
    LETTERS_SHEET,
)
KINDS = frozenset(k.value for k in SourceKind)
MAX_PAGES = 3
MAX_ROWS = 25  # per PDF table; the rest is in the XLSX download
LEFT, WIDTH, ROW, LINE, BOTTOM, FOOTER_Y = (
    12.0,
    186.0,
    4.4,
    3.4,
    276.0,
    284.0,
)  # BOTTOM-FOOTER_Y: the cut note
GREEN, GREY = (11, 110, 79), (90, 100, 110)


def _decimal(text: object) -> Decimal | None:
    """A percentage kept as text in the packet (``"13.85"``) as a number; None when absent."""
    if text is None or text == "":
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | str) and is_digits(str(value).removeprefix("-")) else 0


def _day(value: dt.date | str | None) -> str:
    """A date as ISO text (the workbook keeps dates as text so every spreadsheet reads them alike)."""
    if value is None or value == "":
        return ""
    return value if isinstance(value, str) else value.isoformat()


def _sector_label(code: str, language: Language) -> str:
    if code == "*":
        return _("All sectors")
    if code not in SECTION_LABELS:
        return _("No KBLI sector")
    return SECTION_LABELS[code].text(language)


def _sectors(packet: dict[str, Any], language: Language) -> list[list[Any]]:
    """One row per sector, the row of all sectors last."""
    employers: dict[str, dict[str, Any]] = packet.get("employers") or {}
    ordered = [code for code in employers if code != "*"] + (["*"] if "*" in employers else [])
    rows = []
    for code in ordered:
        count = employers[code]
        by_kind = count.get("by_kind") or {}
        rows.append(
            [
                "" if code == "*" else code,
                _sector_label(code, language),
                _int(count.get("employers")),
                _int(count.get("compliant")),
                _int(count.get("pwbd")),
                _int(count.get("pds")),
                _int(by_kind.get("pds_workers")),
                _int(by_kind.get("pds_wages")),
                _int(by_kind.get("pds_programmes")),
                _int(count.get("workers_unregistered")),
            ]
        )
    return rows


def _sector_header() -> list[str]:
    return [_("Sector"), _("Sector name"), _("Employers"), _("Compliant"), "PWBD", "PDS", "PDS TK",
            "PDS upah", "PDS program", _("Workers not registered")]  # fmt: skip


def _staff(packet: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for row in packet.get("staff") or []:
        total, covered = _int(row.get("total")), _int(row.get("covered"))
        rows.append([coded(str(row.get("status", "")), "staff_status"), total, covered, total - covered])
    return rows


def _budget(packet: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for row in packet.get("budget") or []:
        budget, committed = _int(row.get("budget")), _int(row.get("committed"))
        kind = str(row.get("kind", ""))
        rows.append([str(row.get("name", "")), source_label(kind) if kind in KINDS else kind, budget, committed,
                     budget - committed])  # fmt: skip
    return rows


def _claims(packet: dict[str, Any]) -> list[tuple[str, int]]:
    claims = packet.get("claims") or {}
    labels = (
        ("events", _("Events reported")),
        ("covered", _("Events of covered workers")),
        ("paid", _("Claims paid")),
        ("paid_rupiah", _("Claims paid (Rp)")),
        ("scholarships", _("Scholarships paid (Rp)")),
        ("uncovered", _("Events of workers not covered")),
        ("uncovered_deaths", _("Deaths of workers not covered")),
        ("lost", _("What the families lost (Rp)")),
    )
    return [(label, _int(claims.get(key))) for key, label in labels]


def _obligations(packet: dict[str, Any], language: Language) -> list[list[str]]:
    return [
        [
            str(item.get("code", "")),
            str(item.get("en" if language == "en" else "id", "")),
            str(STATUS_LABELS.get(item.get("status", ""), item.get("status", ""))),
            str(item.get("evidence", "")),
        ]
        for item in packet.get("obligations") or []
    ]


def _obligations_done(packet: dict[str, Any]) -> int:
    return sum(1 for item in packet.get("obligations") or [] if item.get("status") == "terpenuhi")


def _summary(meeting: Meeting) -> list[list[Any]]:
    """(item, number or empty, detail) rows: the meeting, then coverage, target and nagari participation."""
    packet = meeting.packet or {}
    coverage = packet.get("coverage") or {}
    prepared = timezone.localtime(meeting.packet_at) if meeting.packet_at else None
    rows: list[list[Any]] = [
        [_("Region"), None, f"{meeting.region.code} {meeting.region.name}"],
        [_("Meeting date"), None, _day(meeting.held_on)],
        [_("Title"), None, meeting.title],
        [_("Place"), None, meeting.place],
        [_("Previous meeting"), None, _day(meeting.previous.held_on) if meeting.previous else ""],
        [_("Data as of"), None, _day(packet.get("as_of"))],
        [_("Packet prepared"), None, f"{prepared:%Y-%m-%d %H:%M}" if prepared else ""],
    ]
    if not coverage.get("available"):
        rows.append([_("Coverage and target"), None, _("No coverage facts for this date.")])
    else:
        rows += [
            [_("Active participants"), _int(coverage.get("active")), _day(coverage.get("as_of"))],
            [
                _("Denominator"),
                coverage.get("denominator") if isinstance(coverage.get("denominator"), int) else None,
                str(coverage.get("denominator_source") or ""),
            ],
            ["UCJ %", _decimal(coverage.get("percent")), ""],
        ]
        target = coverage.get("target")
        if target:
            detail = _("by %(date)s; source: %(source)s") % {
                "date": target.get("date", ""), "source": target.get("source", ""),
            }  # fmt: skip
            rows.append([_("Target %"), _decimal(target.get("value")), detail])
        nagari = coverage.get("nagari")
        if nagari:
            rows += [
                [_("Nagari with a scheme"), _int(nagari.get("with_scheme")), ""],
                [_("Nagari in all"), nagari.get("all") if isinstance(nagari.get("all"), int) else None, ""],
                [_("Nagari participation %"), _decimal(nagari.get("percent")), ""],
            ]
    total = len(packet.get("obligations") or [])
    rows.append([_("Regional obligations fulfilled"), _obligations_done(packet), _("of %(count)s") % {"count": total}])  # fmt: skip
    return rows


def _finding_numbers(findings: Sequence[MeetingFinding]) -> dict[int, int]:
    return {finding.pk: index for index, finding in enumerate(findings, start=1)}


def _action_header(previous: bool) -> list[str]:
    header = [_("No."), _("Action"), _("Owner"), _("Due date"), _("Status"), _("Note")]
    if previous:
        return [*header, _("Late at this meeting"), _("Finding no."), _("Finding it answers")]
    return [*header, _("Finding no."), _("Finding it answers")]


def _action_rows(actions: Iterable[FollowUpAction], meeting: Meeting, *, previous: bool) -> list[list[Any]]:
    """One row per action; late judged at the meeting's date, as on the meeting's page (``action_rows``)."""
    rows = []
    for index, item in enumerate(action_rows(actions, as_of=meeting.held_on), start=1):
        action = item.action
        row: list[Any] = [index, action.description, action.owner, _day(action.due_date),
                          str(ACTION_STATUS_LABELS.get(action.status, action.status)), action.status_note]  # fmt: skip
        if previous:
            row.append(_("late") if item.late else "")
        rows.append([*row, item.finding_no, item.finding_text])
    return rows


def packet_sheets(
    meeting: Meeting, previous_actions: Iterable[FollowUpAction], language: Language
) -> list[Sheet]:
    """The sheets of the workbook, in the active language (call under ``translation.override``)."""
    packet = meeting.packet or {}
    findings = list(meeting.findings.all())
    numbers = _finding_numbers(findings)
    return [
        Sheet(SHEETS[0], [_("Item"), _("Value"), _("Detail")], _summary(meeting)),
        Sheet(SHEETS[1], _sector_header(), _sectors(packet, language)),
        Sheet(JAKON_SHEET, jakon_header(), jakon_rows(packet, language)),
        Sheet(LETTERS_SHEET, letters_header(packet), letters_rows(packet)),
        Sheet(SHEETS[2], [_("Status"), _("Staff"), _("Covered"), _("Not covered")], _staff(packet)),
        Sheet(
            SHEETS[3],
            [_("Funding source"), _("Kind"), _("Budget (Rp)"), _("Committed (Rp)"), _("Remaining (Rp)")],
            _budget(packet),
        ),
        Sheet(SHEETS[4], [_("Item"), _("Value")], [list(row) for row in _claims(packet)]),
        Sheet(
            SHEETS[5],
            [_("Code"), _("Obligation"), _("Status"), _("Evidence")],
            _obligations(packet, language),
        ),
        Sheet(
            SHEETS[6],
            [_("No."), _("Topic"), _("Finding")],
            [[numbers[f.pk], str(TOPIC_LABELS.get(f.topic, f.topic)), f.text] for f in findings],
        ),
        Sheet(
            SHEETS[7],
            _action_header(previous=False),
            _action_rows(meeting.actions.all(), meeting, previous=False),
        ),
        Sheet(
            SHEETS[8],
            _action_header(previous=True),
            _action_rows(previous_actions, meeting, previous=True),
        ),
    ]


def packet_xlsx(meeting: Meeting, previous_actions: Iterable[FollowUpAction], language: Language) -> bytes:
    """The workbook of the packet: one sheet per section, headers in ``language``."""
    with translation.override(language):
        return xlsx_bytes(*packet_sheets(meeting, previous_actions, language))


# --- PDF ---------------------------------------------------------------------------------------------------

Column = tuple[str, float, str]  # header, width (mm), alignment


class _Full(Exception):
    """The document reached MAX_PAGES: nothing more is drawn."""


class _Document(fpdf.FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_draw_color(*GREY)
        self.line(LEFT, FOOTER_Y, LEFT + WIDTH, FOOTER_Y)
        self.set_font("helvetica", size=7)
        self.set_text_color(*GREY)
        self.set_xy(LEFT, FOOTER_Y + 0.8)
        self.cell(WIDTH * 0.8, 3.5, latin1(self.footer_text))
        self.set_xy(LEFT + WIDTH * 0.8, FOOTER_Y + 0.8)
        self.cell(WIDTH * 0.2, 3.5, latin1(f"{self.page_no()} / {{nb}}"), align="R")


class _Pages:
    def __init__(self, title: str, footer: str) -> None:
        self.pdf = _Document(orientation="P", unit="mm", format="A4")
        self.pdf.footer_text = footer
        self.pdf.set_auto_page_break(auto=False)
        self.pdf.set_margins(LEFT, 12, LEFT)
        self.pdf.set_title(latin1(title))
        self.pdf.set_author("Cakupan")
        self.pdf.add_page()
        self.y = 12.0

    def font(self, size: float, style: str = "", color: tuple[int, int, int] = (0, 0, 0)) -> None:
        self.pdf.set_font("helvetica", style=style, size=size)
        self.pdf.set_text_color(*color)

    def cut(self, text: str, w: float) -> str:
        text = latin1(text)
        if self.pdf.get_string_width(text) > w - 1:
            while text and self.pdf.get_string_width(text + "...") > w - 1:
                text = text[:-1]
            text += "..."
        return text

    def cell(self, x: float, w: float, text: str, *, h: float = ROW, align: str = "L", dy: float = 0) -> None:
        """One line of text at the current y (plus ``dy``), cut to ``w`` millimetres (with '...' when cut)."""
        self.pdf.set_xy(x, self.y + dy)
        self.pdf.cell(w, h, self.cut(text, w), align=align)

    def wrapped(self, text: str, w: float, most: int) -> list[str]:
        """``text`` wrapped to ``w`` in the current font, at most ``most`` lines (the last ends in '...')."""
        lines = self.pdf.multi_cell(w - 1, LINE, latin1(text), dry_run=True, output="LINES")
        assert isinstance(lines, list)
        if len(lines) > most:
            lines = [*lines[: most - 1], lines[most - 1].rstrip() + " ..."]
        return [str(line) for line in lines] or [""]

    def room(self, height: float) -> None:
        """A new page when ``height`` millimetres no longer fit; ``_Full`` when that page would be too many."""
        if self.y + height <= BOTTOM:
            return
        if self.pdf.page_no() >= MAX_PAGES:
            raise _Full
        self.pdf.add_page()
        self.y = 12.0

    def title(self, text: str) -> None:
        self.room(6.0 + 3 * ROW)
        self.y += 1.5
        self.font(10.5, "B", GREEN)
        self.cell(LEFT, WIDTH, text, h=5.5)
        self.y += 6.2

    def text(self, text: str, *, size: float = 8.5, color: tuple[int, int, int] = (0, 0, 0), most: int = 3) -> None:  # fmt: skip
        self.font(size, color=color)
        for line in self.wrapped(text, WIDTH, most):
            self.room(LINE + 0.4)
            self.cell(LEFT, WIDTH, line, h=LINE)
            self.y += LINE + 0.4

    def table(
        self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *, wrap: int | None = None
    ) -> None:
        """A table; column ``wrap`` (if any) wraps to 3 lines, the others are cut. Rows past MAX_ROWS are left
        to the XLSX download, with a line saying so."""

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
        for row in rows[:MAX_ROWS]:
            self.font(7.5)
            lines = self.wrapped(row[wrap], columns[wrap][1], 3) if wrap is not None else []
            height = max(ROW, len(lines) * LINE + 1.0)
            if self.y + height > BOTTOM:
                self.room(height + ROW)
                header()
                self.font(7.5)
            x = LEFT
            for index, ((_label, w, align), text) in enumerate(zip(columns, row, strict=True)):
                if index == wrap:
                    for number_, line in enumerate(lines):
                        self.cell(x, w, line, h=LINE, dy=0.5 + number_ * LINE)
                else:
                    self.cell(x, w, text, align=align)
                x += w
            self.y += height
        if len(rows) > MAX_ROWS:
            self.room(ROW)
            self.font(7.5, "I")
            more = _("... and %(count)s more (all of them are in the XLSX export)")
            self.cell(LEFT, WIDTH, more % {"count": len(rows) - MAX_ROWS})
            self.y += ROW
        self.y += 1.5


def _pdf_header(pages: _Pages, meeting: Meeting) -> None:
    packet = meeting.packet or {}
    pages.font(8, color=GREY)
    pages.cell(LEFT, WIDTH, _("Compliance meeting packet"))
    pages.y += 4.5
    pages.font(16, "B")
    pages.cell(LEFT, WIDTH, meeting.title, h=8)
    pages.y += 8.5
    pages.font(9.5)
    parts = [f"{meeting.region.name} ({meeting.region.code})", formats.date_format(meeting.held_on, "j F Y")]
    pages.cell(LEFT, WIDTH, " · ".join([*parts, *([meeting.place] if meeting.place else [])]))
    pages.y += ROW + 0.4
    pages.font(8, color=GREY)
    line = _("Data as of %(day)s") % {"day": _day(packet.get("as_of")) or "-"}
    if meeting.packet_at:
        line += "; " + _("prepared %(at)s") % {
            "at": f"{timezone.localtime(meeting.packet_at):%Y-%m-%d %H:%M}"
        }
    if meeting.previous:
        line += "; " + _("previous meeting %(day)s") % {"day": _day(meeting.previous.held_on)}
    pages.cell(LEFT, WIDTH, line)
    pages.y += ROW + 1.5


def _pdf_coverage(pages: _Pages, packet: dict[str, Any]) -> None:
    pages.title(_("Coverage and target"))
    coverage = packet.get("coverage") or {}
    if not coverage.get("available"):
        pages.text(_("No coverage facts for this date."), color=GREY)
        return
    denominator = coverage.get("denominator")
    percent = _decimal(coverage.get("percent"))
    if isinstance(denominator, int):
        line = _("UCJ %(percent)s %% = %(active)s active participants ÷ %(denominator)s (%(source)s, %(day)s)") % {
            "percent": number(percent), "active": number(_int(coverage.get("active"))),
            "denominator": number(denominator), "source": coverage.get("denominator_source") or "-",
            "day": coverage.get("as_of", ""),
        }  # fmt: skip
    else:
        line = _("%(active)s active participants; no denominator, so no UCJ %%.") % {
            "active": number(_int(coverage.get("active")))
        }
    pages.text(line, size=9)
    target = coverage.get("target")
    if target:
        pages.text(_("Target %(value)s %% by %(date)s; source: %(source)s.") % {
            "value": number(_decimal(target.get("value"))), "date": target.get("date", ""),
            "source": target.get("source", ""),
        })  # fmt: skip
    else:
        pages.text(_("No target has been set for this region and denominator."), color=GREY)
    nagari = coverage.get("nagari")
    if nagari:
        all_ = nagari.get("all")
        pages.text(_("Nagari participation: %(with)s of %(all)s nagari (%(percent)s %%).") % {
            "with": number(_int(nagari.get("with_scheme"))), "all": number(all_ if isinstance(all_, int) else None),
            "percent": number(_decimal(nagari.get("percent"))),
        })  # fmt: skip


def _pdf_employers(pages: _Pages, packet: dict[str, Any], language: Language) -> None:
    pages.title(_("Employers"))
    rows = _sectors(packet, language)
    if not rows:
        pages.text(_("No employers in the register."), color=GREY)
        return
    columns: list[Column] = [(_("Sector"), 56, "L"), (_("Employers"), 16, "R"), (_("Compliant"), 16, "R"),
        ("PWBD", 12, "R"), ("PDS", 12, "R"), ("PDS TK", 14, "R"), ("PDS upah", 16, "R"),
        ("PDS program", 20, "R"), (_("Not registered"), 24, "R")]  # fmt: skip
    cells = [[f"{row[0]} {row[1]}".strip(), *(number(v) for v in row[2:])] for row in rows]
    pages.table(columns, cells)
    pages.text(_("Not registered: workers of PWBD employers plus the workers PDS employers left out."), size=6.5, color=GREY, most=2)  # fmt: skip


def _pdf_staff_budget(pages: _Pages, packet: dict[str, Any]) -> None:
    pages.title(_("Government staff"))
    staff = _staff(packet)
    if staff:
        columns: list[Column] = [(_("Status"), 60, "L"), (_("Staff"), 30, "R"), (_("Covered"), 30, "R"),
                                 (_("Not covered"), 30, "R")]  # fmt: skip
        pages.table(columns, [[row[0], *(number(v) for v in row[1:])] for row in staff])
    else:
        pages.text(_("No staff imported."), color=GREY)
    pages.title(_("Budget realisation"))
    budget = _budget(packet)
    if budget:
        columns = [(_("Funding source"), 62, "L"), (_("Kind"), 28, "L"), (_("Budget (Rp)"), 32, "R"),
                   (_("Committed (Rp)"), 32, "R"), (_("Remaining (Rp)"), 32, "R")]  # fmt: skip
        pages.table(columns, [[row[0], row[1], *(number(v) for v in row[2:])] for row in budget])
    else:
        pages.text(_("No funding sources for this year."), color=GREY)


def _pdf_claims(pages: _Pages, packet: dict[str, Any]) -> None:
    pages.title(_("Claims paid"))
    claims = {key: number(_int(value)) for key, value in (packet.get("claims") or {}).items()}
    paid = _(
        "%(events)s events, %(covered)s covered, %(paid)s paid: Rp %(rupiah)s, plus scholarships Rp "
        "%(scholarships)s."
    )
    pages.text(
        paid
        % {
            "events": claims.get("events", "0"),
            "covered": claims.get("covered", "0"),
            "paid": claims.get("paid", "0"),
            "rupiah": claims.get("paid_rupiah", "0"),
            "scholarships": claims.get("scholarships", "0"),
        }
    )
    lost = _(
        "%(events)s events of workers not covered (%(deaths)s deaths): Rp %(lost)s lost by the families."
    )
    pages.text(
        lost
        % {
            "events": claims.get("uncovered", "0"),
            "deaths": claims.get("uncovered_deaths", "0"),
            "lost": claims.get("lost", "0"),
        }
    )


def _pdf_obligations(pages: _Pages, packet: dict[str, Any], language: Language) -> None:
    rows = _obligations(packet, language)
    pages.title(_("Regional obligations: %(done)s of %(count)s fulfilled") % {
        "done": _obligations_done(packet), "count": len(rows)})  # fmt: skip
    columns: list[Column] = [(_("Obligation"), 112, "L"), (_("Status"), 22, "L"), (_("Evidence"), 52, "L")]
    pages.table(columns, [row[1:] for row in rows], wrap=0)


def _pdf_findings(pages: _Pages, meeting: Meeting, findings: Sequence[MeetingFinding]) -> None:
    pages.title(_("Findings"))
    if not findings:
        pages.text(_("No findings recorded."), color=GREY)
        return
    columns: list[Column] = [(_("No."), 10, "R"), (_("Topic"), 36, "L"), (_("Finding"), 140, "L")]
    rows = [
        [str(i), str(TOPIC_LABELS.get(f.topic, f.topic)), f.text] for i, f in enumerate(findings, start=1)
    ]
    pages.table(columns, rows, wrap=2)


def _pdf_actions(pages: _Pages, rows: list[list[Any]], *, previous: bool) -> None:
    columns: list[Column] = [(_("No."), 8, "R"), (_("Action"), 58, "L"), (_("Owner"), 30, "L"),
                             (_("Due date"), 20, "L"), (_("Status"), 32, "L"), (_("Note"), 30, "L"),
                             (_("Finding"), 8, "R")]  # fmt: skip
    cells = []
    for row in rows:
        status = f"{row[4]} ({row[6]})" if previous and row[6] else row[4]
        cells.append([str(row[0]), row[1], row[2], row[3], status, row[5], str(row[-2] or "")])
    pages.table(columns, cells, wrap=1)


def _pdf_body(pages: _Pages, meeting: Meeting, previous: list[FollowUpAction], language: Language) -> None:
    packet = meeting.packet or {}
    findings = list(meeting.findings.all())
    _pdf_header(pages, meeting)
    pages.title(_("Actions of the previous meeting"))
    if meeting.previous is None:
        pages.text(_("This is the region's first meeting."), color=GREY)
    elif not previous:
        pages.text(_("The previous meeting agreed no actions."), color=GREY)
    else:
        pages.text(
            _(
                "Late: judged at this meeting's date, %(day)s. Finding numbers are those of the previous meeting."
            )
            % {"day": _day(meeting.held_on)},
            color=GREY,
        )
        _pdf_actions(pages, _action_rows(previous, meeting, previous=True), previous=True)
    _pdf_coverage(pages, packet)
    _pdf_employers(pages, packet, language)
    jakon_pdf(pages, packet, language)
    letters_pdf(pages, packet)
    _pdf_staff_budget(pages, packet)
    _pdf_claims(pages, packet)
    _pdf_obligations(pages, packet, language)
    _pdf_findings(pages, meeting, findings)
    pages.title(_("Follow-up actions"))
    actions = _action_rows(meeting.actions.all(), meeting, previous=False)
    if actions:
        _pdf_actions(pages, actions, previous=False)
    else:
        pages.text(_("No actions agreed yet."), color=GREY)


def packet_pdf(
    meeting: Meeting,
    previous_actions: Iterable[FollowUpAction],
    language: Language,
    *,
    generated: dt.datetime | None = None,
) -> bytes:
    """The packet on A4 pages (at most ``MAX_PAGES``), in ``language``; ``generated`` (aware, default now) goes
    in the footer."""
    with translation.override(language):
        made = timezone.localtime(generated or timezone.now())
        footer = _("Cakupan — made %(made)s") % {
            "made": f"{made:%Y-%m-%d %H:%M} {made.tzname() or ''}".strip()
        }
        pages = _Pages(f"{meeting.title} {meeting.region.code} {_day(meeting.held_on)}", footer)
        pages.pdf.set_creation_date(made)
        pages.pdf.set_lang(language)
        try:
            _pdf_body(pages, meeting, list(previous_actions), language)
        except _Full:
            pages.y = BOTTOM + 1.5
            pages.font(7.5, "I", GREY)
            pages.cell(LEFT, WIDTH, _("The rest of the packet is in the XLSX download."), h=LINE)
        return bytes(pages.pdf.output())
