"""No dead ends (issue 18, point 8): every state of every workflow with states has its next-step note, in Bahasa
Indonesia and in English, and every role that can take a step has a name in both languages. The states are read
from each workflow's own definition (the claim and batch state machines, the models' status choices, the letter
case states), so a state added there without its note fails here."""

from __future__ import annotations

import pytest
from django.utils import translation

from cakupan.claims import ClaimState
from cakupan.core.access import Role
from cakupan.enrolment.states import BatchState
from cakupan.web.compliance.letter_views import CASE_STATES
from cakupan.web.compliance.models import ACTION_STATUSES, OBLIGATION_STATUSES
from cakupan.web.imports.models import ImportJob
from cakupan.web.linkage.models import LinkCandidate
from cakupan.web.next_steps import ROLE_NAMES, WORKFLOWS, roles_taking

STATES: dict[str, list[str]] = {
    "claim": [s.value for s in ClaimState],
    "batch": [s.value for s in BatchState],
    "letter": list(CASE_STATES),
    "action": list(ACTION_STATUSES),
    "obligation": list(OBLIGATION_STATUSES),
    "import": [s.value for s in ImportJob.Status],
    "link": [s.value for s in LinkCandidate.Status],
}
EVERY_STATE = [(workflow, state) for workflow, states in STATES.items() for state in states]


def test_every_workflow_is_checked() -> None:
    assert set(WORKFLOWS) == set(STATES)


@pytest.mark.parametrize(("workflow", "state"), EVERY_STATE)
def test_every_state_has_its_next_step_in_both_languages(workflow: str, state: str) -> None:
    step = WORKFLOWS[workflow].get(state)
    assert step is not None, f"{workflow}: state {state!r} has no next-step note"
    with translation.override("en"):
        english = str(step.text)
    with translation.override("id"):
        indonesian = str(step.text)
    assert english.strip() and indonesian.strip()
    assert indonesian != english, f"{workflow}/{state}: no Indonesian text"
    assert all(role in ROLE_NAMES for role in roles_taking(step))


def test_no_note_for_a_state_that_does_not_exist() -> None:
    for workflow, table in WORKFLOWS.items():
        assert set(table) <= set(STATES[workflow]), workflow


def test_every_role_has_a_name_in_both_languages() -> None:
    assert set(ROLE_NAMES) == set(Role)
    for role, name in ROLE_NAMES.items():
        with translation.override("id"):
            indonesian = str(name)
        with translation.override("en"):
            assert str(name) != indonesian, role
