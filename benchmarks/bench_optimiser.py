"""The funding optimiser on 200,000 candidates × 8 earmarked sources, three ways, same data, same run.

Synthetic candidates in one kabupaten (13.12, with kecamatan and nagari codes), seeded: DTSEN deciles (a tenth
not in DTSEN), occupations with palm-oil workers, formal/informal sector; weight = priority score + 1. Eight
sources whose budgets bind: APBD kab, APBD prov (desil ≤ 5), two APB Nagari (one nagari each), DBH Sawit
(palm-oil workers, 3 months), CSR earmarked by region, CSR earmarked by sector, BAZNAS (desil ≤ 4).

- ours:  ``cakupan.funding.optimise`` (group interchangeable candidates, solve the class model with HiGHS, then
  the second stage, earmarked money first, and hand out the places): median of REPEAT runs, after one untimed
  call; must be proven optimal; each stage's objective and status is printed;
- floor: the raw engine, ``scipy.optimize.milp`` on the same aggregated model built here by hand (every class,
  none left out), with ours' options: the solver call alone is timed (grouping and building are not);
- naive: the un-aggregated MILP, one variable per (candidate, eligible source), default HiGHS options, with a
  time limit of CAKUPAN_BENCH_NAIVE_BUDGET seconds (default 120), run once in a child process that is stopped at
  the limit (HiGHS does not check its time limit while presolving); reported whether it finished;
- greedy: ``cakupan.funding.greedy`` (highest weight first), its time and how far its objective falls short.

Budget (issue 6): a proven optimum in ≤ 5 s, printed PASS or MISS. The machine is shared: the load average is
printed before and after.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from cakupan.funding import (
    Allocation,
    Earmark,
    FundingSource,
    SourceKind,
    check_sources,
    eligible_matrix,
    greedy,
    optimise,
)

REPEAT = int(os.environ.get("CAKUPAN_BENCH_REPEAT", "3"))
NAIVE_BUDGET = float(os.environ.get("CAKUPAN_BENCH_NAIVE_BUDGET", "120"))
SIZE = 200_000
SEED = 1
BUDGET_SECONDS = 5.0
KABUPATEN = "13.12"
FISCAL_YEAR = 2026
MONTHLY_COST = 16_800  # JKK + JKM at the lowest BPU income basis (cakupan.rules.bpu_contribution)
PALM_OIL = "Buruh Kebun Sawit"
OCCUPATIONS = {
    "Petani/Pekebun": 0.30,
    PALM_OIL: 0.22,
    "Pedagang": 0.14,
    "Buruh Harian Lepas": 0.10,
    "Nelayan": 0.06,
    "Buruh Bangunan": 0.06,
    "Pengemudi Ojek": 0.04,
    "Karyawan Swasta": 0.08,
}
FORMAL = {"Karyawan Swasta"}
KECAMATAN, NAGARI_PER_KECAMATAN = 11, 8


# --- data ------------------------------------------------------------------------------------------------


def candidates(size: int = SIZE, seed: int = SEED) -> tuple[pl.DataFrame, np.ndarray]:
    """The candidates (region, sector, occupation, decile) and their weights (priority score + 1)."""
    rng = np.random.default_rng(seed)
    kecamatan = rng.integers(1, KECAMATAN + 1, size)
    nagari = rng.integers(1, NAGARI_PER_KECAMATAN + 1, size)
    region = np.char.add(
        np.char.add(f"{KABUPATEN}.", np.char.zfill(kecamatan.astype(str), 2)),
        np.char.add(".20", np.char.zfill(nagari.astype(str), 2)),
    )
    names = list(OCCUPATIONS)
    occupation = np.array(names)[rng.choice(len(names), size, p=list(OCCUPATIONS.values()))]
    sector = np.where(np.isin(occupation, list(FORMAL)), "formal", "informal")
    decile = rng.integers(1, 11, size)
    in_dtsen = rng.random(size) >= 0.1
    frame = pl.DataFrame(
        {
            "region": region,
            "sector": sector,
            "occupation": occupation,
            "decile": pl.Series(np.where(in_dtsen, decile, 0)).cast(pl.Int8),
        }
    ).with_columns(pl.when(pl.col("decile") > 0).then(pl.col("decile")).alias("decile"))
    # priority: poorer deciles first, informal and not-in-DTSEN-but-vulnerable in between; 0..100, +1
    score = np.where(in_dtsen, (10 - decile) * 10, 25) + np.where(sector == "informal", 5, 0)
    score = score + rng.integers(0, 6, size)
    return frame, (score + 1).astype(np.int64)


def sources() -> list[FundingSource]:
    def source(
        key: str, kind: SourceKind, budget: int, months: int = 12, earmark: Earmark | None = None
    ) -> FundingSource:
        return FundingSource(key, kind, key, FISCAL_YEAR, budget, months, MONTHLY_COST, earmark or Earmark())

    regions = frozenset
    return [
        source("apbd-kab", SourceKind.APBD_KABKOTA, 4_000_000_000),
        source("apbd-prov", SourceKind.APBD_PROVINSI, 1_500_000_000, 6, Earmark(max_decile=5)),
        source(
            "nagari-a", SourceKind.APB_NAGARI, 40_000_000, 12, Earmark(regions=regions({"13.12.01.2001"}))
        ),
        source(
            "nagari-b", SourceKind.APB_NAGARI, 30_000_000, 12, Earmark(regions=regions({"13.12.05.2003"}))
        ),
        source("dbh-sawit", SourceKind.DBH_SAWIT, 389_239_200, 3, Earmark(occupations=frozenset({PALM_OIL}))),
        source(
            "csr-kebun", SourceKind.CSR, 600_000_000, 12, Earmark(regions=regions({"13.12.02", "13.12.03"}))
        ),
        source("csr-informal", SourceKind.CSR, 500_000_000, 6, Earmark(sectors=frozenset({"informal"}))),
        source("baznas", SourceKind.BAZNAS, 800_000_000, 12, Earmark(max_decile=4)),
    ]


# --- the floor: the aggregated model built by hand, solver call timed -------------------------------------


def floor_model(weights: np.ndarray, eligible: np.ndarray, found: list[FundingSource]) -> dict[str, Any]:
    rows = np.column_stack([weights, eligible.astype(np.int64)])
    unique, sizes = np.unique(rows, axis=0, return_counts=True)
    weight, allowed = unique[:, 0], unique[:, 1:].astype(bool)
    months = np.array([s.months for s in found])
    capacity = np.array([s.capacity for s in found])
    cls, src = np.nonzero(allowed & (capacity > 0))
    k, m, count = len(sizes), len(found), len(cls)
    matrix = csr_array(
        (np.ones(2 * count), (np.concatenate([cls, k + src]), np.tile(np.arange(count), 2))),
        shape=(k + m, count),
    )
    return {
        "c": -(weight[cls] * months[src]).astype(float),
        "integrality": np.ones(count),
        "bounds": Bounds(0, np.minimum(sizes[cls], capacity[src]).astype(float)),
        "constraints": LinearConstraint(matrix, -np.inf, np.concatenate([sizes, capacity]).astype(float)),
        "options": {"mip_rel_gap": 0.0, "presolve": False},  # as ours: HiGHS's presolve only costs time here
        "classes": k,
    }


def floor_solve(model: dict[str, Any]) -> Any:
    return milp(**{key: value for key, value in model.items() if key != "classes"})


# --- the naive way: one variable per (candidate, eligible source) ----------------------------------------


def naive(weights: np.ndarray, eligible: np.ndarray, found: list[FundingSource]) -> dict[str, Any]:
    started = time.perf_counter()
    months = np.array([s.months for s in found])
    capacity = np.array([s.capacity for s in found])
    person, src = np.nonzero(eligible & (capacity > 0))
    n, m, count = eligible.shape[0], len(found), len(person)
    matrix = csr_array(
        (np.ones(2 * count), (np.concatenate([person, n + src]), np.tile(np.arange(count), 2))),
        shape=(n + m, count),
    )
    result = milp(
        c=-(weights[person] * months[src]).astype(float),
        integrality=np.ones(count),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, -np.inf, np.concatenate([np.ones(n), capacity]).astype(float)),
        options={"time_limit": NAIVE_BUDGET, "mip_rel_gap": 0.0},
    )
    return {
        "seconds": time.perf_counter() - started,
        "status": int(result.status),
        "message": str(result.message),
        "objective": None if result.x is None else round(-result.fun),
        "variables": count,
    }


def naive_in_child() -> dict[str, Any]:
    """The naive MILP in a child process, killed at the budget: HiGHS does not check its time limit while it
    presolves, and presolving this model alone can take longer than the budget."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--naive"],
            capture_output=True,
            text=True,
            timeout=NAIVE_BUDGET + 10,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": time.perf_counter() - started, "status": None, "killed": True}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def naive_main() -> int:
    frame, weights = candidates()
    found = sources()
    print(json.dumps(naive(weights, eligible_matrix(frame, found), found)))
    return 0


