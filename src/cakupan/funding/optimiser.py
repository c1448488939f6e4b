"""Who each source pays for: the allocation that buys the most weighted person-months, proven optimal.

The model: candidate i, if funded, is funded by one eligible source j, for that source's ``months``; what one
person costs source j depends on the candidate's cost group (``groups``, e.g. the sector group of PP 50/2025's
discount: ``FundingSource.cost_for``); the persons source j funds cost at most its budget; maximise
Σ weights[i] × months_j over funded candidates (the caller passes priority score + 1, so every person-month
counts). A candidate of weight 0 adds nothing and is left unfunded. Without groups every person costs a source its
``unit_cost``, and the budget row is the head count ``capacity_j`` (each row is divided by the gcd of its costs).

With one cost per source it is a transportation problem, whose LP relaxation already has an integral optimum;
candidates with the same eligibility row, weight and cost group are interchangeable. ``optimise`` therefore groups
them into classes, solves the small integer model y[class, source] ≤ class size, Σ_j y ≤ class size,
Σ_class cost[class, j] × y ≤ budget_j with
``scipy.optimize.milp`` (HiGHS, relative gap 0; classes too light to matter are left out first, see
``_may_be_funded``), and hands the places out within each class in input order
(the caller sorts its tie-breaks first): the first y[c, 0] members of class c to source 0, the next y[c, 1] to
source 1, and so on. ``greedy`` is the baseline a spreadsheet would do.

Earmarked money first (lexicographic, two stages): the primary objective often has many optima, and HiGHS may
pick one that pays everyone from the APBD and leaves every APB Nagari unspent. So, when any usable source is
earmarked (also when all are: optima differ in how much of the nagari budgets they spend), a second MILP holds the primary objective at its proven optimum (Σ value·y ≥ best;
the values and y are integers, so the bound is given as best − ½ for the solver's tolerances and the rounded
answer is checked exactly) and maximises the rupiah drawn from earmarked sources. Each stage reports whether
HiGHS proved it optimal (``Allocation.stages``); a stage-2 answer that fails the exact check is dropped for the
stage-1 one.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from cakupan.funding.errors import FundingError
from cakupan.funding.sources import MAX_MONTHS, FundingSource

UNFUNDED = -1
MILP_OPTIMAL = 0


@dataclass(frozen=True)
class SourceResult:
    key: str
    persons: int
    person_months: int
    cost: int  # what the persons cost the source over its months (each at the cost of their group)
    unspent: int  # budget - cost

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "persons": self.persons,
            "person_months": self.person_months,
            "cost": self.cost,
            "unspent": self.unspent,
        }


@dataclass(frozen=True)
class Stage:
    """One stage of the lexicographic optimisation: ``primary`` (weighted person-months), then ``earmarks``
    (rupiah drawn from earmarked sources, the primary objective held at its optimum)."""

    name: str
    objective: int
    proven_optimal: bool

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "objective": self.objective, "proven_optimal": self.proven_optimal}


@dataclass(frozen=True)
class Allocation:
    method: str  # "milp" or "greedy"
    assigned: np.ndarray  # (n,) int64: the index of the source paying for each candidate, or -1
    objective: int  # Σ weights × months over funded candidates
    sources: tuple[SourceResult, ...]
    proven_optimal: bool  # the primary objective is a proven optimum
    seconds: float
    stages: tuple[Stage, ...] = ()  # the solver's stages (none for the greedy)

    @property
    def persons(self) -> int:
        return sum(s.persons for s in self.sources)

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "objective": self.objective,
            "persons": self.persons,
            "proven_optimal": self.proven_optimal,
            "seconds": self.seconds,
            "sources": [s.as_dict() for s in self.sources],
            "stages": [s.as_dict() for s in self.stages],
        }


@dataclass(frozen=True)
class Marginal:
    """What ``extra_budget`` more rupiah on one source would buy, the others unchanged."""

    key: str
    extra_budget: int
    extra_persons: int
    extra_objective: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "extra_budget": self.extra_budget,
            "extra_persons": self.extra_persons,
            "extra_objective": self.extra_objective,
        }


@dataclass(frozen=True)
class Classes:
    """Candidates grouped by (eligibility row, weight, cost group): members of a class are interchangeable."""

    of: np.ndarray  # (n,) the class of each candidate
    sizes: np.ndarray  # (k,)
    weights: np.ndarray  # (k,)
    eligible: np.ndarray  # (k, m) bool
    groups: np.ndarray  # (k,) the cost group (code) of each class


@dataclass(frozen=True)
class Costs:
    """What one person costs each source: ``table[code, j]`` rupiah for a candidate of cost group ``code``."""

    codes: np.ndarray  # (n,) int64: each candidate's cost group
    table: np.ndarray  # (g, m) int64

    def of(self, candidates: np.ndarray, sources: np.ndarray) -> np.ndarray:
        result: np.ndarray = self.table[self.codes[candidates], sources]
        return result


def costs_of(groups: np.ndarray | None, n: int, sources: Sequence[FundingSource]) -> Costs:
    """Cost groups as codes and the (group × source) cost table; ``groups`` None: one group, ``unit_cost``."""
    if groups is None:
        codes = np.zeros(n, dtype=np.int64)
        names: list[str | None] = [None]
    else:
        if groups.shape != (n,):
            raise FundingError(
                f"Kelompok biaya harus satu per calon ({n}), bukan {groups.shape}.",
                f"Cost groups must be one per candidate ({n}), not {groups.shape}.",
                "groups",
            )
        found, inverse = np.unique(groups.astype(str), return_inverse=True)
        codes = inverse.reshape(-1).astype(np.int64)
        names = [str(name) for name in found] or [None]
    table = np.array([[s.cost_for(name) for s in sources] for name in names], dtype=np.int64)
    return Costs(codes, table.reshape(len(names), len(sources)))


def _check(weights: np.ndarray, eligible: np.ndarray, sources: Sequence[FundingSource]) -> None:
    if weights.ndim != 1 or not (np.issubdtype(weights.dtype, np.integer) or weights.size == 0):
        raise FundingError(
            "Bobot harus larik bilangan bulat satu dimensi (skor prioritas + 1).",
            "Weights must be a one-dimensional integer array (priority score + 1).",
            "weights",
        )
    n, m = weights.shape[0], len(sources)
    if eligible.dtype != np.bool_ or eligible.shape != (n, m):
        raise FundingError(
            f"Matriks kelayakan harus boolean berukuran ({n}, {m}), bukan {eligible.dtype} {eligible.shape}.",
            f"The eligibility matrix must be boolean of shape ({n}, {m}), not {eligible.dtype} {eligible.shape}.",
            "eligible",
        )
    if n and int(weights.min()) < 0:
        raise FundingError("Bobot tidak boleh negatif.", "Weights cannot be negative.", "weights")
    if n and int(weights.max()) > np.iinfo(np.int64).max // (MAX_MONTHS * n):
        raise FundingError(
            "Bobot terlalu besar untuk dijumlahkan tanpa luapan.",
            "Weights are too large to be summed without overflow.",
            "weights",
        )
    for source in sources:
        if (
            not 1 <= source.months <= MAX_MONTHS
            or source.monthly_cost <= 0
            or any(cost <= 0 for _, cost in source.costs)
        ):
            raise FundingError(
                f"Sumber {source.key}: lama perlindungan harus 1–12 bulan dan iuran lebih dari nol "
                "(periksa dahulu dengan check_sources).",
                f"Source {source.key}: months of cover must be 1–12 and the monthly cost above zero "
                "(check with check_sources first).",
                "sources",
            )


def classes_of(weights: np.ndarray, eligible: np.ndarray, codes: np.ndarray | None = None) -> Classes:
    """Group candidates with the same eligibility row, weight and cost group code (``np.unique`` over rows)."""
    n, m = eligible.shape
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Classes(empty, empty, empty, np.zeros((0, m), dtype=np.bool_), empty)
    weights = weights.astype(np.int64, copy=False)
    codes = np.zeros(n, dtype=np.int64) if codes is None else codes.astype(np.int64, copy=False)
    count = int(codes.max()) + 1
    if m <= 62 and int(weights.max()) < 2 ** (63 - m) // count:
        bits = eligible.astype(np.int64) @ (np.int64(1) << np.arange(m, dtype=np.int64))
        keys = ((weights * count + codes) << m) | bits
        _, first, of, sizes = np.unique(keys, return_index=True, return_inverse=True, return_counts=True)
    else:
        rows = np.column_stack([weights, codes, np.packbits(eligible, axis=1).astype(np.int64)])
        _, first, of, sizes = np.unique(
            rows, axis=0, return_index=True, return_inverse=True, return_counts=True
        )
    return Classes(
        of.reshape(-1).astype(np.int64),
        sizes.astype(np.int64),
        weights[first],
        eligible[first],
        codes[first],
    )


def _budgets(sources: Sequence[FundingSource]) -> np.ndarray:
    return np.array([max(0, s.budget) for s in sources], dtype=np.int64)


def _solve(
    classes: Classes, sources: Sequence[FundingSource], table: np.ndarray, time_limit: float
) -> tuple[np.ndarray, tuple[Stage, ...]] | None:
    """y[class, source] of the class model and its stages (None: HiGHS found no solution in time)."""
    started = time.perf_counter()
    k, m = classes.eligible.shape
    months = np.array([s.months for s in sources], dtype=np.int64)
    budget = _budgets(sources)
    cost = table[classes.groups]  # (k, m) what one member of class c costs source j
    alone = budget[None, :] // cost  # (k, m) members of class c source j could pay for alone
    value = classes.weights[:, None] * months[None, :]
    usable = classes.eligible & (alone > 0) & (value > 0)
    usable &= _may_be_funded(classes, usable, alone)[:, None]
    cls, src = np.nonzero(usable)
    y = np.zeros((k, m), dtype=np.int64)
    if cls.size == 0:
        return y, (Stage("primary", 0, True),)
    count = cls.size
    # Each budget row in units of the gcd of its costs: with one cost per source, the head count Σ y ≤ capacity.
    unit = np.ones(m, dtype=np.int64)
    for j in range(m):
        used = cost[cls[src == j], j]
        if used.size:
            unit[j] = int(np.gcd.reduce(used))
    rows = np.concatenate([cls, k + src])
    cols = np.concatenate([np.arange(count), np.arange(count)])
    coefficients = np.concatenate([np.ones(count), cost[cls, src] // unit[src]]).astype(np.float64)
    matrix = csr_array((coefficients, (rows, cols)), shape=(k + m, count))
    upper = np.concatenate([classes.sizes, budget // unit]).astype(np.float64)
    places = LinearConstraint(matrix, -np.inf, upper)
    bounds = Bounds(0, np.minimum(classes.sizes[cls], alone[cls, src]).astype(np.float64))
    primary = value[cls, src]
    result = _milp(-primary, bounds, [places], time_limit)
    if result.x is None:
        return None
    x = _integral(result.x)
    y[cls, src] = x
    proven = result.status == MILP_OPTIMAL and _feasible(y, classes.sizes, cost, budget)
    best = int(primary @ x)
    stages: tuple[Stage, ...] = (Stage("primary", best, proven),)
    earmarked = np.array([s.earmarked for s in sources], dtype=np.bool_)[src]
    if not proven or not earmarked.any():
        return y, stages  # nothing to prefer: no earmarked money (or no proven optimum to hold)
    # Earmarked money alone still has a preference: of two optima, the one drawing more of the earmarked budgets
    # (two nagari funding one worker each rather than one funding a single worker for as many person-months).
    paid = cost[cls, src]
    scale = int(np.gcd.reduce(paid[earmarked]))
    money = np.where(earmarked, paid // scale, 0)  # rupiah from earmarked sources, in units of ``scale``
    held = LinearConstraint(csr_array(primary[None, :].astype(np.float64)), best - 0.5, np.inf)
    second = _milp(-money, bounds, [places, held], max(0.0, time_limit - (time.perf_counter() - started)))
    kept, second_proven = int(money @ x), False
    if second.x is not None:
        x2 = _integral(second.x)
        y2 = np.zeros_like(y)
        y2[cls, src] = x2
        exact = _feasible(y2, classes.sizes, cost, budget) and int(primary @ x2) == best
        if exact and int(money @ x2) >= kept:
            y, kept, second_proven = y2, int(money @ x2), second.status == MILP_OPTIMAL
    return y, (*stages, Stage("earmarks", kept * scale, second_proven))


def _milp(c: np.ndarray, bounds: Bounds, constraints: list[LinearConstraint], time_limit: float) -> Any:
    return milp(
        c=c.astype(np.float64),
        integrality=np.ones(c.size),
        bounds=bounds,
        constraints=constraints,
        # No presolve: the class model has nothing left to remove, and on large models HiGHS's presolve took
        # most of the time and did not stop at the time limit (measured, benchmarks/bench_optimiser.py).
        options={"time_limit": float(time_limit), "mip_rel_gap": 0.0, "presolve": False},
    )


def _integral(x: np.ndarray) -> np.ndarray:
    """HiGHS's answer as non-negative integers (it is integral up to its tolerance)."""
    found: np.ndarray = np.rint(x).astype(np.int64)
    np.clip(found, 0, None, out=found)
    return found


