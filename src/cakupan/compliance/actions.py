"""The follow-up actions of a Rapat Kepatuhan as a plain rule: when an action counts as late (*terlambat*).

One rule for the meeting's page, its packet (XLSX and PDF) and any list: an action is late at a date when its due
date passed before that date and it was not closed (done, or dropped with a reason) by that date. A meeting judges
its actions, and the previous meeting's, at its own date (``Meeting.held_on``), never at today, so the page and
the packet printed for the meeting always agree, whenever they are looked at.
"""

from __future__ import annotations

import datetime as dt

OPEN_STATUSES = ("open", "in_progress")
CLOSED_STATUSES = ("done", "dropped")


def action_overdue(due: dt.date, closed_on: dt.date | None, as_of: dt.date) -> bool:
    """Late at ``as_of``: due before that day and not closed on or before it (``closed_on`` None: still open)."""
    return due < as_of and (closed_on is None or closed_on > as_of)
