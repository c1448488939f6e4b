"""Households, sex and age of the synthetic people, and the household's DTSEN welfare decile.

A household lives in one desa. Its first member is the head, the second usually the spouse, the others
children (or other relatives) whose age follows the head's. With the tables below about 24% of people are
under 15, close to West Sumatra's 4.42 million aged 15+ out of 5.82 million.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from cakupan.synth.calibration import Calibration
from cakupan.synth.sampling import BoolArray, DateArray, IntArray, age_on

HOUSEHOLD_SIZES = np.arange(1, 9)
HOUSEHOLD_SIZE_WEIGHTS = np.array([0.12, 0.19, 0.21, 0.20, 0.14, 0.08, 0.04, 0.02])  # mean about 3.55
HEAD_AGE_POINTS = ([20, 25, 30, 40, 50, 60, 70, 80, 89], [0.2, 0.8, 1.0, 1.0, 0.95, 0.75, 0.45, 0.15, 0.03])
FEMALE_HEAD_SHARE = 0.2
FEMALE_OTHER_SHARE = 0.53  # children and other relatives (widowed mothers outlive fathers)
SPOUSE_SHARE = 0.85  # households of two or more whose second member is the head's spouse


@dataclass(frozen=True)
class Demography:
    household: IntArray  # household index of each person, households numbered in row order
    household_first: IntArray  # row of each household's head
    is_head: BoolArray
    is_spouse: BoolArray
    female: BoolArray
    birth: DateArray
    age: IntArray  # completed years on the reference date
    household_desil: IntArray  # 0 = not ranked in DTSEN, else 1..10

    @property
    def desil(self) -> IntArray:
        return np.asarray(self.household_desil[self.household])


def _households(desa: IntArray, rng: np.random.Generator) -> tuple[IntArray, IntArray]:
    n = desa.size
    sizes = np.zeros(0, dtype=np.int64)
    while sizes.sum() < n:
        more = rng.choice(HOUSEHOLD_SIZES, size=n // 3 + 16, p=HOUSEHOLD_SIZE_WEIGHTS)
        sizes = np.concatenate([sizes, more])
    raw = np.searchsorted(np.cumsum(sizes), np.arange(n), side="right")
    starts = np.ones(n, dtype=np.bool_)
    starts[1:] = (raw[1:] != raw[:-1]) | (desa[1:] != desa[:-1])  # a desa boundary ends a household
    household = np.cumsum(starts) - 1
    return np.asarray(household, dtype=np.int64), np.flatnonzero(starts).astype(np.int64)


def build_demography(
    desa: IntArray,
    desa_kab: IntArray,
    kab_is_kota: BoolArray,
    calibration: Calibration,
    *,
    reference_date: dt.date,
    rng: np.random.Generator,
) -> Demography:
    n = desa.size
    household, first = _households(desa, rng)
    n_households = first.size
    position = np.arange(n) - first[household]

    ages = np.arange(20, 90)
    head_weights = np.interp(ages, *HEAD_AGE_POINTS)
    head_age = rng.choice(ages, size=n_households, p=head_weights / head_weights.sum())[household]
    head_female = (rng.random(n_households) < FEMALE_HEAD_SHARE)[household]
    has_spouse = (rng.random(n_households) < SPOUSE_SHARE)[household]

    is_head = position == 0
    is_spouse = (position == 1) & has_spouse
    is_child = ~is_head & ~is_spouse

    age = np.where(is_head, head_age, 0)
    gap = rng.integers(-2, 8, size=n)  # husbands are usually a few years older than their wives
    spouse_age = np.clip(np.where(head_female, head_age + gap, head_age - gap), 17, 95)
    age = np.where(is_spouse, spouse_age, age)
    child_age = head_age - rng.integers(18, 43, size=n)
    young = child_age < 0
    child_age[young] = rng.integers(0, np.maximum(head_age[young] - 17, 1))
    age = np.where(is_child, child_age, age)

    female = np.where(
        is_head, head_female, np.where(is_spouse, ~head_female, rng.random(n) < FEMALE_OTHER_SHARE)
    )

    # Birth date: a random day within the drawn year of age; the exact age is recomputed from it.
    days_back = age * 365 + age // 4 + rng.integers(0, 365, size=n)
    birth = np.datetime64(reference_date, "D") - days_back.astype("timedelta64[D]")

    household_kota = kab_is_kota[desa_kab[desa[first]]]
    household_desil = _desil(household_kota, calibration, rng)
    return Demography(
        household=household,
        household_first=first,
        is_head=is_head,
        is_spouse=is_spouse,
        female=np.asarray(female, dtype=np.bool_),
        birth=birth,
        age=age_on(birth, reference_date),
        household_desil=household_desil,
    )


def _desil(household_kota: BoolArray, calibration: Calibration, rng: np.random.Generator) -> IntArray:
    params = calibration.desil
    n = household_kota.size
    share = np.where(household_kota, params.share_kota.value, params.share_kabupaten.value)
    ranked = rng.random(n) < share
    deciles = np.arange(1, 11)
    kab_p = np.array(params.weights_kabupaten) / sum(params.weights_kabupaten)
    kota_p = np.array(params.weights_kota) / sum(params.weights_kota)
    decile = np.where(
        household_kota,
        rng.choice(deciles, size=n, p=kota_p),
        rng.choice(deciles, size=n, p=kab_p),
    )
    return np.asarray(np.where(ranked, decile, 0), dtype=np.int64)
