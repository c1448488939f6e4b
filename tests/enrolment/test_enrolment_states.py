"""The batch state machine: every action in every state, maker-checker, empty batches and reasons."""

from __future__ import annotations

import pytest

from cakupan.enrolment.states import (
    ACTION_LABELS,
    STATE_LABELS,
    Action,
    BatchState,
    EnrolmentError,
    allowed_actions,
    next_state,
)

MAKER, CHECKER, APPROVER = 11, 12, 13
S, A = BatchState, Action

# Every allowed (state, action) -> the state it leads to; every other pair is refused.
ALLOWED: dict[tuple[BatchState, Action], BatchState] = {
    (S.DRAFT, A.VERIFY): S.VERIFIED,
    (S.DRAFT, A.CANCEL): S.CANCELLED,
    (S.VERIFIED, A.APPROVE): S.APPROVED,
    (S.VERIFIED, A.RETURN): S.DRAFT,
    (S.VERIFIED, A.CANCEL): S.CANCELLED,
    (S.APPROVED, A.EXPORT): S.EXPORTED,
    (S.APPROVED, A.RETURN): S.DRAFT,
    (S.APPROVED, A.CANCEL): S.CANCELLED,
    (S.EXPORTED, A.EXPORT): S.EXPORTED,
    (S.EXPORTED, A.RECONCILE): S.RECONCILED,
    (S.EXPORTED, A.CANCEL): S.CANCELLED,
    (S.RECONCILED, A.RECONCILE): S.RECONCILED,
}
REFUSED = [(state, action) for state in S for action in A if (state, action) not in ALLOWED]


def step(state: BatchState, action: Action, **changes: object) -> BatchState:
    arguments: dict[str, object] = {
        "state": state,
        "action": action,
        "actor": APPROVER,
        "created_by": MAKER,
        "verified_by": CHECKER,
        "members": 3,
        "reason": "Data perlu diperbaiki",
    }
    arguments.update(changes)
    return next_state(**arguments)  # type: ignore[arg-type]


def refusal(state: BatchState, action: Action, **changes: object) -> EnrolmentError:
    with pytest.raises(EnrolmentError) as caught:
        step(state, action, **changes)
    return caught.value


def test_the_table_covers_every_pair() -> None:
    assert len(ALLOWED) + len(REFUSED) == len(S) * len(A) == 36
    assert len(REFUSED) == 24


@pytest.mark.parametrize(("state", "action"), sorted(ALLOWED))
def test_every_allowed_action_leads_where_it_should(state: BatchState, action: Action) -> None:
    assert step(state, action) == ALLOWED[(state, action)]
    assert action in allowed_actions(state)


@pytest.mark.parametrize(("state", "action"), REFUSED)
def test_every_other_action_is_refused_naming_the_state_and_what_is_allowed(
    state: BatchState, action: Action
) -> None:
    error = refusal(state, action)
    assert action not in allowed_actions(state)
    assert STATE_LABELS[state].id in error.indonesian
    assert STATE_LABELS[state].en in error.english
    assert ACTION_LABELS[action].id.lower() in error.indonesian
    assert str(error) == error.message("id") == error.indonesian
    assert error.message("en") == error.english
    for allowed in allowed_actions(state):
        assert ACTION_LABELS[allowed].id.lower() in error.indonesian
        assert ACTION_LABELS[allowed].en.lower() in error.english


def test_the_refusal_sentence_in_full() -> None:
    error = refusal(S.DRAFT, A.APPROVE)
    assert error.indonesian == (
        'Tindakan "setujui" tidak dapat dilakukan pada batch berstatus Draf. '
        "Yang dapat dilakukan: verifikasi, batalkan."
    )
    assert error.english == (
        'The action "approve" is not allowed on a batch in state Draft. Allowed: verify, cancel.'
    )
    cancelled = refusal(S.CANCELLED, A.EXPORT)
    assert "Tidak ada tindakan lain" in cancelled.indonesian
    assert "No further action" in cancelled.english


def test_allowed_actions_per_state() -> None:
    assert allowed_actions(S.DRAFT) == (A.VERIFY, A.CANCEL)
    assert allowed_actions(S.VERIFIED) == (A.APPROVE, A.RETURN, A.CANCEL)
    assert allowed_actions(S.APPROVED) == (A.EXPORT, A.RETURN, A.CANCEL)
    assert allowed_actions(S.EXPORTED) == (A.EXPORT, A.RECONCILE, A.CANCEL)
    assert allowed_actions(S.RECONCILED) == (A.RECONCILE,)
    assert allowed_actions(S.CANCELLED) == ()


