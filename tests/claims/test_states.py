"""The claim's state machine: every action from every state, terminal states, reasons (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cakupan.claims import (
    ACTION_LABELS,
    NEEDS_REASON,
    OPEN_STATES,
    STATE_LABELS,
    ClaimAction,
    ClaimError,
    ClaimState,
    allowed_actions,
    next_state,
)

S, A = ClaimState, ClaimAction

# The documented life of a claim: reported → documents complete → submitted → paid or rejected; withdrawn before
# it is submitted; a missing document sends it back to reported.
DOCUMENTED: dict[tuple[ClaimState, ClaimAction], ClaimState] = {
    (S.REPORTED, A.COMPLETE): S.DOCUMENTS_COMPLETE,
    (S.REPORTED, A.WITHDRAW): S.WITHDRAWN,
    (S.DOCUMENTS_COMPLETE, A.SUBMIT): S.SUBMITTED,
    (S.DOCUMENTS_COMPLETE, A.REOPEN): S.REPORTED,
    (S.DOCUMENTS_COMPLETE, A.WITHDRAW): S.WITHDRAWN,
    (S.SUBMITTED, A.PAY): S.PAID,
    (S.SUBMITTED, A.REJECT): S.REJECTED,
    (S.SUBMITTED, A.REOPEN): S.REPORTED,
}
TERMINAL = {S.PAID, S.REJECTED, S.WITHDRAWN}


def test_the_table_is_the_documented_one() -> None:
    for state in S:
        assert set(allowed_actions(state)) == {a for (s, a) in DOCUMENTED if s is state}
    assert set(OPEN_STATES) == set(S) - TERMINAL
    assert set(NEEDS_REASON) == {A.REOPEN, A.REJECT, A.WITHDRAW}
    assert set(STATE_LABELS) == set(S) and set(ACTION_LABELS) == set(A)


@pytest.mark.parametrize("state", sorted(TERMINAL))
def test_terminal_states_have_no_actions(state: ClaimState) -> None:
    assert allowed_actions(state) == ()
    for action in A:
        with pytest.raises(ClaimError):
            next_state(state, action, reason="alasan")


@given(st.sampled_from(list(S)), st.sampled_from(list(A)), st.text(max_size=20))
def test_every_action_moves_to_its_target_or_is_refused(
    state: ClaimState, action: ClaimAction, reason: str
) -> None:
    allowed = (state, action) in DOCUMENTED
    needs = action in NEEDS_REASON and not reason.strip()
    if allowed and not needs:
        assert next_state(state, action, reason=reason) is DOCUMENTED[state, action]
        assert next_state(state.value, action.value, reason=reason) is DOCUMENTED[state, action]
        return
    with pytest.raises(ClaimError) as caught:
        next_state(state, action, reason=reason)
    error = caught.value
    assert error.english and error.english != str(error)
    if not allowed:
        assert "tidak diperbolehkan" in str(error) and STATE_LABELS[state].id in str(error)
        assert "is not allowed" in error.english
    else:
        assert "memerlukan alasan" in str(error) and "needs a reason" in error.english


@given(st.lists(st.sampled_from(list(A)), max_size=12))
def test_any_walk_stays_inside_the_table(actions: list[ClaimAction]) -> None:
    state = S.REPORTED
    for action in actions:
        try:
            following = next_state(state, action, reason="dokumen salah")
        except ClaimError:
            assert action not in allowed_actions(state)
            continue
        assert DOCUMENTED[state, action] is following
        state = following


@pytest.mark.parametrize("action", sorted(NEEDS_REASON))
@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_reason_needing_actions_without_a_reason_raise(action: ClaimAction, reason: str) -> None:
    state = next(s for (s, a) in DOCUMENTED if a is action)
    with pytest.raises(ClaimError, match="memerlukan alasan"):
        next_state(state, action, reason=reason)


def test_actions_without_reason_need_none() -> None:
    assert next_state(S.REPORTED, A.COMPLETE) is S.DOCUMENTS_COMPLETE
    assert next_state(S.SUBMITTED, A.PAY) is S.PAID


def test_an_unknown_action_is_refused_in_both_languages() -> None:
    with pytest.raises(ClaimError) as caught:
        next_state(S.REPORTED, "approve")
    assert (
        str(caught.value) == "Tindakan 'approve' tidak dikenal."
        and caught.value.english == "Unknown action 'approve'."
    )


def test_an_unknown_state_is_a_claim_error() -> None:
    with pytest.raises(ClaimError):
        next_state("lost", A.COMPLETE)
