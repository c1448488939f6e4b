"""Was the worker protected on the day, by which membership, and for how many months before it?

A ``Spell`` is one membership as the registry holds it (segment, programmes, start, end or open). The contribution
period counts contribution months (bulan iuran), as ``cakupan.rules.benefits.calendar_months`` does: every calendar
month from a spell's start month up to the event's month (both counted, whatever the day) in which a spell with the
programme ran, each month once even when spells overlap. The registry holds no payment history, so a month of
membership counts as a month paid; BPJSTK's own record decides in the end, and the screen says so and shows the
months counted (``contribution_runs``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Spell:
    segment: str  # PU, BPU, JAKON, PMI
    programmes: tuple[str, ...]
    start: dt.date
    end: dt.date | None  # None = open
    wage_basis: int  # whole Rupiah: the wage (PU) or declared income (BPU)
    key: int | None = None  # the membership row it came from

    def covers(self, on: dt.date, programme: str) -> bool:
        return programme in self.programmes and self.start <= on and (self.end is None or on <= self.end)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def spell_on(spells: Iterable[Spell], on: dt.date, programme: str) -> Spell | None:
    """The membership that protected the worker for ``programme`` on ``on`` (the latest-started one if several)."""
    covering = [spell for spell in spells if spell.covers(on, programme)]
    return max(covering, key=lambda spell: spell.start) if covering else None


def _months(spells: Iterable[Spell], on: dt.date, programme: str) -> set[int]:
    last = _month_index(on)
    months: set[int] = set()
    for spell in spells:
        if programme not in spell.programmes or spell.start > on:
            continue
        end = last if spell.end is None else min(last, _month_index(spell.end))
        months.update(range(_month_index(spell.start), end + 1))
    return months


def contribution_months(spells: Iterable[Spell], on: dt.date, programme: str) -> int:
    """Distinct calendar months, up to the month of ``on``, in which a spell with ``programme`` ran."""
    return len(_months(spells, on, programme))


def contribution_runs(spells: Iterable[Spell], on: dt.date, programme: str) -> list[tuple[str, str]]:
    """The months ``contribution_months`` counts, as runs of consecutive months: [("2022-01", "2024-12"), ...]."""
    runs: list[tuple[int, int]] = []
    for index in sorted(_months(spells, on, programme)):
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))

    def name(index: int) -> str:
        return f"{index // 12:04d}-{index % 12 + 1:02d}"

    return [(name(first), name(last)) for first, last in runs]
