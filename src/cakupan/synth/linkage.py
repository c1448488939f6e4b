"""Two synthetic person files with known truth, for training and measuring record linkage.

The **registry** is a random sample of a synthetic West Sumatra population (everyone, children included, as in
DTSEN). The **incoming** file is what another office sends (a membership or staff list): adults, most of them
in the registry, written again with the mistakes such lists carry, plus adults who are not in the registry. A
third of the incoming rows have no NIK. Every row carries its person (``human``) in separate truth arrays, so
a linker never sees it and an evaluation can count exactly.

Mistakes drawn independently per incoming row of a registry person (shares of rows, see ``Corruption``):
a one-letter typo in the name, an old spelling (``SJ`` for ``SY``, ``DJ`` for ``J``, ``OE`` for ``U`` ...),
a dropped or added second name, a birth date with day and month swapped, shifted by a few days or a year, or
only its year known (recorded as 1 January, 1 July or 31 December), a move to another desa (mostly in the same
kecamatan or kab/kota), a wrong sex, and a NIK with one wrong digit. The registry itself holds a few persons
twice under a different NIK (a typo made when one copy was entered), with small mistakes: those are the
duplicates a registry clean-up has to find.

Names come from the generator's own lists (``cakupan.synth.names``): small lists, so many people share a
name, which makes linkage harder than on real names, not easier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from cakupan.synth.calibration import load_calibration
from cakupan.synth.demography import build_demography
from cakupan.synth.geography import Geography, kab_populations, place_people
from cakupan.synth.identity import ALL_NAMES, build_identity
from cakupan.synth.sampling import (
    STAGE_GEOGRAPHY,
    STAGE_IDENTITY,
    STAGE_PEOPLE,
    BoolArray,
    IntArray,
    date_parts,
    stage_rng,
)

STAGE_LINKAGE = 7  # the random stream of this module (the generator's stages are 1-6)
ADULT_AGE = 15
REFERENCE_DATE = dt.date(2025, 6, 30)
COLUMNS = ("record_id", "nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah")

# Old (pre-1972) spellings still found in names: modern -> old.
OLD_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("SY", "SJ"),
    ("KH", "CH"),
    ("J", "DJ"),
    ("Y", "J"),
    ("C", "TJ"),
    ("U", "OE"),
)
_LETTERS = "ABCDEFGHIJKLMNOPRSTUWY"


@dataclass(frozen=True)
class Corruption:
    """Share of incoming rows (of registry persons) with each kind of mistake; drawn independently."""

    nik_missing: float = 1 / 3  # of all incoming rows, matching or not
    nik_typo: float = 0.01  # of the rows that have a NIK: one digit wrong
    nik_other_person: float = 0.005  # of the rows that have a NIK: someone else's (of the same desa)
    name_typo: float = 0.10
    old_spelling: float = 0.03
    second_name_dropped: float = 0.10  # dropped when there are two names, else one is added
    date_swapped: float = 0.02  # day and month swapped (only when both are 12 or less and differ)
    date_shifted_days: float = 0.03  # 1 to 7 days earlier or later
    date_shifted_year: float = 0.02  # the same day, one year earlier or later
    date_year_only: float = 0.02  # recorded as 1 January, 1 July or 31 December of the right year
    moved: float = 0.08  # to another desa: 50% same kecamatan, 30% same kab/kota, 20% elsewhere
    sex_wrong: float = 0.005
    registry_duplicates: float = 0.005  # registry persons written twice, the copy under another NIK


@dataclass(frozen=True)
class LinkageSample:
    registry: pl.DataFrame  # COLUMNS; record_id 0..n-1
    incoming: pl.DataFrame  # COLUMNS; record_id 0..m-1
    registry_human: IntArray  # the person behind each registry row
    incoming_human: IntArray  # the person behind each incoming row
    seed: int
    corruption: Corruption = field(default_factory=Corruption)

    @property
    def findable(self) -> BoolArray:
        """Incoming rows whose person is in the registry (what a perfect linker would link)."""
        return np.isin(self.incoming_human, self.registry_human)


@dataclass(frozen=True)
class Scores:
    linked: int
    true_links: int
    false_links: int
    findable: int

    @property
    def precision(self) -> float:
        return self.true_links / self.linked if self.linked else 1.0

    @property
    def recall(self) -> float:
        return self.true_links / self.findable if self.findable else 1.0


def score_links(sample: LinkageSample, record_ids: IntArray, registry_ids: IntArray) -> Scores:
    """Precision and recall of links (incoming row -> registry row), one link per incoming row at most.

    A link is true when both rows belong to the same person (a registry duplicate counts either way); recall
    is over the incoming rows whose person is in the registry.
    """
    if np.unique(record_ids).size != record_ids.size:
        raise ValueError("an incoming row is linked more than once")
    true = sample.incoming_human[record_ids] == sample.registry_human[registry_ids]
    true_links = int(true.sum())
    return Scores(
        linked=int(record_ids.size),
        true_links=true_links,
        false_links=int(record_ids.size) - true_links,
        findable=int(sample.findable.sum()),
    )


def score_duplicates(sample: LinkageSample, left: IntArray, right: IntArray) -> Scores:
    """Precision and recall of registry duplicate pairs (row ids) against the duplicates the sample holds."""
    human = sample.registry_human
    true = human[left] == human[right]
    _, counts = np.unique(human, return_counts=True)
    pairs = int((counts * (counts - 1) // 2).sum())
    found = {
        (min(a, b), max(a, b))
        for a, b, t in zip(left.tolist(), right.tolist(), true.tolist(), strict=True)
        if t
    }
    return Scores(
        linked=int(left.size), true_links=len(found), false_links=int((~true).sum()), findable=pairs
    )


def linkage_sample(
    *,
    registry_size: int = 200_000,
    incoming_size: int = 200_000,
    match_share: float = 0.75,
    seed: int = 1,
    corruption: Corruption | None = None,
) -> LinkageSample:
    """A registry and an incoming file, ``match_share`` of the incoming rows being registry persons."""
    corruption = corruption or Corruption()
    if registry_size < 1 or incoming_size < 1 or not 0 <= match_share <= 1:
        raise ValueError("ukuran berkas harus positif dan bagian yang cocok antara 0 dan 1")
    rng = stage_rng(seed, STAGE_LINKAGE)
    people = _population(registry_size + incoming_size, seed)
    n = people.birth.size
    matching = round(incoming_size * match_share)
    outsiders = incoming_size - matching

    # Registry: a random sample; incoming: adults of the registry, and adults outside it.
    order = rng.permutation(n)
    in_registry = order[:registry_size]
    rest = order[registry_size:]
    adult = people.age >= ADULT_AGE
    registry_adults = in_registry[adult[in_registry]]
    outside_adults = rest[adult[rest]]
    if registry_adults.size < matching or outside_adults.size < outsiders:
        raise ValueError("populasi sintetis terlalu kecil untuk ukuran berkas ini")
    incoming_people = np.concatenate(
        [
            rng.choice(registry_adults, matching, replace=False),
            rng.choice(outside_adults, outsiders, replace=False),
        ]
    )
    incoming_people = incoming_people[rng.permutation(incoming_people.size)]

    dup_count = round(registry_size * corruption.registry_duplicates)
    duplicated = rng.choice(in_registry, dup_count, replace=False)
    registry_people = np.concatenate([in_registry, duplicated])
    registry = people.frame(registry_people)
    copy = np.arange(registry_size, registry_people.size)
    registry = _corrupt_registry_copies(registry, copy, people, rng)
    reg_order = rng.permutation(registry_people.size)
    registry = registry[reg_order].with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("record_id"))

    incoming = _corrupt_incoming(people.frame(incoming_people), people, corruption, rng)
    incoming = incoming.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("record_id"))
    return LinkageSample(
        registry=registry.select(COLUMNS),
        incoming=incoming.select(COLUMNS),
        registry_human=np.asarray(registry_people[reg_order], dtype=np.int64),
        incoming_human=np.asarray(incoming_people, dtype=np.int64),
        seed=seed,
        corruption=corruption,
    )


@dataclass(frozen=True)
class _People:
    geo: Geography
    desa: IntArray
    nik: IntArray
    name: list[str]
    birth: np.ndarray
    female: BoolArray
    age: IntArray

    def someone_in(self, desa: int, rng: np.random.Generator) -> int:
        """A random resident of ``desa`` (people of one desa are next to each other, desa in order)."""
        start, end = np.searchsorted(self.desa, [desa, desa + 1])
        return int(rng.integers(start, end))

    def frame(self, rows: IntArray) -> pl.DataFrame:
        codes = pl.Series([r.code for r in self.geo.desa])
        return pl.DataFrame(
            {
                "record_id": np.arange(rows.size, dtype=np.int64),
                "nik": pl.Series(self.nik[rows]).cast(pl.String),
                "nama": pl.Series(self.name).gather(rows),
                "tanggal_lahir": pl.Series(self.birth[rows], dtype=pl.Date),
                "jenis_kelamin": np.where(self.female[rows], "P", "L"),
                "kode_wilayah": codes.gather(self.desa[rows]),
                "desa": self.desa[rows],
            }
        )


def _population(wanted: int, seed: int) -> _People:
    """At least ``wanted`` synthetic residents of West Sumatra, from the generator's own stages."""
    calibration = load_calibration()
    geo = Geography.load("13")
    total = sum(r.population for r in calibration.regions)
    scale = min(1.0, wanted * 1.02 / total)
    desa = place_people(geo, kab_populations(geo, calibration, scale), stage_rng(seed, STAGE_GEOGRAPHY))
    kab, kec = geo.desa_kab[desa], geo.desa_kec[desa]
    demography = build_demography(
        desa, geo.desa_kab, geo.kab_is_kota, calibration, reference_date=REFERENCE_DATE,
        rng=stage_rng(seed, STAGE_PEOPLE),
    )  # fmt: skip
    identity = build_identity(
        kab=kab,
        kec=kec,
        demography_household=demography.household,
        household_first=demography.household_first,
        is_spouse=demography.is_spouse,
        female=demography.female,
        birth=demography.birth,
        desa_is_kelurahan=geo.desa_is_kelurahan,
        desa=desa,
        kab_codes=geo.kab_codes(),
        kab_is_kota=geo.kab_is_kota,
        kec_digits=geo.kec_digits,
        retired_digits=geo.retired_kecamatan_digits(),
        reference_date=REFERENCE_DATE,
        rng=stage_rng(seed, STAGE_IDENTITY),
    )
    first = [ALL_NAMES[i] for i in identity.first_name.tolist()]
    name = [
        f if s < 0 else f"{f} {ALL_NAMES[s]}"
        for f, s in zip(first, identity.second_name.tolist(), strict=True)
    ]
    return _People(geo, desa, identity.nik, name, demography.birth, demography.female, demography.age)


