"""Trajectories: the Kota Padang count plan and the Pasaman Barat percentage plan, by hand; the target is met."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.funding import Assumptions, FundingError, compare, plan_by_count, plan_by_percent

COST = 16_800
PLAIN = Assumptions(monthly_cost=COST)


def test_kota_padang_five_year_count_plan() -> None:
    plan = plan_by_count(
        name="Padang", target=37_584, years=5, first_year=3_000, start_year=2026, assumptions=PLAIN
    )
    assert [y.year for y in plan.years] == [2026, 2027, 2028, 2029, 2030]
    # (37,584 − 3,000) / 4 = 8,646 a year
    assert [y.covered for y in plan.years] == [3_000, 11_646, 20_292, 28_938, 37_584]
    assert plan.years[0].budget == 3_000 * 16_800 * 12 == 604_800_000
    assert plan.years[-1].budget == 37_584 * 16_800 * 12 == 7_576_934_400
    assert [y.new_enrolments for y in plan.years] == [3_000, 8_646, 8_646, 8_646, 8_646]
    assert plan.total_budget == sum(y.budget for y in plan.years)
    assert all(
        y.labour_force is None and y.ucj_percent is None and y.active_total is None for y in plan.years
    )
    assert "37.584" in plan.method_id and "37,584" in plan.method_en


def test_lapses_are_replaced_and_rounded_half_up() -> None:
    assumptions = Assumptions(monthly_cost=COST, lapse_rate=Decimal("0.05"))
    plan = plan_by_count(
        name="P", target=37_584, years=5, first_year=3_000, start_year=2026, assumptions=assumptions
    )
    # year 2: 8,646 growth + 5% of 3,000 = 150; year 3: 8,646 + 5% of 11,646 = 582.3 → 582;
    # year 4: 8,646 + 5% of 20,292 = 1,014.6 → 1,015; year 5: 8,646 + 1,446.9 → 1,447
    assert [y.new_enrolments for y in plan.years] == [3_000, 8_796, 9_228, 9_661, 10_093]
    half = plan_by_count(
        name="H", target=30, years=2, first_year=10, start_year=2026,
        assumptions=Assumptions(monthly_cost=COST, lapse_rate=Decimal("0.05")),
    )  # fmt: skip
    assert [y.new_enrolments for y in half.years] == [10, 20 + 1]  # 0.5 rounds up


def test_uneven_steps_round_half_up_and_end_on_the_target() -> None:
    plan = plan_by_count(name="U", target=10, years=4, first_year=1, start_year=2026, assumptions=PLAIN)
    assert [y.covered for y in plan.years] == [1, 4, 7, 10]
    odd = plan_by_count(name="O", target=2, years=5, first_year=0, start_year=2026, assumptions=PLAIN)
    assert [y.covered for y in odd.years] == [0, 1, 1, 2, 2]  # 0.5 and 1.5 round up


def test_one_year_plan_funds_the_target() -> None:
    plan = plan_by_count(name="1", target=500, years=1, first_year=100, start_year=2026, assumptions=PLAIN)
    assert [(y.year, y.covered) for y in plan.years] == [(2026, 500)]


def test_count_plan_with_labour_force_shows_ucj() -> None:
    growth = Assumptions(monthly_cost=COST, labour_force_growth=Decimal("0.01"))
    plan = plan_by_count(
        name="Solok", target=10_000, years=2, first_year=5_000, start_year=2026, assumptions=growth,
        labour_force=226_964, active_other=31_442,
    )  # fmt: skip
    first, second = plan.years
    assert first.labour_force == 229_234  # 226,964 × 1.01 = 229,233.64
    assert second.labour_force == 231_526  # × 1.01² = 231,526.0
    assert first.active_total == 36_442
    assert first.ucj_percent == Decimal("15.90")  # 36,442 / 229,234 = 15.8972...%
    assert second.ucj_percent == Decimal("17.90")  # 41,442 / 231,526 = 17.8995...%


def test_pasaman_barat_percent_plan_reaches_the_target() -> None:
    # 77,073 of 230,000 = 33.51% now; 51.4% by 2030, starting 2026: five steps of 3.578 points.
    plan = plan_by_percent(
        name="Pasbar", target_percent=Decimal("51.4"), by_year=2030, start_year=2026, labour_force=230_000,
        active_now=77_073, funded_now=0, assumptions=PLAIN,
    )  # fmt: skip
    assert [y.year for y in plan.years] == [2026, 2027, 2028, 2029, 2030]
    # year 1: 37.088% × 230,000 = 85,302.4 → 85,303 needed; minus 77,073 others = 8,230
    assert plan.years[0].covered == 8_230
    assert plan.years[0].ucj_percent == Decimal("37.09")
    # last year: 51.4% × 230,000 = 118,220 exactly → 41,147
    assert plan.years[-1].covered == 41_147
    assert plan.years[-1].active_total == 118_220
    assert plan.years[-1].ucj_percent == Decimal("51.40")
    assert plan.years[-1].ucj_percent >= Decimal("51.4")
    assert plan.years[-1].budget == 41_147 * COST * 12
    assert "33,51%" in plan.method_id and "33.51%" in plan.method_en


def test_funded_now_counts_towards_the_first_years_enrolments() -> None:
    # 7,723 palm-oil workers already funded: they are part of active_now and of the quota.
    assumptions = Assumptions(monthly_cost=COST, lapse_rate=Decimal("0.05"))
    plan = plan_by_percent(
        name="Pasbar", target_percent=Decimal("51.4"), by_year=2030, start_year=2026, labour_force=230_000,
        active_now=77_073, funded_now=7_723, assumptions=assumptions,
    )  # fmt: skip
    first = plan.years[0]
    assert first.covered == 85_303 - (77_073 - 7_723) == 15_953
    assert first.new_enrolments == 15_953 - 7_723 + 386  # 5% of 7,723 = 386.15 → 386


def test_target_below_today_needs_no_quota() -> None:
    plan = plan_by_percent(
        name="Low", target_percent=Decimal("10"), by_year=2027, start_year=2026, labour_force=1_000,
        active_now=500, assumptions=PLAIN,
    )  # fmt: skip
    assert [y.covered for y in plan.years] == [0, 0]
    assert plan.years[-1].ucj_percent == Decimal("50.00")


@settings(max_examples=300, deadline=None)
@given(
    labour_force=st.integers(1, 5_000_000),
    active_share=st.integers(0, 100),
    funded_share=st.integers(0, 100),
    target_hundredths=st.integers(0, 10_000),
    span=st.integers(0, 10),
    growth=st.sampled_from(["0", "0.01", "0.025", "-0.02"]),
    lapse=st.sampled_from(["0", "0.05", "0.5"]),
)
def test_each_year_meets_its_step_and_the_last_year_the_target(
    *,
    labour_force: int,
    active_share: int,
    funded_share: int,
    target_hundredths: int,
    span: int,
    growth: str,
    lapse: str,
) -> None:
    active = labour_force * active_share // 100
    funded = active * funded_share // 100
    target = Decimal(target_hundredths).scaleb(-2)
    assumptions = Assumptions(
        monthly_cost=COST, lapse_rate=Decimal(lapse), labour_force_growth=Decimal(growth)
    )
    plan = plan_by_percent(
        name="F", target_percent=target, by_year=2026 + span, start_year=2026, labour_force=labour_force,
        active_now=active, funded_now=funded, assumptions=assumptions,
    )  # fmt: skip
    assert len(plan.years) == span + 1
    last = plan.years[-1]
    assert last.ucj_percent is not None and last.labour_force is not None
    assert last.ucj_percent >= target
    start = Fraction(active * 100, labour_force)
    for k, year in enumerate(plan.years, start=1):
        step = start + (Fraction(target) - start) * Fraction(k, span + 1)
        assert year.active_total is not None and year.labour_force is not None
        assert (
            year.active_total * 100 >= step * year.labour_force
        )  # the straight line in percent, met exactly
        assert year.covered >= 0 and year.new_enrolments >= 0
        assert year.budget == year.covered * COST * 12
        assert year.active_total == active - funded + year.covered
        assert year.labour_force is not None and year.active_total <= max(year.labour_force, active - funded)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"target": -1}, "target"),
        ({"years": 0}, "years"),
        ({"first_year": 40_000}, "first_year"),
        ({"first_year": -1}, "first_year"),
        ({"labour_force": 0}, "labour_force"),
        ({"active_other": -1}, "active_other"),
        ({"assumptions": Assumptions(monthly_cost=0)}, "monthly_cost"),
        ({"assumptions": Assumptions(monthly_cost=COST, lapse_rate=Decimal("1.5"))}, "lapse_rate"),
        (
            {"assumptions": Assumptions(monthly_cost=COST, labour_force_growth=Decimal(-1))},
            "labour_force_growth",
        ),
    ],
)
def test_count_plan_validation(arguments: dict[str, object], field: str) -> None:
    given_ = {
        "name": "x",
        "target": 37_584,
        "years": 5,
        "first_year": 3_000,
        "start_year": 2026,
        "assumptions": PLAIN,
    }
    with pytest.raises(FundingError) as caught:
        plan_by_count(**{**given_, **arguments})  # type: ignore[arg-type]
    assert caught.value.field == field
    assert caught.value.message("en") != caught.value.message("id")


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"target_percent": Decimal("100.01")}, "target_percent"),
        ({"target_percent": Decimal(-1)}, "target_percent"),
        ({"target_percent": Decimal("NaN")}, "target_percent"),
        ({"by_year": 2025}, "by_year"),
        ({"labour_force": 0}, "labour_force"),
        ({"active_now": 230_001}, "active_now"),
        ({"active_now": -1}, "active_now"),
        ({"funded_now": 80_000}, "funded_now"),
    ],
)
def test_percent_plan_validation(arguments: dict[str, object], field: str) -> None:
    given_ = {
        "name": "x", "target_percent": Decimal("51.4"), "by_year": 2030, "start_year": 2026,
        "labour_force": 230_000, "active_now": 77_073, "assumptions": PLAIN,
    }  # fmt: skip
    with pytest.raises(FundingError) as caught:
        plan_by_percent(**{**given_, **arguments})  # type: ignore[arg-type]
    assert caught.value.field == field


def test_compare_puts_scenarios_side_by_side() -> None:
    a = plan_by_count(name="A", target=300, years=3, first_year=100, start_year=2026, assumptions=PLAIN)
    b = plan_by_count(name="B", target=500, years=2, first_year=100, start_year=2027, assumptions=PLAIN)
    rows = compare([a, b])
    assert [r.year for r in rows] == [2026, 2027, 2028]
    assert rows[0].names == ("A", "B")
    assert [p.covered if p else None for p in rows[0].plans] == [100, None]
    assert [p.covered if p else None for p in rows[1].plans] == [200, 100]
    assert [p.covered if p else None for p in rows[2].plans] == [300, 500]
    assert rows[2].as_dict()["scenarios"][1] == {
        "name": "B",
        "covered": 500,
        "budget": 500 * COST * 12,
        "ucj_percent": None,
    }
    assert compare([]) == ()


def test_each_year_costs_what_the_payer_really_pays() -> None:
    # Kota Padang's plan paid by a CSR for farmers: PP 50/2025's discount April-December 2026 only.
    from cakupan.funding.costs import yearly_costs

    costs = yearly_costs(
        payer="csr", sector="lainnya", years=range(2026, 2028), income=1_000_000, programmes=("JKK", "JKM")
    )
    assert costs == ((2026, 3 * 16_800 + 9 * 8_400), (2027, 12 * 16_800))
    plan = plan_by_count(
        name="Padang CSR",
        target=37_584,
        years=2,
        first_year=3_000,
        start_year=2026,
        assumptions=Assumptions(monthly_cost=COST, yearly_costs=costs),
    )
    assert [y.budget for y in plan.years] == [3_000 * 126_000, 37_584 * 201_600]
    assert "2026: Rp 126.000" in plan.method_id
    apbd = yearly_costs(
        payer="apbd_kabkota", sector="lainnya", years=[2026], income=1_000_000, programmes=("JKK", "JKM")
    )
    assert apbd == ((2026, 12 * 16_800),)  # APBD money gets no discount (PP 50/2025 Pasal 3)
