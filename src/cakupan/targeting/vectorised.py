"""Eligibility and priority over a whole frame of candidates, with exactly the semantics of ``explain``.

A frame has the columns of ``CANDIDATE_COLUMNS`` (any integer width is accepted for integer columns). A null
sector, occupation or region reads as empty text, a null decile as "not in DTSEN", a null group list as no group;
a null birth date, membership flag, head-of-household flag or dependants count is refused, as are values a
``Candidate`` refuses (an unknown sector, a decile outside 1..10, a negative number of dependants).
Occupations are keyed in Python on the distinct values only, so matching agrees with ``occupation_key`` exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl
from polars.datatypes import DataTypeClass

from cakupan.targeting.candidates import (
    MAX_DECILE,
    MIN_DECILE,
    NOT_WORKING,
    SECTORS,
    Candidate,
    occupation_key,
)
from cakupan.targeting.errors import field_error
from cakupan.targeting.priority import DECILE_CEILING, PriorityWeights
from cakupan.targeting.risk import RiskTable, load_risk_table
from cakupan.targeting.rules import EligibilityRules

CANDIDATE_COLUMNS: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "region": pl.String(),
    "birth_date": pl.Date(),
    "sector": pl.String(),
    "occupation": pl.String(),
    "decile": pl.Int64(),
    "active": pl.Boolean(),
    "head_of_household": pl.Boolean(),
    "dependants": pl.Int64(),
    "special_groups": pl.List(pl.String()),
}
_EMPTY_WHEN_NULL = ("region", "sector", "occupation")
_NO_NULLS = ("birth_date", "active", "head_of_household", "dependants")
_ELIGIBILITY = ("region", "birth_date", "sector", "occupation", "decile", "active", "special_groups")
_PRIORITY = ("occupation", "decile", "head_of_household", "dependants")


def candidate_frame(candidates: Iterable[Candidate]) -> pl.DataFrame:
    """The frame of some candidates, one row each, in the given order."""
    rows = [
        {
            "person_id": c.person_id,
            "region": c.region,
            "birth_date": c.birth_date,
            "sector": c.sector,
            "occupation": c.occupation,
            "decile": c.decile,
            "active": c.active,
            "head_of_household": c.head_of_household,
            "dependants": c.dependants,
            "special_groups": sorted(c.special_groups),
        }
        for c in candidates
    ]
    return pl.DataFrame(rows, schema=CANDIDATE_COLUMNS)


def _accepts(actual: pl.DataType | DataTypeClass, expected: pl.DataType | DataTypeClass) -> bool:
    if actual == expected or actual == pl.Null():
        return True
    if expected == pl.Int64():
        return actual.is_integer()
    if expected == pl.String():
        return actual in (pl.Categorical, pl.Enum) or isinstance(actual, pl.Categorical | pl.Enum)
    if isinstance(expected, pl.List) and isinstance(actual, pl.List):
        return _accepts(actual.inner, expected.inner)
    return False


def _columns(frame: pl.DataFrame, names: tuple[str, ...]) -> pl.DataFrame:
    """The named columns, checked, cast to their dtype, nulls read as documented."""
    if not isinstance(frame, pl.DataFrame):
        raise field_error("frame", "harus berupa polars DataFrame.", "must be a polars DataFrame.")
    selected: list[pl.Expr] = []
    for name in names:
        expected = CANDIDATE_COLUMNS[name]
        if name not in frame.columns:
            raise field_error(name, "kolom tidak ada.", "the column is missing.")
        actual = frame.schema[name]
        if not _accepts(actual, expected):
            raise field_error(
                name,
                f"kolom bertipe {actual}, seharusnya {expected}.",
                f"the column has type {actual}, expected {expected}.",
            )
        column = pl.col(name).cast(expected)
        if name in _EMPTY_WHEN_NULL:
            column = column.fill_null("")
        elif name == "special_groups":
            column = column.fill_null(pl.lit([], dtype=expected))
        selected.append(column)
    data = frame.select(selected)
    for name in names:
        if name in _NO_NULLS and data[name].null_count():
            raise field_error(name, "kolom berisi nilai kosong.", "the column holds empty values.")
    _check_values(data)
    return data


def _check_values(data: pl.DataFrame) -> None:
    if "sector" in data.columns:
        bad = data.filter(~pl.col("sector").is_in([*SECTORS, NOT_WORKING]))
        if bad.height:
            sector = bad["sector"][0]
            raise field_error(
                "sector",
                f"sektor {sector!r} tidak dikenal; pilihan: formal, informal, atau kosong (tidak bekerja).",
                f"unknown sector {sector!r}; choices: formal, informal, or empty (not working).",
            )
    if "decile" in data.columns:
        bad = data.filter(~pl.col("decile").is_between(MIN_DECILE, MAX_DECILE))
        if bad.height:
            raise field_error(
                "decile",
                f"desil harus bilangan bulat 1 sampai 10, bukan {bad['decile'][0]!r}.",
                f"a decile must be an integer from 1 to 10, not {bad['decile'][0]!r}.",
            )
    if "dependants" in data.columns:
        bad = data.filter(pl.col("dependants") < 0)
        if bad.height:
            raise field_error(
                "dependants",
                f"jumlah tanggungan harus bilangan bulat tidak negatif, bukan {bad['dependants'][0]!r}.",
                f"the number of dependants must be a non-negative integer, not {bad['dependants'][0]!r}.",
            )


def _age_on(day: dt.date) -> pl.Expr:
    born = pl.col("birth_date")
    before_birthday = (born.dt.month() > day.month) | (
        (born.dt.month() == day.month) & (born.dt.day() > day.day)
    )
    return pl.lit(day.year, dtype=pl.Int64) - born.dt.year().cast(pl.Int64) - before_birthday.cast(pl.Int64)


def _occupation_in(data: pl.DataFrame, keys: frozenset[str]) -> pl.Expr:
    matching = [text for text in data["occupation"].unique().to_list() if occupation_key(text) in keys]
    return pl.col("occupation").is_in(matching)


def eligible_mask(frame: pl.DataFrame, rules: EligibilityRules, *, on: dt.date) -> pl.Series:
    """One Boolean per row, equal to ``explain(...).eligible`` for that row's candidate."""
    data = _columns(frame, _ELIGIBILITY)
    region = pl.col("region")
    conditions = [(region == rules.region) | region.str.starts_with(rules.region + ".")]
    if rules.min_age is not None:
        conditions.append(_age_on(on) >= rules.min_age)
    if rules.max_age is not None:
        conditions.append(_age_on(on) <= rules.max_age)
    if rules.sectors:
        conditions.append(pl.col("sector").is_in(sorted(rules.sectors)))
    if rules.exclude_active:
        conditions.append(~pl.col("active"))
    if rules.max_decile is not None:
        conditions.append(pl.col("decile").is_not_null() & (pl.col("decile") <= rules.max_decile))
    if rules.occupations:
        conditions.append(_occupation_in(data, rules.occupation_keys()))
    if rules.special_groups:
        wanted = sorted(rules.special_groups)
        conditions.append(pl.col("special_groups").list.eval(pl.element().is_in(wanted)).list.any())
    mask = data.select(pl.all_horizontal(conditions).fill_null(False).alias("eligible"))
    return mask.to_series()


def priority_scores(
    frame: pl.DataFrame, weights: PriorityWeights, *, risk: RiskTable | None = None
) -> pl.Series:
    """One Int64 score per row, equal to ``priority(...).score`` for that row's candidate."""
    data = _columns(frame, _PRIORITY)
    if data.is_empty():  # polars cannot type replace_strict over no values
        return pl.Series("priority", [], dtype=pl.Int64)
    table = risk if risk is not None else load_risk_table()
    occupations = data["occupation"].unique().to_list()
    levels = pl.col("occupation").replace_strict(
        pl.Series(occupations, dtype=pl.String),
        pl.Series([table.level(text) for text in occupations], dtype=pl.Int64),
        return_dtype=pl.Int64,
    )
    decile = pl.col("decile")
    score = (
        pl.when(decile.is_null()).then(0).otherwise(weights.decile * (DECILE_CEILING - decile))
        + weights.occupational_risk * levels
        + pl.when(pl.col("head_of_household")).then(weights.head_of_household).otherwise(0)
        + weights.dependants * pl.min_horizontal(pl.col("dependants"), pl.lit(weights.max_dependants))
    )
    return data.select(score.cast(pl.Int64).alias("priority")).to_series()
