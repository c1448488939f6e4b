"""The life of an enrolment batch, as a pure state machine.

A batch of people to register with BPJS Ketenagakerjaan goes draft → verified → approved (by a user other than
the one who created or verified it: maker-checker) → exported (the frozen list is downloaded for collective
registration, as often as needed) → reconciled (BPJSTK's returned file gives KPJ numbers and rejections; it may
be read again while some members are still pending). Verified and approved batches can be returned to draft, and
any batch not yet reconciled can be cancelled; both need a reason.

``next_state`` answers whether an action is allowed and where it leads; the web app stores the result.
"""

from __future__ import annotations

from enum import StrEnum

from cakupan.core.labels import Label
from cakupan.enrolment.errors import EnrolmentError

__all__ = [
    "ACTION_LABELS",
    "STATE_LABELS",
    "Action",
    "BatchState",
    "EnrolmentError",
    "allowed_actions",
    "next_state",
]


class BatchState(StrEnum):
    DRAFT = "draft"
    VERIFIED = "verified"
    APPROVED = "approved"
    EXPORTED = "exported"
    RECONCILED = "reconciled"
    CANCELLED = "cancelled"


class Action(StrEnum):
    VERIFY = "verify"
    RETURN = "return"  # verified or approved -> draft, with a reason
    APPROVE = "approve"
    EXPORT = "export"
    RECONCILE = "reconcile"
    CANCEL = "cancel"


STATE_LABELS: dict[BatchState, Label] = {
    BatchState.DRAFT: Label("Draf", "Draft"),
    BatchState.VERIFIED: Label("Diverifikasi", "Verified"),
    BatchState.APPROVED: Label("Disetujui", "Approved"),
    BatchState.EXPORTED: Label("Diekspor", "Exported"),
    BatchState.RECONCILED: Label("Direkonsiliasi", "Reconciled"),
    BatchState.CANCELLED: Label("Dibatalkan", "Cancelled"),
}

ACTION_LABELS: dict[Action, Label] = {
    Action.VERIFY: Label("Verifikasi", "Verify"),
    Action.RETURN: Label("Kembalikan ke draf", "Return to draft"),
    Action.APPROVE: Label("Setujui", "Approve"),
    Action.EXPORT: Label("Ekspor", "Export"),
    Action.RECONCILE: Label("Rekonsiliasi", "Reconcile"),
    Action.CANCEL: Label("Batalkan", "Cancel"),
}

# In the order a user would look for them: the step forward first, then going back, then cancelling.
_ALLOWED: dict[BatchState, tuple[Action, ...]] = {
    BatchState.DRAFT: (Action.VERIFY, Action.CANCEL),
    BatchState.VERIFIED: (Action.APPROVE, Action.RETURN, Action.CANCEL),
    BatchState.APPROVED: (Action.EXPORT, Action.RETURN, Action.CANCEL),
    BatchState.EXPORTED: (Action.EXPORT, Action.RECONCILE, Action.CANCEL),
    BatchState.RECONCILED: (Action.RECONCILE,),
    BatchState.CANCELLED: (),
}

_TARGET: dict[Action, BatchState] = {
    Action.VERIFY: BatchState.VERIFIED,
    Action.RETURN: BatchState.DRAFT,
    Action.APPROVE: BatchState.APPROVED,
    Action.EXPORT: BatchState.EXPORTED,
    Action.RECONCILE: BatchState.RECONCILED,
    Action.CANCEL: BatchState.CANCELLED,
}


def allowed_actions(state: BatchState) -> tuple[Action, ...]:
    """The actions a batch in ``state`` allows, whoever asks (maker-checker is checked by ``next_state``)."""
    return _ALLOWED[_state(state)]


def next_state(
    *,
    state: BatchState,
    action: Action,
    actor: int,
    created_by: int,
    verified_by: int | None,
    members: int,
    reason: str = "",
) -> BatchState:
    """The state ``action`` by user ``actor`` leads to; EnrolmentError saying why when it is not allowed.

    ``members`` is the number of people in the batch; ``reason`` is required to return or cancel a batch.
    """
    state, action = _state(state), _action(action)
    allowed = _ALLOWED[state]
    if action not in allowed:
        raise _not_allowed(state, action, allowed)
    if action in (Action.RETURN, Action.CANCEL) and not reason.strip():
        doing_id, doing_en = (
            ("mengembalikan batch ke draf", "return a batch to draft")
            if action is Action.RETURN
            else ("membatalkan batch", "cancel a batch")
        )
        raise EnrolmentError(
            f"Alasan wajib diisi untuk {doing_id}.",
            f"A reason is required to {doing_en}.",
        )
    if action in (Action.VERIFY, Action.APPROVE) and members <= 0:
        doing_id, doing_en = (
            ("diverifikasi", "verified") if action is Action.VERIFY else ("disetujui", "approved")
        )
        raise EnrolmentError(
            f"Batch ini belum berisi peserta, sehingga tidak dapat {doing_id}. Tambahkan peserta dahulu.",
            f"This batch has no members yet, so it cannot be {doing_en}. Add members first.",
        )
    if action is Action.APPROVE and actor in (created_by, verified_by):
        did_id, did_en = ("membuat", "created") if actor == created_by else ("memverifikasi", "verified")
        raise EnrolmentError(
            "Batch harus disetujui oleh pengguna lain, bukan oleh pengguna yang membuat atau memverifikasinya "
            f"(Anda {did_id} batch ini). Mintalah pengguna lain yang berwenang untuk menyetujuinya.",
            "A batch must be approved by another user, not by the user who created or verified it "
            f"(you {did_en} this batch). Ask another authorised user to approve it.",
        )
    return _TARGET[action]


def _not_allowed(state: BatchState, action: Action, allowed: tuple[Action, ...]) -> EnrolmentError:
    state_id, state_en = STATE_LABELS[state].id, STATE_LABELS[state].en
    action_id, action_en = ACTION_LABELS[action].id, ACTION_LABELS[action].en
    if allowed:
        choices_id = ", ".join(ACTION_LABELS[a].id.lower() for a in allowed)
        choices_en = ", ".join(ACTION_LABELS[a].en.lower() for a in allowed)
        tail_id = f"Yang dapat dilakukan: {choices_id}."
        tail_en = f"Allowed: {choices_en}."
    else:
        tail_id = "Tidak ada tindakan lain yang dapat dilakukan pada batch ini."
        tail_en = "No further action can be taken on this batch."
    return EnrolmentError(
        f'Tindakan "{action_id.lower()}" tidak dapat dilakukan pada batch berstatus {state_id}. {tail_id}',
        f'The action "{action_en.lower()}" is not allowed on a batch in state {state_en}. {tail_en}',
    )


def _state(value: str) -> BatchState:
    try:
        return BatchState(value)
    except ValueError:
        choices = ", ".join(s.value for s in BatchState)
        raise EnrolmentError(
            f"Status batch {value!r} tidak dikenal; pilihan: {choices}.",
            f"Batch state {value!r} is unknown; choose from: {choices}.",
        ) from None


def _action(value: str) -> Action:
    try:
        return Action(value)
    except ValueError:
        choices = ", ".join(a.value for a in Action)
        raise EnrolmentError(
            f"Tindakan {value!r} tidak dikenal; pilihan: {choices}.",
            f"Action {value!r} is unknown; choose from: {choices}.",
        ) from None
