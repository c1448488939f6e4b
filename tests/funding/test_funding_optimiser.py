"""The optimiser: proven optimal against brute force and the per-candidate MILP, earmarks and capacities kept,
the greedy never better, places handed out in input order, and what an extra budget buys."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from cakupan.funding import Allocation, FundingError, FundingSource, SourceKind, greedy, marginal, optimise

COST = 16_800


def _sources(*spec: tuple[int, int]) -> list[FundingSource]:
    """Sources from (capacity, months): budget exactly capacity × months × cost."""
    return [
        FundingSource(f"s{j}", SourceKind.CSR, f"S{j}", 2026, capacity * months * COST, months, COST)
        for j, (capacity, months) in enumerate(spec)
    ]


def _weights(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def _eligible(*rows: str) -> np.ndarray:
    return np.array([[c == "1" for c in row] for row in rows], dtype=np.bool_).reshape(len(rows), -1)


def _check_allocation(
    found: Allocation, weights: np.ndarray, eligible: np.ndarray, sources: list[FundingSource]
) -> None:
    """Earmarks and capacities kept; persons, cost, unspent and objective add up."""
    assigned = found.assigned
    assert assigned.dtype == np.int64 and assigned.shape == weights.shape
    funded = np.nonzero(assigned >= 0)[0]
    assert all(eligible[i, assigned[i]] for i in funded)
    assert ((assigned >= -1) & (assigned < len(sources))).all()
    objective = 0
    for j, (source, result) in enumerate(zip(sources, found.sources, strict=True)):
        persons = int((assigned == j).sum())
        assert result.key == source.key
        assert result.persons == persons <= source.capacity
        assert result.person_months == persons * source.months
        assert result.cost == persons * source.months * source.monthly_cost <= source.budget
        assert result.unspent == source.budget - result.cost
        objective += int(weights[assigned == j].sum()) * source.months
    assert found.objective == objective
    assert found.persons == len(funded)


def _brute_force(weights: np.ndarray, eligible: np.ndarray, sources: list[FundingSource]) -> int:
    n, m = eligible.shape
    best = 0
    for choice in itertools.product(range(-1, m), repeat=n):
        used = [0] * m
        value = 0
        for i, j in enumerate(choice):
            if j < 0:
                continue
            if not eligible[i, j]:
                break
            used[j] += 1
            value += int(weights[i]) * sources[j].months
        else:
            if all(used[j] <= sources[j].capacity for j in range(m)):
                best = max(best, value)
    return best


def _per_candidate_milp(weights: np.ndarray, eligible: np.ndarray, sources: list[FundingSource]) -> int:
    """The un-aggregated model: one binary per (candidate, eligible source)."""
    n, m = eligible.shape
    person, src = np.nonzero(eligible)
    if person.size == 0:
        return 0
    months = np.array([s.months for s in sources])
    capacity = np.array([s.capacity for s in sources], dtype=float)
    matrix = csr_array(
        (np.ones(2 * person.size), (np.concatenate([person, n + src]), np.tile(np.arange(person.size), 2))),
        shape=(n + m, person.size),
    )
    result = milp(
        c=-(weights[person] * months[src]).astype(float),
        integrality=np.ones(person.size),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, -np.inf, np.concatenate([np.ones(n), capacity])),
        options={"mip_rel_gap": 0.0},
    )
    assert result.status == 0
    return round(-result.fun)


@st.composite
def instances(draw: st.DrawFn, max_n: int, max_m: int) -> tuple[np.ndarray, np.ndarray, list[FundingSource]]:
    n = draw(st.integers(0, max_n))
    m = draw(st.integers(1, max_m))
    weights = np.array(draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)), dtype=np.int64)
    cells = draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m))
    eligible = np.array(cells, dtype=np.bool_).reshape(n, m)
    spec = draw(st.lists(st.tuples(st.integers(0, 4), st.integers(1, 12)), min_size=m, max_size=m))
    return weights, eligible, _sources(*spec)


@settings(max_examples=150, deadline=None)
@given(instances(max_n=6, max_m=3))
def test_optimise_equals_brute_force_and_greedy_is_never_better(
    instance: tuple[np.ndarray, np.ndarray, list[FundingSource]],
) -> None:
    weights, eligible, sources = instance
    best = optimise(weights=weights, eligible=eligible, sources=sources)
    assert best.method == "milp" and best.proven_optimal
    assert best.objective == _brute_force(weights, eligible, sources)
    _check_allocation(best, weights, eligible, sources)
    baseline = greedy(weights=weights, eligible=eligible, sources=sources)
    assert baseline.method == "greedy" and not baseline.proven_optimal
    _check_allocation(baseline, weights, eligible, sources)
    assert baseline.objective <= best.objective


@settings(max_examples=40, deadline=None)
@given(instances(max_n=60, max_m=5))
def test_optimise_equals_the_per_candidate_milp(
    instance: tuple[np.ndarray, np.ndarray, list[FundingSource]],
) -> None:
    weights, eligible, sources = instance
    best = optimise(weights=weights, eligible=eligible, sources=sources)
    assert best.proven_optimal
    assert best.objective == _per_candidate_milp(weights, eligible, sources)
    _check_allocation(best, weights, eligible, sources)
    assert greedy(weights=weights, eligible=eligible, sources=sources).objective <= best.objective


def _greedy_loop(weights: np.ndarray, eligible: np.ndarray, sources: list[FundingSource]) -> list[int]:
    """The greedy as the issue words it: one candidate at a time."""
    room = [s.capacity for s in sources]
    assigned = [-1] * len(weights)
    for i in sorted(range(len(weights)), key=lambda i: -int(weights[i])):
        options = [j for j in range(len(sources)) if eligible[i, j] and room[j] > 0]
        if options:
            best = max(options, key=lambda j: (sources[j].months, -j))
            assigned[i] = best
            room[best] -= 1
    return assigned


@settings(max_examples=200, deadline=None)
@given(instances(max_n=30, max_m=4))
def test_greedy_hands_out_what_the_one_at_a_time_loop_does(
    instance: tuple[np.ndarray, np.ndarray, list[FundingSource]],
) -> None:
    weights, eligible, sources = instance
    found = greedy(weights=weights, eligible=eligible, sources=sources)
    assert found.assigned.tolist() == _greedy_loop(weights, eligible, sources)


def test_hand_example_where_the_greedy_blocks_a_better_plan() -> None:
    # Candidate 0 (weight 2) may use either source; candidate 1 (weight 1) only source 0. One place each.
    weights, eligible, sources = _weights(2, 1), _eligible("11", "10"), _sources((1, 12), (1, 12))
    best = optimise(weights=weights, eligible=eligible, sources=sources)
    assert best.assigned.tolist() == [1, 0]
    assert best.objective == 2 * 12 + 1 * 12 == 36
    baseline = greedy(weights=weights, eligible=eligible, sources=sources)
    assert baseline.assigned.tolist() == [0, -1]  # the tie in months goes to the first source
    assert baseline.objective == 24


def test_longer_cover_goes_to_higher_weights() -> None:
    # Two places: one of 12 months, one of 3; the heavier candidate gets the 12 months.
    weights, eligible, sources = _weights(1, 5), _eligible("11", "11"), _sources((1, 3), (1, 12))
    best = optimise(weights=weights, eligible=eligible, sources=sources)
    assert best.assigned.tolist() == [0, 1]
    assert best.objective == 1 * 3 + 5 * 12
    assert greedy(weights=weights, eligible=eligible, sources=sources).assigned.tolist() == [0, 1]


def test_dbh_sawit_example_costs_and_unspent() -> None:
    # A DBH Sawit source of Rp 389,239,200 for 3 months funds exactly 7,723 palm-oil workers.
    dbh = FundingSource("dbh", SourceKind.DBH_SAWIT, "DBH", 2026, 389_239_200, 3, COST)
    apbd = FundingSource("apbd", SourceKind.APBD_KABKOTA, "APBD", 2026, 1_000_000, 12, COST)
    n = 8_000
    weights = np.ones(n, dtype=np.int64)
    eligible = np.ones((n, 2), dtype=np.bool_)
    found = optimise(weights=weights, eligible=eligible, sources=[dbh, apbd])
    dbh_result, apbd_result = found.sources
    assert (dbh_result.persons, dbh_result.cost, dbh_result.unspent) == (7_723, 389_239_200, 0)
    assert (apbd_result.persons, apbd_result.cost, apbd_result.unspent) == (4, 806_400, 193_600)
    assert found.objective == 7_723 * 3 + 4 * 12
    assert found.persons == 7_727


def test_places_in_a_class_go_in_input_order() -> None:
    # Five identical candidates, three places at source 0 and one at source 1: input order decides.
    weights = _weights(3, 3, 3, 3, 3)
    eligible = _eligible("11", "11", "11", "11", "11")
    found = optimise(weights=weights, eligible=eligible, sources=_sources((3, 6), (1, 6)))
    assert found.assigned.tolist() == [0, 0, 0, 1, -1]


def test_weight_zero_is_left_unfunded_and_no_source_no_place() -> None:
    found = optimise(weights=_weights(0, 4), eligible=_eligible("1", "1"), sources=_sources((5, 12)))
    assert found.assigned.tolist() == [-1, 0]
    empty = optimise(weights=_weights(1, 2), eligible=_eligible("0", "0"), sources=_sources((5, 12)))
    assert empty.assigned.tolist() == [-1, -1] and empty.objective == 0 and empty.proven_optimal


def test_empty_instance() -> None:
    found = optimise(
        weights=_weights(), eligible=np.zeros((0, 2), dtype=np.bool_), sources=_sources((1, 1), (1, 1))
    )
    assert found.assigned.shape == (0,) and found.objective == 0 and found.persons == 0


@pytest.mark.parametrize(
    ("weights", "eligible", "field"),
    [
        (np.array([1.5, 2.0]), np.ones((2, 1), dtype=np.bool_), "weights"),
        (np.array([-1, 2]), np.ones((2, 1), dtype=np.bool_), "weights"),
        (np.array([[1, 2]]), np.ones((2, 1), dtype=np.bool_), "weights"),
        (np.array([1, 2]), np.ones((2, 2), dtype=np.bool_), "eligible"),
        (np.array([1, 2]), np.ones((2, 1), dtype=np.int64), "eligible"),
    ],
)
def test_bad_arrays_are_refused(weights: np.ndarray, eligible: np.ndarray, field: str) -> None:
    with pytest.raises(FundingError) as caught:
        optimise(weights=weights, eligible=eligible, sources=_sources((1, 12)))
    assert caught.value.field == field


def test_unusable_source_is_refused_with_its_key() -> None:
    bad = FundingSource("bad", SourceKind.CSR, "Bad", 2026, 1_000_000, 13, COST)
    with pytest.raises(FundingError) as caught:
        greedy(weights=_weights(1), eligible=_eligible("1"), sources=[bad])
    assert caught.value.field == "sources" and "bad" in caught.value.english


def test_marginal_counts_what_extra_budget_buys() -> None:
    # Source 0 (12 months, 1 place) may pay for all four, source 1 (6 months, 1 place) only candidates 0 and 1.
    weights = _weights(5, 4, 3, 2)
    eligible = _eligible("11", "11", "10", "10")
    sources = _sources((1, 12), (1, 6))
    base = optimise(weights=weights, eligible=eligible, sources=sources)
    assert base.objective == 5 * 12 + 4 * 6 == 84
    extra = COST * 12  # one more place at source 0, two more at source 1
    first, second = marginal(weights=weights, eligible=eligible, sources=sources, extra=extra)
    # Source 0 with 2 places: 0 and 2 there, 1 at source 1: 60 + 36 + 24 = 120.
    assert (first.key, first.extra_budget, first.extra_persons, first.extra_objective) == ("s0", extra, 1, 36)
    # Source 1 with 3 places: 0 and 1 there, 2 moves in at source 0: 30 + 24 + 36 = 90.
    assert (second.key, second.extra_budget, second.extra_persons, second.extra_objective) == (
        "s1",
        extra,
        1,
        6,
    )


def test_marginal_refuses_a_negative_extra() -> None:
    with pytest.raises(FundingError) as caught:
        marginal(weights=_weights(1), eligible=_eligible("1"), sources=_sources((1, 12)), extra=-1)
    assert caught.value.field == "extra"