def _may_be_funded(classes: Classes, usable: np.ndarray, alone: np.ndarray) -> np.ndarray:
    """Classes an optimum needs, (k,) bool: within one eligibility pattern and cost group, only the heaviest, as
    many as the pattern's sources have places for (whole classes; the class on the boundary is kept).

    Some optimum funds, within a pattern and group, no one lighter than someone it leaves out (swapping the two
    costs the same and never lowers the objective), so it funds at most that many of the heaviest; the rest cannot
    change the optimum.
    """
    if usable.shape[0] == 0:
        return np.zeros(0, dtype=np.bool_)
    keys = np.column_stack([usable.astype(np.int64), classes.groups])
    _, pattern = np.unique(keys, axis=0, return_inverse=True)
    pattern = pattern.reshape(-1)
    places = (usable * alone).sum(axis=1)  # (k,) the same for every class of a pattern and group
    order = np.lexsort((-classes.weights, pattern))
    sizes = classes.sizes[order]
    before = np.cumsum(sizes) - sizes  # persons ahead in the whole order
    group_start = np.r_[True, pattern[order][1:] != pattern[order][:-1]]
    ahead = before - np.maximum.accumulate(np.where(group_start, before, 0))  # persons ahead in the pattern
    keep = np.zeros(usable.shape[0], dtype=np.bool_)
    keep[order] = ahead < places[order]
    return keep


