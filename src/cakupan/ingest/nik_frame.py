"""The NIK rules of ``cakupan.core.nik`` over a whole column, at polars speed.

A row is proved clean by column expressions: 16 digits, a kecamatan prefix whose province, kab/kota and kecamatan
are all known, a real encoded birth date (day + 40 for women), agreement with the stated birth date and sex, and
a serial other than 0000. Every row not proved clean (a few percent of a real file) goes through the scalar
``check_nik``, so its problems are exactly the scalar ones, in the same order with the same parameters.

The clean predicate must imply ``check_nik(...).problems == ()``; when ``check_nik`` gains a rule, the predicate
must gain it too. ``tests/ingest/test_ingest_nik_frame.py`` checks the two agree on generated input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache, lru_cache

import polars as pl

from cakupan.core.nik import WOMAN_DAY_OFFSET, Sex, check_nik, normalize_nik
from cakupan.core.problems import Problem
from cakupan.core.regions import RegionIndex

SIXTEEN_DIGITS = r"^[0-9]{16}$"
_FIRST_YEAR, _LAST_YEAR = 2000, 2099  # check_nik reads the two-digit year as 20YY (00 is a leap year)


def normalize_niks(niks: pl.Series) -> pl.Series:
    """``normalize_nik`` of every value: a value of 16 digits as it is, any other through the scalar function once."""
    others = niks.filter(~niks.str.contains(SIXTEEN_DIGITS)).unique()
    if others.is_empty():
        return niks
    normalized = pl.Series([normalize_nik(v) for v in others], dtype=pl.String())
    return niks.replace(others, normalized)


@cache
def _real_birth_digits() -> pl.Series:
    """Every ``DDMMYY`` a NIK may hold: each real date of 2000-2099, with the day as written for men and women."""
    found: list[str] = []
    day = dt.date(_FIRST_YEAR, 1, 1)
    one = dt.timedelta(days=1)
    while day.year <= _LAST_YEAR:
        tail = f"{day.month:02d}{day.year % 100:02d}"
        found.append(f"{day.day:02d}{tail}")
        found.append(f"{day.day + WOMAN_DAY_OFFSET:02d}{tail}")
        day += one
    return pl.Series(found, dtype=pl.String())


@lru_cache(maxsize=4)
def _clean_prefixes(known_regions: RegionIndex) -> pl.Series:
    """The six NIK digits of every kecamatan whose province and kab/kota are known too."""
    codes = known_regions.codes
    return pl.Series(
        sorted(
            c.replace(".", "")
            for c in codes
            if c.count(".") == 2 and c[:2] in codes and c[:5] in codes and c.replace(".", "").isdigit()
        ),
        dtype=pl.String(),
    )


def _clean(nik: pl.Expr, known_regions: RegionIndex, birth: pl.Expr | None, sex: pl.Expr | None) -> pl.Expr:
    digits = nik.str.slice(6, 6).cast(pl.Int32(), strict=False)
    written_day = digits // 10_000
    female = written_day > WOMAN_DAY_OFFSET
    day = pl.when(female).then(written_day - WOMAN_DAY_OFFSET).otherwise(written_day)
    clean = (
        nik.str.contains(SIXTEEN_DIGITS)
        & nik.str.slice(0, 6).is_in(_clean_prefixes(known_regions).implode())
        & nik.str.slice(6, 6).is_in(_real_birth_digits().implode())
        & (nik.str.slice(12, 4) != "0000")
    )
    if birth is not None:
        same_date = (
            (birth.dt.day() == day)
            & (birth.dt.month() == (digits // 100) % 100)
            & (birth.dt.year() % 100 == digits % 100)
        )
        clean = clean & (birth.is_null() | same_date)
    if sex is not None:
        written_sex = pl.when(female).then(pl.lit("P")).otherwise(pl.lit("L"))
        clean = clean & (sex.is_null() | (sex == written_sex))
    return clean.fill_null(False)


def nik_problems(
    niks: pl.Series,
    *,
    known_regions: RegionIndex,
    birth_dates: pl.Series | None = None,
    sexes: pl.Series | None = None,
) -> list[tuple[int, str, tuple[Problem, ...]]]:
    """``(position, nik, problems)`` for every non-null NIK that ``check_nik`` finds problems with, in order.

    ``birth_dates`` (Date) and ``sexes`` ("L"/"P") are the stated values of the same rows, null when unknown.
    """
    columns: dict[str, pl.Series] = {"nik": niks.rename("nik")}
    if birth_dates is not None:
        columns["birth"] = birth_dates.rename("birth")
    if sexes is not None:
        columns["sex"] = sexes.rename("sex")
    frame = pl.DataFrame(columns).with_row_index("_position")
    clean = _clean(
        pl.col("nik"),
        known_regions,
        pl.col("birth") if birth_dates is not None else None,
        pl.col("sex") if sexes is not None else None,
    )
    suspects = frame.filter(pl.col("nik").is_not_null() & ~clean)
    return list(_scalar_problems(suspects, known_regions))


def _scalar_problems(
    suspects: pl.DataFrame, known_regions: RegionIndex
) -> Iterable[tuple[int, str, tuple[Problem, ...]]]:
    has_birth, has_sex = "birth" in suspects.columns, "sex" in suspects.columns
    for record in suspects.iter_rows(named=True):
        stated_sex: Sex | None = record["sex"] if has_sex else None
        check = check_nik(
            record["nik"],
            known_regions=known_regions,
            birth_date=record["birth"] if has_birth else None,
            sex=stated_sex,
        )
        if check.problems:
            yield record["_position"], record["nik"], check.problems
