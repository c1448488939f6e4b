"""Properties of the calculators beyond the analyst cases."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.rules import RulesError, benefit, bpu_contribution, pu_contribution

DAY = dt.date(2025, 7, 1)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1_000_000, max_value=20_700_000),
    st.lists(st.sampled_from(["JKK", "JKM", "JHT"]), min_size=1, max_size=3),
)
def test_bpu_total_is_the_sum_of_integer_items(income: int, programmes: list[str]) -> None:
    result = bpu_contribution(income=income, programmes=programmes, on=DAY)
    assert all(type(item.amount) is int for item in result.items)
    assert result.total == sum(item.amount for item in result.items)
    assert {item.programme for item in result.items} == set(programmes)
    assert all(item.sources and all(s.reference for s in item.sources) for item in result.items)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=100_000_000), st.integers(min_value=1, max_value=5))
def test_jkp_moves_part_of_jkk_without_changing_the_employer_share_by_more_than_a_rupiah(
    wage: int, risk_class: int
) -> None:
    without = pu_contribution(wage=wage, risk_class=risk_class, programmes=["JKK"], on=DAY)
    with_jkp = pu_contribution(wage=wage, risk_class=risk_class, programmes=["JKK", "JKP"], on=DAY)
    assert abs(with_jkp.by_payer()["employer"] - without.by_payer()["employer"]) <= 1
    assert with_jkp.by_payer()["government"] > 0 or wage < 228


@pytest.mark.parametrize("income", [0, -5, 1.5, True])
def test_bpu_rejects_non_positive_or_non_integer_income(income: object) -> None:
    with pytest.raises(RulesError, match="bilangan bulat rupiah"):
        bpu_contribution(income=income, programmes=["JKK"], on=DAY)  # type: ignore[arg-type]


def test_unknown_and_empty_programmes_are_refused() -> None:
    with pytest.raises(RulesError, match="tidak dikenal"):
        pu_contribution(wage=5_000_000, risk_class=1, programmes=["JKX"], on=DAY)
    with pytest.raises(RulesError, match="paling sedikit satu"):
        bpu_contribution(income=1_000_000, programmes=[], on=DAY)
    with pytest.raises(RulesError, match="JKP memerlukan JKK"):
        pu_contribution(wage=5_000_000, risk_class=1, programmes=["JKP"], on=DAY)


def test_english_twin_of_an_error() -> None:
    with pytest.raises(RulesError) as caught:
        bpu_contribution(income=1_000_000, programmes=["JP"], on=DAY)
    assert "not available to BPU" in caught.value.message("en")


def test_benefit_refuses_a_membership_after_the_event_and_unknown_levels() -> None:
    with pytest.raises(RulesError, match="sesudah tanggal peristiwa"):
        benefit(event="death", on=DAY, membership_start=dt.date(2025, 8, 1))
    with pytest.raises(RulesError, match="Jenjang sekolah tidak dikenal"):
        benefit(event="death", on=DAY, membership_start=dt.date(2020, 1, 1), children=["S3"])


def test_scholarship_items_name_their_parameters() -> None:
    result = benefit(event="death", on=DAY, membership_start=dt.date(2020, 1, 1), children=["SMA"])
    (item,) = [i for i in result.items if i.yearly]
    names = {s.name for s in item.sources}
    assert "benefits/scholarship/amount_per_year[SMA]" in names
    assert "benefits/scholarship/min_contribution_years_jkm" in names
    assert item.amount == 3_000_000 and "3 tahun" in item.detail


def test_the_vulnerable_worker_contribution_is_jkk_and_jkm_at_the_lowest_basis() -> None:
    from cakupan.rules import lowest_bpu_contribution

    result = lowest_bpu_contribution(on=dt.date(2025, 7, 1))
    assert (result.basis, result.programmes, result.total) == (1_000_000, ("JKK", "JKM"), 16_800)


def test_the_labour_intensive_relief_says_which_relief_applied_and_why_not() -> None:
    """PP 7/2025 jo. PP 36/2025: the JKK items cite the relief and the industry; the other items do not."""
    halved = pu_contribution(
        wage=5_000_000,
        risk_class=1,
        programmes=("JKK", "JKM", "JKP"),
        on=dt.date(2025, 9, 1),
        industry="13111",
        workers=120,
    )
    by_code = {item.code: item for item in halved.items}
    for code in ("jkk", "jkp_recomposed_from_jkk"):
        assert by_code[code].detail == "keringanan 50%, PP 36/2025, industri padat karya KBLI 13"
        names = {s.name for s in by_code[code].sources}
        assert {
            "relief/labour_intensive_jkk_payable_share",
            "relief/labour_intensive_industries[13]",
        } <= names
    assert by_code["jkm"].detail == "" and by_code["jkp_government"].detail == ""
    too_small = pu_contribution(
        wage=5_000_000,
        risk_class=1,
        programmes=("JKK",),
        on=dt.date(2025, 9, 1),
        industry="13111",
        workers=49,
    )
    assert too_small.items[0].detail == "tanpa keringanan padat karya: 49 pekerja, kurang dari 50 (KBLI 13)"
    outside = pu_contribution(
        wage=5_000_000,
        risk_class=1,
        programmes=("JKK",),
        on=dt.date(2026, 2, 1),
        industry="13111",
        workers=120,
    )
    assert outside.items[0].detail == "" and len(outside.items[0].sources) == 1
