"""What falls due on the rules' calendar: every shipped dated file with a ``cadence`` whose next value was due on
or before a day and is not loaded (``cakupan rules check``, the system admin's page). The parameter tree and the
national holidays of ``cakupan.compliance`` (which count the working days of legal deadlines) are the two places."""

from __future__ import annotations

import datetime as dt

from cakupan.compliance.calendar import shipped_holidays
from cakupan.core.dated import Due
from cakupan.rules.loader import ParameterTree, default_tree


def due_on(on: dt.date, tree: ParameterTree | None = None) -> list[Due]:
    """Every value due on or before ``on`` and missing, the earliest due first."""
    found = (tree or default_tree()).due(on)
    holidays = shipped_holidays().due(on, name="compliance/holidays.yaml")
    if holidays is not None:
        found.append(holidays)
    return sorted(found, key=lambda due: (due.due, due.name))