def _corrupt_registry_copies(
    frame: pl.DataFrame, rows: IntArray, people: _People, rng: np.random.Generator
) -> pl.DataFrame:
    """The second copy of a duplicated registry person: another NIK (one or two digits wrong), small slips."""
    nik = frame["nik"].to_list()
    name = frame["nama"].to_list()
    taken = set(nik)
    for row in rows.tolist():
        new = _nik_typo(nik[row], rng, digits=int(rng.integers(1, 3)))
        while new in taken:  # the registry holds each NIK once
            new = _nik_typo(nik[row], rng, digits=1)
        nik[row] = new
        taken.add(new)
        if rng.random() < 0.3:
            name[row] = _typo(name[row], rng)
    return frame.with_columns(pl.Series("nik", nik), pl.Series("nama", name))


def _corrupt_incoming(
    frame: pl.DataFrame, people: _People, c: Corruption, rng: np.random.Generator
) -> pl.DataFrame:
    m = frame.height
    draws = {key: rng.random(m) for key in ("nik", "nik_wrong", "typo", "spell", "second", "sex", "move")}

    names = frame["nama"].to_list()
    for i in np.flatnonzero(draws["typo"] < c.name_typo).tolist():
        names[i] = _typo(names[i], rng)
    for i in np.flatnonzero(draws["spell"] < c.old_spelling).tolist():
        names[i] = _old_spelling(names[i], rng)
    for i in np.flatnonzero(draws["second"] < c.second_name_dropped).tolist():
        names[i] = _second_name(names[i], rng)

    nik = frame["nik"].to_list()
    for i in np.flatnonzero(draws["nik_wrong"] < c.nik_typo).tolist():
        nik[i] = _nik_typo(nik[i], rng, digits=1)
    other = (draws["nik_wrong"] >= c.nik_typo) & (draws["nik_wrong"] < c.nik_typo + c.nik_other_person)
    desa = frame["desa"].to_numpy().astype(np.int64)
    for i in np.flatnonzero(other).tolist():
        nik[i] = str(people.nik[people.someone_in(int(desa[i]), rng)])
    missing = draws["nik"] < c.nik_missing
    nik_series = pl.Series("nik", nik).scatter(np.flatnonzero(missing), None)

    birth = _corrupt_dates(frame["tanggal_lahir"].to_numpy().astype("datetime64[D]"), c, rng)
    sex = frame["jenis_kelamin"].to_numpy().copy()
    flip = draws["sex"] < c.sex_wrong
    sex[flip] = np.where(sex[flip] == "P", "L", "P")
    desa = _move(desa, draws["move"] < c.moved, people.geo, rng)
    codes = pl.Series([r.code for r in people.geo.desa])
    return frame.with_columns(
        nik_series,
        pl.Series("nama", names),
        pl.Series("tanggal_lahir", birth, dtype=pl.Date),
        pl.Series("jenis_kelamin", sex),
        codes.gather(desa).alias("kode_wilayah"),
    )