def _feasible(y: np.ndarray, sizes: np.ndarray, cost: np.ndarray, budget: np.ndarray) -> bool:
    return bool((y.sum(axis=1) <= sizes).all() and ((y * cost).sum(axis=0) <= budget).all())


def _hand_out(classes: Classes, y: np.ndarray) -> np.ndarray:
    """Assign within each class in input order: the first y[c, 0] members to source 0, then source 1, ..."""
    n = classes.of.shape[0]
    assigned = np.full(n, UNFUNDED, dtype=np.int64)
    if n == 0 or y.shape[1] == 0:
        return assigned
    order = np.argsort(classes.of, kind="stable")
    starts = np.concatenate([[0], np.cumsum(classes.sizes)[:-1]])
    members_class = classes.of[order]
    rank = np.arange(n) - starts[members_class]
    bounds = np.cumsum(y, axis=1)[members_class]  # (n, m) cumulative places of the member's class
    chosen = (rank[:, None] >= bounds).sum(axis=1)
    chosen[chosen == y.shape[1]] = UNFUNDED
    assigned[order] = chosen
    return assigned


def _allocation(
    method: str,
    *,
    assigned: np.ndarray,
    weights: np.ndarray,
    sources: Sequence[FundingSource],
    costs: Costs,
    proven: bool,
    started: float,
    stages: tuple[Stage, ...] = (),
) -> Allocation:
    m = len(sources)
    funded = np.flatnonzero(assigned >= 0)
    months = np.array([s.months for s in sources], dtype=np.int64)
    persons = np.bincount(assigned[funded], minlength=m) if m else np.zeros(0, dtype=np.int64)
    objective = int((weights[funded].astype(np.int64) * months[assigned[funded]]).sum()) if m else 0
    paid = np.zeros(m, dtype=np.int64)
    np.add.at(paid, assigned[funded], costs.of(funded, assigned[funded]))
    results = []
    for j, source in enumerate(sources):
        count, cost = int(persons[j]), int(paid[j])
        results.append(SourceResult(source.key, count, count * source.months, cost, source.budget - cost))
    return Allocation(
        method, assigned, objective, tuple(results), proven, time.perf_counter() - started, stages
    )