def test_the_whole_road_from_draft_to_reconciled() -> None:
    state = step(S.DRAFT, A.VERIFY, actor=CHECKER, verified_by=None)
    state = step(state, A.APPROVE, actor=APPROVER)
    state = step(state, A.EXPORT)
    state = step(state, A.EXPORT)  # downloaded again
    state = step(state, A.RECONCILE)
    state = step(state, A.RECONCILE)  # the rest of the pending members, read later
    assert state is S.RECONCILED


def test_the_maker_may_verify_the_batch_it_made() -> None:
    assert step(S.DRAFT, A.VERIFY, actor=MAKER, verified_by=None) is S.VERIFIED


def test_the_maker_cannot_approve() -> None:
    error = refusal(S.VERIFIED, A.APPROVE, actor=MAKER)
    assert error.indonesian.startswith("Batch harus disetujui oleh pengguna lain")
    assert "Anda membuat batch ini" in error.indonesian
    assert "you created this batch" in error.english


def test_the_checker_cannot_approve() -> None:
    error = refusal(S.VERIFIED, A.APPROVE, actor=CHECKER)
    assert error.indonesian.startswith("Batch harus disetujui oleh pengguna lain")
    assert "Anda memverifikasi batch ini" in error.indonesian
    assert "you verified this batch" in error.english


def test_one_user_who_made_and_verified_cannot_approve_either() -> None:
    error = refusal(S.VERIFIED, A.APPROVE, actor=MAKER, verified_by=MAKER)
    assert "Anda membuat batch ini" in error.indonesian


def test_a_third_user_approves_even_without_a_recorded_verifier() -> None:
    assert step(S.VERIFIED, A.APPROVE, actor=APPROVER, verified_by=None) is S.APPROVED


@pytest.mark.parametrize(
    ("action", "word_id", "word_en"),
    [(A.VERIFY, "diverifikasi", "verified"), (A.APPROVE, "disetujui", "approved")],
)
def test_an_empty_batch_can_be_neither_verified_nor_approved(
    action: Action, word_id: str, word_en: str
) -> None:
    state = S.DRAFT if action is A.VERIFY else S.VERIFIED
    for members in (0, -1):
        error = refusal(state, action, members=members)
        assert error.indonesian == (
            f"Batch ini belum berisi peserta, sehingga tidak dapat {word_id}. Tambahkan peserta dahulu."
        )
        assert word_en in error.english
    assert step(state, action, members=1) in (S.VERIFIED, S.APPROVED)


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_return_and_cancel_need_a_reason(reason: str) -> None:
    returned = refusal(S.VERIFIED, A.RETURN, reason=reason)
    assert returned.indonesian == "Alasan wajib diisi untuk mengembalikan batch ke draf."
    assert returned.english == "A reason is required to return a batch to draft."
    cancelled = refusal(S.EXPORTED, A.CANCEL, reason=reason)
    assert cancelled.indonesian == "Alasan wajib diisi untuk membatalkan batch."
    assert cancelled.english == "A reason is required to cancel a batch."


def test_actions_without_a_reason_need_none() -> None:
    assert step(S.DRAFT, A.VERIFY, reason="") is S.VERIFIED
    assert step(S.APPROVED, A.EXPORT, reason="") is S.EXPORTED


def test_a_state_not_allowing_the_action_is_said_before_the_missing_reason() -> None:
    error = refusal(S.RECONCILED, A.CANCEL, reason="")
    assert "Direkonsiliasi" in error.indonesian and "Alasan" not in error.indonesian


def test_plain_strings_from_the_database_are_accepted() -> None:
    assert step("approved", "export") == "exported"  # type: ignore[arg-type]
    assert allowed_actions("reconciled") == (A.RECONCILE,)  # type: ignore[arg-type]


def test_unknown_state_or_action_is_an_enrolment_error() -> None:
    with pytest.raises(EnrolmentError, match="Status batch 'archived' tidak dikenal"):
        step("archived", A.CANCEL)  # type: ignore[arg-type]
    with pytest.raises(EnrolmentError, match="Tindakan 'delete' tidak dikenal"):
        step(S.DRAFT, "delete")  # type: ignore[arg-type]


def test_labels_cover_every_state_and_action() -> None:
    assert set(STATE_LABELS) == set(S) and set(ACTION_LABELS) == set(A)
    assert [STATE_LABELS[s].id for s in S] == [
        "Draf",
        "Diverifikasi",
        "Disetujui",
        "Diekspor",
        "Direkonsiliasi",
        "Dibatalkan",
    ]
    assert isinstance(EnrolmentError("a", "b"), ValueError)