def _corrupt_dates(birth: np.ndarray, c: Corruption, rng: np.random.Generator) -> np.ndarray:
    n = birth.size
    kind = rng.random(n)
    edges = np.cumsum([c.date_swapped, c.date_shifted_days, c.date_shifted_year, c.date_year_only])
    year, month, day = date_parts(birth)
    out = birth.copy()

    swap = (kind < edges[0]) & (day <= 12) & (day != month)
    shift_days = ((kind < edges[0]) & ~swap) | ((kind >= edges[0]) & (kind < edges[1]))
    shift_year = (kind >= edges[1]) & (kind < edges[2])
    year_only = (kind >= edges[2]) & (kind < edges[3])

    out[swap] = _dates(year[swap], day[swap], month[swap])
    offset = rng.integers(1, 8, size=n) * rng.choice([-1, 1], size=n)
    out[shift_days] = birth[shift_days] + offset[shift_days].astype("timedelta64[D]")
    new_year = year + rng.choice([-1, 1], size=n)
    kept_day = np.where((month == 2) & (day == 29), 28, day)
    out[shift_year] = _dates(new_year[shift_year], month[shift_year], kept_day[shift_year])
    pick = rng.integers(0, 3, size=n)
    fixed_month = np.array([1, 7, 12])[pick]
    fixed_day = np.array([1, 1, 31])[pick]
    out[year_only] = _dates(year[year_only], fixed_month[year_only], fixed_day[year_only])
    return out