def _first_fit(costs: np.ndarray, room: int) -> np.ndarray:
    """Positions, in order, of the candidates a budget of ``room`` pays for when each in turn is funded if what
    is left still pays for them (a cheaper one after an unaffordable one may still fit)."""
    taken: list[np.ndarray] = []
    open_ = np.arange(costs.shape[0])
    while open_.size:
        fits = int(
            (np.cumsum(costs[open_]) <= room).sum()
        )  # costs are positive: the fitting ones are a prefix
        taken.append(open_[:fits])
        room -= int(costs[open_[:fits]].sum())
        rest = open_[fits:]
        open_ = rest[costs[rest] <= room]  # the first of ``rest`` no longer fits, nor ever will
    return np.sort(np.concatenate(taken)) if taken else np.zeros(0, dtype=np.int64)


def _greedy_assign(
    weights: np.ndarray, eligible: np.ndarray, sources: Sequence[FundingSource], costs: Costs
) -> np.ndarray:
    """Candidates by weight descending (stable), each to the eligible source with room giving the most months.

    Done source by source: the source giving the most months goes to the first eligible candidates in that
    order while its budget pays for them, then the next source to the eligible candidates still unfunded, and so
    on; this hands out exactly what the candidate-by-candidate loop would.
    """
    n = weights.shape[0]
    assigned = np.full(n, UNFUNDED, dtype=np.int64)
    order = np.argsort(-weights.astype(np.int64), kind="stable")
    preference = sorted(range(len(sources)), key=lambda j: -sources[j].months)  # sorted() is stable
    budgets = _budgets(sources)
    for j in preference:
        if budgets[j] <= 0:
            continue
        open_ = order[(assigned[order] == UNFUNDED) & eligible[order, j]]
        price = costs.of(open_, np.full(open_.shape, j))
        assigned[open_[_first_fit(price, int(budgets[j]))]] = j
    return assigned


