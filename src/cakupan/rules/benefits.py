"""Cash benefits on death, disability and work accidents, and the children's scholarship (BRIEF §4, PP 82/2019).

The contribution period (masa iur) is counted in contribution months (bulan iuran): given by the caller
(``cakupan.claims`` counts the months the registry shows covered), or else counted by ``calendar_months`` from
``membership_start`` to the event, assuming the participant paid without a break. The calculator does not decide
whether the participant was active on the day: the caller does. A BPU participant who dies, not from work, within
the first contribution months of ``benefits/jkm/waiting_months`` gets the funeral cost only (``Waiting``).
One-off items make ``total``; scholarships are claimed yearly, so they are reported per year beside it. Before
PP 82/2019 (PP 44/2015 from 1 July 2015) the scholarship was one sum paid once for one child
(``benefits/scholarship/one_off``), so it is part of ``total`` on such a date; STMB then had a 75 % stage between
the 100 % and the 50 % ones (``benefits/jkk/stmb_middle_*``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from cakupan.rules.errors import RulesError
from cakupan.rules.injuries import partial_disability_item
from cakupan.rules.items import Item, Source, rupiah
from cakupan.rules.loader import ParameterTree, default_tree

Event = Literal["death", "work_death", "disability", "partial_disability", "work_accident"]
EVENTS: tuple[Event, ...] = ("death", "work_death", "disability", "partial_disability", "work_accident")
# Scholarships follow a death or a total permanent disability only (PP 82/2019).
SCHOLARSHIP_EVENTS: tuple[Event, ...] = ("death", "work_death", "disability")
LEVELS = ("TK", "SD", "SMP", "SMA", "S1")
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")


@dataclass(frozen=True)
class Scholarship:
    eligible: bool
    reason_id: str
    reason_en: str
    contribution_months: int
    min_contribution_months: int | None
    children_counted: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "reason": self.reason_id,
            "reason_en": self.reason_en,
            "contribution_months": self.contribution_months,
            "min_contribution_months": self.min_contribution_months,
            "children_counted": self.children_counted,
        }


@dataclass(frozen=True)
class Waiting:
    """The JKM waiting period (``benefits/jkm/waiting_months``): a death not from work within the first contribution
    months of the segment's period pays the funeral cost only. ``segment`` None: not given, so not applied (the
    reason says what would change for a BPU participant)."""

    segment: str | None
    months: int  # the period in force for the segment
    funeral_only: bool
    reason_id: str
    reason_en: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "segment": self.segment,
            "months": self.months,
            "funeral_only": self.funeral_only,
            "reason": self.reason_id,
            "reason_en": self.reason_en,
        }


@dataclass(frozen=True)
class Benefit:
    event: Event
    on: dt.date
    contribution_months: int
    wage: int | None
    items: tuple[Item, ...]
    scholarship: Scholarship
    counted_id: str = ""  # how the contribution months were counted, for the officer
    counted_en: str = ""
    waiting: Waiting | None = None  # on a death not from work, when a waiting period is in force

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
            "contribution_months": self.contribution_months,
            "contribution_months_counted": self.counted_id,
            "contribution_months_counted_en": self.counted_en,
            "wage": self.wage,
            "items": [item.as_dict() for item in self.items],
            "scholarship": self.scholarship.as_dict(),
            "waiting": self.waiting.as_dict() if self.waiting else None,
            "total": self.total,
            "scholarship_per_year": self.scholarship_per_year,
        }


def calendar_months(start: dt.date, on: dt.date) -> int:
    """Contribution months (bulan iuran) from ``start`` to ``on``: every calendar month from ``start``'s month to
    ``on``'s month, both counted, whatever the day.

    The rule, as ``cakupan.claims`` counts it too: BPJSTK bills a contribution per calendar month, never per day,
    so the month a membership starts is a month paid even when it starts on its last day, and the month of the
    event is a month paid when the participant was active in it. "Masa iur paling singkat 3 tahun" is then 36
    contribution months, which can be less than 36 months elapsed (the note of
    ``benefits/scholarship/min_contribution_years_jkm`` says what is verified):

    - 2022-01-01 → 2024-12-31: 36 (35 months 30 days elapsed); 2022-01-31 → 2024-12-01: 36 (34 months 1 day);
    - 2022-03-15 → 2025-03-15 (the same day 36 months later): 37; 2024-02-29 → 2027-01-31: 36.
    """
    return (on.year - start.year) * 12 + on.month - start.month + 1


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _cap_note_id(given: int, most: int, reference: str) -> str:
    if not given:
        return " Tidak ada anak yang disebutkan."
    return f" Hanya {most} anak pertama yang dihitung ({reference})." if given > most else ""


def _cap_note_en(given: int, most: int, reference: str) -> str:
    if not given:
        return " No children were given."
    return f" Only the first {most} children count ({reference})." if given > most else ""


def _scholarship(
    tree: ParameterTree, event: Event, on: dt.date, months: int, children: Sequence[str]
) -> tuple[Scholarship, list[Item]]:
    if event not in SCHOLARSHIP_EVENTS:
        return Scholarship(
            False,
            "Tidak ada beasiswa: beasiswa hanya bagi anak peserta yang meninggal atau cacat total tetap "
            "(PP 82/2019).",
            "No scholarship: it is only for the children of a participant who died or is totally and "
            "permanently disabled (PP 82/2019).",
            months,
            None,
            0,
        ), []
    if event == "death":
        minimum = tree.value("benefits/scholarship/min_contribution_years_jkm", on=on)
        years = int(minimum.scalar())
        need = years * 12
        if months < need:
            return Scholarship(
                False,
                f"Tidak berhak beasiswa: masa iur {months} bulan, kurang dari {years} tahun ({need} bulan) yang "
                f"disyaratkan untuk kematian JKM ({minimum.reference}).",
                f"No scholarship: {months} contribution months, fewer than the {years} years ({need} months) "
                f"required for a JKM death ({minimum.reference}).",
                months,
                need,
                0,
            ), []
        reason_id = (
            f"Berhak beasiswa: masa iur {months} bulan, paling sedikit {years} tahun ({need} bulan) "
            f"({minimum.reference})."
        )
        reason_en = (
            f"Scholarship due: {months} contribution months, at least {years} years ({need} months) "
            f"({minimum.reference})."
        )
        sources: tuple[Source, ...] = (Source.of(minimum),)
    else:
        need = 0
        reason_id = "Berhak beasiswa: manfaat JKK tidak mensyaratkan masa iur."
        reason_en = "Scholarship due: JKK benefits need no minimum contribution period."
        sources = ()
    cap = tree.value("benefits/scholarship/max_children", on=on)
    most = int(cap.scalar())
    counted = list(children)[:most]
    one_off = tree.value("benefits/scholarship/one_off", on=on)
    if int(one_off.scalar()):  # before PP 82/2019: one sum, paid once, whatever the school level
        reason_id += _cap_note_id(len(children), most, cap.reference)
        reason_en += _cap_note_en(len(children), most, cap.reference)
        items = [
            Item(
                "JKK" if event != "death" else "JKM",
                "scholarship",
                "bpjstk",
                int(one_off.scalar()),
                None,
                (*sources, Source.of(one_off), Source.of(cap)),
                f"anak {index}, dibayar sekali",
            )
            for index, _level in enumerate(counted, start=1)
        ]
        return Scholarship(True, reason_id, reason_en, months, need or None, len(counted)), items
    amounts = tree.get("benefits/scholarship/amount_per_year")
    if on < amounts.values[0].start:
        return Scholarship(
            False,
            f"Tidak ada parameter beasiswa yang berlaku pada {on.isoformat()} (dimuat mulai "
            f"{amounts.values[0].start.isoformat()}, PP 82/2019).",
            f"No scholarship parameters in force on {on.isoformat()} (loaded from "
            f"{amounts.values[0].start.isoformat()}, PP 82/2019).",
            months,
            need or None,
            0,
        ), []
    reason_id += _cap_note_id(len(children), most, cap.reference)
    reason_en += _cap_note_en(len(children), most, cap.reference)
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
    return Scholarship(True, reason_id, reason_en, months, need or None, len(counted)), items


def _months(
    membership_start: dt.date | None, contribution_months: int | None, on: dt.date
) -> tuple[int, str, str]:
    """The contribution months and how they were counted (Indonesian, English)."""
    if contribution_months is not None:
        if isinstance(contribution_months, bool) or contribution_months < 0:
            raise RulesError(
                f"Masa iur {contribution_months!r} bulan tidak sah; sebutkan bilangan bulat 0 atau lebih.",
                f"Contribution period {contribution_months!r} months is invalid; give a whole number 0 or more.",
            )
        return (
            contribution_months,
            f"{contribution_months} bulan iuran, sebagaimana diberikan (tidak dihitung dari tanggal).",
            f"{contribution_months} contribution months, as given (not counted from dates).",
        )
    if membership_start is None:
        raise RulesError(
            "Sebutkan tanggal mulai kepesertaan atau masa iur dalam bulan.",
            "Give the membership start date or the contribution period in months.",
        )
    if membership_start > on:
        raise RulesError(
            f"Tanggal mulai kepesertaan {membership_start.isoformat()} sesudah tanggal peristiwa {on.isoformat()}.",
            f"Membership start {membership_start.isoformat()} is after the event date {on.isoformat()}.",
        )
    months = calendar_months(membership_start, on)
    first, last = _month(membership_start), _month(on)
    return (
        months,
        f"{months} bulan iuran: {first} s.d. {last} (bulan mulai {membership_start.isoformat()} dan bulan peristiwa "
        "masing-masing dihitung satu bulan penuh: iuran ditagih per bulan, bukan per hari).",
        f"{months} contribution months: {first} to {last} (the month of the start {membership_start.isoformat()} "
        "and the month of the event each count as a whole month: contributions are billed per month, not per day).",
    )


def _segment(segment: str | None) -> str | None:
    if segment is None:
        return None
    name = str(segment).strip().upper()
    if name not in SEGMENTS:
        raise RulesError(
            f"Segmen kepesertaan {segment!r} tidak dikenal; pilihan: {', '.join(SEGMENTS)}.",
            f"Unknown membership segment {segment!r}; choices: {', '.join(SEGMENTS)}.",
        )
    return name


def _waiting(tree: ParameterTree, segment: str | None, on: dt.date, months: int) -> Waiting | None:
    """The waiting period for a death not from work, or None when no period is in force for the segment."""
    period = tree.value("benefits/jkm/waiting_months", on=on)
    if segment is None:
        waiting = {name: int(period.lookup(name)) for name in SEGMENTS}
        caught = [name for name, wait in waiting.items() if wait and months <= wait]
        if not caught:
            return None
        wait = waiting[caught[0]]
        names = ", ".join(caught)
        return Waiting(
            None,
            wait,
            False,
            f"Segmen kepesertaan tidak disebut: manfaat dihitung penuh. Bila peserta {names}, bulan iuran ke-{months} "
            f"masih dalam masa tunggu {wait} bulan dan hanya biaya pemakaman yang dibayar ({period.reference}).",
            f"Membership segment not given: full benefits. A {names} participant in contribution month {months} is "
            f"still within the {wait}-month waiting period and gets the funeral cost only ({period.reference}).",
        )
    wait = int(period.lookup(segment))
    if not wait:
        return None
    if months <= wait:
        return Waiting(
            segment,
            wait,
            True,
            f"Hanya biaya pemakaman: peserta {segment} meninggal bukan karena kecelakaan kerja pada bulan iuran "
            f"ke-{months}, masih dalam masa tunggu {wait} bulan iuran pertama; santunan sekaligus, santunan berkala "
            f"dan beasiswa tidak dibayar ({period.reference}).",
            f"Funeral cost only: the {segment} participant died, not from work, in contribution month {months}, "
            f"within the waiting period of the first {wait} contribution months; no lump sum, periodic benefit or "
            f"scholarship ({period.reference}).",
        )
    return Waiting(
        segment,
        wait,
        False,
        f"Masa tunggu {segment} {wait} bulan iuran pertama sudah lewat (bulan iuran ke-{months}): manfaat JKM penuh "
        f"({period.reference}).",
        f"The {segment} waiting period of the first {wait} contribution months is over (contribution month "
        f"{months}): full JKM benefits ({period.reference}).",
    )


def _jkk_items(
    tree: ParameterTree,
    event: Event,
    *,
    on: dt.date,
    wage: int,
    disability_percent: int | None,
    unable_days: int | None,
    injuries: Sequence[str] = (),
    left_handed: bool = False,
) -> list[Item]:
    """The wage-based JKK items: death 48 ×, total disability 56 ×, partial disability % × 80 ×, and the
    income replacement while unable to work (STMB)."""
    if event == "work_death":  # 48 × wage, never less than the JKM death lump sum (PP 82/2019)
        multiple = tree.value("benefits/jkk/death_wage_multiple", on=on)
        floor = tree.value("benefits/jkm/lump_sum", on=on)
        amount = max(rupiah(wage * int(multiple.scalar())), int(floor.scalar()))
        sources = (Source.of(multiple), Source.of(floor))
        return [Item("JKK", "jkk_death_wage_multiple", "bpjstk", amount, wage, sources)]
    if event == "disability":
        name = "total_disability_wage_multiple"
        multiple = tree.value(f"benefits/jkk/{name}", on=on)
        return [
            Item(
                "JKK",
                f"jkk_{name}",
                "bpjstk",
                rupiah(wage * int(multiple.scalar())),
                wage,
                (Source.of(multiple),),
            )
        ]
    if event == "partial_disability":  # table row(s) or the medical adviser's figure (cakupan.rules.injuries)
        return [
            partial_disability_item(
                tree,
                on=on,
                wage=wage,
                injuries_given=injuries,
                adviser_percent=disability_percent,
                left_handed=left_handed,
            )
        ]
    if unable_days is None:
        return []
    if isinstance(unable_days, bool) or unable_days < 0:
        raise RulesError(
            f"Lama tidak mampu bekerja {unable_days!r} hari tidak sah.",
            f"Days unable to work {unable_days!r} is invalid.",
        )
    full_months = tree.value("benefits/jkk/stmb_full_months", on=on)
    middle_months = tree.value("benefits/jkk/stmb_middle_months", on=on)
    later_rate = tree.value("benefits/jkk/stmb_later_rate", on=on)
    full_days = min(unable_days, int(full_months.scalar()) * 30)
    middle_days = min(unable_days - full_days, int(middle_months.scalar()) * 30)
    later_days = unable_days - full_days - middle_days
    daily = Decimal(wage) / 30
    later = Decimal(later_rate.scalar())
    stmb_sources: tuple[Source, ...] = (
        Source.of(full_months),
        Source.of(middle_months),
        Source.of(later_rate),
    )
    middle_part, middle_text = Decimal(0), ""
    if int(middle_months.scalar()):  # before PP 82/2019: 100 %, then 75 %, then 50 % until healed
        middle_rate = tree.value("benefits/jkk/stmb_middle_rate", on=on)
        middle = Decimal(middle_rate.scalar())
        middle_part = daily * middle * middle_days
        middle_text = f" + {middle_days} hari × {middle * 100:.0f} %"
        stmb_sources = (*stmb_sources, Source.of(middle_rate))
    amount = rupiah(daily * full_days + middle_part + daily * later * later_days)
    detail = f"{full_days} hari × 100 %{middle_text} + {later_days} hari × {later * 100:.0f} %, upah/30"
    return [Item("JKK", "jkk_stmb", "bpjstk", amount, wage, stmb_sources, detail)]


def benefit(
    *,
    event: Event,
    on: dt.date,
    membership_start: dt.date | None = None,
    contribution_months: int | None = None,
    segment: str | None = None,
    wage: int | None = None,
    children: Sequence[str] = (),
    disability_percent: int | None = None,
    unable_days: int | None = None,
    injuries: Sequence[str] = (),
    left_handed: bool = False,
    tree: ParameterTree | None = None,
) -> Benefit:
    """The benefits due for ``event`` on ``on``: cash items, scholarship eligibility with its reason, totals.

    A work accident without death or disability pays medical care as needed (no ceiling, billed by the
    hospital, so no amount here) and, when ``unable_days`` is given, the income replacement (STMB).
    ``segment`` (PU, BPU, JAKON, PMI) decides the JKM waiting period of a death not from work; without it the
    benefits are full and ``waiting`` says what a BPU participant would get.
    A partial disability takes ``injuries`` (table codes, ``CODE`` or ``CODE:NN`` for NN % of function lost) or the
    medical adviser's ``disability_percent``, which wins when both are given (``cakupan.rules.injuries``).
    """
    tree = tree or default_tree()
    if event not in EVENTS:
        raise RulesError(
            f"Peristiwa {event!r} tidak dikenal; pilihan: {', '.join(EVENTS)}.",
            f"Unknown event {event!r}; choices: {', '.join(EVENTS)}.",
        )
    if injuries and event != "partial_disability":
        raise RulesError(
            "Jenis cedera dari tabel hanya untuk cacat sebagian (partial-disability).",
            "Injuries from the table are for a partial disability (partial-disability) only.",
        )
    months, counted_id, counted_en = _months(membership_start, contribution_months, on)
    segment = _segment(segment)
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
    waiting = _waiting(tree, segment, on, months) if event == "death" else None
    funeral_only = waiting is not None and waiting.funeral_only
    if funeral_only:  # within the waiting period: the funeral cost, naming the period, and nothing else
        assert waiting is not None and segment is not None
        funeral = tree.value("benefits/jkm/funeral", on=on)
        period = tree.value("benefits/jkm/waiting_months", on=on)
        sources = (Source.of(funeral), Source.of(period, segment))
        detail = f"masa tunggu {segment}: bulan iuran ke-{months} dari {waiting.months}"
        items.append(Item("JKM", "funeral", "bpjstk", int(funeral.scalar()), None, sources, detail))
    elif event == "death":
        lump = tree.value("benefits/jkm/lump_sum", on=on)
        items.append(Item("JKM", "jkm_lump_sum", "bpjstk", int(lump.scalar()), None, (Source.of(lump),)))
    else:
        assert wage is not None
        items.extend(
            _jkk_items(
                tree,
                event,
                on=on,
                wage=wage,
                disability_percent=disability_percent,
                unable_days=unable_days,
                injuries=injuries,
                left_handed=left_handed,
            )
        )
    # Periodic (24 months, paid at once) on a death or a total disability; funeral costs on a death only.
    codes = (
        ()
        if funeral_only
        else ("periodic", "funeral")
        if event in ("death", "work_death")
        else ("periodic",)
        if event == "disability"
        else ()
    )
    if codes:
        for code in codes:
            used = tree.value(f"benefits/jkm/{code}", on=on)
            items.append(Item(programme, code, "bpjstk", int(used.scalar()), None, (Source.of(used),)))
    scholarship, yearly = _scholarship(tree, event, on, months, levels)
    return Benefit(event, on, months, wage, (*items, *yearly), scholarship, counted_id, counted_en, waiting)
