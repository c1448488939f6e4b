"""Eligibility rules of a scheme: who may be chosen. Every rule left empty (or ``None``) lets everyone through.

``EligibilityRules`` checks itself when built, so an invalid rule set cannot exist; ``eligibility_rules`` also
accepts loose input (lists, strings with stray spaces, undotted region codes) and normalises it first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cakupan.targeting.candidates import SECTORS, SPECIAL_GROUPS, check_decile, occupation_key, tidy
from cakupan.targeting.errors import field_error

MAX_AGE_LIMIT = 120
_REGION = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")
_UNDOTTED = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}


@dataclass(frozen=True)
class EligibilityRules:
    region: str  # scheme region code; domicile must be it or lie inside it
    min_age: int | None = 15
    max_age: int | None = None  # inclusive, age in whole years on the date
    sectors: frozenset[str] = frozenset()  # empty = any
    max_decile: int | None = None  # when set: decile must be known and <= max_decile
    occupations: frozenset[str] = frozenset()  # empty = any; matched by occupation_key
    special_groups: frozenset[str] = frozenset()  # empty = any; else the person must belong to one
    exclude_active: bool = True

    def __post_init__(self) -> None:
        _check_region(self.region)
        _check_age("min_age", self.min_age)
        _check_age("max_age", self.max_age)
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise field_error(
                "max_age",
                f"batas umur atas {self.max_age} lebih kecil dari batas bawah {self.min_age}.",
                f"the maximum age {self.max_age} is below the minimum age {self.min_age}.",
            )
        _check_choices("sectors", self.sectors, SECTORS)
        check_decile("max_decile", self.max_decile)
        _check_occupations(self.occupations)
        _check_choices("special_groups", self.special_groups, SPECIAL_GROUPS)
        if type(self.exclude_active) is not bool:
            raise field_error(
                "exclude_active",
                f"harus ya/tidak (bool), bukan {self.exclude_active!r}.",
                f"must be true/false (bool), not {self.exclude_active!r}.",
            )

    def occupation_keys(self) -> frozenset[str]:
        return frozenset(occupation_key(o) for o in self.occupations)


def eligibility_rules(
    *,
    region: str,
    min_age: int | None = 15,
    max_age: int | None = None,
    sectors: Iterable[str] = (),
    max_decile: int | None = None,
    occupations: Iterable[str] = (),
    special_groups: Iterable[str] = (),
    exclude_active: bool = True,
) -> EligibilityRules:
    """Validated, normalised rules; ``TargetingError`` names the field at fault."""
    if not isinstance(region, str):
        _check_region(region)
    names = _strings("occupations", occupations)
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(occupation_key(name), tidy(name))  # the first spelling of an occupation wins
    return EligibilityRules(
        region=_normalise_region(region),
        min_age=min_age,
        max_age=max_age,
        sectors=frozenset(s.strip() for s in _strings("sectors", sectors)),
        max_decile=max_decile,
        occupations=frozenset(seen.values()),
        special_groups=frozenset(g.strip() for g in _strings("special_groups", special_groups)),
        exclude_active=exclude_active,
    )


def _normalise_region(code: str) -> str:
    text = code.strip()
    parts = _UNDOTTED.get(len(text)) if text.isascii() and text.isdigit() else None
    if parts is None:
        return text
    pieces, start = [], 0
    for size in parts:
        pieces.append(text[start : start + size])
        start += size
    return ".".join(pieces)


def _check_region(code: object) -> None:
    if not isinstance(code, str) or _REGION.fullmatch(code) is None:
        raise field_error(
            "region",
            f"{code!r} bukan kode wilayah Kemendagri (PP, PP.KK, PP.KK.CC atau PP.KK.CC.DDDD, mis. 13.02).",
            f"{code!r} is not a Kemendagri region code (PP, PP.KK, PP.KK.CC or PP.KK.CC.DDDD, e.g. 13.02).",
        )


def _check_age(field: str, age: object) -> None:
    if age is None:
        return
    if type(age) is not int or not 0 <= age <= MAX_AGE_LIMIT:
        raise field_error(
            field,
            f"umur harus bilangan bulat 0 sampai {MAX_AGE_LIMIT} tahun, bukan {age!r}.",
            f"an age must be an integer from 0 to {MAX_AGE_LIMIT} years, not {age!r}.",
        )


def _strings(field: str, values: object) -> tuple[str, ...]:
    """A single string counts as one value; any other iterable must hold only strings."""
    if isinstance(values, str):
        return (values,)
    if not isinstance(values, Iterable) or isinstance(values, bytes | bytearray | dict):
        raise field_error(
            field,
            f"harus berupa daftar teks, bukan {values!r}.",
            f"must be a list of strings, not {values!r}.",
        )
    items = tuple(values)
    for item in items:
        if not isinstance(item, str):
            raise field_error(field, f"{item!r} bukan teks.", f"{item!r} is not a string.")
    return items


def _check_choices(field: str, values: object, choices: tuple[str, ...]) -> None:
    if not isinstance(values, frozenset):
        raise field_error(field, "harus berupa frozenset.", "must be a frozenset.")
    for value in sorted(values, key=repr):
        if value not in choices:
            listed = ", ".join(choices)
            raise field_error(
                field,
                f"{value!r} tidak dikenal; pilihan: {listed}.",
                f"unknown value {value!r}; choices: {listed}.",
            )


def _check_occupations(values: object) -> None:
    if not isinstance(values, frozenset):
        raise field_error("occupations", "harus berupa frozenset.", "must be a frozenset.")
    for value in sorted(values, key=repr):
        if not isinstance(value, str) or not occupation_key(value):
            raise field_error(
                "occupations",
                f"nama pekerjaan {value!r} kosong atau bukan teks.",
                f"occupation {value!r} is empty or not a string.",
            )
