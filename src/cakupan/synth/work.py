"""Who is in the labour force, who works, formally or not, and at what.

Counts per kab/kota are exact (rounded), so the calibration holds at any scale: the labour force is the
calibrated share of residents (people aged 15+ who work or seek work), the unemployed the published open
unemployment rate of it, and the formal workers a kab/kota share solved so that the province keeps the
published informal share. In ``persons.csv`` a labour-force member is a person aged 15+ with a ``sektor``
(a worker) or with ``pekerjaan`` = ``Belum/Tidak Bekerja`` (seeking work); other adults are students,
homemakers or pensioners.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cakupan.synth.calibration import Calibration, OccupationWeight
from cakupan.synth.sampling import BoolArray, FloatArray, IntArray, pick_per_group

SEEKING_WORK = "Belum/Tidak Bekerja"
STUDENT = "Pelajar/Mahasiswa"
HOMEMAKER = "Mengurus Rumah Tangga"
PENSIONER = "Pensiunan"
NON_WORKER_LABELS = (SEEKING_WORK, STUDENT, HOMEMAKER, PENSIONER)
FEMALE_PARTICIPATION = 0.65  # women's labour-force weight relative to men's


@dataclass(frozen=True)
class Occupations:
    """Every ``pekerjaan`` label; workers' labels first (informal, then formal), then the non-workers'."""

    labels: tuple[str, ...]
    informal: tuple[int, ...]
    formal: tuple[int, ...]
    pu_eligible: tuple[bool, ...]  # per label: may hold a wage-earner (PU) membership

    @classmethod
    def of(cls, calibration: Calibration) -> Occupations:
        informal = list(calibration.occupations.informal)
        formal = list(calibration.occupations.formal)
        labels = (*informal, *formal, *NON_WORKER_LABELS)
        eligible = [w.pu_eligible for w in calibration.occupations.informal.values()]
        eligible += [w.pu_eligible for w in calibration.occupations.formal.values()]
        eligible += [False] * len(NON_WORKER_LABELS)
        return cls(
            labels=labels,
            informal=tuple(range(len(informal))),
            formal=tuple(range(len(informal), len(informal) + len(formal))),
            pu_eligible=tuple(eligible),
        )

    def index(self, label: str) -> int:
        return self.labels.index(label)


@dataclass(frozen=True)
class Work:
    labour_force: BoolArray
    worker: BoolArray
    formal: BoolArray  # only for workers
    occupation: IntArray  # index into Occupations.labels


def formal_shares(calibration: Calibration, kab_codes: list[str], kab_is_kota: BoolArray) -> FloatArray:
    """Formal share of workers per kab/kota: higher in a kota, with the province at the published figure."""
    population = np.array([calibration.region(c).population for c in kab_codes], dtype=np.float64)
    weight = np.where(kab_is_kota, calibration.formal_weight_kota.value, 1.0)
    base = (1.0 - calibration.informal_share.value) * population.sum() / (population * weight).sum()
    return np.asarray(np.minimum(base * weight, 0.95))


def _labour_weights(age: IntArray, female: BoolArray) -> FloatArray:
    by_age = np.select(
        [age < 15, age < 20, age < 25, age < 55, age < 65], [0.0, 0.35, 0.75, 1.0, 0.7], default=0.3
    )
    return np.asarray(by_age * np.where(female, FEMALE_PARTICIPATION, 1.0))


def build_work(
    kab: IntArray,
    age: IntArray,
    female: BoolArray,
    calibration: Calibration,
    *,
    kab_codes: list[str],
    kab_is_kota: BoolArray,
    occupations: Occupations,
    rng: np.random.Generator,
) -> Work:
    n_kab = len(kab_codes)
    residents = np.bincount(kab, minlength=n_kab)
    everyone = np.ones(kab.size, dtype=np.bool_)

    lf_count = np.rint(residents * calibration.labour_force_share.value).astype(np.int64)
    labour_force = pick_per_group(rng, kab, everyone, lf_count, _labour_weights(age, female))

    lf_real = np.bincount(kab[labour_force], minlength=n_kab)
    jobless_count = np.rint(lf_real * calibration.unemployment_rate.value).astype(np.int64)
    jobless_weight = np.select([age < 25, age < 35], [4.0, 1.5], default=0.6)
    jobless = pick_per_group(rng, kab, labour_force, jobless_count, jobless_weight)
    worker = labour_force & ~jobless

    workers = np.bincount(kab[worker], minlength=n_kab)
    formal_count = np.rint(workers * formal_shares(calibration, kab_codes, kab_is_kota)).astype(np.int64)
    formal_weight = np.select([age < 20, age < 55, age < 65], [0.2, 1.0, 0.4], default=0.1)
    formal = pick_per_group(rng, kab, worker, formal_count, formal_weight)

    occupation = _non_worker_labels(age, female, labour_force, occupations, rng)
    for is_formal, who in ((False, worker & ~formal), (True, formal)):
        _assign_jobs(
            occupation,
            kab,
            female,
            who,
            formal=is_formal,
            calibration=calibration,
            kab_codes=kab_codes,
            kab_is_kota=kab_is_kota,
            occupations=occupations,
            rng=rng,
        )
    return Work(labour_force=labour_force, worker=worker, formal=formal, occupation=occupation)


def _non_worker_labels(
    age: IntArray,
    female: BoolArray,
    labour_force: BoolArray,
    occupations: Occupations,
    rng: np.random.Generator,
) -> IntArray:
    seeking, student = occupations.index(SEEKING_WORK), occupations.index(STUDENT)
    homemaker, pensioner = occupations.index(HOMEMAKER), occupations.index(PENSIONER)
    draw = rng.random(age.size)
    adult = np.select(
        [age < 25, (age < 30) & ~female, age < 60, draw < 0.4],
        [np.where(draw < 0.75, student, np.where(female, homemaker, student)), student, homemaker, pensioner],
        default=homemaker,
    )
    child = np.where(age < 5, seeking, student)  # small children are "Belum/Tidak Bekerja" on a KK
    return np.asarray(np.where(labour_force, seeking, np.where(age < 15, child, adult)), dtype=np.int64)


def _weight(weight: OccupationWeight, kota: bool, coastal: bool, palm_oil: bool, female: bool) -> float:
    if (weight.only_where == "coastal" and not coastal) or (weight.only_where == "palm_oil" and not palm_oil):
        return 0.0
    base = weight.kota if kota else weight.kabupaten
    return base * (weight.female_factor if female else 1.0)


def _assign_jobs(
    occupation: IntArray,
    kab: IntArray,
    female: BoolArray,
    who: BoolArray,
    *,
    formal: bool,
    calibration: Calibration,
    kab_codes: list[str],
    kab_is_kota: BoolArray,
    occupations: Occupations,
    rng: np.random.Generator,
) -> None:
    """Draw an occupation for the people in ``who``, by kab/kota and sex (in place)."""
    table = calibration.occupations.formal if formal else calibration.occupations.informal
    label_ids = np.array(occupations.formal if formal else occupations.informal, dtype=np.int64)
    for k, code in enumerate(kab_codes):
        region = calibration.region(code)
        for sex in (False, True):
            members = np.flatnonzero(who & (kab == k) & (female == sex))
            if members.size == 0:
                continue
            weights = np.array(
                [
                    _weight(w, bool(kab_is_kota[k]), region.coastal, region.palm_oil, sex)
                    for w in table.values()
                ]
            )
            occupation[members] = rng.choice(label_ids, size=members.size, p=weights / weights.sum())
