"""The enrolment lists as XLSX (cakupan.web.lists): funding sources, schemes, batches, the contribution schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cakupan.web.enrolment.models import EnrolmentBatch, FundingSource, Scheme
from cakupan.web.enrolment.schedule import ScheduleRow
from cakupan.web.enrolment.templatetags.enrolment_labels import state_label
from cakupan.web.lists import Column, ListExport


def _earmark(source: FundingSource) -> str:
    parts = [source.earmark_regions, source.earmark_sectors, source.earmark_occupations]
    if source.earmark_max_decile:
        parts.append(f"desil ≤ {source.earmark_max_decile}")
    return " ".join(p for p in parts if p)


SOURCES = ListExport[tuple[FundingSource, str]](
    "sumber-dana",
    _("Funding sources"),
    "funding_source",
    (
        Column(_("Name"), lambda r: r[0].name),
        Column(_("Kind"), lambda r: r[1]),
        Column(_("Region"), lambda r: r[0].region_id),
        Column(_("Fiscal year"), lambda r: r[0].fiscal_year, "number"),
        Column(_("Budget (Rp)"), lambda r: r[0].budget, "money"),
        Column(_("Months"), lambda r: r[0].months, "number"),
        Column(_("Earmark"), lambda r: _earmark(r[0])),
    ),
)

SCHEMES = ListExport[Scheme](
    "skema",
    _("Schemes"),
    "scheme",
    (
        Column(_("Name"), lambda s: s.name),
        Column(_("Region"), lambda s: s.region.name),
        Column(_("Region code"), lambda s: s.region_id),
        Column(_("Fiscal year"), lambda s: s.fiscal_year, "number"),
        Column(_("Cover starts on"), lambda s: s.start_date, "date"),
    ),
)

BATCHES = ListExport[EnrolmentBatch](
    "batch",
    _("Enrolment batches"),
    "enrolment_batch",
    (
        Column(_("Batch"), lambda b: b.pk, "number"),
        Column(_("Name"), lambda b: b.name),
        Column(_("State"), lambda b: state_label(b.state)),
        Column(_("Funding source"), lambda b: b.source.name),
        Column(_("Cover starts on"), lambda b: b.start_date, "date"),
        Column(_("Workers"), lambda b: b.member_count, "number"),  # type: ignore[attr-defined]
        Column(_("Accepted"), lambda b: b.accepted_count, "number"),  # type: ignore[attr-defined]
        Column(_("Rejected"), lambda b: b.rejected_count, "number"),  # type: ignore[attr-defined]
    ),
)


def _month(month: dt.date) -> Column[ScheduleRow]:
    return Column(date_format(month, "M"), lambda r: r.by_month[month][1], "money")


def schedule_export(months: list[dt.date]) -> ListExport[ScheduleRow]:
    """The schedule's columns: one per month of the year shown."""
    columns: list[Column[Any]] = [Column(_("Funding source"), lambda r: r.source_name)]
    columns += [_month(m) for m in months]
    columns += [
        Column(_("Total (Rp)"), lambda r: r.total, "money"),
        Column(_("Budget (Rp)"), lambda r: r.budget, "money"),
        Column(_("Left (Rp)"), lambda r: r.left, "money"),
    ]
    return ListExport("jadwal-iuran", _("Contribution schedule"), "funding_source", tuple(columns))
