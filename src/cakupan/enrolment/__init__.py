"""Enrolment batches: a list of people to register with BPJS Ketenagakerjaan, checked by two users, exported for
collective registration and reconciled against the file BPJSTK returns.

Pure core (no Django; import-linter enforces it): the batch state machine (``states``), the export's column
layout and XLSX writer (``layout``) and the reader of the returned file (``reconcile``). The web app stores
batches, members and the results.
"""

from __future__ import annotations

from cakupan.enrolment.errors import EnrolmentError, LayoutError
from cakupan.enrolment.layout import (
    DEFAULT_LAYOUT,
    FIELDS,
    Column,
    RegistrationLayout,
    RegistrationRow,
    load_layout,
    parse_layout,
    write_registration,
)
from cakupan.enrolment.reconcile import Accepted, Reconciliation, Rejected, read_reconciliation
from cakupan.enrolment.states import (
    ACTION_LABELS,
    STATE_LABELS,
    Action,
    BatchState,
    allowed_actions,
    next_state,
)

__all__ = [
    "ACTION_LABELS",
    "DEFAULT_LAYOUT",
    "FIELDS",
    "STATE_LABELS",
    "Accepted",
    "Action",
    "BatchState",
    "Column",
    "EnrolmentError",
    "LayoutError",
    "Reconciliation",
    "RegistrationLayout",
    "RegistrationRow",
    "Rejected",
    "allowed_actions",
    "load_layout",
    "next_state",
    "parse_layout",
    "read_reconciliation",
    "write_registration",
]
