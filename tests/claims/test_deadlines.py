"""Deadlines: the JKK claim expires (2 years before PP 82/2019, 5 after), a JKM claim does not; yearly scholarships."""

from __future__ import annotations

import datetime as dt

import pytest

from cakupan.claims import EventKind, claim_expiry, next_scholarship_claim
from cakupan.claims.deadlines import add_years

JKK = [EventKind.WORK_DEATH, EventKind.WORK_ACCIDENT, EventKind.DISABILITY, EventKind.PARTIAL_DISABILITY]


@pytest.mark.parametrize("kind", JKK)
@pytest.mark.parametrize(
    ("on", "last_day"),
    [
        (dt.date(2015, 7, 1), dt.date(2017, 6, 30)),
        (dt.date(2019, 6, 1), dt.date(2021, 5, 31)),
        (dt.date(2019, 12, 1), dt.date(2021, 11, 30)),
        (dt.date(2019, 12, 2), dt.date(2024, 12, 1)),
        (dt.date(2025, 7, 1), dt.date(2030, 6, 30)),
        (dt.date(2024, 2, 29), dt.date(2029, 2, 27)),
        (dt.date(2025, 1, 1), dt.date(2029, 12, 31)),
    ],
)
def test_jkk_claims_expire(kind: EventKind, on: dt.date, last_day: dt.date) -> None:
    assert claim_expiry(kind, on) == last_day


@pytest.mark.parametrize("on", [dt.date(2010, 1, 1), dt.date(2019, 6, 1), dt.date(2025, 3, 15)])
def test_a_jkm_death_claim_does_not_expire(on: dt.date) -> None:
    assert claim_expiry(EventKind.DEATH, on) is None


def test_before_the_parameter_there_is_no_answer() -> None:
    """An accident before the first rule loaded has no known last day (not an error: the pages show none)."""
    assert claim_expiry(EventKind.WORK_ACCIDENT, dt.date(2015, 6, 30)) is None


def test_add_years_and_the_next_scholarship_claim() -> None:
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert next_scholarship_claim(dt.date(2025, 7, 15)) == dt.date(2026, 7, 15)
    assert next_scholarship_claim(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
