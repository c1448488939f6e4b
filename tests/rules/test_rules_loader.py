"""The parameter tree: strict loading, dated look-ups, and a fuzz of the loader."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.rules import (
    ParameterError,
    RulesError,
    load_tree,
    parameter,
    parse_parameter,
    parse_parameter_text,
)
from cakupan.rules.loader import ROOT

GOOD: dict[str, Any] = {
    "description": "Iuran contoh.",
    "unit": "rate",
    "values": [
        {"from": dt.date(2015, 7, 1), "value": "0.01", "reference": "PP 44/2015"},
        {"from": dt.date(2019, 12, 2), "value": "0.02", "reference": "PP 82/2019"},
    ],
}


def _with(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(yaml.safe_dump(GOOD))
    data.update(changes)
    return data


def test_the_shipped_tree_loads_with_the_names_the_issue_lists() -> None:
    names = set(load_tree().parameters)
    assert {
        "bpu/jkk/rate",
        "bpu/jkm/monthly_amount",
        "bpu/jht/rate",
        "bpu/income_basis/minimum",
        "bpu/income_basis/maximum",
        "pu/jkk/rate_by_risk_class",
        "pu/jkm/rate",
        "pu/jht/employer_rate",
        "pu/jht/worker_rate",
        "pu/jp/employer_rate",
        "pu/jp/worker_rate",
        "pu/jp/wage_cap",
        "pu/jkp/total_rate",
        "pu/jkp/government_rate",
        "pu/jkp/recomposed_from_jkk_rate",
        "pu/jkp/recomposed_from_jkm_rate",
        "benefits/jkm/lump_sum",
        "benefits/jkm/periodic",
        "benefits/jkm/funeral",
        "benefits/jkk/death_wage_multiple",
        "benefits/jkk/total_disability_wage_multiple",
        "benefits/scholarship/amount_per_year",
        "benefits/scholarship/max_years",
        "benefits/scholarship/max_children",
        "benefits/scholarship/age_limit",
        "benefits/scholarship/min_contribution_years_jkm",
    } <= names


def test_parameter_returns_the_value_in_force_and_its_reference() -> None:
    before = parameter("benefits/jkm/lump_sum", on=dt.date(2019, 12, 1))
    after = parameter("benefits/jkm/lump_sum", on=dt.date(2019, 12, 2))
    assert (before.value, after.value) == (16_200_000, 20_000_000)
    assert "PP 82/2019" in after.reference and "PP 82/2019" not in before.reference
    assert parameter("bpu/jkk/rate", on=dt.date(2025, 7, 1)).value == Decimal("0.01")


def test_jkp_parts_add_up_and_risk_classes_are_five() -> None:
    day = dt.date(2025, 7, 1)
    total = parameter("pu/jkp/total_rate", on=day).value
    parts = (
        parameter("pu/jkp/government_rate", on=day).scalar()
        + parameter("pu/jkp/recomposed_from_jkk_rate", on=day).scalar()
    )
    assert total == parts == Decimal("0.0036")
    before = dt.date(2025, 2, 6)
    parts_before = sum(
        parameter(f"pu/jkp/{name}", on=before).scalar()
        for name in ("government_rate", "recomposed_from_jkk_rate", "recomposed_from_jkm_rate")
    )
    assert parameter("pu/jkp/total_rate", on=before).value == parts_before == Decimal("0.0046")
    classes = parameter("pu/jkk/rate_by_risk_class", on=day).value
    assert isinstance(classes, dict) and sorted(classes) == ["1", "2", "3", "4", "5"]


def test_unverified_items_carry_a_note() -> None:
    tree = load_tree()
    cap = tree.get("pu/jp/wage_cap")
    assert "UNVERIFIED" in (cap.note or "")
    # One value per year from July 2015, each from 1 March after the first, each with its reference.
    assert [v.start.year for v in cap.values] == list(range(2015, 2015 + len(cap.values)))
    assert all((v.start.month, v.start.day) == (3, 1) for v in cap.values[1:])
    assert all("PP 45/2015 Pasal 29" in v.reference for v in cap.values)
    assert "UNVERIFIED" in (tree.get("bpu/income_basis/maximum").note or "")


def test_no_float_anywhere_in_the_shipped_files() -> None:
    for param in load_tree().parameters.values():
        for v in param.values:
            scalars = v.value.values() if isinstance(v.value, dict) else [v.value]
            assert all(type(s) in (int, Decimal) for s in scalars), param.name


def test_a_date_before_the_first_value_is_refused() -> None:
    with pytest.raises(RulesError, match="belum berlaku"):
        parameter("pu/jp/wage_cap", on=dt.date(2015, 6, 30))


@pytest.mark.parametrize(
    ("data", "key", "words"),
    [
        (_with(colour="red"), "colour", "kunci tidak dikenal"),
        (
            _with(values=[{"from": dt.date(2015, 7, 1), "value": "0.01"}]),
            "values.0.reference",
            "wajib ada",
        ),
        (
            _with(values=[GOOD["values"][1], GOOD["values"][0]]),
            "values.1.from",
            "urut",
        ),
        (
            _with(values=[GOOD["values"][0], GOOD["values"][0]]),
            "values.1.from",
            "tumpang-tindih",
        ),
        (_with(unit="rupiah"), "values.0.value", "bilangan bulat"),
        (
            _with(values=[{"from": dt.date(2015, 7, 1), "value": 0.01, "reference": "PP 1"}]),
            "values.0.value",
            "float",
        ),
        (
            _with(values=[{"from": dt.date(2015, 7, 1), "value": "abc", "reference": "PP 1"}]),
            "values.0.value",
            "",
        ),
        (_with(unit="percent"), "unit", "tidak sah"),
        (_with(values=[]), "values", ""),
    ],
)
def test_bad_files_name_the_file_and_the_key(data: dict[str, Any], key: str, words: str) -> None:
    with pytest.raises(ParameterError) as caught:
        parse_parameter("x/y", data, file="x/y.yaml")
    assert caught.value.file == "x/y.yaml"
    assert caught.value.key == key
    assert "x/y.yaml" in str(caught.value) and words in str(caught.value)


def test_a_bad_file_in_a_tree_stops_the_load(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.yaml").write_text((ROOT / "bpu/jkk/rate.yaml").read_text() + "extra: 1\n")
    with pytest.raises(ParameterError, match=r"a/b\.yaml"):
        load_tree(tmp_path)


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=8), st.dates()
)
_keys = st.sampled_from(["description", "unit", "note", "values", "from", "value", "reference", "rate", "zz"])
_trees = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_keys, _trees, max_size=6))
def test_random_mappings_fail_only_with_parameter_error(data: dict[str, Any]) -> None:
    with contextlib.suppress(ParameterError):
        parse_parameter_text("f/z", yaml.safe_dump(data))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_random_text_fails_only_with_parameter_error(text: str) -> None:
    with contextlib.suppress(ParameterError):
        parse_parameter_text("f/z", text)


def test_an_impossible_date_is_a_parameter_error_naming_the_file() -> None:
    """PyYAML turns ``2019-02-30`` into a ValueError of its own; the loader must say which file instead."""
    text = "description: x\nunit: rupiah\nvalues:\n  - from: 2019-02-30\n    value: 1\n    reference: PP 1/2019\n"
    with pytest.raises(ParameterError, match=r"f/z\.yaml"):
        parse_parameter_text("f/z", text)