def _dates(year: IntArray, month: IntArray, day: IntArray) -> np.ndarray:
    months = (year - 1970) * 12 + (month - 1)
    return np.asarray(
        months.astype("datetime64[M]").astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
    )


def _move(desa: IntArray, moved: BoolArray, geo: Geography, rng: np.random.Generator) -> IntArray:
    """Another desa: half in the same kecamatan, 30% elsewhere in the kab/kota, 20% in another kab/kota."""
    out = desa.copy()
    n_desa = geo.desa_kec.size
    for i in np.flatnonzero(moved).tolist():
        here = int(desa[i])
        draw = rng.random()
        if draw < 0.5:
            pool = np.flatnonzero(geo.desa_kec == geo.desa_kec[here])
        elif draw < 0.8:
            pool = np.flatnonzero((geo.desa_kab == geo.desa_kab[here]) & (geo.desa_kec != geo.desa_kec[here]))
        else:
            pool = np.flatnonzero(geo.desa_kab != geo.desa_kab[here])
        pool = pool[pool != here]
        out[i] = int(rng.choice(pool)) if pool.size else int(rng.integers(0, n_desa))
    return out


def _typo(name: str, rng: np.random.Generator) -> str:
    """One letter substituted, deleted, inserted or two neighbours swapped (never a space)."""
    letters = [i for i, ch in enumerate(name) if ch != " "]
    if len(letters) < 3:
        return name
    pos = letters[int(rng.integers(0, len(letters)))]
    kind = int(rng.integers(0, 4))
    new = _LETTERS[int(rng.integers(0, len(_LETTERS)))]
    if kind == 0:
        return name[:pos] + new + name[pos + 1 :]
    if kind == 1:
        return name[:pos] + name[pos + 1 :]
    if kind == 2:
        return name[:pos] + new + name[pos:]
    if pos + 1 < len(name) and name[pos + 1] != " ":
        return name[:pos] + name[pos + 1] + name[pos] + name[pos + 2 :]
    return name[:pos] + new + name[pos + 1 :]


def _old_spelling(name: str, rng: np.random.Generator) -> str:
    usable = [(new, old) for new, old in OLD_SPELLINGS if new in name]
    if not usable:
        return name
    new, old = usable[int(rng.integers(0, len(usable)))]
    return name.replace(new, old, 1)


def _second_name(name: str, rng: np.random.Generator) -> str:
    """Drop one of two names (usually the last), or add a second name to a single one."""
    parts = name.split(" ")
    if len(parts) >= 2:
        return parts[-1] if rng.random() < 0.25 else " ".join(parts[:-1])
    return f"{name} {ALL_NAMES[int(rng.integers(0, len(ALL_NAMES)))]}"


def _nik_typo(nik: str, rng: np.random.Generator, *, digits: int) -> str:
    """``digits`` digits of the serial or birth-date part changed (the region part stays readable)."""
    chars = list(nik)
    for pos in rng.choice(np.arange(6, 16), size=digits, replace=False).tolist():
        chars[pos] = str((int(chars[pos]) + int(rng.integers(1, 10))) % 10)
    return "".join(chars)
