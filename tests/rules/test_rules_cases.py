"""Runs the analyst-readable cases in tests/rules/cases/*.yaml against the calculators."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from cakupan.rules import RulesError, benefit, bpu_contribution, pu_contribution

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))
CALCULATORS: dict[str, Any] = {
    "bpu_contribution": bpu_contribution,
    "pu_contribution": pu_contribution,
    "benefit": benefit,
}
KEYS = {"name", "date", "calculator", "input", "output"}
OUTPUTS = {"total", "by_payer", "amounts", "error", "scholarship_eligible", "scholarship_per_year", "reason"}


def _cases() -> list[Any]:
    found = []
    for path in CASES:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            found.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return found


def test_every_case_file_is_found() -> None:
    assert {p.stem for p in CASES} >= {"bpu", "pu", "benefits"}
    assert len(_cases()) >= 25


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict[str, Any]) -> None:
    assert set(case) == KEYS, f"case keys must be {sorted(KEYS)}"
    expected = case["output"]
    assert set(expected) <= OUTPUTS and expected, f"unknown or empty output: {expected}"
    arguments = dict(case["input"])
    if "membership_start" in arguments:
        arguments["membership_start"] = dt.date.fromisoformat(str(arguments["membership_start"]))
    calculate = CALCULATORS[case["calculator"]]
    on = case["date"]
    assert isinstance(on, dt.date)
    if "error" in expected:
        with pytest.raises(RulesError) as caught:
            calculate(on=on, **arguments)
        assert expected["error"] in str(caught.value)
        return
    result = calculate(on=on, **arguments)
    if "total" in expected:
        assert result.total == expected["total"]
    if "by_payer" in expected:
        assert result.by_payer() == expected["by_payer"]
    for key, amount in expected.get("amounts", {}).items():
        matching = [i.amount for i in result.items if f"{i.programme}/{i.code}/{i.payer}" == key]
        assert matching == [amount], key
    if "scholarship_eligible" in expected:
        assert result.scholarship.eligible is expected["scholarship_eligible"]
    if "scholarship_per_year" in expected:
        assert result.scholarship_per_year == expected["scholarship_per_year"]
    if "reason" in expected:
        assert expected["reason"] in result.scholarship.reason_id
