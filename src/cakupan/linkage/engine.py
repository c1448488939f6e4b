"""Link person records to the registry: exact NIK first, then probabilistic linkage with Splink (DuckDB, offline).

Pipeline of ``link`` (incoming records against registry records, both in the layout ``COLUMNS``):

1. **Prepare** both frames (``prepare``): NIK normalised (16 digits, else missing), names in one spelling
   (upper case, titles and degrees dropped, old spellings such as ``DJ``/``SJ``/``OE`` written the modern way),
   name tokens, birth date parts, sex, and the region as desa / kecamatan / kab/kota codes (prefixes of the
   Kemendagri code).
2. **Exact NIK**: incoming rows whose NIK is a registry NIK. Each such pair is scored with the model's name,
   birth date, sex and region comparisons (no NIK); a pair whose evidence falls below
   ``LinkageModel.nik_conflict_weight`` is a **NIK conflict** (the NIK belongs to someone else, or was
   mistyped into another valid NIK): the row goes on to step 3 and the NIK pair is queued for review.
3. **Splink** for every other row (no NIK, a NIK not in the registry, or a NIK conflict): candidate pairs from
   the blocking rules ``BLOCKING_RULES``, scored with the trained model (``model.json``), including a
   NIK comparison (a NIK one or two digits away is strong evidence for, two different NIKs strong evidence
   against). The prior is ``expected_match_share / registry size``: the chance that a given registry row is
   the incoming row's person, so a match probability means the same for a registry of 100 or 1,000,000.
4. **Decide** (``decide``): every candidate pair of every incoming row in, exactly one decision per row out
   (``LinkResult.decisions``): linked by NIK, linked automatically, to review (with its candidates), or not
   found; the counts add up to the incoming rows by construction. A row is linked automatically only when its
   best candidate reaches ``match`` (its share of all the row's candidates), agrees on the name (the model's
   name comparison at ``NAME_AGREEMENT_LEVEL`` or above) and no other candidate reaches ``review`` (the row is
   otherwise ambiguous); a row with any candidate at or above ``review`` (or a NIK conflict) goes to review.

``duplicates`` runs step 3 on the registry against itself: persons that look like one human under different
NIKs, to be reviewed and merged, never merged automatically.

DuckDB never loads or installs an extension here: ``offline_connection`` switches automatic extension loading
and installing off, forbids access to files and the network, and locks that configuration, and everything Splink
runs (``jaro_winkler_similarity``, ``damerau_levenshtein``, list functions) is built into DuckDB.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any, Literal

import duckdb
import polars as pl

from cakupan.core.nik import normalize_nik
from cakupan.linkage.decide import (
    CANDIDATE_SCHEMA,
    GAMMAS,
    NAME_AGREEMENT_LEVEL,
    OutcomeCounts,
    decide,
    outcome_counts,
)

COLUMNS = ("record_id", "nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah")
MODEL_FILE = "model.json"
MODEL_VERSION = 1
# Defaults of the settings CAKUPAN_LINK_MATCH_THRESHOLD and CAKUPAN_LINK_REVIEW_THRESHOLD (docs/configuration.md
# gives their measured precision and recall).
DEFAULT_MATCH_THRESHOLD = 0.85
DEFAULT_REVIEW_THRESHOLD = 0.3
Method = Literal["nik", "nik_conflict", "splink"]

# Candidate pairs for Splink, each an SQL condition on l (registry) and r (incoming). Chosen on synthetic data
# (scripts/linkage_train.py prints their coverage): together they keep 99.7% of the true pairs of the rows
# Splink sees, with about 20 pairs per row. Each catches what the ones before miss: a changed birth date (2-5),
# a move to another desa (1, 2, 5), a changed first or last name (1, 3, 4).
BLOCKING_RULES: tuple[str, ...] = (
    "l.dob = r.dob",
    "l.first_token = r.first_token and l.kab = r.kab and l.birth_year = r.birth_year",
    "l.desa = r.desa and l.birth_year = r.birth_year and l.sex = r.sex",
    "l.last_token = r.last_token and l.desa = r.desa",
    "l.first_token = r.first_token and l.birth_md = r.birth_md and l.kab = r.kab",
)

# Titles and degrees dropped from names: leading religious and academic titles, and anything after a comma.
_LEADING_TITLES = r"^(?:(?:H|HJ|DR|DRS|DRA|IR|PROF|KH|TGK)\.?\s+)+"
# Old (pre-1972) spellings and their modern form, applied in this order (TJ before J, DJ before J).
_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("TJ", "C"),
    ("DJ", "J"),
    ("SJ", "SY"),
    ("CH", "KH"),
    ("OE", "U"),
    ("J", "Y"),  # old J was Y (JULIA = YULIA); modern J names fold to Y on both sides alike
)


_SIXTEEN = r"^[0-9]{16}$"


class LinkageError(ValueError):
    """Input the linker cannot use (a missing column, bad thresholds); the message is in Bahasa Indonesia."""


@dataclass(frozen=True)
class Thresholds:
    """Match probabilities: link at or above ``match``, queue for review at or above ``review``.

    With ``NAME_AGREEMENT_LEVEL`` these are the whole decision rule (``decide``).
    """

    match: float
    review: float

    def __post_init__(self) -> None:
        if not (0 < self.review <= self.match < 1):
            raise LinkageError(
                "Ambang pencocokan harus memenuhi 0 < ambang tinjauan <= ambang tautan otomatis < 1 "
                f"(sekarang tinjauan {self.review}, otomatis {self.match})."
            )


@dataclass(frozen=True)
class LinkageModel:
    """The trained model as stored in ``model.json`` (see ``scripts/linkage_train.py``)."""

    version: int
    produced: dict[str, Any]  # how, when, from what
    expected_match_share: float  # prior share of incoming rows that are in the registry
    expected_duplicate_share: float  # prior share of registry rows that have a duplicate
    nik_conflict_weight: float  # an exact-NIK pair with less demographic evidence than this is a conflict
    comparisons: list[dict[str, Any]]  # Splink comparisons with trained m and u probabilities
    evaluation: list[dict[str, Any]] = field(default_factory=list)  # measured precision/recall per threshold

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkageModel:
        if data.get("version") != MODEL_VERSION:
            raise LinkageError(f"Versi model pencocokan {data.get('version')!r} tidak dikenal.")
        return cls(
            version=int(data["version"]),
            produced=dict(data["produced"]),
            expected_match_share=float(data["expected_match_share"]),
            expected_duplicate_share=float(data["expected_duplicate_share"]),
            nik_conflict_weight=float(data["nik_conflict_weight"]),
            comparisons=list(data["comparisons"]),
            evaluation=list(data.get("evaluation", [])),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "produced": self.produced,
            "expected_match_share": self.expected_match_share,
            "expected_duplicate_share": self.expected_duplicate_share,
            "nik_conflict_weight": self.nik_conflict_weight,
            "comparisons": self.comparisons,
            "evaluation": self.evaluation,
        }

    def measured(self, thresholds: Thresholds) -> dict[str, Any] | None:
        """The stored evaluation row for these thresholds (the closest measured match threshold), if any."""
        rows = [r for r in self.evaluation if "match" in r]
        if not rows:
            return None
        return min(rows, key=lambda r: (abs(float(r["match"]) - thresholds.match), float(r["match"])))


def load_model() -> LinkageModel:
    text = resources.files("cakupan.linkage").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return LinkageModel.from_dict(json.loads(text))


# --- comparisons (the model's structure; m and u come from training) ---


def _level(sql: str, label: str, *, null: bool = False, tf: str | None = None) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
    if tf:
        level["tf_adjustment_column"] = tf
        level["tf_adjustment_weight"] = 1.0
    return level


def comparisons() -> list[dict[str, Any]]:
    """Name, birth date, sex, region and NIK comparisons, untrained (Splink's settings format, DuckDB SQL)."""
    return [
        {
            "output_column_name": "name",
            "comparison_description": "nama",
            "comparison_levels": [
                _level('"name_l" IS NULL OR "name_r" IS NULL', "null", null=True),
                _level('"name_l" = "name_r"', "exact", tf="name"),
                _level('levenshtein("name_l", "name_r") <= 1', "one_typo"),
                _level(
                    "contains(' ' || \"name_l\" || ' ', ' ' || \"name_r\" || ' ') "
                    "OR contains(' ' || \"name_r\" || ' ', ' ' || \"name_l\" || ' ')",
                    "name_dropped",
                ),
                _level('jaro_winkler_similarity("name_l", "name_r") >= 0.9', "similar"),
                _level(
                    '"first_token_l" = "first_token_r" OR "last_token_l" = "last_token_r"', "one_name_shared"
                ),
                _level("ELSE", "different"),
            ],
        },
        {
            "output_column_name": "dob",
            "comparison_description": "tanggal lahir",
            "comparison_levels": [
                _level('"dob_l" IS NULL OR "dob_r" IS NULL', "null", null=True),
                _level('"dob_l" = "dob_r"', "exact"),
                _level(
                    'day("dob_l") = month("dob_r") AND month("dob_l") = day("dob_r") '
                    'AND year("dob_l") = year("dob_r")',
                    "day_month_swapped",
                ),
                _level('abs(date_diff(\'day\', "dob_l", "dob_r")) <= 7', "within_a_week"),
                _level(
                    '"birth_md_l" = "birth_md_r" AND abs("birth_year_l" - "birth_year_r") <= 10',
                    "year_differs",
                ),
                _level('"birth_year_l" = "birth_year_r"', "same_year"),
                _level("ELSE", "different"),
            ],
        },
        {
            "output_column_name": "sex",
            "comparison_description": "jenis kelamin",
            "comparison_levels": [
                _level('"sex_l" IS NULL OR "sex_r" IS NULL', "null", null=True),
                _level('"sex_l" = "sex_r"', "exact"),
                _level("ELSE", "different"),
            ],
        },
        {
            "output_column_name": "region",
            "comparison_description": "wilayah",
            "comparison_levels": [
                _level('"kab_l" IS NULL OR "kab_r" IS NULL', "null", null=True),
                _level('"desa_l" = "desa_r"', "same_desa"),
                _level('"kec_l" = "kec_r"', "same_kecamatan"),
                _level('"kab_l" = "kab_r"', "same_kabkota"),
                _level("ELSE", "different"),
            ],
        },
        {
            "output_column_name": "nik",
            "comparison_description": "NIK",
            "comparison_levels": [
                _level('"nik_l" IS NULL OR "nik_r" IS NULL', "null", null=True),
                _level('"nik_l" = "nik_r"', "exact"),
                _level("ELSE", "different"),
            ],
        },
    ]


def level_labels(model: LinkageModel) -> dict[str, dict[int, str]]:
    """Per comparison, the label of each comparison vector value (gamma): -1 null, then highest first."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in model.comparisons:
        levels = comparison["comparison_levels"]
        value = sum(1 for lv in levels if not lv.get("is_null_level")) - 1
        by_value: dict[int, str] = {}
        for level in levels:
            if level.get("is_null_level"):
                by_value[-1] = level["label_for_charts"]
            else:
                by_value[value] = level["label_for_charts"]
                value -= 1
        labels[comparison["output_column_name"]] = by_value
    return labels


def splink_settings(
    model_comparisons: list[dict[str, Any]],
    *,
    link_type: Literal["link_only", "dedupe_only"],
    prior: float,
    blocking_rules: tuple[str, ...] = BLOCKING_RULES,
    with_nik: bool = True,
) -> dict[str, Any]:
    chosen = [c for c in model_comparisons if with_nik or c["output_column_name"] != "nik"]
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "comparisons": json.loads(json.dumps(chosen)),  # Splink may annotate the dicts: give it a copy
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": rule, "sql_dialect": "duckdb"} for rule in blocking_rules
        ],
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": False,
    }


# --- preparing records ---


def prepare(frame: pl.DataFrame) -> pl.DataFrame:
    """The columns Splink compares, from records in the layout ``COLUMNS`` (extra columns are ignored)."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise LinkageError(f"Kolom wajib untuk pencocokan tidak ada: {', '.join(missing)}.")
    if frame["record_id"].n_unique() != frame.height:
        raise LinkageError("Kolom record_id harus unik untuk setiap baris.")
    name = pl.col("nama").cast(pl.String).str.to_uppercase().str.split(",").list.first()
    name = name.str.replace_all(r"[^A-Z' ]", " ").str.replace_all("'", "").str.replace_all(r"\s+", " ")
    name = name.str.strip_chars().str.replace(_LEADING_TITLES, "")
    for old, new in _SPELLINGS:
        name = name.str.replace_all(old, new, literal=True)
    nik = (
        pl.col("nik")
        .cast(pl.String)
        .replace_strict(_nik_map(frame["nik"]), default=pl.col("nik").cast(pl.String))
    )
    dob = pl.col("tanggal_lahir")
    if frame.schema["tanggal_lahir"] != pl.Date:
        dob = dob.cast(pl.String).str.to_date("%Y-%m-%d", strict=False)
    sex = pl.col("jenis_kelamin").cast(pl.String).str.to_uppercase().str.strip_chars()
    region = pl.col("kode_wilayah").cast(pl.String).str.strip_chars()
    prepared = frame.select(
        pl.col("record_id").cast(pl.Int64).alias("unique_id"),
        pl.when(nik.str.contains(_SIXTEEN)).then(nik).alias("nik"),
        pl.when(name != "").then(name).alias("name"),
        dob.alias("dob"),
        pl.when(sex.is_in(["L", "P"])).then(sex).alias("sex"),
        region.alias("region"),
    )
    return prepared.with_columns(
        pl.col("name").str.split(" ").list.first().alias("first_token"),
        pl.col("name").str.split(" ").list.last().alias("last_token"),
        pl.col("dob").dt.year().cast(pl.Int32).alias("birth_year"),
        pl.col("dob").dt.strftime("%m-%d").alias("birth_md"),
        pl.when(pl.col("region").str.contains(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"))
        .then(pl.col("region"))
        .alias("desa"),
        pl.when(pl.col("region").str.contains(r"^\d{2}\.\d{2}\.\d{2}"))
        .then(pl.col("region").str.slice(0, 8))
        .alias("kec"),
        pl.when(pl.col("region").str.contains(r"^\d{2}\.\d{2}"))
        .then(pl.col("region").str.slice(0, 5))
        .alias("kab"),
    ).drop("region")


def _nik_map(niks: pl.Series) -> dict[str, str]:
    """``normalize_nik`` of each distinct value that is not already 16 digits (spaces, dots, Excel's ``.0``)."""
    values = niks.cast(pl.String).drop_nulls().unique()
    return {v: normalize_nik(v) for v in values.filter(~values.str.contains(_SIXTEEN)).to_list()}


# --- DuckDB, offline ---


def offline_connection(*, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that cannot install or load extensions, nor read files or URLs.

    The configuration is locked, so nothing run later (Splink's SQL included) can switch it back.
    """
    config: dict[str, Any] = {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "enable_external_access": False,
    }
    if threads:
        config["threads"] = threads
    con = duckdb.connect(":memory:", config=config)
    con.execute("SET lock_configuration = true")
    return con


# --- linking ---


@dataclass
class Timings:
    steps: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = self.steps.get(name, 0.0) + time.perf_counter() - started

    @property
    def total(self) -> float:
        return sum(self.steps.values())


@dataclass(frozen=True)
class LinkResult:
    """The decision of every incoming row, and the pairs kept for it.

    ``decisions``: one row per incoming row (``DECISION_SCHEMA``): record_id, outcome (``OUTCOMES``), reason (a
    ``ReviewReason`` for a row to review, else null), person_id and method of the link (null unless linked),
    match_probability of the best candidate (null for a NIK link or a row without candidates) and candidates
    (pairs kept for the row).

    ``pairs`` (``PAIR_SCHEMA``): for a linked row its one ``auto_linked`` pair, for a row to review its
    ``pending`` candidates, nothing for a row not found. Columns: record_id (incoming), person_id (registry
    record_id), method, status, match_weight, match_probability (null for exact-NIK pairs), pair_probability,
    rank (1 = best candidate of the row) and gamma_<comparison> (the agreement level of each comparison, see
    ``level_labels``).

    ``candidates``: every candidate pair before deciding (to decide again with other thresholds, ``decide``).
    """

    decisions: pl.DataFrame
    pairs: pl.DataFrame
    candidates: pl.DataFrame
    incoming_rows: int
    registry_rows: int
    nik_conflicts: int
    timings: dict[str, float]

    @property
    def links(self) -> pl.DataFrame:
        return self.pairs.filter(pl.col("status") == "auto_linked")

    @property
    def pending(self) -> pl.DataFrame:
        return self.pairs.filter(pl.col("status") == "pending")

    @property
    def counts(self) -> OutcomeCounts:
        return outcome_counts(self.decisions)

    def decide_again(self, thresholds: Thresholds, model: LinkageModel | None = None) -> LinkResult:
        """The same candidates decided with other thresholds (a threshold grid without linking again)."""
        decided = decide(
            self.decisions["record_id"],
            self.candidates,
            thresholds=thresholds,
            name_agrees_from=name_agreement_gamma(model or load_model()),
        )
        return replace(self, decisions=decided.table, pairs=decided.pairs)

    @property
    def nik_linked(self) -> int:
        return self.counts.nik


CANDIDATE_FLOOR = 0.001  # pairs below this pairwise probability are dropped before deciding


def _splink_predict(
    con: duckdb.DuckDBPyConnection,
    settings: dict[str, Any],
    tables: list[str],
    *,
    threshold: float | None = None,
) -> pl.DataFrame:
    """Run Splink's predict over DuckDB tables already in ``con``.

    Returns the scored pairs with ``left_id`` from the first table and ``right_id`` from the second (for a
    dedupe, from the one table), ``match_weight``, ``match_probability`` and the gamma columns.
    """
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(connection=con)
    names = [f"t{i}_{name}" for i, name in enumerate(tables)]
    inputs = [db_api.register(table, table_name=name) for table, name in zip(tables, names, strict=True)]
    linker = Linker(
        inputs if len(inputs) > 1 else inputs[0], settings, log_level=None, validate_settings=False
    )
    predictions = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    frame: pl.DataFrame = predictions.as_duckdbpyrelation().pl()
    linker.table_management.delete_tables_created_by_splink_from_db()  # type: ignore[no-untyped-call]
    gammas = [pl.col(g).cast(pl.Int64) for g in GAMMAS if g in frame.columns]
    if len(tables) == 1:
        left, right = pl.col("unique_id_l"), pl.col("unique_id_r")
    else:  # Splink orders the pair by its own rules: put the first table's row on the left
        first_left = pl.col("source_dataset_l") == names[0]
        left = pl.when(first_left).then(pl.col("unique_id_l")).otherwise(pl.col("unique_id_r"))
        right = pl.when(first_left).then(pl.col("unique_id_r")).otherwise(pl.col("unique_id_l"))
    return frame.select(
        left.cast(pl.Int64).alias("left_id"),
        right.cast(pl.Int64).alias("right_id"),
        pl.col("match_weight").cast(pl.Float64),
        pl.col("match_probability").cast(pl.Float64),
        *gammas,
    )


def _load(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    con.register(f"{name}_arrow", frame.to_arrow())
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_arrow")
    con.unregister(f"{name}_arrow")


def link(
    incoming: pl.DataFrame,
    registry: pl.DataFrame,
    *,
    thresholds: Thresholds,
    model: LinkageModel | None = None,
    expected_match_share: float | None = None,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> LinkResult:
    """Link incoming records to registry records (see the module docstring for the steps)."""
    model = model or load_model()
    share = model.expected_match_share if expected_match_share is None else expected_match_share
    if not 0 < share <= 1:
        raise LinkageError("Perkiraan bagian baris yang ada di registri harus di antara 0 dan 1.")
    timings = Timings()
    con = connection or offline_connection()
    with timings.step("prepare"):
        _load(con, "registry", prepare(registry))
        _load(con, "incoming", prepare(incoming))
    name_agrees_from = name_agreement_gamma(model)
    if registry.height == 0 or incoming.height == 0:
        empty = pl.DataFrame(schema=CANDIDATE_SCHEMA)
        decided = decide(
            incoming["record_id"], empty, thresholds=thresholds, name_agrees_from=name_agrees_from
        )
        return LinkResult(
            decided.table, decided.pairs, empty, incoming.height, registry.height, 0, timings.steps
        )

    with timings.step("nik"):
        nik_pairs = _nik_pairs(con, model)
    accepted = nik_pairs.filter(pl.col("match_weight") >= model.nik_conflict_weight)
    conflicts = nik_pairs.filter(pl.col("match_weight") < model.nik_conflict_weight)
    with timings.step("splink"):
        _load(con, "linked", accepted.select("record_id"))
        con.execute(
            "CREATE OR REPLACE TABLE residual AS SELECT * FROM incoming ANTI JOIN linked ON unique_id = record_id"
        )
        settings = splink_settings(
            model.comparisons, link_type="link_only", prior=min(share / registry.height, 0.5)
        )
        scored = _splink_predict(con, settings, ["registry", "residual"], threshold=CANDIDATE_FLOOR)
    with timings.step("decide"):
        # The NIK pair of a conflict was judged in step 2; Splink looks for someone else.
        judged = conflicts.select(pl.col("person_id").alias("left_id"), pl.col("record_id").alias("right_id"))
        candidates = pl.concat(
            [
                _nik_candidates(accepted, "nik"),
                _nik_candidates(conflicts, "nik_conflict"),
                _splink_candidates(scored.join(judged, on=["left_id", "right_id"], how="anti")),
            ]
        )
        decided = decide(
            incoming["record_id"], candidates, thresholds=thresholds, name_agrees_from=name_agrees_from
        )
    return LinkResult(
        decisions=decided.table,
        pairs=decided.pairs,
        candidates=candidates,
        incoming_rows=incoming.height,
        registry_rows=registry.height,
        nik_conflicts=conflicts.height,
        timings=timings.steps,
    )


def name_agreement_gamma(model: LinkageModel) -> int:
    """The name comparison's vector value (gamma) of ``NAME_AGREEMENT_LEVEL``: at or above it, names agree."""
    return _gamma_of(model, "name", NAME_AGREEMENT_LEVEL)


def _nik_pairs(con: duckdb.DuckDBPyConnection, model: LinkageModel) -> pl.DataFrame:
    """Exact-NIK pairs scored on name, birth date, sex and region only (prior 1:1, so weight = evidence)."""
    count = con.sql("SELECT count(*) FROM incoming i JOIN registry r ON i.nik = r.nik").fetchall()[0][0]
    if count == 0:
        return pl.DataFrame(
            schema={
                "record_id": pl.Int64,
                "person_id": pl.Int64,
                "match_weight": pl.Float64,
                **dict.fromkeys(GAMMAS, pl.Int64),
            }
        )
    settings = splink_settings(
        model.comparisons, link_type="link_only", prior=0.5, blocking_rules=("l.nik = r.nik",), with_nik=False
    )
    scored = _splink_predict(con, settings, ["registry", "incoming"])
    return scored.select(
        pl.col("right_id").alias("record_id"),
        pl.col("left_id").alias("person_id"),
        "match_weight",
        *[g for g in GAMMAS if g != "gamma_nik"],
        pl.lit(_gamma_of(model, "nik", "exact"), pl.Int64).alias("gamma_nik"),
    )


def _gamma_of(model: LinkageModel, comparison: str, label: str) -> int:
    by_value = level_labels(model)[comparison]
    return next(value for value, name in by_value.items() if name == label)


def _nik_candidates(pairs: pl.DataFrame, method: Method) -> pl.DataFrame:
    return pairs.select(
        "record_id",
        "person_id",
        pl.lit(method).alias("method"),
        "match_weight",
        pl.lit(None, pl.Float64).alias("match_probability"),
        pl.lit(None, pl.Float64).alias("pair_probability"),
        *GAMMAS,
    ).cast(CANDIDATE_SCHEMA)


def _splink_candidates(scored: pl.DataFrame) -> pl.DataFrame:
    """Splink's pairs as candidates, with the probability ``decide`` uses.

    Splink's ``match_probability`` judges each pair alone (kept as ``pair_probability``). A row matches at most
    one registry person, so the probability used is that pair's share of all the row's candidates: with odds
    o_i = 2^weight_i, ``probability = o_i / (1 + sum of o_j)`` (the 1 standing for "none of them").
    """
    odds = pl.lit(2.0).pow(pl.col("match_weight").clip(-1000, 1000))
    return scored.select(
        pl.col("right_id").alias("record_id"),
        pl.col("left_id").alias("person_id"),
        pl.lit("splink").alias("method"),
        "match_weight",
        (odds / (1 + odds.sum().over("right_id"))).alias("match_probability"),
        pl.col("match_probability").alias("pair_probability"),
        *GAMMAS,
    ).cast(CANDIDATE_SCHEMA)


# --- duplicates in the registry ---


@dataclass(frozen=True)
class DuplicateResult:
    """Registry rows that look like one human: ``pairs`` has left_id < right_id, weight, probability, gammas."""

    pairs: pl.DataFrame
    registry_rows: int
    timings: dict[str, float]


def duplicates(
    registry: pl.DataFrame,
    *,
    threshold: float,
    model: LinkageModel | None = None,
    expected_duplicate_share: float | None = None,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> DuplicateResult:
    """Pairs of registry rows (different NIKs) with a match probability of at least ``threshold``."""
    model = model or load_model()
    share = model.expected_duplicate_share if expected_duplicate_share is None else expected_duplicate_share
    timings = Timings()
    con = connection or offline_connection()
    empty = pl.DataFrame(
        schema={
            "left_id": pl.Int64,
            "right_id": pl.Int64,
            "match_weight": pl.Float64,
            "match_probability": pl.Float64,
            **dict.fromkeys(GAMMAS, pl.Int64),
        }
    )
    if registry.height < 2:
        return DuplicateResult(empty, registry.height, timings.steps)
    with timings.step("prepare"):
        _load(con, "registry", prepare(registry))
    with timings.step("splink"):
        prior = min(2 * share / max(registry.height - 1, 1), 0.5)
        settings = splink_settings(model.comparisons, link_type="dedupe_only", prior=prior)
        scored = _splink_predict(con, settings, ["registry"], threshold=threshold)
    pairs = scored.select(
        pl.min_horizontal("left_id", "right_id").alias("left_id"),
        pl.max_horizontal("left_id", "right_id").alias("right_id"),
        "match_weight",
        "match_probability",
        *GAMMAS,
    ).sort("match_weight", descending=True)
    return DuplicateResult(pairs.cast(empty.schema), registry.height, timings.steps)
