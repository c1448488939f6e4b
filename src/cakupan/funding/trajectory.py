"""Multi-year quotas of funded workers on the way to a coverage target, and what each year costs.

Two ways to set the path: by a count of workers (Kota Padang: 3,000 in the first year, 37,584 after five years,
in equal steps) or by a UCJ percentage (Pasaman Barat: 33.51% now, 51.4% by the target year, on a straight line
in percent). Arithmetic is exact (fractions); counts round half up, except the active participants a percentage
needs, which round up so the target is met. ``labour_force`` is the figure now, the year before ``start_year``;
plan year k (1, 2, ...) has labour_force × (1 + growth)^k.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from cakupan.funding.errors import FundingError
from cakupan.funding.sources import rp

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class Assumptions:
    monthly_cost: int  # rupiah per funded worker per month
    lapse_rate: Decimal = Decimal(0)  # share of last year's funded workers lost, to be replaced by new ones
    labour_force_growth: Decimal = Decimal(0)  # per year
    # (year, rupiah): what one funded worker really costs through that year, when it is not monthly_cost × 12
    # (a discount for some months, e.g. PP 50/2025 in 2026: ``funding.costs.yearly_costs``)
    yearly_costs: tuple[tuple[int, int], ...] = ()

    def year_cost(self, year: int) -> int:
        """What one funded worker costs through ``year``."""
        return dict(self.yearly_costs).get(year, self.monthly_cost * MONTHS_PER_YEAR)

    def as_dict(self) -> dict[str, Any]:
        return {
            "monthly_cost": self.monthly_cost,
            "lapse_rate": str(self.lapse_rate),
            "labour_force_growth": str(self.labour_force_growth),
            "yearly_costs": {str(year): cost for year, cost in self.yearly_costs},
        }

    def budget_rule(self) -> tuple[str, str]:
        """How a year's budget follows from its quota, in a phrase (Indonesian, English)."""
        if not self.yearly_costs:
            cost = rp(self.monthly_cost)
            return f"kuota × {cost} × 12 bulan", f"quota × {cost} × 12 months"
        listed = "; ".join(f"{year}: {rp(cost)}" for year, cost in self.yearly_costs)
        return (
            f"kuota × iuran setahun per pekerja yang benar-benar dibayar ({listed}; tahun lain {rp(self.monthly_cost)}"
            " × 12 bulan)",
            f"quota × what one worker really costs in the year ({listed}; other years {rp(self.monthly_cost)} × 12 "
            "months)",
        )


@dataclass(frozen=True)
class YearPlan:
    year: int
    covered: int  # funded workers through the year
    new_enrolments: int  # growth of the quota plus replacements for last year's lapses
    budget: int  # covered × monthly_cost × 12
    labour_force: int | None
    active_total: int | None  # funded + other active participants
    ucj_percent: Decimal | None  # 2 decimals, half up

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "covered": self.covered,
            "new_enrolments": self.new_enrolments,
            "budget": self.budget,
            "labour_force": self.labour_force,
            "active_total": self.active_total,
            "ucj_percent": None if self.ucj_percent is None else str(self.ucj_percent),
        }


@dataclass(frozen=True)
class Trajectory:
    name: str
    years: tuple[YearPlan, ...]
    assumptions: Assumptions
    method_id: str  # how the quotas were derived, in a sentence
    method_en: str

    @property
    def total_budget(self) -> int:
        return sum(y.budget for y in self.years)

    def method(self, language: str = "id") -> str:
        return self.method_en if language == "en" else self.method_id

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "assumptions": self.assumptions.as_dict(),
            "method": self.method_id,
            "method_en": self.method_en,
            "total_budget": self.total_budget,
            "years": [y.as_dict() for y in self.years],
        }


@dataclass(frozen=True)
class ComparisonRow:
    """One year across scenarios: ``plans[i]`` is scenario i's year (None when its plan has no such year)."""

    year: int
    names: tuple[str, ...]
    plans: tuple[YearPlan | None, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "scenarios": [
                {
                    "name": name,
                    "covered": None if plan is None else plan.covered,
                    "budget": None if plan is None else plan.budget,
                    "ucj_percent": None
                    if plan is None or plan.ucj_percent is None
                    else str(plan.ucj_percent),
                }
                for name, plan in zip(self.names, self.plans, strict=True)
            ],
        }


def _half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2)) if value >= 0 else -math.floor(-value + Fraction(1, 2))


def _percent(active: int, labour_force: int) -> Decimal:
    """active ÷ labour force × 100, two decimals, half up, computed exactly."""
    return Decimal(_half_up(Fraction(active * 10_000, labour_force))).scaleb(-2)


def _show(rate: Decimal) -> str:
    """A rate as a percentage for a sentence: 0.05 → '5', 0.015 → '1.5'."""
    return format((rate * 100).normalize(), "f")


def _id(value: Decimal | str) -> str:
    """A decimal as Indonesian text writes it: 51.4 → 51,4."""
    return str(value).replace(".", ",")


