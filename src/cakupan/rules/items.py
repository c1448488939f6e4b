"""What every calculation returns: items, each with the parameters (and legal references) it used.

Rounding: every item is rounded to whole rupiah, half up, on its own; totals are sums of rounded items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from cakupan.core.dated import Due
from cakupan.rules.loader import ParameterTree, ParameterValue, default_tree

Payer = Literal["employer", "worker", "government", "participant", "bpjstk"]
PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")


def rupiah(amount: Decimal | int) -> int:
    """Whole rupiah, half up (Rp 12.345,50 → Rp 12.346)."""
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Source:
    """A parameter an item used: its name (its path in the tree), value and legal reference."""

    name: str
    value: str
    reference: str
    since: str = ""  # ISO date from which this version of the parameter is in force

    @classmethod
    def of(cls, used: ParameterValue, key: str | None = None) -> Source:
        value = used.lookup(key) if key is not None else used.scalar()
        name = used.name if key is None else f"{used.name}[{key}]"
        return cls(name, str(value), used.reference, used.start.isoformat())


@dataclass(frozen=True)
class Item:
    programme: str
    code: str  # what the item is, e.g. "jkk", "jkm_lump_sum", "scholarship"
    payer: Payer
    amount: int
    basis: int | None = None
    sources: tuple[Source, ...] = ()
    detail: str = ""  # e.g. the child and school level of a scholarship
    yearly: bool = False  # claimed each year (scholarships), not paid once

    def as_dict(self) -> dict[str, Any]:
        return {
            "programme": self.programme,
            "code": self.code,
            "payer": self.payer,
            "amount": self.amount,
            "basis": self.basis,
            "detail": self.detail,
            "yearly": self.yearly,
            "parameters": [
                {"name": s.name, "value": s.value, "reference": s.reference, "since": s.since}
                for s in self.sources
            ],
        }


def stale(sources: Iterable[Source], on: dt.date, tree: ParameterTree | None = None) -> tuple[Due, ...]:
    """The values among ``sources`` used past their cadence on ``on``: each is its parameter's last value and the
    next one fell due on or before ``on`` (the JP wage cap of 2025 used after 1 March 2026), once per parameter."""
    tree = tree or default_tree()
    found: dict[str, Due] = {}
    for source in sources:
        if source.since:
            due = tree.stale(source.name, dt.date.fromisoformat(source.since), on)
            if due is not None:
                found.setdefault(due.name, due)
    return tuple(found.values())


def warnings(items: Iterable[Item], on: dt.date, tree: ParameterTree | None = None) -> tuple[Due, ...]:
    """``stale`` over every parameter the items used: what a calculation on ``on`` must warn about."""
    return stale((source for item in items for source in item.sources), on, tree)
