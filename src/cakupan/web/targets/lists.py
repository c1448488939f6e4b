"""The coverage targets list as XLSX (cakupan.web.lists): values in percent, dates as dates."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cakupan.web.lists import Column, ListExport

TARGETS = ListExport[dict[str, Any]](
    "target",
    _("Coverage targets"),
    "coverage_target",
    (
        Column(_("Region"), lambda r: r["target"].region.name),
        Column(_("Region code"), lambda r: r["target"].region_id),
        Column(_("Indicator"), lambda r: str(r["indicator_label"])),
        Column(_("Denominator"), lambda r: str(r["denominator_label"])),
        Column(_("Baseline (%)"), lambda r: r["target"].baseline_value, "number"),
        Column(_("Baseline date"), lambda r: r["target"].baseline_date, "date"),
        Column(_("Target (%)"), lambda r: r["target"].target_value, "number"),
        Column(_("Target date"), lambda r: r["target"].target_date, "date"),
        Column(_("Source document"), lambda r: r["target"].source_document),
    ),
)
