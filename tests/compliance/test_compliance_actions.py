"""The one rule for a late follow-up action, judged at a given date (the meeting's)."""

from __future__ import annotations

import datetime as dt

from cakupan.compliance.actions import action_overdue

MEETING = dt.date(2026, 3, 16)


def test_due_before_the_meeting_and_still_open_is_late() -> None:
    assert action_overdue(dt.date(2026, 1, 15), None, MEETING)


def test_due_on_or_after_the_meeting_is_not_late_then() -> None:
    assert not action_overdue(MEETING, None, MEETING)
    assert not action_overdue(dt.date(2026, 4, 30), None, MEETING)


def test_closed_by_the_meeting_is_not_late_closed_after_it_was() -> None:
    assert not action_overdue(dt.date(2026, 1, 15), dt.date(2026, 3, 1), MEETING)
    assert not action_overdue(dt.date(2026, 1, 15), MEETING, MEETING)
    assert action_overdue(dt.date(2026, 1, 15), dt.date(2026, 3, 20), MEETING)
