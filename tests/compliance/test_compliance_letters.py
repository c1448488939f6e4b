"""Runs the analyst-readable letter cases (tests/compliance/cases/letters.yaml) against the PP 86/2013 ladder, and
checks the working-day calendar, the sanctions file's schema and the letter templates' fields by properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cakupan.compliance import ComplianceError
from cakupan.compliance.calendar import Holidays, add_working_days, parse_holidays, shipped_holidays
from cakupan.compliance.letters import (
    DEFAULT_NUMBER_FORMAT,
    PLACEHOLDERS,
    fill,
    letter_number,
    shipped_template,
    spelled,
    template_check,
)
from cakupan.compliance.sanctions import (
    PATH,
    STEP_CODES,
    SentLetter,
    due_date,
    fine_amount,
    fine_months,
    ladder_on,
    next_step,
    parse_sanctions,
)

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "letters.yaml").read_text(encoding="utf-8"))


def _params(section: str) -> list[Any]:
    return [pytest.param(case, id=case["name"]) for case in CASES[section]]


@pytest.mark.parametrize("case", _params("escalation"))
def test_escalation(case: dict[str, Any]) -> None:
    assert set(case) <= {"name", "letters", "compliant", "date", "next", "earliest", "reason"}
    history = [SentLetter(x["step"], x["number"], x["issued"], x["due"]) for x in case["letters"]]
    decision = next_step(history, compliant=case["compliant"], on=case["date"])
    assert (decision.step.code if decision.step else None) == case["next"]
    assert decision.earliest == case.get("earliest")
    if "reason" in case:
        assert case["reason"] in decision.indonesian
    assert decision.english


@pytest.mark.parametrize("case", _params("deadlines"))
def test_deadline(case: dict[str, Any]) -> None:
    assert set(case) <= {"name", "step", "issued", "previous_due", "due", "error"}
    step = ladder_on(case["issued"]).step(case["step"])
    if "error" in case:
        with pytest.raises(ComplianceError, match=case["error"]) as caught:
            due_date(step, case["issued"], previous_due=case.get("previous_due"))
        assert caught.value.english
        return
    assert due_date(step, case["issued"], previous_due=case.get("previous_due")) == case["due"]


@pytest.mark.parametrize("case", _params("issuers"))
def test_issuers(case: dict[str, Any]) -> None:
    for ladder in parse_sanctions(PATH.read_text(encoding="utf-8")):
        assert list(ladder.step(case["step"]).issuers) == case["issuers"], ladder.start


@pytest.mark.parametrize("case", _params("fines"))
def test_fine(case: dict[str, Any]) -> None:
    months = fine_months(case["second_warning_due"], case["date"])
    assert months == case["months"]
    rate = ladder_on(case["date"]).fine_rate_per_month
    assert fine_amount(dues_owed=case["dues_owed"], months=months, rate=rate) == case["fine"]


def test_every_step_has_a_case_and_a_shipped_template() -> None:
    assert {c["next"] for c in CASES["escalation"]} - {None} == set(STEP_CODES)
    for step in STEP_CODES:
        text = shipped_template(step)
        template_check(subject=text.subject, body=text.body, number_format=DEFAULT_NUMBER_FORMAT)
        assert "{temuan}" in text.body and "{nomor}" in text.body


def test_sanctions_file_is_strict() -> None:
    shipped = PATH.read_text(encoding="utf-8")
    with pytest.raises(ComplianceError, match="tidak sah"):
        parse_sanctions(shipped.replace("fine_rate_per_month", "fine_rate_per_mont"))
    with pytest.raises(ComplianceError, match="berurutan"):
        parse_sanctions(shipped.replace("code: sp2", "code: sp1", 1))
    with pytest.raises(ComplianceError, match="tidak sah"):
        parse_sanctions(shipped.replace('"0.001"', '"1.5"'))
    with pytest.raises(ComplianceError, match="Belum ada aturan"):
        ladder_on(dt.date(2013, 1, 1))


def test_holidays_file_is_strict() -> None:
    with pytest.raises(ComplianceError, match="tidak sah"):
        parse_holidays("years:\n  - year: 2025\n    reference: SKB\n    dates:\n      2024-12-25: Natal\n")
    with pytest.raises(ComplianceError, match="berulang"):
        parse_holidays("years:\n" + "  - {year: 2025, reference: SKB, dates: {}}\n" * 2)


def test_a_year_without_holidays_is_counted_on_weekdays_and_says_so() -> None:
    known = add_working_days(dt.date(2026, 12, 21), 10)
    assert known.due == dt.date(2027, 1, 5) and not known.holidays_known
    assert [day for day, _name in known.skipped_holidays] == [dt.date(2026, 12, 25)]


DAYS = st.dates(min_value=dt.date(2024, 6, 1), max_value=dt.date(2027, 6, 1))


@given(start=DAYS, days=st.integers(min_value=0, max_value=40))
def test_working_days_match_a_day_by_day_count(start: dt.date, days: int) -> None:
    table = shipped_holidays()
    result = add_working_days(start, days, table)
    between = [start + dt.timedelta(days=i) for i in range(1, (result.due - start).days + 1)]
    working = [d for d in between if d.weekday() < 5 and d not in table.dates]
    assert len(working) == days
    assert days == 0 or working[-1] == result.due


@given(start=DAYS, days=st.integers(min_value=1, max_value=30))
def test_holidays_only_push_a_deadline_later(start: dt.date, days: int) -> None:
    none = Holidays({}, frozenset())
    assert add_working_days(start, days, none).due <= add_working_days(start, days).due


PIECES = [*"abc {}_\n", "{nomor}", "{denda}", "{urut}", "{tahun}", "{tidak_ada}"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


@given(subject=TEXT, body=TEXT, number=TEXT)
def test_template_check_accepts_or_names_the_problem(subject: str, body: str, number: str) -> None:
    try:
        template_check(subject=subject, body=body, number_format=number)
    except ComplianceError as exc:
        assert str(exc) and exc.english
    else:
        values = dict.fromkeys(PLACEHOLDERS, "X")
        assert "{" not in fill(body, values) and "}" not in fill(body, values)
        assert "{urut}" in number and "{tahun}" in number


def test_template_check_names_each_unknown_field() -> None:
    with pytest.raises(ComplianceError) as caught:
        template_check(
            subject="Teguran {nama}", body="Yth. {nama_pemberi_kerja} {temuan", number_format="{urut}/{tahun}"
        )
    message = str(caught.value)
    assert "perihal: {nama}" in message and "isi: { atau } tanpa pasangan" in message
    with pytest.raises(ComplianceError, match="harus memuat"):
        template_check(subject="a", body="b", number_format="{urut}/SP")


def test_letter_number_and_words() -> None:
    number = letter_number(
        DEFAULT_NUMBER_FORMAT, seq=7, step="sp1", region_code="13.74", issued_on=dt.date(2026, 12, 3)
    )
    assert number == "007/SP1/13.74/XII/2026"
    assert [spelled(n) for n in (10, 14, 30, 115)] == [
        "sepuluh",
        "empat belas",
        "tiga puluh",
        "seratus lima belas",
    ]


@given(dues=st.integers(min_value=0, max_value=10**13), months=st.integers(min_value=0, max_value=120))
def test_fine_is_whole_rupiah_rounded_down(dues: int, months: int) -> None:
    fine = fine_amount(dues_owed=dues, months=months, rate=Decimal("0.001"))
    assert fine == dues * months // 1000
