"""NIK, family card (KK) number, name and address of every synthetic person.

The NIK follows ``cakupan.core.nik``: kecamatan where first issued, birth date DDMMYY with 40 added to the day
for women, and a serial from 0001 unique per 12-digit prefix. Most people keep the code of the kecamatan they
live in; some moved from another kecamatan of the province; a very few carry a kecamatan code that no longer
exists (from before a split), which the NIK rules accept with a warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from cakupan.core.nik import WOMAN_DAY_OFFSET
from cakupan.synth import names
from cakupan.synth.sampling import BoolArray, DateArray, IntArray, date_parts, rank_within

MOVED_SHARE = 0.08
RETIRED_KECAMATAN_SHARE = 0.003
SECOND_NAME_SHARE = 0.55
MENTAWAI_STYLE_SHARE = 0.65  # Mentawai households with Christian given names and a clan name
MENTAWAI = "13.09"
KORONG_KAB = "13.05"  # Padang Pariaman calls the parts of a nagari "korong"
KK_MAX_AGE_DAYS = 15 * 365

# One list of every name; a person's name is an index (or two) into it.
NAME_LISTS = (
    names.MALE_GIVEN,
    names.FEMALE_GIVEN,
    names.MALE_SECOND,
    names.FEMALE_SECOND,
    names.MENTAWAI_MALE_GIVEN,
    names.MENTAWAI_FEMALE_GIVEN,
    names.MENTAWAI_CLANS,
)
ALL_NAMES: tuple[str, ...] = tuple(name for group in NAME_LISTS for name in group)
_OFFSETS = np.cumsum([0, *(len(group) for group in NAME_LISTS)])
_SIZES = np.array([len(group) for group in NAME_LISTS])
(MALE, FEMALE, MALE_2, FEMALE_2, MENT_MALE, MENT_FEMALE, CLAN) = range(len(NAME_LISTS))

# Address kinds: "Jl. <street> No. <n>" in a kelurahan, otherwise "<Jorong|Korong|Dusun> <hamlet>".
ADDRESS_PREFIXES = ("Jl.", "Jorong", "Korong", "Dusun")
STREET, JORONG, KORONG, DUSUN = range(len(ADDRESS_PREFIXES))


@dataclass(frozen=True)
class Identity:
    nik_kecamatan: IntArray  # six digits: where the NIK was first issued
    nik: IntArray  # sixteen digits
    no_kk: IntArray  # sixteen digits, one per household
    moved: BoolArray
    retired_kecamatan: BoolArray
    first_name: IntArray  # index into ALL_NAMES
    second_name: IntArray  # index into ALL_NAMES, -1 for none
    address_kind: IntArray  # per household, index into ADDRESS_PREFIXES
    address_place: IntArray  # per household, index into names.STREETS or names.HAMLETS
    house_number: IntArray  # per household, for streets


def _pick(rng: np.random.Generator, group: IntArray) -> IntArray:
    """A random name from name list ``group`` (an array of list numbers)."""
    return np.asarray(_OFFSETS[group] + np.floor(rng.random(group.size) * _SIZES[group]).astype(np.int64))


def nik_numbers(kecamatan: IntArray, birth: DateArray, female: BoolArray) -> IntArray:
    """Sixteen-digit NIKs, serials from 0001 per prefix in row order."""
    _, month, day = date_parts(birth)
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    day = day + np.where(female, WOMAN_DAY_OFFSET, 0)
    prefix = kecamatan * 1_000_000 + day * 10_000 + month * 100 + year % 100
    return _with_serials(prefix)


def _with_serials(prefix: IntArray) -> IntArray:
    serial = rank_within(prefix) + 1
    if serial.size and int(serial.max()) > 9999:
        raise ValueError("nomor urut NIK/KK melebihi 9999 untuk satu awalan")
    return np.asarray(prefix * 10_000 + serial)


def build_identity(
    *,
    kab: IntArray,
    kec: IntArray,
    demography_household: IntArray,
    household_first: IntArray,
    is_spouse: BoolArray,
    female: BoolArray,
    birth: DateArray,
    desa_is_kelurahan: BoolArray,
    desa: IntArray,
    kab_codes: list[str],
    kab_is_kota: BoolArray,
    kec_digits: IntArray,
    retired_digits: IntArray,
    reference_date: dt.date,
    rng: np.random.Generator,
) -> Identity:
    n = kab.size
    household = demography_household
    n_households = household_first.size

    # Where each NIK was first issued.
    draw = rng.random(n)
    moved = draw < MOVED_SHARE
    retired = (draw >= MOVED_SHARE) & (draw < MOVED_SHARE + RETIRED_KECAMATAN_SHARE)
    other = (kec + rng.integers(1, kec_digits.size, size=n)) % kec_digits.size  # never the person's own
    nik_kec = np.where(moved, kec_digits[other], np.where(retired, retired_digits[kab], kec_digits[kec]))
    nik = nik_numbers(nik_kec, birth, female)

    # Family card: domicile kecamatan, issue date (DDMMYY) and a serial.
    head_kec = kec[household_first]
    issued = np.datetime64(reference_date, "D") - rng.integers(30, KK_MAX_AGE_DAYS, size=n_households).astype(
        "timedelta64[D]"
    )
    kk = nik_numbers(kec_digits[head_kec], issued, np.zeros(n_households, dtype=np.bool_))[household]

    # Names: Mentawai-style households share a clan name (a spouse keeps their own).
    mentawai_k = kab_codes.index(MENTAWAI) if MENTAWAI in kab_codes else -1
    mentawai_style = (
        (kab[household_first] == mentawai_k) & (rng.random(n_households) < MENTAWAI_STYLE_SHARE)
    )[household]
    given_list = np.where(
        mentawai_style, np.where(female, MENT_FEMALE, MENT_MALE), np.where(female, FEMALE, MALE)
    )
    first_name = _pick(rng, given_list)
    clan = _pick(rng, np.full(n_households, CLAN))[household]
    own_clan = _pick(rng, np.full(n, CLAN))
    second = _pick(rng, np.where(female, FEMALE_2, MALE_2))
    second = np.where(rng.random(n) < SECOND_NAME_SHARE, second, -1)
    second_name = np.where(mentawai_style, np.where(is_spouse, own_clan, clan), second)

    # Addresses, one per household.
    head_desa = desa[household_first]
    head_kab = kab[household_first]
    korong_k = kab_codes.index(KORONG_KAB) if KORONG_KAB in kab_codes else -1
    kind = np.select(
        [
            desa_is_kelurahan[head_desa],
            head_kab == korong_k,
            kab_is_kota[head_kab] | (head_kab == mentawai_k),
        ],
        [STREET, KORONG, DUSUN],
        default=JORONG,
    )
    place = np.where(
        kind == STREET,
        rng.integers(0, len(names.STREETS), size=n_households),
        rng.integers(0, len(names.HAMLETS), size=n_households),
    )
    return Identity(
        nik_kecamatan=np.asarray(nik_kec, dtype=np.int64),
        nik=nik,
        no_kk=np.asarray(kk, dtype=np.int64),
        moved=moved,
        retired_kecamatan=retired,
        first_name=first_name,
        second_name=np.asarray(second_name, dtype=np.int64),
        address_kind=np.asarray(kind, dtype=np.int64),
        address_place=np.asarray(place, dtype=np.int64),
        house_number=rng.integers(1, 151, size=n_households),
    )
