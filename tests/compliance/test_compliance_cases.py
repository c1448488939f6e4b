"""Runs the analyst-readable employer cases in tests/compliance/cases/employers.yaml against review_employer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from cakupan.compliance import ComplianceError, EmployerFacts, review_employer

CASES = Path(__file__).parent / "cases" / "employers.yaml"
KEYS = {"name", "date", "employer", "output"}
FACTS = set(EmployerFacts.__dataclass_fields__)
OUTPUTS = {"status", "kinds", "gaps", "scale", "reason", "error"}


def _cases() -> list[Any]:
    return [pytest.param(case, id=case["name"]) for case in yaml.safe_load(CASES.read_text(encoding="utf-8"))]


def test_there_are_cases_for_every_category() -> None:
    kinds = {kind for case in yaml.safe_load(CASES.read_text()) for kind in case["output"].get("kinds", [])}
    assert kinds == {"pwbd", "pds_workers", "pds_wages", "pds_programmes"}


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict[str, Any]) -> None:
    assert set(case) == KEYS, f"case keys must be {sorted(KEYS)}"
    assert set(case["employer"]) <= FACTS, set(case["employer"]) - FACTS
    expected = case["output"]
    assert set(expected) <= OUTPUTS and expected, f"unknown or empty output: {expected}"
    raw = dict(case["employer"])
    raw["programmes"] = tuple(raw.get("programmes", ()))
    facts = EmployerFacts(**raw)
    on = case["date"]
    assert isinstance(on, dt.date)
    if "error" in expected:
        with pytest.raises(ComplianceError) as caught:
            review_employer(facts, on=on)
        assert expected["error"] in str(caught.value) and caught.value.english
        return
    review = review_employer(facts, on=on)
    if "status" in expected:
        assert review.status == expected["status"]
    if "kinds" in expected:
        assert [k.value for k in review.kinds()] == expected["kinds"]
    for kind, gap in expected.get("gaps", {}).items():
        assert [f.gap for f in review.findings if f.kind.value == kind] == [gap], kind
    if "scale" in expected:
        assert review.scale == expected["scale"]
    if "reason" in expected:
        texts = [f.indonesian for f in review.findings] + [note[0] for note in review.notes]
        assert any(expected["reason"] in text for text in texts), texts
    for finding in review.findings:
        assert finding.english and finding.reference
