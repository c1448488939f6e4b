"""Runs the analyst-readable claim cases in tests/claims/cases/*.yaml through ``cakupan.claims.assess``.

The schema is strict: a misspelt key fails the case instead of silently checking nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from cakupan.claims import (
    Assessment,
    ClaimError,
    EventKind,
    Heir,
    Relation,
    Spell,
    Work,
    assess,
    claim_expiry,
)
from cakupan.rules import RulesError

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))
REQUIRED = {"name", "event", "date", "memberships", "output"}
OPTIONAL = {"heirs", "disability_percent", "injuries", "left_handed", "unable_days", "known_bug"}
MEMBERSHIP_KEYS = {"segment", "programmes", "start", "end", "wage"}
HEIR_KEYS = {"name", "relation", "birth_date", "school_level", "married", "work", "work_months"}
OUTPUTS = {
    "covered",
    "contribution_months",
    "due_total",
    "scholarship_per_year",
    "scholarship_eligible",
    "children_counted",
    "forgone_total",
    "assumed_wage",
    "reason",
    "expiry",
    "error",
}


def _load() -> list[tuple[Path, dict[str, Any]]]:
    return [(path, case) for path in CASES for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


def _cases() -> list[Any]:
    found = []
    for path, case in _load():
        marks = []
        if "known_bug" in case:
            marks.append(pytest.mark.xfail(strict=True, reason=str(case["known_bug"])))
        found.append(pytest.param(case, id=f"{path.stem}: {case['name']}", marks=marks))
    return found


def _date(value: Any, where: str) -> dt.date:
    assert isinstance(value, dt.date), f"{where}: {value!r} must be a YYYY-MM-DD date"
    return value


def _spell(number: int, raw: dict[str, Any]) -> Spell:
    assert set(raw) <= MEMBERSHIP_KEYS, (
        f"membership {number}: unknown keys {sorted(set(raw) - MEMBERSHIP_KEYS)}"
    )
    assert {"segment", "programmes", "start"} <= set(raw), f"membership {number}: segment, programmes, start"
    programmes = tuple(p.strip() for p in str(raw["programmes"]).split(";") if p.strip())
    assert set(programmes) <= {"JKK", "JKM", "JHT", "JP", "JKP"}, f"membership {number}: {programmes}"
    end = raw.get("end")
    wage = raw.get("wage", 0)
    assert isinstance(wage, int) and not isinstance(wage, bool), (
        f"membership {number}: wage must be whole rupiah"
    )
    return Spell(
        segment=str(raw["segment"]),
        programmes=programmes,
        start=_date(raw["start"], f"membership {number} start"),
        end=None if end is None else _date(end, f"membership {number} end"),
        wage_basis=wage,
        key=number,
    )


def _heir(number: int, raw: dict[str, Any]) -> Heir:
    assert set(raw) <= HEIR_KEYS, f"heir {number}: unknown keys {sorted(set(raw) - HEIR_KEYS)}"
    assert {"name", "relation"} <= set(raw), f"heir {number}: name and relation are required"
    birth = raw.get("birth_date")
    assert isinstance(raw.get("married", False), bool), f"heir {number}: married must be true or false"
    assert raw.get("work", "") in {w.value for w in Work}, (
        f"heir {number}: work is one of pu, bpu, apprentice"
    )
    months = raw.get("work_months")
    assert months is None or (isinstance(months, int) and not isinstance(months, bool)), (
        f"heir {number}: months"
    )
    return Heir(
        name=str(raw["name"]),
        relation=Relation(raw["relation"]),
        birth_date=None if birth is None else _date(birth, f"heir {number} birth_date"),
        school_level=str(raw.get("school_level", "")),
        married=raw.get("married", False),
        work=Work(raw.get("work", "")),
        work_months=months,
    )


def _explanations(result: Assessment) -> list[str]:
    return [r.indonesian for r in result.reasons] + [c.indonesian for c in result.children]


def test_case_files_are_found() -> None:
    assert {p.stem for p in CASES} >= {"claims"}
    cases = _load()
    assert len(cases) >= 40
    names = [case["name"] for _, case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    assert {case["event"] for _, case in cases} == {kind.value for kind in EventKind}


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict[str, Any]) -> None:
    keys = set(case)
    assert REQUIRED <= keys <= REQUIRED | OPTIONAL, (
        f"unknown or missing keys: {sorted(keys ^ REQUIRED - OPTIONAL)}"
    )
    expected = case["output"]
    assert expected and set(expected) <= OUTPUTS, (
        f"unknown or empty output: {sorted(set(expected) - OUTPUTS)}"
    )
    assert "error" not in expected or set(expected) == {"error"}, "an error case checks nothing else"
    kind = EventKind(case["event"])
    on = _date(case["date"], "date")
    spells = [_spell(n, raw) for n, raw in enumerate(case["memberships"] or [], start=1)]
    heirs = [_heir(n, raw) for n, raw in enumerate(case.get("heirs") or [], start=1)]
    arguments: dict[str, Any] = {
        "kind": kind,
        "on": on,
        "spells": spells,
        "heirs": heirs,
        "disability_percent": case.get("disability_percent"),
        "unable_days": case.get("unable_days"),
        "injuries": case.get("injuries") or (),
        "left_handed": bool(case.get("left_handed")),
    }
    if "error" in expected:
        with pytest.raises((ClaimError, RulesError)) as caught:
            assess(**arguments)
        assert expected["error"] in str(caught.value)
        assert caught.value.english and caught.value.english != caught.value.indonesian
        return
    result = assess(**arguments)
    amounts = result.benefit or result.forgone
    assert amounts is not None
    if "covered" in expected:
        assert result.covered is expected["covered"]
        assert (result.spell is not None) is expected["covered"]
    if "contribution_months" in expected:
        assert result.contribution_months == expected["contribution_months"]
    if "due_total" in expected:
        assert result.due_total == expected["due_total"]
    if "scholarship_per_year" in expected:
        assert result.scholarship_per_year == expected["scholarship_per_year"]
    if "scholarship_eligible" in expected:
        assert amounts.scholarship.eligible is expected["scholarship_eligible"]
    if "children_counted" in expected:
        counted = sorted(c.heir.name for c in result.children if c.counted)
        assert counted == sorted(expected["children_counted"])
    if "forgone_total" in expected:
        assert result.forgone_total == expected["forgone_total"]
    if "assumed_wage" in expected:
        assert result.assumed_wage is expected["assumed_wage"]
    if "reason" in expected:
        texts = _explanations(result)
        assert any(expected["reason"] in text for text in texts), texts
    if "expiry" in expected:
        wanted = expected["expiry"]
        assert claim_expiry(kind, on) == (None if wanted is None else _date(wanted, "expiry"))
    # Whatever the case checks, the record stored with the claim must be JSON-ready and agree with the object.
    record = result.as_dict()
    assert record["covered"] is result.covered and record["due_total"] == result.due_total
    assert record["forgone_total"] == result.forgone_total
