"""Earmarked money first (issue 18 point 12): after the primary objective (weighted person-months) is at its
proven optimum, the optimiser spends earmarked sources (an APB Nagari for its own nagari) on their own people
before general money (the APBD), without giving up any of the primary objective."""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.funding import Earmark, FundingSource, SourceKind, eligible_matrix, optimise

COST = 16_800
KAB = "13.02"
NAGARI = [f"{KAB}.0{k}.200{k}" for k in range(1, 9)]  # eight nagari, one per kecamatan


def _nagari_source(code: str, capacity: int, months: int = 12) -> FundingSource:
    return FundingSource(
        f"nagari-{code}",
        SourceKind.APB_NAGARI,
        f"APB Nagari {code}",
        2026,
        capacity * months * COST,
        months,
        COST,
        Earmark(regions=frozenset({code})),
    )


def _apbd(capacity: int, months: int = 12) -> FundingSource:
    return FundingSource(
        "apbd", SourceKind.APBD_KABKOTA, "APBD", 2026, capacity * months * COST, months, COST
    )


def _candidates(per_nagari: list[int], seed: int = 18) -> tuple[pl.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    region = [code for code, count in zip(NAGARI, per_nagari, strict=True) for _ in range(count)]
    n = len(region)
    frame = pl.DataFrame(
        {"region": region, "sector": ["informal"] * n, "occupation": ["Petani"] * n, "decile": [1] * n}
    )
    return frame, rng.integers(1, 40, n).astype(np.int64)


def _persons(found, j: int) -> int:  # type: ignore[no-untyped-def]
    return int((found.assigned == j).sum())


def test_nine_sources_enough_for_all_each_nagari_budget_pays_for_its_own_nagari() -> None:
    per_nagari = [30, 25, 40, 10, 22, 35, 18, 27]
    frame, weights = _candidates(per_nagari)
    # every nagari budget covers its own workers; the APBD alone could cover everyone too
    # the APBD first, as an office enters it (the order that once left every nagari budget unused)
    sources = [_apbd(sum(per_nagari) + 10)]
    sources += [_nagari_source(code, count + 3) for code, count in zip(NAGARI, per_nagari, strict=True)]
    eligible = eligible_matrix(frame, sources)

    found = optimise(weights=weights, eligible=eligible, sources=sources)

    assert found.proven_optimal
    assert found.objective == int(weights.sum()) * 12  # everyone for 12 months: the single-stage optimum
    for j, count in enumerate(per_nagari, start=1):
        assert _persons(found, j) == count  # every nagari's own budget pays for its own workers
    assert _persons(found, 0) == 0  # the APBD is left for what the nagari cannot pay
    assert [s.name for s in found.stages] == ["primary", "earmarks"]
    assert all(s.proven_optimal for s in found.stages)
    assert found.stages[0].objective == found.objective
    assert found.stages[1].objective == sum(per_nagari) * 12 * COST  # rupiah drawn from earmarked sources


def test_earmarked_money_short_the_apbd_fills_the_rest() -> None:
    per_nagari = [30, 25, 40, 10, 22, 35, 18, 27]
    frame, weights = _candidates(per_nagari)
    capacities = [count // 2 for count in per_nagari]
    sources = [_apbd(sum(per_nagari))]
    sources += [_nagari_source(code, cap) for code, cap in zip(NAGARI, capacities, strict=True)]
    eligible = eligible_matrix(frame, sources)

    found = optimise(weights=weights, eligible=eligible, sources=sources)

    assert found.objective == int(weights.sum()) * 12 and found.persons == sum(per_nagari)
    for j, cap in enumerate(capacities, start=1):
        assert _persons(found, j) == cap == found.sources[j].persons  # every nagari budget spent in full
    assert _persons(found, 0) == sum(per_nagari) - sum(capacities)
    assert found.proven_optimal and all(s.proven_optimal for s in found.stages)


def test_earmarks_never_cost_the_primary_objective() -> None:
    """A nagari budget buying 6 months and an APBD buying 12 for everyone: the primary objective wants the
    12 months, so the nagari money stays unspent."""
    frame, weights = _candidates([5, 0, 0, 0, 0, 0, 0, 0])
    sources = [_nagari_source(NAGARI[0], 5, months=6), _apbd(5)]
    eligible = eligible_matrix(frame, sources)

    found = optimise(weights=weights, eligible=eligible, sources=sources)

    assert found.objective == int(weights.sum()) * 12 and found.proven_optimal
    assert _persons(found, 0) == 0 and _persons(found, 1) == 5


def test_without_a_general_source_the_second_stage_still_spends_the_earmarks() -> None:
    frame, weights = _candidates([4, 3, 0, 0, 0, 0, 0, 0])
    sources = [_nagari_source(NAGARI[0], 4), _nagari_source(NAGARI[1], 2)]
    found = optimise(weights=weights, eligible=eligible_matrix(frame, sources), sources=sources)
    assert [s.name for s in found.stages] == ["primary", "earmarks"] and found.proven_optimal
    assert found.persons == 6


def test_earmarked_money_alone_prefers_the_optimum_that_spends_more_of_it() -> None:
    """Found by the brute-force property below: one worker fits a 1-month and a 4-month nagari budget, another only
    the 4-month one. Both optima give 16 person-months; only one spends both budgets and funds both workers."""
    weights = np.array([4, 3], dtype=np.int64)
    eligible = np.array([[True, True], [False, True]])
    one_month = Earmark(regions=frozenset({NAGARI[0]}))
    four_months = Earmark(regions=frozenset({NAGARI[2]}))
    sources = [
        FundingSource("s0", SourceKind.CSR, "S0", 2026, 1 * 1 * COST, 1, COST, one_month),
        FundingSource("s2", SourceKind.CSR, "S2", 2026, 1 * 4 * COST, 4, COST, four_months),
    ]
    found = optimise(weights=weights, eligible=eligible, sources=sources)
    assert found.objective == 16 and found.proven_optimal
    assert found.assigned.tolist() == [0, 1] and found.persons == 2


def _lexicographic_brute_force(
    weights: np.ndarray, eligible: np.ndarray, sources: list[FundingSource]
) -> tuple[int, int]:
    """(best weighted person-months, then most rupiah from earmarked sources) over every assignment; as in the
    optimiser, a candidate of weight 0 adds nothing and is not funded."""
    n, m = eligible.shape
    best = (0, 0)
    for choice in itertools.product(range(-1, m), repeat=n):
        if any(j >= 0 and not (eligible[i, j] and weights[i] > 0) for i, j in enumerate(choice)):
            continue
        if any(choice.count(j) > sources[j].capacity for j in range(m)):
            continue
        value = sum(int(weights[i]) * sources[j].months for i, j in enumerate(choice) if j >= 0)
        money = sum(sources[j].unit_cost for j in choice if j >= 0 and sources[j].earmarked)
        best = max(best, (value, money))
    return best


@st.composite
def mixed(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, list[FundingSource]]:
    n = draw(st.integers(0, 6))
    m = draw(st.integers(2, 3))
    weights = np.array(draw(st.lists(st.integers(0, 4), min_size=n, max_size=n)), dtype=np.int64)
    eligible = np.array(draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m)), dtype=np.bool_)
    sources = []
    for j in range(m):
        capacity, months = draw(st.integers(0, 4)), draw(st.integers(1, 12))
        earmark = Earmark(regions=frozenset({NAGARI[j]})) if draw(st.booleans()) else Earmark()
        sources.append(
            FundingSource(
                f"s{j}", SourceKind.CSR, f"S{j}", 2026, capacity * months * COST, months, COST, earmark
            )
        )
    return weights, eligible.reshape(n, m), sources


@settings(max_examples=150, deadline=None)
@given(mixed())
def test_both_stages_equal_the_lexicographic_brute_force(
    instance: tuple[np.ndarray, np.ndarray, list[FundingSource]],
) -> None:
    weights, eligible, sources = instance
    found = optimise(weights=weights, eligible=eligible, sources=sources)
    value, money = _lexicographic_brute_force(weights, eligible, sources)
    assert found.proven_optimal and found.objective == value
    assert all(s.proven_optimal for s in found.stages)
    funded = found.assigned[found.assigned >= 0]
    assert all(eligible[i, j] for i, j in enumerate(found.assigned) if j >= 0)
    drawn = sum(sources[j].unit_cost for j in funded if sources[j].earmarked)
    assert drawn == money
    if len(found.stages) == 2:
        assert found.stages[1].objective == money
