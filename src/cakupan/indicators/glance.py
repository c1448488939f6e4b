"""The few figures a region's first screen leads with, derived from figures computed elsewhere: the change since
the previous month, the best and worst lower-level regions, and how many more active participants a target
needs. Pure functions, no rounding beyond what the inputs carry."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from cakupan.indicators.coverage import Coverage, ucj_percent


@dataclass(frozen=True, slots=True)
class Change:
    """From one month's end to the next: active participants and UCJ percentage points. The points are the
    difference of the two months' UCJ % when both have one; when only this month has a denominator, the
    difference of both months' participants over it (``at_current_denominator``); otherwise None."""

    participants: int
    points: Decimal | None
    at_current_denominator: bool = False


@dataclass(frozen=True, slots=True)
class BestWorst:
    """The lower-level regions with the highest and the lowest UCJ %, among ``ranked`` that have one;
    ``left_out``: regions with a UCJ % that cannot be true (a plausibility warning), not ranked."""

    best: Coverage
    worst: Coverage
    ranked: int
    left_out: int


def month_change(
    *,
    previous_active: int,
    previous_percent: Decimal | None,
    active: int,
    percent: Decimal | None,
    denominator: int | None = None,
) -> Change:
    participants = active - previous_active
    if previous_percent is not None and percent is not None:
        return Change(participants=participants, points=percent - previous_percent)
    now, before = ucj_percent(active, denominator), ucj_percent(previous_active, denominator)
    if now is None or before is None:
        return Change(participants=participants, points=None)
    return Change(participants=participants, points=now - before, at_current_denominator=True)


def best_and_worst(children: Sequence[Coverage], *, flagged: Collection[str] = ()) -> BestWorst | None:
    """Highest and lowest UCJ % among ``children`` (ties: the lower region code first); None when fewer than two
    have a UCJ % (nothing to compare). ``flagged``: codes whose figure cannot be true, left out."""
    with_percent = [c for c in children if c.percent is not None]
    ranked = [c for c in with_percent if c.region_code not in flagged]
    if len(ranked) < 2:
        return None
    order = sorted(ranked, key=lambda c: c.region_code)
    best = max(order, key=lambda c: c.percent or Decimal(0))
    worst = min(order, key=lambda c: c.percent or Decimal(0))
    return BestWorst(best=best, worst=worst, ranked=len(ranked), left_out=len(with_percent) - len(ranked))


def participants_to_target(*, active: int, denominator: int, target_percent: Decimal) -> int:
    """More active participants needed, at this denominator, for UCJ to reach ``target_percent`` (0 when it
    already does): the smallest whole number of workers, never a fraction of one."""
    needed = (target_percent * denominator / 100).to_integral_value(rounding=ROUND_CEILING)
    return max(int(needed) - active, 0)
