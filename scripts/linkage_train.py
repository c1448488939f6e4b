"""Train the record-linkage model on synthetic data and write src/cakupan/linkage/model.json.

    .venv/bin/python scripts/linkage_train.py            # about a minute on 2 cores
    .venv/bin/python scripts/linkage_train.py --check    # evaluate the stored model only, write nothing

Steps (all on synthetic files from ``cakupan.synth.linkage``, never on real people):

1. A training sample (seed 101: 200,000 registry rows, 200,000 incoming rows).
2. u probabilities (how often two different people agree at each level) by Splink's random sampling of pairs.
3. m probabilities (how often the same person agrees at each level) by Splink's expectation maximisation,
   unsupervised, in two sessions blocked on birth date and on first name + desa, so every comparison is
   estimated at least once. The known truth is not used for m or u.
4. The NIK-conflict cut: the weight of name, birth date, sex and region evidence below which an exact-NIK pair is
   treated as a NIK conflict. Chosen on the training sample's truth to keep a false NIK pair at most a fifth
   as likely as a rejected true one (a rejected true pair is not lost: it goes to review and to Splink).
5. Evaluation on a held-out sample (seed 202) at several match thresholds: precision and recall of the
   automatic links (exact NIK + Splink) against the truth, the size of the review queue, and the recall of an
   exact-NIK join alone. These figures are stored in the model and shown next to the thresholds in the app.

The benchmark (benchmarks/bench_linkage.py) measures on yet another sample (seed 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from cakupan.linkage import engine as L
from cakupan.synth.linkage import Corruption, LinkageSample, linkage_sample, score_links

MODEL_PATH = Path(__file__).resolve().parents[1] / "src" / "cakupan" / "linkage" / L.MODEL_FILE
TRAIN_SEED = 101
EVAL_SEED = 202
EM_BLOCKING = ("l.dob = r.dob", "l.first_token = r.first_token and l.desa = r.desa")
MATCH_GRID = (0.5, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)
REVIEW = 0.3  # the review threshold the evaluation uses
EXPECTED_MATCH_SHARE = 0.5  # of the rows Splink sees (no NIK, or a NIK not in the registry)
EXPECTED_DUPLICATE_SHARE = 0.005
FALSE_KEPT_COST = 5.0


def train(sample: LinkageSample, *, u_pairs: float) -> list[dict[str, Any]]:
    from splink import DuckDBAPI, Linker

    con = L.offline_connection()
    L._load(con, "registry", L.prepare(sample.registry))
    L._load(con, "incoming", L.prepare(sample.incoming))
    prior = EXPECTED_MATCH_SHARE / sample.registry.height
    settings = L.splink_settings(L.comparisons(), link_type="link_only", prior=prior)
    db_api = DuckDBAPI(connection=con)
    linker = Linker(
        [
            db_api.register("registry", table_name="t0_registry"),
            db_api.register("incoming", table_name="t1_incoming"),
        ],
        settings,
        log_level=logging.WARNING,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=1)
    for rule in EM_BLOCKING:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    trained = linker.misc.save_model_to_json()
    keep = ("sql_condition", "label_for_charts", "is_null_level", "tf_adjustment_column", "tf_adjustment_weight",
            "m_probability", "u_probability")  # fmt: skip
    return [
        {
            "output_column_name": c["output_column_name"],
            "comparison_description": c["comparison_description"],
            "comparison_levels": [
                {k: v for k, v in lv.items() if k in keep} for lv in c["comparison_levels"]
            ],
        }
        for c in trained["comparisons"]
    ]


def conflict_cut(sample: LinkageSample, model: L.LinkageModel) -> float:
    """The demographic weight below which exact-NIK pairs are conflicts, from the training truth."""
    con = L.offline_connection()
    L._load(con, "registry", L.prepare(sample.registry))
    L._load(con, "incoming", L.prepare(sample.incoming))
    pairs = L._nik_pairs(con, model)
    true = (
        sample.incoming_human[pairs["record_id"].to_numpy()]
        == sample.registry_human[pairs["person_id"].to_numpy()]
    )
    weight = pairs["match_weight"].to_numpy()
    best, best_cost = 0.0, float("inf")
    for cut in np.arange(-30.0, 30.0, 0.5):
        cost = FALSE_KEPT_COST * float(((weight >= cut) & ~true).sum()) + float(((weight < cut) & true).sum())
        if cost < best_cost:
            best, best_cost = float(cut), cost
    print(
        f"NIK pairs {weight.size}: {int((~true).sum())} false; cut {best}: "
        f"{int(((weight >= best) & ~true).sum())} false kept, {int(((weight < best) & true).sum())} true rejected"
    )
    return best


def evaluate(sample: LinkageSample, model: L.LinkageModel) -> list[dict[str, Any]]:
    """Precision and recall of the automatic links at each match threshold of MATCH_GRID."""
    result = L.link(
        sample.incoming,
        sample.registry,
        thresholds=L.Thresholds(match=MATCH_GRID[0], review=REVIEW),
        model=model,
    )
    nik = _nik_join(sample)
    rows = []
    for match in MATCH_GRID:
        decided = result.decide_again(L.Thresholds(match=match, review=REVIEW), model)
        links = decided.links
        scores = score_links(sample, links["record_id"].to_numpy(), links["person_id"].to_numpy())
        pending = decided.counts.review
        rows.append(
            {
                "match": match,
                "review": REVIEW,
                "precision": round(scores.precision, 5),
                "recall": round(scores.recall, 5),
                "false_links": scores.false_links,
                "links": scores.linked,
                "pending_rows": pending,
                "nik_join_recall": round(nik.recall, 5),
                "incoming_rows": sample.incoming.height,
                "registry_rows": sample.registry.height,
                "seed": sample.seed,
            }
        )
        print(
            f"match >= {match}: precision {scores.precision:.4f}, recall {scores.recall:.4f} "
            f"({scores.false_links} false of {scores.linked}), {pending} rows to review; NIK join recall {nik.recall:.4f}"
        )
    return rows


def _nik_join(sample: LinkageSample) -> Any:
    joined = sample.incoming.filter(pl.col("nik").is_not_null()).join(
        sample.registry.select("nik", person_id="record_id"), on="nik"
    )
    return score_links(sample, joined["record_id"].to_numpy(), joined["person_id"].to_numpy())


def blocking_coverage(sample: LinkageSample) -> None:
    """How many of the true pairs Splink would see, rule by rule (on the rows without an exact NIK)."""
    con = L.offline_connection()
    L._load(con, "registry", L.prepare(sample.registry))
    L._load(con, "incoming", L.prepare(sample.incoming))
    con.execute(
        "CREATE TABLE residual AS SELECT * FROM incoming i WHERE NOT EXISTS (SELECT 1 FROM registry r WHERE r.nik = i.nik)"
    )
    incoming = pl.DataFrame({"h": sample.incoming_human}).with_row_index("rid")
    registry = pl.DataFrame({"h": sample.registry_human}).with_row_index("lid")
    true_pairs = incoming.join(registry, on="h").select(
        pl.col("lid").cast(pl.Int64), pl.col("rid").cast(pl.Int64)
    )
    residual = pl.Series("rid", [row[0] for row in con.sql("SELECT unique_id FROM residual").fetchall()])
    true_pairs = true_pairs.filter(pl.col("rid").is_in(residual.implode()))
    covered = pl.DataFrame(schema={"lid": pl.Int64, "rid": pl.Int64})
    total = 0
    for rule in L.BLOCKING_RULES:
        found = pl.DataFrame(
            con.sql(
                f"SELECT l.unique_id AS lid, r.unique_id AS rid FROM registry l JOIN residual r ON {rule}"
            ).fetchall(),
            schema={"lid": pl.Int64, "rid": pl.Int64},
            orient="row",
        )
        total += found.height
        covered = pl.concat([covered, found.join(true_pairs, on=["lid", "rid"])]).unique()
        print(
            f"{rule}: {found.height} pairs; true pairs covered so far {covered.height / true_pairs.height:.4f}"
        )
    print(f"{total} pairs for {residual.len()} rows ({total / residual.len():.1f} per row)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="evaluate the stored model, write nothing")
    parser.add_argument("--size", type=int, default=200_000, help="rows per file")
    parser.add_argument("--u-pairs", type=float, default=5e6, help="pairs sampled for the u probabilities")
    args = parser.parse_args()
    started = time.perf_counter()
    corruption = Corruption()
    held_out = linkage_sample(
        registry_size=args.size, incoming_size=args.size, seed=EVAL_SEED, corruption=corruption
    )
    if args.check:
        evaluate(held_out, L.load_model())
        return
    training = linkage_sample(
        registry_size=args.size, incoming_size=args.size, seed=TRAIN_SEED, corruption=corruption
    )
    blocking_coverage(training)
    comparisons = train(training, u_pairs=args.u_pairs)
    model = L.LinkageModel(
        version=L.MODEL_VERSION,
        produced={},
        expected_match_share=EXPECTED_MATCH_SHARE,
        expected_duplicate_share=EXPECTED_DUPLICATE_SHARE,
        nik_conflict_weight=0.0,
        comparisons=comparisons,
    )
    model = L.LinkageModel(**{**model.__dict__, "nik_conflict_weight": conflict_cut(training, model)})
    evaluation = evaluate(held_out, model)
    produced = {
        "by": "scripts/linkage_train.py",
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "training_sample": {
            "seed": TRAIN_SEED,
            "registry_rows": training.registry.height,
            "incoming_rows": training.incoming.height,
        },
        "evaluation_sample": {
            "seed": EVAL_SEED,
            "registry_rows": held_out.registry.height,
            "incoming_rows": held_out.incoming.height,
        },
        "corruption": corruption.__dict__,
        "u": f"Splink random sampling, {args.u_pairs:g} pairs, seed 1",
        "m": f"Splink expectation maximisation, blocked on: {'; '.join(EM_BLOCKING)}",
        "nik_conflict_weight": f"chosen on the training truth, a kept false NIK pair costing {FALSE_KEPT_COST:g} rejected true ones",
    }
    model = L.LinkageModel(**{**model.__dict__, "produced": produced, "evaluation": evaluation})
    MODEL_PATH.write_text(json.dumps(model.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
