"""The warning-letters section of the Rapat Kepatuhan packet: the PP 86/2013 letters the region's employers received
in the meeting's year up to its day, per step, the fines imposed, and the cases still open on that day (with how
many have a letter whose deadline has passed). Key ``letters`` of ``packet.packet_build``; a packet prepared before
this section existed has no such key and reads as no letters."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from cakupan.compliance.sanctions import STEP_CODES
from cakupan.web.accounts.scope import scope_q
from cakupan.web.compliance.forms import STEP_LABELS
from cakupan.web.compliance.models import Letter
from cakupan.web.indicators.summary_pdf import number
from cakupan.web.registry.models import Region

if TYPE_CHECKING:
    from cakupan.web.compliance.packet_exports import _Pages

SHEET = "Surat teguran"


def letters_section(region: Region, on: dt.date) -> dict[str, Any]:
    found = Letter.objects.filter(scope_q("employer__region__code", (region.code,)), issued_on__lte=on)
    year = found.filter(issued_on__year=on.year)
    by_step = {step: year.filter(step=step).count() for step in STEP_CODES}
    fines = sum(x.fine or 0 for x in year.filter(step="denda"))
    open_letters = found.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on)).order_by("issued_on", "pk")
    last: dict[int, Letter] = {}
    for letter in open_letters:
        last[letter.employer_id] = letter
    overdue = sum(1 for x in last.values() if x.step != "tmp2t" and x.due_on is not None and x.due_on < on)
    return {"year": on.year, "by_step": by_step, "fines": fines, "open_cases": len(last), "overdue": overdue}


def letters_rows(packet: dict[str, Any]) -> list[list[Any]]:
    letters = packet.get("letters") or {}
    by_step = letters.get("by_step") or {}
    rows: list[list[Any]] = [[str(STEP_LABELS[s]), int(by_step.get(s) or 0)] for s in STEP_CODES]
    rows += [
        [_("Fines imposed (Rp)"), int(letters.get("fines") or 0)],
        [_("Employers with an open case"), int(letters.get("open_cases") or 0)],
        [_("of which a deadline has passed"), int(letters.get("overdue") or 0)],
    ]
    return rows


def letters_header(packet: dict[str, Any]) -> list[str]:
    year = (packet.get("letters") or {}).get("year", "")
    return [_("Warning letters"), _("Number in %(year)s") % {"year": year}]


def letters_pdf(pages: _Pages, packet: dict[str, Any]) -> None:
    """One line on the PDF: letters per step this year, fines, open cases."""
    rows = letters_rows(packet)
    pages.title(_("Warning letters"))
    steps = ", ".join(f"{label} {count}" for label, count in rows[: len(STEP_CODES)])
    pages.text(
        _("%(steps)s; fines Rp %(fines)s; %(open)s employers with an open case, %(overdue)s past a deadline.")
        % {"steps": steps, "fines": number(rows[-3][1]), "open": rows[-2][1], "overdue": rows[-1][1]}
    )
