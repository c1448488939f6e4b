"""The construction projects (Jakon) section of the Rapat Kepatuhan packet: how many projects are in each
registration state on the meeting's day, and the contract value of those not registered. Built into the packet by
``packet.packet_build`` (key ``jakon``; ``{"available": False}`` when the region has no project), and drawn in the
workbook and the PDF by ``packet_exports``. A packet prepared before this section existed has no ``jakon`` key: it
reads as not available."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from cakupan.compliance import PROJECT_STATUS_LABELS, ProjectStatus, summarise_projects
from cakupan.core.problems import Language
from cakupan.web.employers.projects import project_reviews
from cakupan.web.indicators.summary_pdf import number
from cakupan.web.registry.models import Region

if TYPE_CHECKING:
    from cakupan.web.compliance.packet_exports import _Pages

SHEET = "Proyek Jakon"
GREY = (90, 100, 110)


def jakon_section(region: Region, on: dt.date) -> dict[str, Any]:
    """The counts of the region's projects on ``on`` (aggregates only)."""
    reviews = [review for _project, review in project_reviews(region_code=region.code, on=on)]
    if not reviews:
        return {"available": False}
    return {"available": True, **summarise_projects(reviews).as_dict()}


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def jakon_rows(packet: dict[str, Any], language: Language) -> list[list[Any]]:
    """(status code, status, projects, contract value) per status, then the projects not registered, then all;
    no rows when the packet has no projects."""
    jakon = packet.get("jakon") or {}
    if not jakon.get("available"):
        return []
    by_status, values = jakon.get("by_status") or {}, jakon.get("value_by_status") or {}
    rows: list[list[Any]] = [
        [
            s.value,
            PROJECT_STATUS_LABELS[s].text(language),
            _int(by_status.get(s.value)),
            _int(values.get(s.value)),
        ]
        for s in ProjectStatus
    ]
    rows.append(
        [
            "",
            _("Not registered on this day"),
            _int(jakon.get("unregistered")),
            _int(jakon.get("value_unregistered")),
        ]
    )
    rows.append(["", _("All projects"), _int(jakon.get("projects")), _int(jakon.get("contract_value"))])
    return rows


def jakon_header() -> list[str]:
    return [_("Status code"), _("Status"), _("Projects"), _("Contract value (Rp)")]


def jakon_pdf(pages: _Pages, packet: dict[str, Any], language: Language) -> None:
    """The section on the PDF: a small table of the states, or one grey line when there are no projects."""
    pages.title(_("Construction projects (Jakon)"))
    rows = jakon_rows(packet, language)
    if not rows:
        pages.text(_("No construction projects imported for this region."), color=GREY)
        return
    columns = [(_("Status"), 90.0, "L"), (_("Projects"), 30.0, "R"), (_("Contract value (Rp)"), 46.0, "R")]
    pages.table(columns, [[row[1], number(row[2]), number(row[3])] for row in rows])
