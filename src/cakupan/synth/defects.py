"""Deliberate defects in ``persons.csv``, for the importers to reject.

Each person has at most one defect kind. A duplicated person (an exact copy of a clean row) gets no
membership at all, so the expected coverage does not depend on whether an importer keeps the first copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from cakupan.synth.sampling import BoolArray, IntArray

BAD_NIK_SHARE = 0.01
UNKNOWN_REGION_SHARE = 0.005
BIRTH_DATE_MISMATCH_SHARE = 0.002
DUPLICATE_SHARE = 0.005
UNKNOWN_KABKOTA = "99"  # 13.99 is no kab/kota


class PersonDefect(IntEnum):
    CLEAN = 0
    BAD_NIK = 1
    UNKNOWN_REGION = 2
    BIRTH_DATE_MISMATCH = 3


class BadNik(IntEnum):
    FIFTEEN_DIGITS = 0
    SEVENTEEN_DIGITS = 1
    LETTER = 2
    SERIAL_ZERO = 3
    DAY_32 = 4
    MONTH_13 = 5


# Letters that look like the digit they replace (0 -> O, 1 -> I, ...).
_LOOKALIKE = "OIZEASGTBQ"


@dataclass(frozen=True)
class PersonDefects:
    kind: IntArray  # PersonDefect per person
    duplicate: BoolArray  # the person's row is written twice
    bad_nik: IntArray  # BadNik per person, -1 when the NIK is fine
    birth_shift_days: IntArray  # added to the written birth date (mismatch defect), else 0
    region_code: dict[int, str]  # person -> unknown code written instead of the real desa code
    letter_position: IntArray  # digit replaced by a letter (BadNik.LETTER)

    @property
    def clean(self) -> BoolArray:
        """People whose person row an importer accepts and who may hold memberships."""
        return np.asarray((self.kind == PersonDefect.CLEAN) & ~self.duplicate)

    @property
    def defective(self) -> BoolArray:
        return np.asarray(self.kind != PersonDefect.CLEAN)


def draw_defects(
    desa_codes: list[str], desa: IntArray, known_codes: frozenset[str], rng: np.random.Generator
) -> PersonDefects:
    n = desa.size
    draw = rng.random(n)
    cuts = np.cumsum([BAD_NIK_SHARE, UNKNOWN_REGION_SHARE, BIRTH_DATE_MISMATCH_SHARE, DUPLICATE_SHARE])
    kind = np.select(
        [draw < cuts[0], draw < cuts[1], draw < cuts[2]],
        [PersonDefect.BAD_NIK, PersonDefect.UNKNOWN_REGION, PersonDefect.BIRTH_DATE_MISMATCH],
        default=PersonDefect.CLEAN,
    ).astype(np.int64)
    duplicate = (draw >= cuts[2]) & (draw < cuts[3])

    bad_nik = np.where(kind == PersonDefect.BAD_NIK, rng.integers(0, len(BadNik), size=n), -1)
    shift = rng.integers(1, 400, size=n) * np.where(rng.random(n) < 0.5, -1, 1)
    birth_shift = np.where(kind == PersonDefect.BIRTH_DATE_MISMATCH, shift, 0)

    region_code: dict[int, str] = {}
    unknown = np.flatnonzero(kind == PersonDefect.UNKNOWN_REGION)
    other_kab = rng.random(unknown.size) < 0.5
    for person, wrong_kab in zip(unknown.tolist(), other_kab.tolist(), strict=True):
        region_code[person] = _unknown_code(desa_codes[int(desa[person])], wrong_kab, known_codes)
    return PersonDefects(
        kind=kind,
        duplicate=duplicate,
        bad_nik=np.asarray(bad_nik, dtype=np.int64),
        birth_shift_days=np.asarray(birth_shift, dtype=np.int64),
        region_code=region_code,
        letter_position=rng.integers(6, 16, size=n),
    )


def _unknown_code(real: str, wrong_kab: bool, known_codes: frozenset[str]) -> str:
    """A well-formed level-4 code that does not exist: a kab/kota 99, or desa 2999 (or lower) of a kecamatan."""
    province, kab, kec, village = real.split(".")
    if wrong_kab:
        return f"{province}.{UNKNOWN_KABKOTA}.{kec}.{village}"
    for number in range(2999, 2000, -1):
        code = f"{province}.{kab}.{kec}.{number}"
        if code not in known_codes:
            return code
    raise ValueError(f"tidak ada kode desa kosong di kecamatan {province}.{kab}.{kec}")


def corrupt_nik(nik: str, how: BadNik, female: bool, letter_position: int) -> str:
    """A NIK that the NIK rules must reject."""
    if how is BadNik.FIFTEEN_DIGITS:
        return nik[:-1]
    if how is BadNik.SEVENTEEN_DIGITS:
        return nik + nik[-1]
    if how is BadNik.LETTER:
        return nik[:letter_position] + _LOOKALIKE[int(nik[letter_position])] + nik[letter_position + 1 :]
    if how is BadNik.SERIAL_ZERO:
        return nik[:12] + "0000"
    if how is BadNik.DAY_32:
        return f"{nik[:6]}{32 + (40 if female else 0)}{nik[8:]}"
    return f"{nik[:8]}13{nik[10:]}"  # month 13
