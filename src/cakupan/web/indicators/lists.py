"""The user's own regions with their UCJ (the "Wilayah Anda" page) as XLSX (cakupan.web.lists)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cakupan.indicators.coverage import Coverage
from cakupan.web.lists import Column, ListExport

MY_REGIONS = ListExport[Coverage](
    "wilayah-saya",
    _("Your regions"),
    "region_coverage",
    (
        Column(_("Region"), lambda c: c.region_name),
        Column(_("Code"), lambda c: c.region_code),
        Column(_("Date"), lambda c: c.as_of, "date"),
        Column("UCJ %", lambda c: c.percent, "number"),
        Column(_("Active participants"), lambda c: c.active_participants, "number"),
        Column(_("Denominator"), lambda c: c.denominator.value if c.denominator else None, "number"),
        Column(_("Denominator source"), lambda c: c.denominator.source if c.denominator else ""),
    ),
)
