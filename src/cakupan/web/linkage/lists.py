"""The linkage review queue as XLSX (cakupan.web.lists): the candidates of the filters, names and NIKs masked."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cakupan.web.lists import Column, ListExport

CANDIDATES = ListExport[dict[str, Any]](
    "kandidat-pencocokan",
    _("Record linkage review"),
    "link_candidate",
    (
        Column(_("Run"), lambda r: r["candidate"].run_id, "number"),
        Column(_("Row"), lambda r: r["candidate"].source_row, "number"),
        Column(_("Record"), lambda r: r["record_name"]),
        Column("NIK", lambda r: r["record_nik"]),
        Column(_("Registry person"), lambda r: r["person_name"]),
        Column("NIK", lambda r: r["person_nik"]),
        Column(_("Region"), lambda r: r["candidate"].person.region.name),
        Column(_("Method"), lambda r: r["candidate"].get_method_display()),
        Column(_("Probability"), lambda r: r["candidate"].match_probability, "number"),
        Column(_("Status"), lambda r: r["candidate"].get_status_display()),
    ),
)
