"""The claims list as XLSX (cakupan.web.lists); the rows are the page's, NIK and name masked."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cakupan.web.lists import Column, ListExport


def _yes_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


CLAIMS = ListExport[dict[str, Any]](
    "klaim",
    _("Claims"),
    "claim",
    (
        Column(_("Claim"), lambda r: r["claim"].pk, "number"),
        Column("NIK", lambda r: r["nik"]),
        Column(_("Name"), lambda r: r["name"]),
        Column(_("Event"), lambda r: r["kind"]),
        Column(_("Date"), lambda r: r["claim"].event_date, "date"),
        Column(_("Protected"), lambda r: _yes_no(r["claim"].covered)),
        Column(_("Due (Rp)"), lambda r: r["claim"].due_total, "money"),
        Column(_("State"), lambda r: r["state"]),
    ),
)
