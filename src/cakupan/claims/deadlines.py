"""When things fall due: the end of the right to claim, and the next yearly scholarship claim of a child."""

from __future__ import annotations

import datetime as dt

from cakupan.claims.events import EventKind, programme_of
from cakupan.rules.loader import ParameterTree, default_tree


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February → 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def claim_expiry(kind: EventKind, on: dt.date, *, tree: ParameterTree | None = None) -> dt.date | None:
    """The last day to claim a JKK benefit for an event on ``on`` (``benefits/jkk/claim_expiry_years`` after it);
    None for a JKM death, whose claim does not expire, and for an event before the first rule loaded."""
    if programme_of(kind) != "JKK":
        return None
    tree = tree or default_tree()
    if on < tree.get("benefits/jkk/claim_expiry_years").values[0].start:
        return None  # no rule loaded that far back
    years = int(tree.value("benefits/jkk/claim_expiry_years", on=on).scalar())
    return add_years(on, years) - dt.timedelta(days=1)


def next_scholarship_claim(last_paid_for: dt.date) -> dt.date:
    """Scholarships are claimed year by year: the next claim of a child falls a year after the last year paid."""
    return add_years(last_paid_for, 1)
