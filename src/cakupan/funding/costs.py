"""What one person costs a funding source: the monthly contributions by the rules in force each month, summed over
the months the source pays for. Who pays (the source's kind, ``PAYER_OF``) and the worker's sector group decide
whether PP 50/2025's discount on BPU JKK and JKM applies, so two sources can pay different amounts for the same
worker, and one source different amounts for two workers.

Sector groups come from the occupation (``sector_groups.yaml``, beside this file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import Field, StrictStr

from cakupan.core.dated import Strict, read
from cakupan.core.labels import Label
from cakupan.funding.errors import FundingError
from cakupan.funding.sources import PAYER_OF, SOURCE_LABELS, FundingSource, SourceKind, normalise_label, rp
from cakupan.rules import bpu_contribution
from cakupan.rules.loader import ParameterTree

GROUPS_FILE = Path(__file__).with_name("sector_groups.yaml")
SELF = "mandiri"  # the payer whose contributions get every discount: the yardstick for "excluded"
# Kinds whose place under PP 50/2025 Pasal 3 is Cakupan's reading, not the text (see the excluded-payers parameter).
TENTATIVE = frozenset({SourceKind.APB_NAGARI, SourceKind.DBH_SAWIT})


class _GroupsFile(Strict):
    source: StrictStr = Field(min_length=3)
    note: StrictStr | None = None
    default: StrictStr
    groups: dict[StrictStr, list[StrictStr]] = Field(min_length=1)


def _refuse(file: str, key: str, indonesian: str, english: str) -> FundingError:
    return FundingError(
        f"Berkas {file}, kunci {key}: {indonesian}", f"File {file}, key {key}: {english}", key
    )


def parse_sector_groups(text: str, *, file: str = GROUPS_FILE.name) -> tuple[str, dict[str, str]]:
    """The default group and occupation → group; a typo or a wrong type is a ``FundingError`` naming the key."""
    data = read(text, _GroupsFile, file=file, refuse=_refuse)
    table = {normalise_label(o): group for group, names in data.groups.items() for o in names}
    return data.default, table


@lru_cache(maxsize=1)
def _groups() -> tuple[str, dict[str, str]]:
    return parse_sector_groups(GROUPS_FILE.read_text(encoding="utf-8"))


def sector_group_names() -> tuple[str, ...]:
    """Every sector group an occupation can fall in, the default last."""
    default, table = _groups()
    return (*sorted(set(table.values()) - {default}), default)


def sector_group(occupation: str | None) -> str:
    """The sector group of an occupation: 'Pengemudi  Ojek' → 'transportasi', 'Pedagang' → 'lainnya'."""
    default, table = _groups()
    return table.get(normalise_label(occupation or ""), default)


def sector_groups(occupations: Iterable[str | None]) -> np.ndarray:
    """``sector_group`` of each occupation, as an array for ``optimise(groups=...)``."""
    return np.array([sector_group(o) for o in occupations], dtype=object).astype(str)


def cover_months(start: dt.date, months: int) -> list[dt.date]:
    """The first day of each month of cover: ``months`` calendar months from ``start``'s month."""
    first = start.year * 12 + start.month - 1
    return [dt.date((first + k) // 12, (first + k) % 12 + 1, 1) for k in range(months)]


@dataclass(frozen=True)
class GroupCost:
    group: str
    monthly: tuple[int, ...]  # rupiah per person for each month of cover, in order
    yardstick: tuple[int, ...]  # the same months paid by the worker (mandiri), who gets every discount

    @property
    def total(self) -> int:
        return sum(self.monthly)


@dataclass(frozen=True)
class Pricing:
    """What one person costs a source of ``kind`` from ``start`` for ``len(undiscounted)`` months, per group."""

    kind: SourceKind
    payer: str
    start: dt.date
    groups: tuple[GroupCost, ...]
    undiscounted: tuple[int, ...]  # per month, without any discount of PP 50/2025 (the same for every group)

    def cost_for(self, group: str) -> int:
        return next(g.total for g in self.groups if g.group == group)

    def discounted_months(self, group: GroupCost) -> int:
        return sum(1 for paid, full in zip(group.monthly, self.undiscounted, strict=True) if paid < full)

    @property
    def excluded(self) -> bool:
        """The source pays more than the worker would on their own: the discount is not for this payer."""
        return any(paid > own for g in self.groups for paid, own in zip(g.monthly, g.yardstick, strict=True))

    def reason(self) -> Label:
        """Why the source pays what it pays, in a line for the plan page."""
        discounted = [g for g in self.groups if self.discounted_months(g)]
        tentative = self.kind in TENTATIVE
        if discounted:
            months_id = ", ".join(f"{g.group} {self.discounted_months(g)} bulan" for g in discounted)
            months_en = ", ".join(f"{g.group} {self.discounted_months(g)} months" for g in discounted)
            note_id = " (tafsiran Cakupan: APB Nagari bukan APBD, UNVERIFIED)" if tentative else ""
            note_en = " (Cakupan's reading: an APB Nagari is not an APBD, UNVERIFIED)" if tentative else ""
            return Label(
                f"diskon 50% PP 50/2025: {months_id}{note_id}",
                f"50% discount PP 50/2025: {months_en}{note_en}",
            )
        if self.excluded:
            name = SOURCE_LABELS[self.kind]
            note_id = " (tafsiran Cakupan: dibelanjakan melalui APBD, UNVERIFIED)" if tentative else ""
            note_en = " (Cakupan's reading: spent through the APBD, UNVERIFIED)" if tentative else ""
            return Label(
                f"dibayar {name.id}: tanpa diskon PP 50/2025 (APBN/APBD dikecualikan){note_id}",
                f"paid by {name.en}: no PP 50/2025 discount (APBN/APBD excluded){note_en}",
            )
        return Label(
            "iuran penuh (tanpa diskon pada bulan-bulan ini)",
            "full contribution (no discount in these months)",
        )

    def as_dict(self) -> dict[str, Any]:
        reason = self.reason()
        return {
            "payer": self.payer,
            "start": self.start.isoformat(),
            "months": len(self.undiscounted),
            "undiscounted": sum(self.undiscounted),
            "costs": {g.group: g.total for g in self.groups},
            "discounted_months": {g.group: self.discounted_months(g) for g in self.groups},
            "reason": reason.id,
            "reason_en": reason.en,
        }


def _month_cost(
    on: dt.date,
    *,
    payer: str | None,
    sector: str | None,
    income: int,
    programmes: Sequence[str],
    tree: ParameterTree | None,
) -> int:
    return bpu_contribution(
        income=income, programmes=programmes, on=on, payer=payer, sector=sector, tree=tree
    ).total


def pricing(
    kind: SourceKind,
    *,
    start: dt.date,
    months: int,
    income: int,
    programmes: Sequence[str],
    tree: ParameterTree | None = None,
) -> Pricing:
    """The monthly contributions one person costs a source of ``kind`` for ``months`` months from ``start``, per
    sector group, by the rules in force on the first day of each month."""
    payer, days = PAYER_OF[kind], cover_months(start, months)

    def monthly(who: str | None, group: str | None) -> tuple[int, ...]:
        return tuple(
            _month_cost(day, payer=who, sector=group, income=income, programmes=programmes, tree=tree)
            for day in days
        )

    groups = tuple(
        GroupCost(group, monthly(payer, group), monthly(SELF, group)) for group in sector_group_names()
    )
    return Pricing(kind, payer, start, groups, monthly(None, None))


def priced(
    source: FundingSource,
    *,
    start: dt.date,
    income: int,
    programmes: Sequence[str],
    tree: ParameterTree | None = None,
) -> tuple[FundingSource, Pricing]:
    """``source`` with its cost per sector group for its months from ``start`` (``FundingSource.costs``), and the
    pricing that explains it. ``monthly_cost`` stays the undiscounted cost of the first month."""
    found = pricing(
        source.kind, start=start, months=source.months, income=income, programmes=programmes, tree=tree
    )
    costs = tuple((g.group, g.total) for g in found.groups)
    return replace(source, monthly_cost=found.undiscounted[0], costs=costs), found


def describe(pricing_: Pricing) -> str:
    """One line, Indonesian: 'transportasi Rp 100.800, lainnya Rp 126.000 per orang (diskon 50% ...)'."""
    costs = ", ".join(f"{g.group} {rp(g.total)}" for g in pricing_.groups)
    return f"{costs} per orang ({pricing_.reason().id})"


def yearly_costs(
    *,
    payer: str | None,
    sector: str | None,
    years: Iterable[int],
    income: int,
    programmes: Sequence[str],
    tree: ParameterTree | None = None,
) -> tuple[tuple[int, int], ...]:
    """(year, rupiah) for each of ``years``: what one worker paid by ``payer`` (a rules payer kind) in ``sector``
    costs from January to December, by the rules of each month (``Assumptions.yearly_costs``)."""
    return tuple(
        (
            year,
            sum(
                _month_cost(day, payer=payer, sector=sector, income=income, programmes=programmes, tree=tree)
                for day in cover_months(dt.date(year, 1, 1), 12)
            ),
        )
        for year in years
    )
