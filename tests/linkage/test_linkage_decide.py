"""The decision step: one outcome per incoming row, counts that add up, ambiguity and name disagreement to review.

Issue 17 point 5: three women born the same day in one nagari with near-identical names made one row both
linked and pending (the run's counts then broke a CHECK constraint), and a no-NIK "BUDI SANTOSO" was linked
automatically to a man who shared only his birth date, sex and nagari.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from cakupan.linkage import engine as L
from cakupan.linkage.decide import AMBIGUITY_MARGIN, CANDIDATE_SCHEMA, OUTCOMES, decide
from cakupan.synth.linkage import linkage_sample

THRESHOLDS = L.Thresholds(match=L.DEFAULT_MATCH_THRESHOLD, review=L.DEFAULT_REVIEW_THRESHOLD)
NAGARI = "13.02.05.2001"
BORN = dt.date(1992, 4, 17)
SCHEMA = {
    "record_id": pl.Int64,
    "nik": pl.String,
    "nama": pl.String,
    "tanggal_lahir": pl.Date,
    "jenis_kelamin": pl.String,
    "kode_wilayah": pl.String,
}


def _person(record_id: int, name: str, born: dt.date, sex: str, nik: str | None = None) -> dict[str, object]:
    return {
        "record_id": record_id,
        "nik": nik,
        "nama": name,
        "tanggal_lahir": born,
        "jenis_kelamin": sex,
        "kode_wilayah": NAGARI,
    }


REGISTRY = pl.DataFrame(
    [
        _person(1, "RINA MARLINA", BORN, "P", "1302055704920001"),
        _person(2, "RINI MARLINA", BORN, "P", "1302055704920002"),
        _person(3, "RINA MARLINI", BORN, "P", "1302055704920003"),
        _person(4, "AHMAD FAUZI", dt.date(1985, 7, 1), "L", "1302050107850004"),
    ],
    schema=SCHEMA,
)


def _one_outcome_per_row(result: L.LinkResult, incoming: pl.DataFrame) -> None:
    decisions = result.decisions
    assert sorted(decisions["record_id"].to_list()) == sorted(incoming["record_id"].to_list())
    counts = result.counts
    assert counts.total == incoming.height
    assert set(decisions["outcome"].unique()) <= set(OUTCOMES)
    statuses = result.pairs.group_by("record_id").agg(pl.col("status").unique())
    assert all(len(s) == 1 for s in statuses["status"].to_list())  # never both linked and pending
    linked = decisions.filter(pl.col("outcome").is_in(["nik", "auto_linked"]))
    assert result.links["record_id"].sort().to_list() == linked["record_id"].sort().to_list()
    assert result.pending["record_id"].n_unique() == counts.review


def test_near_identical_women_make_one_row_ambiguous_and_it_goes_to_review() -> None:
    """At a lower match threshold (a small registry weighs a common exact name down) the old step linked the row
    to one woman and queued the other two: one row both linked and pending."""
    incoming = pl.DataFrame([_person(2, "RINA MARLINA", BORN, "P")], schema=SCHEMA)
    result = L.link(incoming, REGISTRY, thresholds=L.Thresholds(match=0.45, review=0.3))
    _one_outcome_per_row(result, incoming)
    assert result.links.is_empty()
    [decision] = result.decisions.iter_rows(named=True)
    assert (decision["outcome"], decision["reason"], decision["candidates"]) == ("review", "ambiguous", 3)
    assert set(result.pending["person_id"]) == {1, 2, 3}


def test_no_automatic_link_without_agreement_on_the_name() -> None:
    incoming = pl.DataFrame([_person(7, "BUDI SANTOSO", dt.date(1985, 7, 1), "L")], schema=SCHEMA)
    result = L.link(incoming, REGISTRY, thresholds=THRESHOLDS)
    _one_outcome_per_row(result, incoming)
    assert result.links.is_empty()  # AHMAD FAUZI shares his birth date, sex and nagari, not his name
    [decision] = result.decisions.iter_rows(named=True)
    assert (decision["outcome"], decision["reason"]) == ("review", "name_differs")
    assert decision["match_probability"] >= THRESHOLDS.match  # the other fields alone would have linked him


# --- the rule on hand-made candidates ---


def _candidates(rows: list[tuple[int, int, str, float, float | None, float | None, int]]) -> pl.DataFrame:
    """(record_id, person_id, method, weight, probability, pair_probability, name gamma)."""
    return pl.DataFrame(
        [
            {
                "record_id": r,
                "person_id": p,
                "method": m,
                "match_weight": w,
                "match_probability": prob,
                "pair_probability": pair,
                "gamma_name": name,
                "gamma_dob": 5,
                "gamma_sex": 1,
                "gamma_region": 3,
                "gamma_nik": -1,
            }
            for r, p, m, w, prob, pair, name in rows
        ],
        schema=CANDIDATE_SCHEMA,
    )


NAME_AGREES = L.name_agreement_gamma(L.load_model())
EXACT = 5


def test_each_row_gets_exactly_one_decision_and_the_counts_add_up() -> None:
    clear = 20.0 + AMBIGUITY_MARGIN + 1
    candidates = _candidates(
        [
            (1, 10, "nik", 12.0, None, None, EXACT),  # linked by NIK
            (2, 20, "splink", clear, 0.99, 1.0, EXACT),  # clearly ahead of its runner-up: linked
            (2, 21, "splink", 20.0, 0.01, 0.99, NAME_AGREES),  # dropped with the row linked, not queued
            (3, 30, "splink", 20.0, 0.5, 1.0, EXACT),  # two alike: ambiguous
            (3, 31, "splink", 19.0, 0.4, 1.0, EXACT),
            (4, 40, "splink", 1.0, 0.6, 0.6, EXACT),  # below the match threshold: uncertain
            (5, 50, "splink", 9.0, 0.95, 0.99, NAME_AGREES - 1),  # name not agreeing: review
            (6, 60, "nik_conflict", -4.0, None, None, 0),  # only a NIK conflict: review
            (7, 70, "splink", -5.0, 0.01, 0.03, EXACT),  # below review: not found
            (9, 90, "nik", 10.0, None, None, EXACT),  # a NIK of two registry persons: ambiguous
            (9, 91, "nik", 8.0, None, None, EXACT),
        ]
    )
    decided = decide(pl.Series(range(1, 10)), candidates, thresholds=THRESHOLDS, name_agrees_from=NAME_AGREES)
    table = {r["record_id"]: r for r in decided.table.iter_rows(named=True)}
    assert {k: (v["outcome"], v["reason"]) for k, v in table.items()} == {
        1: ("nik", None),
        2: ("auto_linked", None),
        3: ("review", "ambiguous"),
        4: ("review", "uncertain"),
        5: ("review", "name_differs"),
        6: ("review", "nik_conflict"),
        7: ("not_found", None),
        8: ("not_found", None),  # no candidate at all
        9: ("review", "ambiguous"),
    }
    assert (table[1]["person_id"], table[1]["method"]) == (10, "nik")
    assert (table[2]["person_id"], table[2]["method"], table[2]["candidates"]) == (20, "splink", 1)
    counts = decided.counts
    assert (counts.nik, counts.auto_linked, counts.review, counts.not_found) == (1, 1, 5, 2)
    assert counts.total == 9
    pairs = {(r["record_id"], r["person_id"]): r["status"] for r in decided.pairs.iter_rows(named=True)}
    assert pairs == {
        (1, 10): "auto_linked",
        (2, 20): "auto_linked",
        (3, 30): "pending",
        (3, 31): "pending",
        (4, 40): "pending",
        (5, 50): "pending",
        (6, 60): "pending",
        (9, 90): "pending",
        (9, 91): "pending",
    }
    assert decided.table["candidates"].sum() == decided.pairs.height


def test_a_close_runner_up_keeps_even_a_likely_best_candidate_from_being_linked() -> None:
    candidates = _candidates(
        [
            (1, 10, "splink", 20.0, 0.9, 1.0, EXACT),
            (1, 11, "splink", 20.0 - AMBIGUITY_MARGIN + 0.1, 0.05, 1.0, NAME_AGREES),
        ]
    )
    decided = decide(pl.Series([1]), candidates, thresholds=THRESHOLDS, name_agrees_from=NAME_AGREES)
    assert decided.table.select("outcome", "reason").row(0) == ("review", "ambiguous")
    assert decided.pairs.sort("rank")["person_id"].to_list() == [10, 11]


def test_candidates_of_rows_not_being_decided_are_refused() -> None:
    candidates = _candidates([(5, 10, "splink", 20.0, 0.9, 1.0, EXACT)])
    with pytest.raises(ValueError, match="not being decided"):
        decide(pl.Series([1]), candidates, thresholds=THRESHOLDS, name_agrees_from=NAME_AGREES)


# --- on a synthetic sample ---


def test_on_a_synthetic_sample_every_row_has_one_outcome_and_every_link_agrees_on_the_name() -> None:
    sample = linkage_sample(registry_size=3000, incoming_size=3000, seed=17)
    result = L.link(sample.incoming, sample.registry, thresholds=THRESHOLDS)
    _one_outcome_per_row(result, sample.incoming)
    splink = result.links.filter(pl.col("method") == "splink")
    assert splink.height > 300
    assert splink["gamma_name"].min() >= NAME_AGREES  # type: ignore[operator]
    assert splink["match_probability"].min() >= THRESHOLDS.match  # type: ignore[operator]
    again = result.decide_again(L.Thresholds(match=0.99, review=THRESHOLDS.review))
    _one_outcome_per_row(again, sample.incoming)
    assert again.counts.auto_linked < result.counts.auto_linked
