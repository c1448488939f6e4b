"""The compliance lists as XLSX (cakupan.web.lists): the letter register and a region's obligations."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from cakupan.web.lists import Column, ListExport


def _letter_state(state: str) -> str:
    """The register's status column, worded as on the page."""
    if state == "overdue":
        return gettext("deadline passed: next step due")
    if state == "followed":
        return gettext("followed by a later letter")
    return pgettext("letter status", "closed" if state == "closed" else "open")


LETTERS = ListExport[dict[str, Any]](
    "surat",
    _("Warning letters"),
    "letter",
    (
        Column(_("Number"), lambda r: r["letter"].number),
        Column(_("Date"), lambda r: r["letter"].issued_on, "date"),
        Column(_("Step"), lambda r: str(r["step"])),
        Column(_("Employer"), lambda r: r["letter"].employer.name),
        Column(_("Deadline"), lambda r: r["letter"].due_on, "date"),
        Column(_("Status"), lambda r: _letter_state(r["state"])),
    ),
)


def _evidence(row: Any) -> str:
    if row is None:
        return ""
    date = row.evidence_date.isoformat() if row.evidence_date else ""
    return " · ".join(p for p in (row.regulation, row.budget_line, date, row.note) if p)


OBLIGATIONS = ListExport[dict[str, Any]](
    "kewajiban-daerah",
    _("Regional obligations"),
    "region_obligation",
    (
        Column(_("Obligation"), lambda r: r["text"]),
        Column(_("Legal source"), lambda r: r["item"].source),
        Column(_("Status"), lambda r: str(r["status"])),
        Column(_("Evidence"), lambda r: _evidence(r["row"])),
    ),
)

MEETINGS = ListExport[Any](
    "rapat",
    _("Compliance meetings"),
    "meeting",
    (
        Column(_("Date"), lambda m: m.held_on, "date"),
        Column(_("Region"), lambda m: m.region.name),
        Column(_("Region code"), lambda m: m.region_id),
        Column(_("Title"), lambda m: m.title),
        Column(_("Place"), lambda m: m.place),
    ),
)
