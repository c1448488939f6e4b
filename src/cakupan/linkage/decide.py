"""The decision step of record linkage: every candidate pair of every incoming row in, one decision per row out.

``decide`` is the only place where a row is linked, sent to review or left unlinked; the command line, the web
jobs and the benchmark all use its table, so their counts agree and add up to the rows linked.

The rule, per incoming row (thresholds from ``Thresholds`` and ``NAME_AGREEMENT_LEVEL``, nowhere else):

1. exactly one exact-NIK pair that agrees with the row (method ``nik``): **linked by NIK**; two or more (the
   NIK is two registry persons'): **review** (``ambiguous``);
2. the Splink candidates at or above ``review`` (pairwise probability) are the row's plausible candidates. The
   best one is **linked automatically** only when its probability (its share of all the row's candidates) is
   at or above ``match``, it agrees on the name (the model's name comparison at ``NAME_AGREEMENT_LEVEL`` or
   above), and it is clearly ahead: no other plausible candidate comes within ``AMBIGUITY_MARGIN`` of its match
   weight (two such candidates make the row ambiguous);
3. otherwise a row with a plausible candidate or a NIK conflict goes to **review** with them (at most
   ``MAX_CANDIDATES`` Splink candidates, plus the NIK conflict), and the reason (``ReviewReason``);
4. otherwise the row is **not found**.

A linked row keeps exactly one pair (status ``auto_linked``), a row to review only ``pending`` pairs, a row not
found none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

import polars as pl


class Thresholds(Protocol):
    """The match and review probabilities (``engine.Thresholds``, which checks them)."""

    @property
    def match(self) -> float: ...

    @property
    def review(self) -> float: ...


Outcome = Literal["nik", "auto_linked", "review", "not_found"]
OUTCOMES: tuple[Outcome, ...] = ("nik", "auto_linked", "review", "not_found")
# Why a row goes to review: another candidate is plausible too (or the NIK is two registry persons'); the best
# candidate is below the match threshold; it reaches it but the name does not agree; the only candidate is a NIK
# conflict.
ReviewReason = Literal["ambiguous", "uncertain", "name_differs", "nik_conflict"]

# --- the decision rule's constants (the match and review thresholds are settings: ``engine.Thresholds``) ---

MAX_CANDIDATES = 3  # Splink candidates kept per row for review
# Another plausible candidate within this many bits of match weight of the best (the best less than 2^5 = 32
# times as likely) makes a row ambiguous. Measured on the benchmark's sample (200,000 rows, seed 1): every row
# the match threshold alone would link despite a plausible runner-up is at least 3 bits ahead; 53 are within
# 5 bits (none false), so the margin costs 0.04 points of recall.
AMBIGUITY_MARGIN = 5.0
# The lowest level of the model's name comparison that counts as agreeing on the name: exact, one letter
# different, one name missing, or Jaro-Winkler similarity >= 0.9 ("similar"). Below it ("one_name_shared",
# "different") or without a name, a pair is never linked automatically, whatever the other fields say.
NAME_AGREEMENT_LEVEL = "similar"

GAMMAS = ("gamma_name", "gamma_dob", "gamma_sex", "gamma_region", "gamma_nik")
# Candidate pairs going in: match_probability is the pair's share of the row's Splink candidates (null for the
# exact-NIK methods), pair_probability Splink's probability of the pair alone.
CANDIDATE_SCHEMA = pl.Schema(
    {
        "record_id": pl.Int64,
        "person_id": pl.Int64,
        "method": pl.String,
        "match_weight": pl.Float64,
        "match_probability": pl.Float64,
        "pair_probability": pl.Float64,
        **dict.fromkeys(GAMMAS, pl.Int64),
    }
)
# Pairs kept for the decisions: a candidate with its status and its rank among the row's kept pairs.
PAIR_SCHEMA = pl.Schema(
    [
        *((k, v) for k, v in CANDIDATE_SCHEMA.items() if k not in GAMMAS),
        ("status", pl.String()),
        ("rank", pl.Int64()),
        *((g, pl.Int64()) for g in GAMMAS),
    ]
)
DECISION_SCHEMA = pl.Schema(
    {
        "record_id": pl.Int64,
        "outcome": pl.String,  # OUTCOMES
        "reason": pl.String,  # ReviewReason for a row to review, else null
        "person_id": pl.Int64,  # the linked person (null unless linked)
        "method": pl.String,  # how it was linked: nik or splink (null unless linked)
        "match_probability": pl.Float64,  # of the best Splink candidate (null without one)
        "candidates": pl.Int64,  # pairs kept for the row
    }
)


@dataclass(frozen=True)
class OutcomeCounts:
    """Incoming rows per decision; they add up to ``total`` (every row has exactly one decision)."""

    nik: int
    auto_linked: int
    review: int
    not_found: int

    @property
    def total(self) -> int:
        return self.nik + self.auto_linked + self.review + self.not_found


def outcome_counts(decisions: pl.DataFrame) -> OutcomeCounts:
    found = dict(decisions.group_by("outcome").len().iter_rows())
    unknown = set(found) - set(OUTCOMES)
    if unknown:
        raise ValueError(f"unknown outcomes {sorted(unknown)}")
    return OutcomeCounts(**{outcome: int(found.get(outcome, 0)) for outcome in OUTCOMES})


@dataclass(frozen=True)
class Decisions:
    table: pl.DataFrame  # DECISION_SCHEMA, one row per incoming row, in the order given
    pairs: pl.DataFrame  # PAIR_SCHEMA, the pairs kept (see the module docstring)

    @property
    def counts(self) -> OutcomeCounts:
        return outcome_counts(self.table)


def decide(
    record_ids: pl.Series, candidates: pl.DataFrame, *, thresholds: Thresholds, name_agrees_from: int
) -> Decisions:
    """One decision per row of ``record_ids`` from its candidate pairs (``CANDIDATE_SCHEMA``).

    ``name_agrees_from`` is the comparison vector value (gamma) of ``NAME_AGREEMENT_LEVEL`` in the model
    (``engine.name_agreement_gamma``).
    """
    rows = pl.DataFrame({"record_id": record_ids.cast(pl.Int64)}).with_row_index("position")
    if rows["record_id"].n_unique() != rows.height:
        raise ValueError("record ids must be unique")
    pairs = candidates.select(list(CANDIDATE_SCHEMA)).cast(CANDIDATE_SCHEMA)
    stray = pairs.join(rows, on="record_id", how="anti")
    if stray.height:
        raise ValueError(f"{stray.height} candidate pairs of rows that are not being decided")

    method = pl.col("method")
    nik = pairs.filter(method == "nik")
    conflicts = pairs.filter(method == "nik_conflict")
    plausible = (
        pairs.filter((method == "splink") & (pl.col("pair_probability") >= thresholds.review))
        .sort(["record_id", "match_weight", "person_id"], descending=[False, True, False])
        .with_columns(pl.int_range(1, pl.len() + 1).over("record_id").cast(pl.Int64).alias("rank"))
    )
    best = plausible.filter(pl.col("rank") == 1).select(
        "record_id",
        pl.col("person_id").alias("best_person"),
        pl.col("match_probability").alias("best_probability"),
        pl.col("gamma_name").alias("best_name"),
        pl.col("match_weight").alias("best_weight"),
    )
    runner_up = plausible.filter(pl.col("rank") == 2).select(
        "record_id", pl.col("match_weight").alias("runner_up_weight")
    )

    def per_row(frame: pl.DataFrame, name: str) -> pl.DataFrame:
        return frame.group_by("record_id").agg(pl.len().cast(pl.Int64).alias(name))

    facts = (
        rows.join(per_row(nik, "nik_n"), on="record_id", how="left")
        .join(per_row(conflicts, "conflict_n"), on="record_id", how="left")
        .join(per_row(plausible, "plausible_n"), on="record_id", how="left")
        .join(best, on="record_id", how="left")
        .join(runner_up, on="record_id", how="left")
        .with_columns(pl.col("nik_n", "conflict_n", "plausible_n").fill_null(0))
    )
    nik_n, plausible_n = pl.col("nik_n"), pl.col("plausible_n")
    name_agrees = pl.col("best_name").fill_null(-1) >= name_agrees_from
    reaches_match = pl.col("best_probability").fill_null(0.0) >= thresholds.match
    close = (pl.col("best_weight") - pl.col("runner_up_weight")).fill_null(float("inf")) < AMBIGUITY_MARGIN
    ambiguous = (nik_n > 1) | close
    outcome = (
        pl.when(nik_n == 1)
        .then(pl.lit("nik"))
        .when(nik_n > 1)
        .then(pl.lit("review"))
        .when((plausible_n > 0) & reaches_match & name_agrees & ~ambiguous)
        .then(pl.lit("auto_linked"))
        .when((plausible_n > 0) | (pl.col("conflict_n") > 0))
        .then(pl.lit("review"))
        .otherwise(pl.lit("not_found"))
    )
    reason = (
        pl.when(pl.col("outcome") != "review")
        .then(pl.lit(None, pl.String))
        .when(ambiguous)
        .then(pl.lit("ambiguous"))
        .when(plausible_n == 0)
        .then(pl.lit("nik_conflict"))
        .when(~reaches_match)
        .then(pl.lit("uncertain"))
        .otherwise(pl.lit("name_differs"))
    )
    facts = facts.with_columns(outcome.alias("outcome")).with_columns(reason.alias("reason"))

    rows = rows.drop("position")

    def of(outcome: Outcome) -> pl.DataFrame:
        return facts.filter(pl.col("outcome") == outcome).select("record_id")

    linked = pl.concat(
        [
            nik.join(of("nik"), on="record_id").with_columns(pl.lit(1, pl.Int64).alias("rank")),
            plausible.filter(pl.col("rank") == 1).join(of("auto_linked"), on="record_id"),
        ],
        how="diagonal",
    ).with_columns(pl.lit("auto_linked").alias("status"))
    review = of("review")
    # A row to review: its exact-NIK pairs (a NIK of two persons), its best Splink candidates, then its NIK
    # conflict (scored without the NIK, so its weight is not comparable and it comes last).
    order = pl.when(method == "nik").then(0).when(method == "splink").then(1).otherwise(2).alias("order")
    waiting = (
        pl.concat(
            [
                nik.join(review, on="record_id"),
                plausible.filter(pl.col("rank") <= MAX_CANDIDATES).join(review, on="record_id").drop("rank"),
                conflicts.join(review, on="record_id"),
            ],
            how="diagonal",
        )
        .with_columns(order)
        .sort(["record_id", "order", "match_weight", "person_id"], descending=[False, False, True, False])
        .with_columns(
            pl.int_range(1, pl.len() + 1).over("record_id").cast(pl.Int64).alias("rank"),
            pl.lit("pending").alias("status"),
        )
        .drop("order")
    )
    kept = pl.concat(
        [
            linked.select(list(PAIR_SCHEMA)).cast(PAIR_SCHEMA),
            waiting.select(list(PAIR_SCHEMA)).cast(PAIR_SCHEMA),
        ]
    ).sort(["record_id", "rank"])
    linked_to = linked.select(
        "record_id", pl.col("person_id").alias("linked_person"), pl.col("method").alias("how")
    )
    table = (
        facts.join(linked_to, on="record_id", how="left")
        .join(per_row(kept, "kept_n"), on="record_id", how="left")
        .sort("position")
        .select(
            "record_id",
            "outcome",
            "reason",
            pl.col("linked_person").alias("person_id"),
            pl.col("how").alias("method"),
            pl.col("best_probability").alias("match_probability"),
            pl.col("kept_n").fill_null(0).alias("candidates"),
        )
        .cast(DECISION_SCHEMA)
    )
    return Decisions(table=table, pairs=kept)
