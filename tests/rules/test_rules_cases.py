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
# known_bug: the case is right by the rules but the code gets it wrong today (strict xfail; remove once fixed).
OPTIONAL_KEYS = {"known_bug"}
INPUTS: dict[str, set[str]] = {
    "bpu_contribution": {"income", "programmes", "payer", "sector"},
    "pu_contribution": {"wage", "risk_class", "programmes", "industry", "workers"},
    "benefit": {
        "event",
        "membership_start",
        "contribution_months",
        "segment",
        "wage",
        "children",
        "disability_percent",
        "injuries",
        "left_handed",
        "unable_days",
    },
}
OUTPUTS = {
    "total",
    "by_payer",
    "amounts",
    "detail",
    "note",
    "error",
    "scholarship_eligible",
    "scholarship_per_year",
    "reason",
    "contribution_months",
    "counted",
    "funeral_only",
    "waiting_reason",
}


def _cases() -> list[Any]:
    found = []
    for path in CASES:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            marks = []
            if "known_bug" in case:
                marks.append(pytest.mark.xfail(strict=True, reason=str(case["known_bug"])))
            found.append(pytest.param(case, id=f"{path.stem}: {case['name']}", marks=marks))
    return found


def test_every_case_file_is_found() -> None:
    assert {p.stem for p in CASES} >= {"bpu", "pu", "benefits"}
    assert len(_cases()) >= 45


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict[str, Any]) -> None:
    assert KEYS <= set(case) <= KEYS | OPTIONAL_KEYS, f"case keys must be {sorted(KEYS)} (+ {OPTIONAL_KEYS})"
    expected = case["output"]
    assert set(expected) <= OUTPUTS and expected, f"unknown or empty output: {expected}"
    arguments = dict(case["input"])
    unknown = set(arguments) - INPUTS[case["calculator"]]
    assert not unknown, f"unknown input keys for {case['calculator']}: {sorted(unknown)}"
    if "membership_start" in arguments:
        arguments["membership_start"] = dt.date.fromisoformat(str(arguments["membership_start"]))
    calculate = CALCULATORS[case["calculator"]]
    on = case["date"]
    assert isinstance(on, dt.date)
    if "error" in expected:
        with pytest.raises(RulesError) as caught:
            calculate(on=on, **arguments)
        assert expected["error"] in str(caught.value)
        assert caught.value.english and caught.value.english != str(caught.value)
        return
    result = calculate(on=on, **arguments)
    if "total" in expected:
        assert result.total == expected["total"]
    if "by_payer" in expected:
        assert result.by_payer() == expected["by_payer"]
    if expected.get("amounts") == {}:  # no cash item at all (e.g. a work accident paid as medical care only)
        assert [i for i in result.items if not i.yearly] == []
    for key, amount in expected.get("amounts", {}).items():
        matching = [i.amount for i in result.items if f"{i.programme}/{i.code}/{i.payer}" == key]
        assert matching == [amount], key
    if "note" in expected:  # a note (Indonesian) the result carries, e.g. that a discount may apply
        assert any(expected["note"] in indonesian for indonesian, _ in result.notes), result.notes
    for key, words in expected.get("detail", {}).items():  # a few words of the item's detail
        details = [i.detail for i in result.items if f"{i.programme}/{i.code}/{i.payer}" == key]
        assert len(details) == 1 and words in details[0], (key, details)
    _check_benefit(result, expected)  # the benefit outputs (a contribution case naming one fails here)


def _check_benefit(result: Any, expected: dict[str, Any]) -> None:
    """The outputs only ``benefit`` has: scholarship, contribution months and how they were counted, waiting."""
    if "scholarship_eligible" in expected:
        assert result.scholarship.eligible is expected["scholarship_eligible"]
    if "scholarship_per_year" in expected:
        assert result.scholarship_per_year == expected["scholarship_per_year"]
    if "reason" in expected:
        assert expected["reason"] in result.scholarship.reason_id
    if "contribution_months" in expected:
        assert result.contribution_months == expected["contribution_months"]
    if "counted" in expected:  # how the months were counted, as the officer reads it
        assert expected["counted"] in result.counted_id, result.counted_id
    if "funeral_only" in expected:  # the JKM waiting period: null = no waiting period said anything
        waiting = result.waiting
        assert (None if waiting is None else waiting.funeral_only) is expected["funeral_only"], waiting
    if "waiting_reason" in expected:
        assert result.waiting is not None and expected["waiting_reason"] in result.waiting.reason_id
