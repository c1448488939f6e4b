"""Cash benefits on death and total disability, and the children's scholarship (BRIEF §4, PP 82/2019).

Contribution years are counted in whole years from ``membership_start`` to the event, assuming the participant
paid without a break and was active on that day (the calculator does not see the payment history).
One-off items make ``total``; scholarships are claimed yearly, so they are reported per year beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from cakupan.rules.errors import RulesError
from cakupan.rules.items import Item, Source, rupiah
from cakupan.rules.loader import ParameterTree, default_tree

Event = Literal["death", "work_death", "disability"]
EVENTS: tuple[Event, ...] = ("death", "work_death", "disability")
LEVELS = ("TK", "SD", "SMP", "SMA", "S1")


@dataclass(frozen=True)
class Scholarship:
    eligible: bool
    reason_id: str
    reason_en: str
    contribution_years: int
    min_contribution_years: int | None
    children_counted: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "reason": self.reason_id,
            "reason_en": self.reason_en,
            "contribution_years": self.contribution_years,
            "min_contribution_years": self.min_contribution_years,
            "children_counted": self.children_counted,
        }


@dataclass(frozen=True)
class Benefit:
    event: Event
    on: dt.date
    membership_start: dt.date
    wage: int | None
    items: tuple[Item, ...]
    scholarship: Scholarship

    @property
    def total(self) -> int:
        """One-off cash paid on the claim (scholarships excluded: they are claimed year by year)."""
        return sum(item.amount for item in self.items if not item.yearly)

    @property
    def scholarship_per_year(self) -> int:
        return sum(item.amount for item in self.items if item.yearly)

    def as_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "date": self.on.isoformat(),
            "membership_start": self.membership_start.isoformat(),
            "wage": self.wage,
            "items": [item.as_dict() for item in self.items],
            "scholarship": self.scholarship.as_dict(),
            "total": self.total,
            "scholarship_per_year": self.scholarship_per_year,
        }


def contribution_years(start: dt.date, on: dt.date) -> int:
    """Whole years from ``start`` to ``on`` (2022-01-01 → 2025-03-15: 3)."""
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def _scholarship(
    tree: ParameterTree, event: Event, on: dt.date, years: int, children: Sequence[str]
) -> tuple[Scholarship, list[Item]]:
    if event == "death":
        minimum = tree.value("benefits/scholarship/min_contribution_years_jkm", on=on)
        need = int(minimum.scalar())
        if years < need:
            return Scholarship(
                False,
                f"Tidak berhak beasiswa: masa iur {years} tahun, kurang dari {need} tahun yang disyaratkan untuk "
                f"kematian JKM ({minimum.reference}).",
                f"No scholarship: {years} contribution years, fewer than the {need} required for a JKM death "
                f"({minimum.reference}).",
                years,
                need,
                0,
            ), []
        reason_id = (
            f"Berhak beasiswa: masa iur {years} tahun, paling sedikit {need} tahun ({minimum.reference})."
        )
        reason_en = f"Scholarship due: {years} contribution years, at least {need} ({minimum.reference})."
        sources: tuple[Source, ...] = (Source.of(minimum),)
    else:
        need = 0
        reason_id = "Berhak beasiswa: manfaat JKK tidak mensyaratkan masa iur."
        reason_en = "Scholarship due: JKK benefits need no minimum contribution period."
        sources = ()
    amounts = tree.get("benefits/scholarship/amount_per_year")
    if on < amounts.values[0].start:
        return Scholarship(
            False,
            f"Tidak ada parameter beasiswa yang berlaku pada {on.isoformat()} (dimuat mulai "
            f"{amounts.values[0].start.isoformat()}, PP 82/2019).",
            f"No scholarship parameters in force on {on.isoformat()} (loaded from "
            f"{amounts.values[0].start.isoformat()}, PP 82/2019).",
            years,
            need or None,
            0,
        ), []
    cap = tree.value("benefits/scholarship/max_children", on=on)
    most = int(cap.scalar())
    counted = list(children)[:most]
    if len(children) > most:
        reason_id += f" Hanya {most} anak pertama yang dihitung ({cap.reference})."
        reason_en += f" Only the first {most} children count ({cap.reference})."
    if not children:
        reason_id += " Tidak ada anak yang disebutkan."
        reason_en += " No children were given."
    per_year = tree.value("benefits/scholarship/amount_per_year", on=on)
    max_years = tree.value("benefits/scholarship/max_years", on=on)
    age = tree.value("benefits/scholarship/age_limit", on=on)
    items = [
        Item(
            "JKK" if event != "death" else "JKM",
            "scholarship",
            "bpjstk",
            int(per_year.lookup(level)),
            None,
            (
                *sources,
                Source.of(per_year, level),
                Source.of(max_years, level),
                Source.of(cap),
                Source.of(age),
            ),
            f"anak {index} {level}, paling lama {max_years.lookup(level)} tahun, sampai usia {age.scalar()}",
            yearly=True,
        )
        for index, level in enumerate(counted, start=1)
    ]
    return Scholarship(True, reason_id, reason_en, years, need or None, len(counted)), items


def benefit(
    *,
    event: Event,
    on: dt.date,
    membership_start: dt.date,
    wage: int | None = None,
    children: Sequence[str] = (),
    tree: ParameterTree | None = None,
) -> Benefit:
    """The benefits due for ``event`` on ``on``: cash items, scholarship eligibility with its reason, totals."""
    tree = tree or default_tree()
    if event not in EVENTS:
        raise RulesError(
            f"Peristiwa {event!r} tidak dikenal; pilihan: death, work_death, disability.",
            f"Unknown event {event!r}; choices: death, work_death, disability.",
        )
    if membership_start > on:
        raise RulesError(
            f"Tanggal mulai kepesertaan {membership_start.isoformat()} sesudah tanggal peristiwa {on.isoformat()}.",
            f"Membership start {membership_start.isoformat()} is after the event date {on.isoformat()}.",
        )
    levels = [level.strip().upper() for level in children if level.strip()]
    unknown = [level for level in levels if level not in LEVELS]
    if unknown:
        raise RulesError(
            f"Jenjang sekolah tidak dikenal: {', '.join(unknown)}. Pilihan: {', '.join(LEVELS)}.",
            f"Unknown school level: {', '.join(unknown)}. Choices: {', '.join(LEVELS)}.",
        )
    if event != "death" and (wage is None or isinstance(wage, bool) or wage <= 0):
        raise RulesError(
            "Manfaat JKK dihitung dari upah (BPU: penghasilan yang dilaporkan); sebutkan upah lebih dari nol.",
            "JKK benefits are a multiple of the wage (BPU: declared income); give a wage above zero.",
        )
    items: list[Item] = []
    programme = "JKM" if event == "death" else "JKK"
    if event == "death":
        lump = tree.value("benefits/jkm/lump_sum", on=on)
        items.append(Item("JKM", "jkm_lump_sum", "bpjstk", int(lump.scalar()), None, (Source.of(lump),)))
    else:
        name = "death_wage_multiple" if event == "work_death" else "total_disability_wage_multiple"
        multiple = tree.value(f"benefits/jkk/{name}", on=on)
        assert wage is not None
        amount = rupiah(wage * int(multiple.scalar()))
        items.append(Item("JKK", f"jkk_{name}", "bpjstk", amount, wage, (Source.of(multiple),)))
    if event != "disability":
        for code in ("periodic", "funeral"):
            used = tree.value(f"benefits/jkm/{code}", on=on)
            items.append(Item(programme, code, "bpjstk", int(used.scalar()), None, (Source.of(used),)))
    scholarship, yearly = _scholarship(tree, event, on, contribution_years(membership_start, on), levels)
    return Benefit(event, on, membership_start, wage, (*items, *yearly), scholarship)
