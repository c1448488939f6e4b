"""A region code that is not loaded is explained: another province, not loaded, not current, or no code at all."""

from __future__ import annotations

import pytest

from cakupan.core.regions import RegionIndex, load_province
from cakupan.ingest.region_codes import explain_unknown_region

SUPAYANG = "13.02.05.2001"


@pytest.fixture(scope="module")
def sumbar() -> RegionIndex:
    return RegionIndex.of(load_province("13"))


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("14.01.01.1011", "14.01.01.1011"),  # Kelurahan Bangkinang, Kampar, Riau: exists, in another province
        ("1401011011", "14.01.01.1011"),  # the same, undotted
        ("14.01.01.2999", "14.01.01.2999"),  # does not exist, but its province is Riau all the same
        ("14", "14"),
        ("31.71", "31.71"),
    ],
)
def test_a_code_of_another_province_names_that_province(sumbar: RegionIndex, raw: str, code: str) -> None:
    problem = explain_unknown_region(raw, sumbar)
    assert problem.code == "region_other_province"
    assert problem.severity == "error"
    province = "Riau" if code.startswith("14") else "Daerah Khusus Ibukota Jakarta"
    assert problem.params == {"code": code, "province": province}
    if code == "14.01.01.1011":
        assert problem.message() == (
            "Kode wilayah 14.01.01.1011 milik provinsi lain (Riau), bukan wilayah yang dimuat."
        )
        assert "belongs to another province (Riau)" in problem.message("en")


@pytest.mark.parametrize(
    ("raw", "parent"),
    [
        ("13.02.05.2999", "13.02.05 (Payung Sekaki, Kabupaten Solok, Sumatera Barat)"),
        ("13.02.99.2001", "13.02 (Kabupaten Solok, Sumatera Barat)"),
        ("13.99", "13 (Sumatera Barat)"),
        ("1399", "13 (Sumatera Barat)"),
    ],
)
def test_a_well_formed_code_missing_from_the_current_list(sumbar: RegionIndex, raw: str, parent: str) -> None:
    problem = explain_unknown_region(raw, sumbar)
    assert problem.code == "region_not_current"
    assert problem.params["parent"] == parent
    message = problem.message()
    # The message still opens like a plain unknown code, then says what is known and what it may be.
    assert message.startswith(f"Kode wilayah {problem.params['code']} tidak dikenal. ")
    assert "pemekaran" in message and "salah ketik" in message and parent in message
    assert "split or merger" in problem.message("en")


@pytest.mark.parametrize("raw", ["13020520019", "13.2.5.2001", "130205200", "x", "99.01.01.2001", "00"])
def test_no_code_at_all_or_no_such_province_is_unknown(sumbar: RegionIndex, raw: str) -> None:
    problem = explain_unknown_region(raw, sumbar)
    assert (problem.code, problem.params) == ("unknown_region", {"code": raw})
    assert problem.message() == f"Kode wilayah {raw} tidak dikenal."


def test_a_current_code_the_registry_lacks_is_not_loaded(sumbar: RegionIndex) -> None:
    stale = RegionIndex(sumbar.codes - {SUPAYANG})
    problem = explain_unknown_region(SUPAYANG, stale)
    assert problem.code == "region_not_loaded"
    assert problem.params == {
        "code": SUPAYANG,
        "name": "Supayang, Payung Sekaki, Kabupaten Solok, Sumatera Barat",
    }
    assert "belum dimuat" in problem.message()


def test_with_no_region_loaded_nothing_is_called_another_province() -> None:
    empty = RegionIndex(frozenset())
    assert explain_unknown_region(SUPAYANG, empty).code == "region_not_loaded"
    assert explain_unknown_region("14.01.01.1011", empty).code == "region_not_loaded"
    assert explain_unknown_region("13.02.05.2999", empty).code == "region_not_current"
