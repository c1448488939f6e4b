"""Benefit claims as plain rules (no Django): was the worker protected on the day, what the family is owed and why,
which children get a scholarship, which documents the claim needs, the claim's states and its deadlines.

The amounts come from ``cakupan.rules`` (dated parameters); this package decides coverage from the registry's
memberships and keeps every decision explainable.
"""

from __future__ import annotations

from cakupan.claims.assessment import Assessment, Reason, assess
from cakupan.claims.coverage import Spell, contribution_months, contribution_runs, spell_on
from cakupan.claims.deadlines import claim_expiry, next_scholarship_claim
from cakupan.claims.documents import Checklist, Document, checklist
from cakupan.claims.errors import ClaimError
from cakupan.claims.events import DEATHS, EVENT_LABELS, ITEM_LABELS, EventKind, programme_of
from cakupan.claims.heirs import (
    RELATION_LABELS,
    WORK_LABELS,
    ChildDecision,
    Heir,
    Relation,
    Work,
    age_on,
    check_heirs,
    scholarship_age_limit,
    scholarship_children,
    work_stop,
)
from cakupan.claims.states import (
    ACTION_LABELS,
    NEEDS_REASON,
    OPEN_STATES,
    STATE_LABELS,
    ClaimAction,
    ClaimState,
    allowed_actions,
    next_state,
)

__all__ = [
    "ACTION_LABELS",
    "DEATHS",
    "EVENT_LABELS",
    "ITEM_LABELS",
    "NEEDS_REASON",
    "OPEN_STATES",
    "RELATION_LABELS",
    "STATE_LABELS",
    "WORK_LABELS",
    "Assessment",
    "Checklist",
    "ChildDecision",
    "ClaimAction",
    "ClaimError",
    "ClaimState",
    "Document",
    "EventKind",
    "Heir",
    "Reason",
    "Relation",
    "Spell",
    "Work",
    "age_on",
    "allowed_actions",
    "assess",
    "check_heirs",
    "checklist",
    "claim_expiry",
    "contribution_months",
    "contribution_runs",
    "next_scholarship_claim",
    "next_state",
    "programme_of",
    "scholarship_age_limit",
    "scholarship_children",
    "spell_on",
    "work_stop",
]
