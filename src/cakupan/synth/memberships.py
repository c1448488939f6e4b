"""BPJS Ketenagakerjaan memberships of the synthetic people.

Per kab/kota the number of clean people with an active membership on the reference date is exactly the
calibrated coverage times the labour force: wage earners (PU) first, then palm-oil workers paid from DBH Sawit,
then other informal workers (BPU, some through construction projects (Jakon) or as migrant workers (PMI)).
Around that core come the rows that make the file realistic: lapsed memberships, histories of a lapsed and a
renewed membership, rows for people whose person row is defective, and a few rows ending before they start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from cakupan.synth.calibration import Calibration
from cakupan.synth.sampling import (
    BoolArray,
    DateArray,
    FloatArray,
    IntArray,
    add_months_minus_day,
    month_start,
    pick_per_group,
)

SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
PU, BPU, JAKON, PMI = range(len(SEGMENTS))
PROGRAMS = ("JKK;JKM;JHT;JP", "JKK;JKM", "JKK;JKM;JHT")
PROGRAM_PU, PROGRAM_BASIC, PROGRAM_JHT = range(len(PROGRAMS))
PAYERS = ("pemberi_kerja", "mandiri", "apbd", "apb_nagari", "dbh_sawit", "csr", "baznas")
EMPLOYER, MANDIRI, APBD, APB_NAGARI, DBH_SAWIT, CSR, BAZNAS = range(len(PAYERS))
BUDGET_YEAR_PAYERS = (APBD, APB_NAGARI)  # paid for a fiscal year, ending 31 December

END_BEFORE_START_SHARE = 0.003
WORKERS_PER_EMPLOYER = 25
WORKERS_PER_CONTRACTOR = 20
PALM_OIL_WORKER = "Buruh Kebun Sawit"
CONSTRUCTION_WORKER = "Buruh Bangunan"
BPU_MAX_BASIS = 5_000_000  # self-payers declare at most a few million here
OPEN = np.datetime64("NaT", "D")
YEAR = 365


@dataclass(frozen=True)
class Workforce:
    """What the membership stage needs to know about every person."""

    kab: IntArray
    in_kelurahan: BoolArray  # lives in a kelurahan (no nagari budget)
    labour_force: BoolArray
    worker: BoolArray
    formal: BoolArray
    pu_eligible: BoolArray
    palm_oil_worker: BoolArray
    construction_worker: BoolArray
    desil: IntArray
    clean: BoolArray  # person row accepted by an importer
    defective: BoolArray  # person row rejected (duplicates excluded: they get no membership)


@dataclass(frozen=True)
class Memberships:
    person: IntArray
    segment: IntArray
    program: IntArray
    start: DateArray
    end: DateArray  # NaT = open
    wage: IntArray  # whole Rupiah
    payer: IntArray
    npp: IntArray  # 0 = none
    kpj: IntArray  # per person, 0 = no membership

    def active_on(self, reference_date: dt.date) -> BoolArray:
        day = np.datetime64(reference_date, "D")
        return np.asarray((self.start <= day) & (np.isnat(self.end) | (self.end >= day)))

    @property
    def well_ordered(self) -> BoolArray:
        """Rows an importer accepts on their dates: open, or ending on or after their start."""
        return np.asarray(np.isnat(self.end) | (self.end >= self.start))


@dataclass
class _Rows:
    parts: dict[str, list[np.ndarray]] = field(
        default_factory=lambda: {
            k: [] for k in ("person", "segment", "program", "start", "end", "wage", "payer")
        }
    )

    def add(
        self,
        person: IntArray,
        segment: int,
        program: IntArray | int,
        term: tuple[DateArray, DateArray],
        *,
        wage: IntArray | int,
        payer: IntArray | int,
    ) -> None:
        n = person.size
        start, end = term
        values = {
            "person": person,
            "segment": np.full(n, segment, dtype=np.int64),
            "program": np.broadcast_to(np.asarray(program, dtype=np.int64), n),
            "start": np.broadcast_to(start.astype("datetime64[D]"), n),
            "end": np.broadcast_to(end.astype("datetime64[D]"), n),
            "wage": np.broadcast_to(np.asarray(wage, dtype=np.int64), n),
            "payer": np.broadcast_to(np.asarray(payer, dtype=np.int64), n),
        }
        for key, value in values.items():
            self.parts[key].append(np.asarray(value))

    def count(self) -> int:
        return sum(p.size for p in self.parts["person"])

    def column(self, key: str) -> np.ndarray:
        return np.concatenate(self.parts[key])


class _Dates:
    """Start and end dates relative to the reference date (never today's date)."""

    def __init__(self, reference_date: dt.date, rng: np.random.Generator) -> None:
        self.ref = reference_date
        self.day = np.datetime64(reference_date, "D")
        self.rng = rng

    def days(self, low: int, high: int, n: int) -> np.ndarray:
        return self.rng.integers(low, high, size=n).astype("timedelta64[D]")

    def budget_year(self, n: int) -> tuple[DateArray, DateArray]:
        """This fiscal year: from the first day of a month up to the reference date's, to 31 December."""
        start = month_start(self.ref, self.rng.integers(0, self.ref.month, size=n))
        return start, np.full(n, np.datetime64(f"{self.ref.year}-12-31", "D"))

    def last_budget_year(self, n: int) -> tuple[DateArray, DateArray]:
        year = self.ref.year - 1
        return np.full(n, np.datetime64(f"{year}-01-01", "D")), np.full(
            n, np.datetime64(f"{year}-12-31", "D")
        )

    def twelve_months(self, n: int) -> tuple[DateArray, DateArray]:
        start = month_start(self.ref, self.rng.integers(0, 12, size=n))
        return start, add_months_minus_day(start, 12)

    def open_since(self, n: int, max_days: int) -> tuple[DateArray, DateArray]:
        return self.day - self.days(0, max_days, n), np.full(n, OPEN)

    def lapsed(self, n: int, ended_within: int, lasted: int) -> tuple[DateArray, DateArray]:
        end = self.day - self.days(30, ended_within, n)
        return end - self.days(30, lasted, n), end

    def before(self, later_start: DateArray, lasted: int) -> tuple[DateArray, DateArray]:
        end = later_start - self.days(1, YEAR, later_start.size)
        return end - self.days(30, lasted, later_start.size), end


def _pu_wage(rng: np.random.Generator, n: int, minimum_wage: int) -> IntArray:
    """Wages near the minimum wage and above, in whole Rupiah (integer arithmetic only)."""
    extra = 50_000 * (rng.geometric(0.06, size=n) - 1)
    senior = rng.random(n) < 0.05
    extra = extra + np.where(senior, 500_000 * rng.geometric(0.25, size=n), 0)
    at_minimum = rng.random(n) < 0.25
    return np.asarray(minimum_wage + np.where(at_minimum, 0, extra), dtype=np.int64)


def _mandiri_basis(rng: np.random.Generator, n: int, minimum_basis: int) -> IntArray:
    higher = minimum_basis + 100_000 * rng.geometric(0.12, size=n)
    basis = np.where(rng.random(n) < 0.7, minimum_basis, np.minimum(higher, BPU_MAX_BASIS))
    return np.asarray(basis, dtype=np.int64)


@dataclass(frozen=True)
class _Choice:
    """Who holds which kind of membership (person masks)."""

    coverage: FloatArray  # target coverage per kab/kota, as a fraction
    pu: BoolArray  # active wage earners
    dbh_active: BoolArray  # palm-oil workers in the current DBH Sawit cohort
    dbh_lapsed: BoolArray  # palm-oil workers in the earlier cohort (some renewed, some not)
    bpu: BoolArray  # other active informal workers (BPU, Jakon, PMI)
    lapsed_only: BoolArray  # people whose only membership has lapsed


def _choose(
    wf: Workforce, calibration: Calibration, *, kab_codes: list[str], scale: float, rng: np.random.Generator
) -> _Choice:
    """Exact counts per kab/kota: active clean people = target coverage x labour force."""
    kab, n_kab = wf.kab, len(kab_codes)
    regions = [calibration.region(code) for code in kab_codes]

    def per_kab(mask: BoolArray) -> IntArray:
        return np.bincount(kab[mask], minlength=n_kab).astype(np.int64)

    def share(counts: IntArray | FloatArray, fraction: float) -> IntArray:
        return np.rint(counts * fraction).astype(np.int64)

    coverage = np.array([r.coverage_percent for r in regions]) / 100.0
    target = np.rint(per_kab(wf.labour_force) * coverage).astype(np.int64)

    pu_ok = wf.clean & wf.formal & wf.pu_eligible
    pu = pick_per_group(rng, kab, pu_ok, share(target, calibration.pu_share_of_active.value))

    palm = wf.clean & wf.palm_oil_worker
    cohort = share(np.array([r.dbh_sawit_workers for r in regions]), scale)
    dbh_active = pick_per_group(rng, kab, palm, np.minimum(cohort, np.maximum(target - per_kab(pu), 0)))
    renewal = share(per_kab(dbh_active), calibration.dbh_sawit.renewed_share.value)
    renewed = pick_per_group(rng, kab, dbh_active, renewal)
    not_renewed = pick_per_group(rng, kab, palm & ~dbh_active, np.maximum(cohort - renewal, 0))

    rest = np.maximum(target - per_kab(pu) - per_kab(dbh_active), 0)
    bpu_ok = wf.clean & wf.worker & ~wf.formal & ~dbh_active & ~not_renewed
    vulnerable = np.select([(wf.desil >= 1) & (wf.desil <= 4), wf.desil == 5], [2.0, 1.5], default=1.0)
    bpu = pick_per_group(rng, kab, bpu_ok, rest, vulnerable)
    shortfall = np.maximum(target - per_kab(pu | dbh_active | bpu), 0)  # only at tiny scales
    pu |= pick_per_group(rng, kab, pu_ok & ~pu, shortfall)

    free = wf.clean & wf.labour_force & ~(pu | dbh_active | bpu | not_renewed)
    lapsed = pick_per_group(rng, kab, free, share(target, calibration.memberships.lapsed_only_share.value))
    return _Choice(coverage, pu, dbh_active, renewed | not_renewed, bpu, lapsed)


class _Builder:
    """Adds membership rows, remembering when each person's current membership started."""

    def __init__(
        self, wf: Workforce, calibration: Calibration, reference_date: dt.date, rng: np.random.Generator
    ) -> None:
        self.wf = wf
        self.calibration = calibration
        self.params = calibration.memberships
        self.rng = rng
        self.dates = _Dates(reference_date, rng)
        self.rows = _Rows()
        self.current_start = np.full(wf.kab.size, OPEN)
        self.ump = calibration.minimum_wage.value
        self.basis = calibration.bpu_minimum_basis.value

    def _draw(self, probability: float | FloatArray) -> BoolArray:
        return np.asarray(self.rng.random(self.wf.kab.size) < probability)

    def _employee(self, people: IntArray, term: tuple[DateArray, DateArray]) -> None:
        """Wage-earner rows (all PU programmes, paid by the employer, a wage near the minimum or above)."""
        wage = _pu_wage(self.rng, people.size, self.ump)
        self.rows.add(people, PU, PROGRAM_PU, term, wage=wage, payer=EMPLOYER)

    def _basic(self, people: IntArray, term: tuple[DateArray, DateArray], payer: IntArray | int) -> None:
        """BPU rows with JKK + JKM on the lowest income basis (what governments and funds buy)."""
        self.rows.add(people, BPU, PROGRAM_BASIC, term, wage=self.basis, payer=payer)

    def wage_earners(self, who: BoolArray) -> None:
        people = np.flatnonzero(who)
        start, end = self.dates.open_since(people.size, 12 * YEAR)
        self._employee(people, (start, end))
        self.current_start[people] = start

    def dbh_cohorts(self, active: BoolArray, lapsed: BoolArray) -> None:
        """Palm-oil workers paid from DBH Sawit: a 3-month term; a current cohort and an earlier one."""
        params = self.calibration.dbh_sawit
        for cohort, offset in (
            (active, params.active_cohort_offset_months),
            (lapsed, params.lapsed_cohort_offset_months),
        ):
            people = np.flatnonzero(cohort)
            start = np.full(people.size, month_start(self.dates.ref, offset))
            term = (start, add_months_minus_day(start, params.term_months))
            self._basic(people, term, DBH_SAWIT)

    def informal(self, who: BoolArray, kab_codes: list[str]) -> tuple[BoolArray, IntArray]:
        """Jakon for some construction workers, a few migrant workers (PMI), BPU for the rest."""
        dates, rows = self.dates, self.rows
        jakon = who & self.wf.construction_worker & self._draw(self.params.jakon_share_of_construction.value)
        pmi = who & ~jakon & self._draw(self.params.pmi_share.value)
        plain = who & ~jakon & ~pmi
        people = np.flatnonzero(jakon)
        start = dates.day - dates.days(0, 300, people.size)
        end = dates.day + dates.days(1, YEAR, people.size)
        rows.add(people, JAKON, PROGRAM_BASIC, (start, end), wage=self.ump, payer=EMPLOYER)
        self.current_start[people] = start
        people = np.flatnonzero(pmi)
        start = dates.day - dates.days(0, 700, people.size)
        end = dates.day + dates.days(30, 900, people.size)
        rows.add(people, PMI, PROGRAM_JHT, (start, end), wage=self.basis, payer=MANDIRI)

        payer = _bpu_payers(self.rng, self.wf, plain, self.calibration, kab_codes)
        for who_pays in (MANDIRI, APBD, APB_NAGARI, CSR, BAZNAS):
            people = np.flatnonzero(plain & (payer == who_pays))
            n = people.size
            if who_pays == MANDIRI:
                start, end = dates.open_since(n, 6 * YEAR)
                jht = self.rng.random(n) < self.params.mandiri_jht_share.value
                program = np.where(jht, PROGRAM_JHT, PROGRAM_BASIC)
                rows.add(
                    people,
                    BPU,
                    program,
                    (start, end),
                    wage=_mandiri_basis(self.rng, n, self.basis),
                    payer=MANDIRI,
                )
            else:
                start, end = (
                    dates.budget_year(n) if who_pays in BUDGET_YEAR_PAYERS else dates.twelve_months(n)
                )
                self._basic(people, (start, end), who_pays)
            self.current_start[people] = start
        return plain, payer

    def histories(self, pu: BoolArray, plain: BoolArray, payer: IntArray) -> None:
        """Some active people also have a lapsed membership before the current one."""
        history = (pu | plain) & self._draw(self.params.history_share.value)
        people = np.flatnonzero(history & pu)
        term = self.dates.before(self.current_start[people], 6 * YEAR)
        self._employee(people, term)
        budget = history & plain & np.isin(payer, BUDGET_YEAR_PAYERS)
        people = np.flatnonzero(budget)
        self._basic(people, self.dates.last_budget_year(people.size), payer[people])
        people = np.flatnonzero(history & plain & ~budget)
        term = self.dates.before(self.current_start[people], 2 * YEAR)
        self._basic(people, term, MANDIRI)

    def lapsed_only(self, who: BoolArray) -> None:
        wf = self.wf
        former_employee = who & (wf.formal | (~wf.worker & self._draw(0.5)))
        people = np.flatnonzero(former_employee)
        term = self.dates.lapsed(people.size, 5 * YEAR, 6 * YEAR)
        self._employee(people, term)
        last_budget = who & ~former_employee & self._draw(0.5)
        people = np.flatnonzero(last_budget)
        self._basic(people, self.dates.last_budget_year(people.size), APBD)
        people = np.flatnonzero(who & ~former_employee & ~last_budget)
        self._basic(people, self.dates.lapsed(people.size, 3 * YEAR, 3 * YEAR), MANDIRI)

    def rejected(self, coverage: FloatArray) -> None:
        """Rows an importer must reject: people whose person row is defective, and ends before starts."""
        wf, dates = self.wf, self.dates
        broken = wf.defective & wf.worker & self._draw(coverage[wf.kab])
        employee = wf.formal & wf.pu_eligible
        people = np.flatnonzero(broken & employee)
        term = dates.open_since(people.size, 10 * YEAR)
        self._employee(people, term)
        people = np.flatnonzero(broken & ~employee)
        self._basic(people, dates.budget_year(people.size), APBD)

        has_row = np.zeros(wf.kab.size, dtype=np.bool_)
        has_row[np.concatenate(self.rows.parts["person"])] = True
        count = np.array([round(self.rows.count() * END_BEFORE_START_SHARE)], dtype=np.int64)
        everyone = np.zeros(wf.kab.size, dtype=np.int64)
        people = np.flatnonzero(
            pick_per_group(self.rng, everyone, wf.clean & wf.labour_force & ~has_row, count)
        )
        start = dates.day - dates.days(0, YEAR, people.size)
        term = (start, start - dates.days(1, 180, people.size))
        self._basic(people, term, MANDIRI)


def build_memberships(
    wf: Workforce,
    calibration: Calibration,
    *,
    kab_codes: list[str],
    scale: float,
    reference_date: dt.date,
    rng: np.random.Generator,
) -> Memberships:
    choice = _choose(wf, calibration, kab_codes=kab_codes, scale=scale, rng=rng)
    builder = _Builder(wf, calibration, reference_date, rng)
    builder.wage_earners(choice.pu)
    builder.dbh_cohorts(choice.dbh_active, choice.dbh_lapsed)
    plain, payer = builder.informal(choice.bpu, kab_codes)
    builder.histories(choice.pu, plain, payer)
    builder.lapsed_only(choice.lapsed_only)
    builder.rejected(choice.coverage)
    return _finish(builder.rows, wf.kab, len(kab_codes), rng)


def _bpu_payers(
    rng: np.random.Generator, wf: Workforce, who: BoolArray, calibration: Calibration, kab_codes: list[str]
) -> IntArray:
    """The payer of each active BPU membership, by the region's payer mix; no nagari budget in a kelurahan."""
    payer = np.full(wf.kab.size, -1, dtype=np.int64)
    for k, code in enumerate(kab_codes):
        mix = calibration.region(code).bpu_payers or calibration.memberships.bpu_payers
        names = list(mix)
        weights: FloatArray = np.array([mix[name] for name in names], dtype=np.float64)
        members = np.flatnonzero(who & (wf.kab == k))
        ids = np.array([PAYERS.index(name) for name in names], dtype=np.int64)
        payer[members] = rng.choice(ids, size=members.size, p=weights / weights.sum())
    payer[(payer == APB_NAGARI) & wf.in_kelurahan] = APBD
    return payer


def _finish(rows: _Rows, kab: IntArray, n_kab: int, rng: np.random.Generator) -> Memberships:
    person = rows.column("person").astype(np.int64)
    start = rows.column("start")
    order = np.lexsort((start, person))
    person = person[order]
    segment = rows.column("segment")[order]
    payer = rows.column("payer")[order]
    npp = _employers(rng, kab[person], segment, payer, n_kab)

    holders = np.unique(person)
    kpj = np.zeros(kab.size, dtype=np.int64)
    numbers = 20_000_000_000 + np.cumsum(rng.integers(1, 40, size=holders.size))
    kpj[holders] = rng.permutation(numbers)
    return Memberships(
        person=person,
        segment=segment,
        program=rows.column("program")[order],
        start=start[order],
        end=rows.column("end")[order],
        wage=rows.column("wage")[order],
        payer=payer,
        npp=npp,
        kpj=kpj,
    )


def _employers(
    rng: np.random.Generator, row_kab: IntArray, segment: IntArray, payer: IntArray, n_kab: int
) -> IntArray:
    """Eight-digit employer numbers (NPP): employers per kab/kota for PU, contractors for Jakon."""
    npp = np.zeros(row_kab.size, dtype=np.int64)
    pools: list[tuple[BoolArray, int]] = []
    for seg, size in ((PU, WORKERS_PER_EMPLOYER), (JAKON, WORKERS_PER_CONTRACTOR)):
        for k in range(n_kab):
            pools.append(((segment == seg) & (payer == EMPLOYER) & (row_kab == k), size))
    counts = [max(1, -(-int(mask.sum()) // size)) for mask, size in pools]
    numbers = rng.permutation(10_000_000 + np.cumsum(rng.integers(1, 60, size=sum(counts))))
    offset = 0
    for (mask, _), count in zip(pools, counts, strict=True):
        members = np.flatnonzero(mask)
        weights = 1.0 / np.arange(1, count + 1)  # a few large employers, many small ones
        npp[members] = numbers[offset + rng.choice(count, size=members.size, p=weights / weights.sum())]
        offset += count
    return npp
