"""Vectorised sampling helpers shared by the generator's stages."""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
DateArray = npt.NDArray[np.datetime64]

# Independent random streams per stage, so changing one stage does not reshuffle the others.
STAGE_GEOGRAPHY = 1
STAGE_PEOPLE = 2
STAGE_WORK = 3
STAGE_IDENTITY = 4
STAGE_DEFECTS = 5
STAGE_MEMBERSHIPS = 6


def stage_rng(seed: int, stage: int) -> np.random.Generator:
    return np.random.default_rng([seed, stage])


def pick_per_group(
    rng: np.random.Generator,
    group: IntArray,
    eligible: BoolArray,
    counts: IntArray,
    weights: FloatArray | None = None,
) -> BoolArray:
    """Choose exactly ``counts[g]`` eligible items of each group ``g`` (all of them when fewer are eligible).

    Weighted sampling without replacement (Efraimidis-Spirakis): each item gets an exponential key divided by
    its weight and the smallest keys of each group win. Items with weight 0 are never chosen.
    """
    if weights is not None:
        eligible = eligible & (weights > 0)
    idx = np.flatnonzero(eligible)
    chosen = np.zeros(eligible.size, dtype=np.bool_)
    if idx.size == 0:
        return chosen
    key = rng.exponential(size=idx.size)
    if weights is not None:
        key = key / weights[idx]
    g = group[idx]
    order = np.lexsort((key, g))
    sorted_groups = g[order]
    rank = np.arange(order.size) - np.searchsorted(sorted_groups, sorted_groups, side="left")
    chosen[idx[order[rank < counts[sorted_groups]]]] = True
    return chosen


def rank_within(keys: IntArray) -> IntArray:
    """0-based rank of each item among the items with the same key, in input order."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    rank_sorted = np.arange(keys.size) - np.searchsorted(sorted_keys, sorted_keys, side="left")
    rank = np.empty(keys.size, dtype=np.int64)
    rank[order] = rank_sorted
    return rank


def month_start(reference: dt.date, months_back: IntArray | int) -> DateArray:
    """First day of the month ``months_back`` months before the reference date's month."""
    month = np.datetime64(reference, "M") - np.asarray(months_back, dtype=np.int64)
    return np.asarray(month.astype("datetime64[D]"))


def add_months_minus_day(start: DateArray, months: int) -> DateArray:
    """``start + months - 1 day`` for starts on the first day of a month (the last day of a term)."""
    return np.asarray(
        (start.astype("datetime64[M]") + months).astype("datetime64[D]") - np.timedelta64(1, "D")
    )


def date_parts(days: DateArray) -> tuple[IntArray, IntArray, IntArray]:
    """Year, month (1-12) and day (1-31) of each date."""
    years = days.astype("datetime64[Y]")
    months = days.astype("datetime64[M]")
    year = years.astype(np.int64) + 1970
    month = (months - years.astype("datetime64[M]")).astype(np.int64) + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def age_on(birth: DateArray, reference: dt.date) -> IntArray:
    """Completed years of age on the reference date."""
    year, month, day = date_parts(birth)
    before_birthday = (month > reference.month) | ((month == reference.month) & (day > reference.day))
    return np.asarray(reference.year - year - before_birthday.astype(np.int64))


def choice_counts(rng: np.random.Generator, total: int, weights: FloatArray) -> IntArray:
    """Split ``total`` items into groups with the given (unnormalised) weights."""
    if total == 0 or weights.size == 0:
        return np.zeros(weights.size, dtype=np.int64)
    return np.asarray(rng.multinomial(total, weights / weights.sum()), dtype=np.int64)
