"""Record linkage, 200,000 incoming person rows against a 200,000-row registry, with known truth.

The files come from ``cakupan.synth.linkage.linkage_sample`` (seed 1; the model was trained on seed 101 and
evaluated on seed 202): three quarters of the incoming rows are registry persons written with mistakes (name
typos, dropped names, swapped or shifted birth dates, moves to another desa, wrong NIK digits), a third of all
incoming rows have no NIK. Three ways, same data, same run:

- ours:  ``cakupan.linkage.engine.link`` (exact NIK, then Splink on DuckDB for the rest), median of REPEAT runs,
  at the configured thresholds (CAKUPAN_LINK_MATCH_THRESHOLD / CAKUPAN_LINK_REVIEW_THRESHOLD, as the app);
- floor: DuckDB alone doing the joins ours starts from (the exact-NIK join and the blocking joins, counted),
  with no scoring: what any linkage on this engine must pay;
- naive: an exact join on NIK in Polars, the way it is usually done, and its recall.

Budgets (issue 4): ours <= 20 s, precision >= 0.995 and recall >= 0.97; each is printed PASS or MISS. The
machine is shared: the load average is printed before and after.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time

import polars as pl

from cakupan.linkage import engine as L
from cakupan.synth.linkage import LinkageSample, Scores, linkage_sample, score_duplicates, score_links

REPEAT = int(os.environ.get("CAKUPAN_BENCH_REPEAT", "3"))
SIZE = 200_000
BUDGET_SECONDS = 20.0
BUDGET_PRECISION = 0.995
BUDGET_RECALL = 0.97
GRID = (0.5, 0.8, 0.85, 0.9, 0.95, 0.99)


def thresholds() -> L.Thresholds:
    match = os.environ.get("CAKUPAN_LINK_MATCH_THRESHOLD", "").strip() or str(L.DEFAULT_MATCH_THRESHOLD)
    review = os.environ.get("CAKUPAN_LINK_REVIEW_THRESHOLD", "").strip() or str(L.DEFAULT_REVIEW_THRESHOLD)
    return L.Thresholds(match=float(match), review=float(review))


def floor(sample: LinkageSample) -> tuple[float, int]:
    """DuckDB doing the bare joins: exact NIK, then every blocking rule on the rows left (pairs counted)."""
    started = time.perf_counter()
    con = L.offline_connection()
    L._load(con, "registry", L.prepare(sample.registry))
    L._load(con, "incoming", L.prepare(sample.incoming))
    con.execute("CREATE TABLE linked AS SELECT i.unique_id FROM incoming i JOIN registry r ON i.nik = r.nik")
    con.execute("CREATE TABLE residual AS SELECT * FROM incoming ANTI JOIN linked USING (unique_id)")
    pairs = 0
    for rule in L.BLOCKING_RULES:
        pairs += con.sql(f"SELECT count(*) FROM registry l JOIN residual r ON {rule}").fetchall()[0][0]
    return time.perf_counter() - started, pairs


def naive(sample: LinkageSample) -> tuple[float, Scores]:
    started = time.perf_counter()
    joined = sample.incoming.filter(pl.col("nik").is_not_null()).join(
        sample.registry.select("nik", pl.col("record_id").alias("person_id")), on="nik"
    )
    seconds = time.perf_counter() - started
    return seconds, score_links(sample, joined["record_id"].to_numpy(), joined["person_id"].to_numpy())


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> int:
    chosen = thresholds()
    print(f"=== record linkage | Splink + DuckDB | {SIZE:,} x {SIZE:,} rows | median of {REPEAT} ===")
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} before (others may share it)"
    )
    generated = time.perf_counter()
    sample = linkage_sample(registry_size=SIZE, incoming_size=SIZE, seed=1)
    print(
        f"data: {sample.registry.height:,} registry rows ({sample.registry.height - SIZE} duplicated persons), "
        f"{sample.incoming.height:,} incoming rows, {int(sample.findable.sum()):,} of them registry persons, "
        f"{sample.incoming['nik'].null_count():,} without NIK (generated in {time.perf_counter() - generated:.1f} s)"
    )

    times, cpu, result = [], [], None
    for _ in range(REPEAT):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = L.link(sample.incoming, sample.registry, thresholds=chosen)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    assert result is not None
    ours = statistics.median(times)
    links = result.links
    scores = score_links(sample, links["record_id"].to_numpy(), links["person_id"].to_numpy())
    floor_seconds, floor_pairs = floor(sample)
    naive_seconds, naive_scores = naive(sample)

    steps = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
    print(f"\nlinkage at match >= {chosen.match}, review >= {chosen.review}")
    line = "  {:<44} {:>8}   precision {:.4f}   recall {:.4f}   {}"
    print(
        line.format(
            "ours   (exact NIK + Splink)", f"{ours:.1f} s", scores.precision, scores.recall,
            f"{scores.linked:,} linked, {scores.false_links} false; {result.counts.review:,} rows to review",
        )
    )  # fmt: skip
    print(f"         steps of the last run: {steps}; CPU time {statistics.median(cpu):.1f} s")
    counts = result.counts
    reasons = dict(
        result.decisions.filter(pl.col("reason").is_not_null()).group_by("reason").len().iter_rows()
    )
    print(
        f"         rows: {counts.nik:,} by NIK + {counts.auto_linked:,} by Splink + {counts.review:,} to review "
        f"+ {counts.not_found:,} not found = {counts.total:,}; to review because: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(reasons.items()))
    )
    print(
        f"  {'floor  (DuckDB: NIK join + blocking joins)':<44} {floor_seconds:>6.1f} s   {floor_pairs:,} candidate pairs"
    )
    print(
        line.format(
            "naive  (exact NIK join, Polars)", f"{naive_seconds:.2f} s", naive_scores.precision, naive_scores.recall,
            f"{naive_scores.linked:,} linked, {naive_scores.false_links} false",
        )
    )  # fmt: skip

    print("\nthe same run at higher match thresholds (review unchanged):")
    for match in (m for m in GRID if m >= chosen.match):
        demoted = result.decide_again(L.Thresholds(match=match, review=chosen.review)).links
        s = score_links(sample, demoted["record_id"].to_numpy(), demoted["person_id"].to_numpy())
        note = "" if match >= chosen.match else " (ours only links at the configured threshold or above)"
        print(
            f"  match >= {match:<5}  precision {s.precision:.4f}  recall {s.recall:.4f}  false {s.false_links}{note}"
        )

    started = time.perf_counter()
    found = L.duplicates(sample.registry, threshold=chosen.review)
    dup_seconds = time.perf_counter() - started
    dup = score_duplicates(sample, found.pairs["left_id"].to_numpy(), found.pairs["right_id"].to_numpy())
    print(
        f"\nregistry duplicates (not budgeted): {dup.linked} pairs >= {chosen.review} in {dup_seconds:.1f} s, "
        f"{dup.true_links} of {dup.findable} true duplicates found, {dup.false_links} false"
    )

    print("\nbudgets:")
    print(f"  {verdict(ours <= BUDGET_SECONDS)}  time {ours:.1f} s <= {BUDGET_SECONDS:.0f} s")
    print(
        f"  {verdict(scores.precision >= BUDGET_PRECISION)}  precision {scores.precision:.4f} >= {BUDGET_PRECISION}"
    )
    print(f"  {verdict(scores.recall >= BUDGET_RECALL)}  recall {scores.recall:.4f} >= {BUDGET_RECALL}")
    print(
        f"  (exact NIK join alone: recall {naive_scores.recall:.4f}); load average {os.getloadavg()[0]:.1f} after"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