# --- timing and printing ---------------------------------------------------------------------------------


def median_of(fn: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, Any]:
    fn()  # untimed: imports and caches warm
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def secs(seconds: float) -> str:
    digits = 0 if seconds >= 100 else 1 if seconds >= 10 else 2 if seconds >= 1 else 3
    return f"{seconds:.{digits}f} s"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> int:
    print(
        f"=== funding optimiser | scipy.optimize.milp (HiGHS) | {SIZE:,} candidates × 8 sources | "
        f"median of {REPEAT} ==="
    )
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} before (others may share it)"
    )
    frame, weights = candidates()
    found = sources()
    problems = check_sources(found, region=KABUPATEN, fiscal_year=FISCAL_YEAR)
    if problems:
        raise SystemExit("; ".join(p.english for p in problems))
    eligible_s, eligible = median_of(lambda: eligible_matrix(frame, found))
    capacity = sum(s.capacity for s in found)
    print(
        f"data: {SIZE:,} candidates, {int(eligible.sum()):,} (candidate, source) pairs eligible, "
        f"capacity {capacity:,} persons in all (budgets bind); eligible_matrix {secs(eligible_s)} (not counted)"
    )

    ours_s, ours = median_of(lambda: optimise(weights=weights, eligible=eligible, sources=found))
    model = floor_model(weights, eligible, found)
    floor_s, floor = median_of(lambda: floor_solve(model))
    greedy_s, baseline = median_of(lambda: greedy(weights=weights, eligible=eligible, sources=found))
    print(f"running the naive MILP (time limit {NAIVE_BUDGET:g} s) ...", flush=True)
    naive_result = naive_in_child()

    report(
        ours=ours,
        ours_s=ours_s,
        classes=model["classes"],
        floor=floor,
        floor_s=floor_s,
        baseline=baseline,
        greedy_s=greedy_s,
        naive_result=naive_result,
    )
    print(f"  load average {os.getloadavg()[0]:.1f} after")
    floor_objective = round(-floor.fun)
    if floor.status != 0 or floor_objective != ours.objective:
        print(
            f"  FLOOR DISAGREES: status {floor.status}, objective {floor_objective:,} vs ours {ours.objective:,}"
        )
        return 1
    proven = ours.proven_optimal and all(stage.proven_optimal for stage in ours.stages)
    return 0 if proven and ours_s <= BUDGET_SECONDS else 1


