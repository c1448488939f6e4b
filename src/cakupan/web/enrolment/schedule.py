"""Months of cover and what they cost: the contribution schedule per payer and month, from enrolment batches.

A batch covers whole calendar months from its start month (BPJSTK contributions are monthly), so its cover ends
on the last day of its last month. What a worker costs the batch's source can differ by month and by the worker's
sector group (PP 50/2025's discount: not for APBD money, other sectors only from April 2026), so a batch keeps
its cost per group and month (``EnrolmentBatch.month_costs``) and every member their group.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from cakupan import funding
from cakupan.funding.costs import cover_months
from cakupan.rules import bpu_contribution
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch, FundingSource, Scheme, split_list


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def cover_end(start: dt.date, months: int) -> dt.date:
    last = add_months(month_start(start), months - 1)
    return last.replace(day=calendar.monthrange(last.year, last.month)[1])


COMMITTED_STATES = ("approved", "exported", "reconciled")


def source_pricing(*, scheme: Scheme, source: FundingSource, start: dt.date) -> funding.Pricing:
    """What one worker costs ``source`` per month and sector group for its months from ``start``, by the rules
    for the scheme's programmes and income basis (the source's kind decides PP 50/2025's discount)."""
    return funding.pricing(
        funding.SourceKind(source.kind),
        start=start,
        months=source.months,
        income=scheme.income_basis,
        programmes=split_list(scheme.programmes),
    )


def month_costs_of(pricing: funding.Pricing) -> dict[str, list[int]]:
    return {group.group: list(group.monthly) for group in pricing.groups}


def member_month_cost(batch: EnrolmentBatch, group: str, k: int) -> int:
    """What one worker of sector group ``group`` costs in month ``k`` (0-based) of ``batch``."""
    months = batch.month_costs.get(group) if batch.month_costs else None
    return int(months[k]) if months is not None and k < len(months) else batch.monthly_cost


def batch_cost(batch: EnrolmentBatch, workers: dict[str, int]) -> int:
    """The whole batch's cost for ``workers`` per sector group, over all its months."""
    return sum(
        count * member_month_cost(batch, group, k)
        for group, count in workers.items()
        for k in range(batch.months)
    )


def workers_by_group(batches: Any) -> dict[int, dict[str, int]]:
    """Per batch, its workers (rejected ones excepted) per sector group."""
    rows = (
        BatchMember.objects.filter(batch__in=batches)
        .exclude(status=BatchMember.Status.REJECTED)
        .values("batch_id", "cost_group")
        .annotate(workers=Count("pk"))
    )
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        found[row["batch_id"]][row["cost_group"]] = row["workers"]
    return found


def committed_cost(source_id: int) -> int:
    """What a funding source has promised: every approved, exported or reconciled batch's workers (rejected ones
    excepted), each at what they cost the source in each month of the batch."""
    batches = EnrolmentBatch.objects.filter(source_id=source_id, state__in=COMMITTED_STATES)
    workers = workers_by_group(batches)
    return sum(batch_cost(batch, workers.get(batch.pk, {})) for batch in batches)


def monthly_cost(*, scheme: Scheme, on: dt.date) -> int:
    """Rp per worker per month for the scheme's programmes and income basis, by the rules in force ``on``, without
    any discount (what the source pays is ``source_pricing``)."""
    return bpu_contribution(income=scheme.income_basis, programmes=split_list(scheme.programmes), on=on).total


@dataclass(frozen=True)
class ScheduleRow:
    source_id: int
    source_name: str
    kind: str
    budget: int
    by_month: dict[dt.date, tuple[int, int]]  # month -> (workers, Rp); planned (approved) or due (accepted)
    committed: int = 0  # all months of all its batches, this year or not

    @property
    def total(self) -> int:
        return sum(amount for _, amount in self.by_month.values())

    @property
    def left(self) -> int:
        return self.budget - self.committed


def contribution_schedule(*, user: Any, year: int) -> tuple[list[dt.date], list[ScheduleRow]]:
    """For every funding source the user may see: per month of ``year``, the workers it pays for and the
    contribution due (accepted by BPJSTK) or reserved (approved or exported, awaiting BPJSTK's answer)."""
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    batches = (
        EnrolmentBatch.objects.visible_to(user)
        .filter(state__in=["approved", "exported", "reconciled"])
        .select_related("source")
    )
    counts = workers_by_group(batches)
    rows: dict[int, ScheduleRow] = {}
    for batch in batches:
        source = batch.source
        row = rows.setdefault(
            source.pk,
            ScheduleRow(
                source.pk,
                source.name,
                source.kind,
                source.budget,
                {m: (0, 0) for m in months},
                committed_cost(source.pk),
            ),
        )
        groups = counts.get(batch.pk, {})
        workers = sum(groups.values())
        for k, month in enumerate(cover_months(batch.start_date, batch.months)):
            if month in row.by_month:
                old_workers, old_amount = row.by_month[month]
                amount = sum(n * member_month_cost(batch, group, k) for group, n in groups.items())
                row.by_month[month] = (old_workers + workers, old_amount + amount)
    return months, sorted(rows.values(), key=lambda r: r.source_name)