def greedy(
    *,
    weights: np.ndarray,
    eligible: np.ndarray,
    sources: Sequence[FundingSource],
    groups: np.ndarray | None = None,
) -> Allocation:
    """The baseline: highest weight first, each to the eligible source with room that gives the most months."""
    started = time.perf_counter()
    _check(weights, eligible, sources)
    costs = costs_of(groups, weights.shape[0], sources)
    assigned = _greedy_assign(weights, eligible, sources, costs)
    return _allocation(
        "greedy",
        assigned=assigned,
        weights=weights,
        sources=sources,
        costs=costs,
        proven=False,
        started=started,
    )


def _optimise_classes(
    classes: Classes,
    *,
    weights: np.ndarray,
    eligible: np.ndarray,
    sources: Sequence[FundingSource],
    costs: Costs,
    time_limit: float,
    started: float,
) -> Allocation:
    solved = _solve(classes, sources, costs.table, time_limit)
    if solved is None:  # HiGHS found no solution in time: fall back to the greedy, saying so
        assigned = _greedy_assign(weights, eligible, sources, costs)
        return _allocation(
            "greedy",
            assigned=assigned,
            weights=weights,
            sources=sources,
            costs=costs,
            proven=False,
            started=started,
        )
    y, stages = solved
    assigned = _hand_out(classes, y)
    return _allocation(
        "milp",
        assigned=assigned,
        weights=weights,
        sources=sources,
        costs=costs,
        proven=stages[0].proven_optimal,
        started=started,
        stages=stages,
    )


def optimise(
    *,
    weights: np.ndarray,
    eligible: np.ndarray,
    sources: Sequence[FundingSource],
    groups: np.ndarray | None = None,
    time_limit: float = 60.0,
) -> Allocation:
    """The allocation with the most weighted person-months, solved exactly (``proven_optimal`` says so); among
    those optima, the one drawing the most rupiah from earmarked sources (``stages`` says how each stage ended).

    ``groups`` (n,): each candidate's cost group (``FundingSource.cost_for``); None: every person costs a source
    its ``unit_cost``."""
    started = time.perf_counter()
    _check(weights, eligible, sources)
    costs = costs_of(groups, weights.shape[0], sources)
    classes = classes_of(weights, eligible, costs.codes)
    return _optimise_classes(
        classes,
        weights=weights,
        eligible=eligible,
        sources=sources,
        costs=costs,
        time_limit=time_limit,
        started=started,
    )


def marginal(
    *,
    weights: np.ndarray,
    eligible: np.ndarray,
    sources: Sequence[FundingSource],
    groups: np.ndarray | None = None,
    extra: int = 100_000_000,
    time_limit: float = 60.0,
) -> tuple[Marginal, ...]:
    """Per source: re-optimise with ``extra`` rupiah more on that source alone, and report what it adds."""
    if extra < 0:
        raise FundingError(
            f"Tambahan anggaran tidak boleh negatif ({extra}).",
            f"The extra budget cannot be negative ({extra}).",
            "extra",
        )
    started = time.perf_counter()
    _check(weights, eligible, sources)
    costs = costs_of(groups, weights.shape[0], sources)
    classes = classes_of(weights, eligible, costs.codes)
    base = _optimise_classes(
        classes,
        weights=weights,
        eligible=eligible,
        sources=sources,
        costs=costs,
        time_limit=time_limit,
        started=started,
    )
    found = []
    for j, source in enumerate(sources):
        more = [*sources]
        more[j] = replace(source, budget=source.budget + extra)
        again = _optimise_classes(
            classes,
            weights=weights,
            eligible=eligible,
            sources=more,
            costs=costs,
            time_limit=time_limit,
            started=time.perf_counter(),
        )
        found.append(
            Marginal(source.key, extra, again.persons - base.persons, again.objective - base.objective)
        )
    return tuple(found)
