"""Construction projects (Jakon): the analyst-readable cases in tests/compliance/cases/jakon.yaml run strictly
against review_project; properties of the review over random projects; the deadlines file is strict and fuzzed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.compliance import (
    PROJECT_STATUS_LABELS,
    ComplianceError,
    ProjectFacts,
    ProjectStatus,
    parse_deadlines,
    review_project,
    summarise_projects,
)
from cakupan.compliance.calendar import shipped_holidays
from cakupan.compliance.jakon import PATH, deadline_rule_on

CASES = Path(__file__).parent / "cases" / "jakon.yaml"
KEYS = {"name", "date", "project", "output"}
FACTS = set(ProjectFacts.__dataclass_fields__)
OUTPUTS = {"status", "deadline", "days_late", "registered", "holidays_known", "reason", "reference", "error"}


def _load() -> list[dict[str, Any]]:
    return yaml.safe_load(CASES.read_text(encoding="utf-8"))


def test_there_are_cases_for_every_status_and_names_are_unique() -> None:
    cases = _load()
    assert {case["output"].get("status") for case in cases} - {None} == {s.value for s in ProjectStatus}
    names = [case["name"] for case in cases]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in _load()])
def test_case(case: dict[str, Any]) -> None:
    assert set(case) == KEYS, f"case keys must be {sorted(KEYS)}"
    assert set(case["project"]) <= FACTS, set(case["project"]) - FACTS
    expected = case["output"]
    assert set(expected) <= OUTPUTS and expected, f"unknown or empty output: {expected}"
    facts = ProjectFacts(**case["project"])
    on = case["date"]
    assert isinstance(on, dt.date)
    if "error" in expected:
        with pytest.raises(ComplianceError) as caught:
            review_project(facts, on=on)
        assert expected["error"] in str(caught.value) and caught.value.english
        return
    review = review_project(facts, on=on)
    if "status" in expected:
        assert review.status.value == expected["status"]
    if "deadline" in expected:
        assert review.deadline == expected["deadline"]
    if "days_late" in expected:
        assert review.days_late == expected["days_late"]
    if "registered" in expected:
        assert review.registered is expected["registered"]
    if "holidays_known" in expected:
        assert review.holidays_known is expected["holidays_known"]
    if "reason" in expected:
        assert expected["reason"] in review.indonesian, review.indonesian
    if "reference" in expected:
        assert review.reference.startswith(expected["reference"]), review.reference
    assert review.english and review.indonesian != review.english
    assert (review.reference != "") is (review.deadline is not None)


def test_the_shipped_deadline_is_14_working_days_and_says_it_is_unverified() -> None:
    rule = deadline_rule_on(dt.date(2025, 1, 1))
    assert rule is not None and rule.working_days == 14
    assert rule.reference.startswith("Permenaker 5/2021") and "belum diverifikasi" in rule.reference
    before = deadline_rule_on(dt.date(2020, 1, 1))
    assert (
        before is not None and before.reference.startswith("Permenaker 44/2015") and before.working_days == 14
    )
    assert "UNVERIFIED" in PATH.read_text(encoding="utf-8")
    assert deadline_rule_on(dt.date(2015, 6, 30)) is None
    assert set(PROJECT_STATUS_LABELS) == set(ProjectStatus)


def test_the_summary_counts_statuses_and_the_value_left_unregistered() -> None:
    on = dt.date(2025, 6, 30)
    projects = [
        ProjectFacts("A", "13.74", dt.date(2025, 3, 3), 100, registered_on=dt.date(2025, 3, 5)),
        ProjectFacts("B", "13.74", dt.date(2025, 3, 3), 200, registered_on=dt.date(2025, 4, 30)),
        ProjectFacts("C", "13.74", dt.date(2025, 3, 3), 300),
        ProjectFacts("D", "13.74", dt.date(2025, 6, 27), 400),
        ProjectFacts("E", "13.74", dt.date(2025, 1, 6), 500, finished_on=dt.date(2025, 5, 1)),
    ]
    count = summarise_projects(review_project(p, on=on) for p in projects).as_dict()
    assert count["by_status"] == {
        "terdaftar": 1,
        "terlambat": 1,
        "dalam_tenggat": 1,
        "belum_terdaftar": 1,
        "selesai_tanpa_daftar": 1,
    }
    assert (count["projects"], count["contract_value"]) == (5, 1500)
    assert (count["unregistered"], count["value_unregistered"]) == (3, 1200)
    assert count["value_by_status"]["terlambat"] == 200  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (PATH.read_text().replace("working_days: 14", "working_days: 0"), "tidak sah"),
        (PATH.read_text().replace("working_days: 14", "working_days: '14'"), "tidak sah"),
        (PATH.read_text().replace("working_days:", "hari_kerja:"), "tidak sah"),
        (
            PATH.read_text().replace("    reference: Permenaker 44/2015 (pasal belum diverifikasi)\n", ""),
            "tidak sah",
        ),
        (PATH.read_text() + PATH.read_text().split("values:\n")[1], "urut dan tidak berulang"),
        ("values: []", "tidak sah"),
        ("values: [", "tidak sah"),
    ],
)
def test_a_broken_deadlines_file_is_refused_with_its_name(text: str, message: str) -> None:
    with pytest.raises(ComplianceError) as caught:
        parse_deadlines(text, file="uji.yaml")
    assert message in str(caught.value) and "uji.yaml" in str(caught.value)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_is_a_table_or_a_clear_refusal(text: str) -> None:
    try:
        table = parse_deadlines(text)
    except ComplianceError as refused:
        assert refused.english
        return
    assert table and all(rule.reference and rule.working_days >= 1 for rule in table)


days = st.dates(min_value=dt.date(2015, 7, 1), max_value=dt.date(2027, 12, 31))


projects = st.builds(
    ProjectFacts,
    code=st.just("P"),
    region=st.just("13.74"),
    spk_date=days,
    contract_value=st.integers(min_value=0, max_value=10**13),
    finished_on=st.none() | days,
    registration_number=st.sampled_from(["", "JK-1"]),
    registered_on=st.none() | days,
)


@settings(max_examples=300, deadline=None)
@given(facts=projects, on=days)
def test_review_properties(facts: ProjectFacts, on: dt.date) -> None:
    review = review_project(facts, on=on)
    due, registered, finished = review.deadline, facts.registered_on, facts.finished_on
    assert due is not None and (due - facts.spk_date).days >= 14 and due.weekday() < 5
    assert due not in shipped_holidays().dates
    counted = registered is not None and registered <= on
    assert review.registered is (counted or (registered is None and facts.registration_number != ""))
    if counted and registered is not None:
        assert (review.status is ProjectStatus.LATE) is (registered > due)
        assert review.days_late == max((registered - due).days, 0)
    elif not review.registered:
        done = finished is not None and finished <= on
        assert (review.status is ProjectStatus.FINISHED_UNREGISTERED) is done
        if not done:
            assert (review.status is ProjectStatus.WITHIN_DEADLINE) is (on <= due)
        end = (
            finished if done and finished is not None else on
        )  # a finished project stops counting at its end
        assert review.days_late == max((end - due).days, 0)
    assert review.english and review.indonesian
