"""Months of cover and what they cost: the contribution schedule per payer and month, from enrolment batches.

A batch covers whole calendar months from its start month (BPJSTK contributions are monthly), so its cover ends
on the last day of its last month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from cakupan.rules import bpu_contribution
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch, Scheme, split_list


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def cover_months(start: dt.date, months: int) -> list[dt.date]:
    first = month_start(start)
    return [add_months(first, k) for k in range(months)]


def cover_end(start: dt.date, months: int) -> dt.date:
    last = add_months(month_start(start), months - 1)
    return last.replace(day=calendar.monthrange(last.year, last.month)[1])


COMMITTED_STATES = ("approved", "exported", "reconciled")


def committed_cost(source_id: int) -> int:
    """What a funding source has promised: every approved, exported or reconciled batch's workers (rejected ones
    excepted) × its months × its monthly cost."""
    rows = (
        BatchMember.objects.filter(batch__source_id=source_id, batch__state__in=COMMITTED_STATES)
        .exclude(status=BatchMember.Status.REJECTED)
        .values("batch_id", "batch__months", "batch__monthly_cost")
        .annotate(workers=Count("pk"))
    )
    return sum(r["workers"] * r["batch__months"] * r["batch__monthly_cost"] for r in rows)


def monthly_cost(*, scheme: Scheme, on: dt.date) -> int:
    """Rp per worker per month for the scheme's programmes and income basis, by the rules in force ``on``."""
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
    counts: dict[int, int] = defaultdict(int)
    paid_for = BatchMember.objects.filter(batch__in=batches).exclude(status=BatchMember.Status.REJECTED)
    for batch_id in paid_for.values_list("batch_id", flat=True):
        counts[batch_id] += 1
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
        workers = counts.get(batch.pk, 0)
        for month in cover_months(batch.start_date, batch.months):
            if month in row.by_month:
                old_workers, old_amount = row.by_month[month]
                row.by_month[month] = (old_workers + workers, old_amount + workers * batch.monthly_cost)
    return months, sorted(rows.values(), key=lambda r: r.source_name)
