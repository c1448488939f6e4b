"""A candidate: the facts about one person that eligibility and priority read, and the helpers both share.

Age is counted in whole years on a date: a person gains a year on their birthday. Someone born on 29 February
gains it on 1 March in a common year (still the younger age on 28 February), the same rule the gap list uses.
Occupations are compared by ``occupation_key``: case-folded, every whitespace character removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cakupan.core.labels import Label
from cakupan.targeting.errors import field_error

SECTORS = ("formal", "informal")
SPECIAL_GROUPS = ("non_ASN", "perangkat_nagari", "bamus", "kader")  # same spellings as Staff.status
NOT_WORKING = ""  # the sector of a person without work
SPECIAL_GROUP_LABELS: dict[str, Label] = {
    "non_ASN": Label("pegawai non-ASN", "non-ASN staff"),
    "perangkat_nagari": Label("perangkat nagari", "nagari officials"),
    "bamus": Label("anggota Bamus", "Bamus members"),
    "kader": Label("kader", "cadres"),
}
MIN_DECILE, MAX_DECILE = 1, 10


@dataclass(frozen=True)
class Candidate:
    person_id: int
    region: str  # domicile desa code, e.g. "13.02.01.2001"
    birth_date: dt.date
    sector: str  # "formal" | "informal" | "" (not working)
    occupation: str  # free text as imported, e.g. "Buruh Kebun Sawit"
    decile: int | None  # DTSEN desil 1..10, None = not in DTSEN
    active: bool  # has an active BPJSTK membership on the decision date
    head_of_household: bool
    dependants: int  # household members who depend on them (>= 0)
    special_groups: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.sector not in (*SECTORS, NOT_WORKING):
            raise field_error(
                "sector",
                f"sektor {self.sector!r} tidak dikenal; pilihan: formal, informal, atau kosong (tidak bekerja).",
                f"unknown sector {self.sector!r}; choices: formal, informal, or empty (not working).",
            )
        check_decile("decile", self.decile)
        if type(self.dependants) is not int or self.dependants < 0:
            raise field_error(
                "dependants",
                f"jumlah tanggungan harus bilangan bulat tidak negatif, bukan {self.dependants!r}.",
                f"the number of dependants must be a non-negative integer, not {self.dependants!r}.",
            )


def check_decile(field: str, decile: object, *, optional: bool = True) -> None:
    if decile is None and optional:
        return
    if type(decile) is not int or not MIN_DECILE <= decile <= MAX_DECILE:
        raise field_error(
            field,
            f"desil harus bilangan bulat 1 sampai 10, bukan {decile!r}.",
            f"a decile must be an integer from 1 to 10, not {decile!r}.",
        )


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day`` (negative when ``day`` comes before the birth)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def occupation_key(text: str) -> str:
    """What occupations are matched on: ``" buruh  kebun SAWIT"`` and ``"BuruhKebunSawit"`` agree."""
    return "".join(text.split()).casefold()


def tidy(text: str) -> str:
    """Text as shown: stripped, inner runs of whitespace made one space."""
    return " ".join(text.split())
