"""The follow-up actions of a meeting as rows, read the same way by the meeting's page and its packet (XLSX, PDF):
late or not judged at one date, the meeting's (``cakupan.compliance.actions.action_overdue``), and the finding each
answers with its number in its own meeting's list of findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from cakupan.compliance.actions import action_overdue
from cakupan.web.compliance.models import FollowUpAction, MeetingFinding


@dataclass(frozen=True)
class ActionRow:
    action: FollowUpAction
    late: bool  # at ``as_of``, the meeting's date
    finding_no: int | None  # the number of the finding it answers, in its meeting's findings
    finding_text: str


def finding_numbers(meeting_ids: Iterable[int]) -> dict[int, int]:
    """Finding pk → its number (1, 2, …) within its meeting, in the order they were recorded."""
    numbers: dict[int, int] = {}
    seen: dict[int, int] = {}
    found = MeetingFinding.objects.filter(meeting_id__in=set(meeting_ids)).order_by("meeting_id", "pk")
    for pk, meeting_id in found.values_list("pk", "meeting_id"):
        seen[meeting_id] = seen.get(meeting_id, 0) + 1
        numbers[pk] = seen[meeting_id]
    return numbers


def action_rows(actions: Iterable[FollowUpAction], *, as_of: dt.date) -> list[ActionRow]:
    """Each action with ``late`` judged at ``as_of`` (the date of the meeting that shows or prints it)."""
    listed = list(actions)
    numbers = finding_numbers(a.meeting_id for a in listed if a.finding_id is not None)
    texts = dict(
        MeetingFinding.objects.filter(pk__in=numbers.keys()).values_list("pk", "text") if numbers else []
    )
    return [
        ActionRow(
            action=action,
            late=action_overdue(action.due_date, action.closed_on, as_of),
            finding_no=numbers.get(action.finding_id) if action.finding_id is not None else None,
            finding_text=texts.get(action.finding_id, "") if action.finding_id is not None else "",
        )
        for action in listed
    ]