def report(
    *,
    ours: Allocation,
    ours_s: float,
    classes: int,
    floor: Any,
    floor_s: float,
    baseline: Allocation,
    greedy_s: float,
    naive_result: dict[str, Any],
) -> None:
    line = "  {:<58} {:>9}   {}"
    proven = "proven optimal" if ours.proven_optimal else "NOT proven"
    print(
        line.format(
            f"ours   optimise ({classes:,} classes)", secs(ours_s), f"objective {ours.objective:,}, {proven}"
        )
    )
    for stage in ours.stages:
        status = "proven optimal" if stage.proven_optimal else "NOT proven"
        print(f"    stage {stage.name:<9} objective {stage.objective:>17,}  {status}")
    print(
        line.format(
            "floor  milp on the same class model, solver call only",
            secs(floor_s),
            f"objective {round(-floor.fun):,}, status {floor.status}",
        )
    )
    naive_s = naive_result["seconds"]
    if naive_result.get("killed"):
        naive_text = (
            f"did NOT finish: stopped at the {NAIVE_BUDGET:g} s budget (HiGHS still presolving or solving)"
        )
        naive_label = "naive  milp, one variable per (candidate, source)"
    else:
        naive_label = f"naive  milp per candidate ({naive_result['variables']:,} variables)"
        if naive_result["status"] == 0:
            naive_text = f"objective {naive_result['objective']:,}, finished (proven optimal)"
        elif naive_result["objective"] is not None:
            naive_text = f"objective {naive_result['objective']:,}, did NOT finish: {naive_result['message']}"
        else:
            naive_text = f"did NOT finish, no solution: {naive_result['message']}"
    shown = f"> {secs(NAIVE_BUDGET)}" if naive_result.get("killed") else secs(naive_s)
    print(line.format(naive_label, shown, naive_text))
    gap = (ours.objective - baseline.objective) / ours.objective * 100 if ours.objective else 0.0
    print(
        line.format(
            "greedy highest weight first",
            secs(greedy_s),
            f"objective {baseline.objective:,}, {gap:.2f}% below the optimum, {baseline.persons:,} persons",
        )
    )
    print(
        f"  ours {secs(ours_s)} | floor {secs(floor_s)} (ours/floor {ours_s / floor_s:.2f}×) | "
        f"naive {shown} | funded {ours.persons:,} persons"
    )
    for result in ours.sources:
        print(
            f"    {result.key:<13} {result.persons:>7,} persons  cost Rp {result.cost:>15,}  "
            f"unspent Rp {result.unspent:>11,}"
        )
    print(
        f"  budget: proven optimum in ≤ {BUDGET_SECONDS:g} s: "
        f"{verdict(ours.proven_optimal and ours_s <= BUDGET_SECONDS)}"
    )


if __name__ == "__main__":
    sys.exit(naive_main() if "--naive" in sys.argv[1:] else main())