def _count(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _fail(field: str, indonesian: str, english: str) -> FundingError:
    return FundingError(indonesian, english, field)


def _check_assumptions(assumptions: Assumptions) -> None:
    if assumptions.monthly_cost <= 0 or any(cost <= 0 for _, cost in assumptions.yearly_costs):
        raise _fail(
            "monthly_cost",
            f"Iuran per orang per bulan harus lebih dari nol, bukan {assumptions.monthly_cost}.",
            f"The monthly cost per person must be above zero, not {assumptions.monthly_cost}.",
        )
    lapse = assumptions.lapse_rate
    if not lapse.is_finite() or not Decimal(0) <= lapse <= Decimal(1):
        raise _fail(
            "lapse_rate",
            f"Tingkat keluar harus antara 0 dan 1 (mis. 0.05), bukan {lapse}.",
            f"The lapse rate must be between 0 and 1 (e.g. 0.05), not {lapse}.",
        )
    growth = assumptions.labour_force_growth
    if not growth.is_finite() or growth <= Decimal(-1):
        raise _fail(
            "labour_force_growth",
            f"Pertumbuhan angkatan kerja harus lebih dari -1 (mis. 0.01), bukan {growth}.",
            f"Labour force growth must be above -1 (e.g. 0.01), not {growth}.",
        )


def _labour_force(now: int, growth: Decimal, k: int) -> int:
    return _half_up(Fraction(now) * (1 + Fraction(growth)) ** k)


def _years(
    covered: Sequence[int],
    *,
    start_year: int,
    previous: int,
    assumptions: Assumptions,
    labour_force: int | None,
    active_other: int,
) -> tuple[YearPlan, ...]:
    plans, lapse = [], Fraction(assumptions.lapse_rate)
    for k, count in enumerate(covered, start=1):
        new = max(0, count - previous + _half_up(lapse * previous))
        force = (
            None if labour_force is None else _labour_force(labour_force, assumptions.labour_force_growth, k)
        )
        active = None if force is None else active_other + count
        plans.append(
            YearPlan(
                year=start_year + k - 1,
                covered=count,
                new_enrolments=new,
                budget=count * assumptions.year_cost(start_year + k - 1),
                labour_force=force,
                active_total=active,
                ucj_percent=None
                if force is None or active is None or force == 0
                else _percent(active, force),
            )
        )
        previous = count
    return tuple(plans)


def plan_by_count(
    *,
    name: str,
    target: int,
    years: int,
    first_year: int,
    start_year: int,
    assumptions: Assumptions,
    labour_force: int | None = None,
    active_other: int = 0,
) -> Trajectory:
    """Equal steps from ``first_year`` funded workers in year 1 to ``target`` in the last year; each year's budget
    is its quota × ``assumptions.year_cost``.

    With ``labour_force`` (now) the UCJ % of each year is shown, counting ``active_other`` participants who are
    active without this scheme. With one year only, that year funds the target.
    """
    _check_assumptions(assumptions)
    if target < 0:
        raise _fail(
            "target", f"Target tidak boleh negatif ({target}).", f"The target cannot be negative ({target})."
        )
    if years < 1:
        raise _fail(
            "years",
            f"Jumlah tahun paling sedikit 1, bukan {years}.",
            f"The number of years must be 1 or more, not {years}.",
        )
    if first_year < 0:
        raise _fail(
            "first_year",
            f"Kuota tahun pertama tidak boleh negatif ({first_year}).",
            f"The first year's quota cannot be negative ({first_year}).",
        )
    if first_year > target:
        raise _fail(
            "first_year",
            f"Kuota tahun pertama ({_count(first_year)}) melebihi target ({_count(target)}).",
            f"The first year's quota ({first_year:,}) exceeds the target ({target:,}).",
        )
    if labour_force is not None and labour_force <= 0:
        raise _fail(
            "labour_force",
            f"Angkatan kerja harus lebih dari nol, bukan {labour_force}.",
            f"The labour force must be above zero, not {labour_force}.",
        )
    if active_other < 0:
        raise _fail(
            "active_other",
            f"Peserta aktif lain tidak boleh negatif ({active_other}).",
            f"Other active participants cannot be negative ({active_other}).",
        )
    if years == 1:
        covered = [target]
    else:
        covered = [
            first_year + _half_up(Fraction((target - first_year) * t, years - 1)) for t in range(years)
        ]
    last = start_year + years - 1
    step = Fraction(target - first_year, max(years - 1, 1))
    lapse, (budget_id, budget_en) = _show(assumptions.lapse_rate), assumptions.budget_rule()
    method_id = (
        f"Kuota naik dengan langkah sama dari {_count(covered[0])} pekerja pada {start_year} ke target "
        f"{_count(target)} pada {last} (±{_count(_half_up(step))} per tahun); pendaftaran baru = kenaikan kuota + "
        f"pengganti {_id(lapse)}% peserta tahun sebelumnya yang keluar; anggaran = {budget_id}."
    )
    method_en = (
        f"The quota rises in equal steps from {covered[0]:,} workers in {start_year} to the target {target:,} in "
        f"{last} (about {_half_up(step):,} a year); new enrolments = the quota's growth + replacements for the "
        f"{lapse}% of last year's workers who lapse; budget = {budget_en}."
    )
    plans = _years(
        covered,
        start_year=start_year,
        previous=0,
        assumptions=assumptions,
        labour_force=labour_force,
        active_other=active_other,
    )
    return Trajectory(name, plans, assumptions, method_id, method_en)


def plan_by_percent(
    *,
    name: str,
    target_percent: Decimal,
    by_year: int,
    start_year: int,
    labour_force: int,
    active_now: int,
    funded_now: int = 0,
    assumptions: Assumptions,
) -> Trajectory:
    """Quotas that move UCJ % in a straight line from today's value to ``target_percent`` in ``by_year``.

    Year k of n needs ⌈(p₀ + (target − p₀) × k/n) × labour force_k / 100⌉ active participants; the other
    participants (``active_now`` − ``funded_now``, kept constant) count towards it, the funded quota covers the
    rest. The last year's UCJ % is therefore at least the target.
    """
    _check_assumptions(assumptions)
    if not target_percent.is_finite() or not Decimal(0) <= target_percent <= Decimal(100):
        raise _fail(
            "target_percent",
            f"Target UCJ harus antara 0 dan 100 persen, bukan {target_percent}.",
            f"The UCJ target must be between 0 and 100 percent, not {target_percent}.",
        )
    if by_year < start_year:
        raise _fail(
            "by_year",
            f"Tahun target {by_year} sebelum tahun mulai {start_year}.",
            f"The target year {by_year} is before the start year {start_year}.",
        )
    if labour_force <= 0:
        raise _fail(
            "labour_force",
            f"Angkatan kerja harus lebih dari nol, bukan {labour_force}.",
            f"The labour force must be above zero, not {labour_force}.",
        )
    if not 0 <= active_now <= labour_force:
        raise _fail(
            "active_now",
            f"Peserta aktif ({_count(active_now)}) harus antara 0 dan angkatan kerja ({_count(labour_force)}).",
            f"Active participants ({active_now:,}) must be between 0 and the labour force ({labour_force:,}).",
        )
    if not 0 <= funded_now <= active_now:
        raise _fail(
            "funded_now",
            f"Peserta yang kini didanai ({_count(funded_now)}) harus antara 0 dan peserta aktif "
            f"({_count(active_now)}).",
            f"Workers funded now ({funded_now:,}) must be between 0 and the active participants ({active_now:,}).",
        )
    count = by_year - start_year + 1
    start = Fraction(active_now * 100, labour_force)
    target = Fraction(target_percent)
    other = active_now - funded_now
    covered = []
    for k in range(1, count + 1):
        percent = start + (target - start) * Fraction(k, count)
        force = _labour_force(labour_force, assumptions.labour_force_growth, k)
        needed = math.ceil(percent * force / 100)
        covered.append(max(0, needed - other))
    now = _percent(active_now, labour_force)
    growth, lapse = _show(assumptions.labour_force_growth), _show(assumptions.lapse_rate)
    budget_id, budget_en = assumptions.budget_rule()
    method_id = (
        f"UCJ naik lurus dari {_id(now)}% ({_count(active_now)} dari {_count(labour_force)} angkatan kerja) ke "
        f"{_id(target_percent)}% pada {by_year}; angkatan kerja tumbuh {_id(growth)}% per tahun; "
        f"peserta aktif di luar skema tetap {_count(other)}; kuota = peserta aktif yang dibutuhkan (dibulatkan "
        "ke atas) dikurangi mereka; "
        f"pendaftaran baru = kenaikan kuota + pengganti {_id(lapse)}% peserta tahun sebelumnya yang keluar; "
        f"anggaran = {budget_id}."
    )
    method_en = (
        f"UCJ rises in a straight line from {now}% ({active_now:,} of a labour force of {labour_force:,}) to "
        f"{target_percent}% by {by_year}; the labour force grows {growth}% a year; participants active outside the "
        f"scheme stay at {other:,}; quota = active participants needed (rounded up) minus them; new enrolments = "
        f"the quota's growth + replacements for the {lapse}% of last year's workers who lapse; "
        f"budget = {budget_en}."
    )
    plans = _years(
        covered,
        start_year=start_year,
        previous=funded_now,
        assumptions=assumptions,
        labour_force=labour_force,
        active_other=other,
    )
    return Trajectory(name, plans, assumptions, method_id, method_en)


def compare(trajectories: Sequence[Trajectory]) -> tuple[ComparisonRow, ...]:
    """One row per year any scenario covers, each with every scenario's plan for that year (or None)."""
    names = tuple(t.name for t in trajectories)
    by_year = [{plan.year: plan for plan in t.years} for t in trajectories]
    years = sorted({year for plans in by_year for year in plans})
    return tuple(ComparisonRow(year, names, tuple(plans.get(year) for plans in by_year)) for year in years)
