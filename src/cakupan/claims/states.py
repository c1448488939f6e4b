"""The life of a claim, as a pure state machine.

reported → documents complete (every required document ticked) → submitted to BPJSTK → paid or rejected (with a
reason). A report made in error is withdrawn (with a reason) before it is submitted; documents found missing send
a claim back to reported. ``next_state`` answers whether an action is allowed and where it leads.
"""

from __future__ import annotations

from enum import StrEnum

from cakupan.claims.errors import ClaimError
from cakupan.core.labels import Label


class ClaimState(StrEnum):
    REPORTED = "reported"
    DOCUMENTS_COMPLETE = "documents_complete"
    SUBMITTED = "submitted"
    PAID = "paid"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class ClaimAction(StrEnum):
    COMPLETE = "complete"  # every required document received
    REOPEN = "reopen"  # back to reported: a document turned out missing or wrong
    SUBMIT = "submit"
    PAY = "pay"
    REJECT = "reject"
    WITHDRAW = "withdraw"


STATE_LABELS: dict[ClaimState, Label] = {
    ClaimState.REPORTED: Label("Dilaporkan", "Reported"),
    ClaimState.DOCUMENTS_COMPLETE: Label("Dokumen lengkap", "Documents complete"),
    ClaimState.SUBMITTED: Label("Diajukan ke BPJSTK", "Submitted to BPJSTK"),
    ClaimState.PAID: Label("Dibayar", "Paid"),
    ClaimState.REJECTED: Label("Ditolak", "Rejected"),
    ClaimState.WITHDRAWN: Label("Ditarik", "Withdrawn"),
}

ACTION_LABELS: dict[ClaimAction, Label] = {
    ClaimAction.COMPLETE: Label("Dokumen lengkap", "Documents complete"),
    ClaimAction.REOPEN: Label("Kembalikan: dokumen kurang", "Back: documents missing"),
    ClaimAction.SUBMIT: Label("Ajukan ke BPJSTK", "Submit to BPJSTK"),
    ClaimAction.PAY: Label("Catat dibayar", "Record payment"),
    ClaimAction.REJECT: Label("Catat ditolak", "Record rejection"),
    ClaimAction.WITHDRAW: Label("Tarik laporan", "Withdraw report"),
}

# The step forward first, then going back, then withdrawing.
_ALLOWED: dict[ClaimState, tuple[ClaimAction, ...]] = {
    ClaimState.REPORTED: (ClaimAction.COMPLETE, ClaimAction.WITHDRAW),
    ClaimState.DOCUMENTS_COMPLETE: (ClaimAction.SUBMIT, ClaimAction.REOPEN, ClaimAction.WITHDRAW),
    ClaimState.SUBMITTED: (ClaimAction.PAY, ClaimAction.REJECT, ClaimAction.REOPEN),
    ClaimState.PAID: (),
    ClaimState.REJECTED: (),
    ClaimState.WITHDRAWN: (),
}

_TARGET: dict[ClaimAction, ClaimState] = {
    ClaimAction.COMPLETE: ClaimState.DOCUMENTS_COMPLETE,
    ClaimAction.REOPEN: ClaimState.REPORTED,
    ClaimAction.SUBMIT: ClaimState.SUBMITTED,
    ClaimAction.PAY: ClaimState.PAID,
    ClaimAction.REJECT: ClaimState.REJECTED,
    ClaimAction.WITHDRAW: ClaimState.WITHDRAWN,
}

NEEDS_REASON = frozenset({ClaimAction.REOPEN, ClaimAction.REJECT, ClaimAction.WITHDRAW})
OPEN_STATES = frozenset({ClaimState.REPORTED, ClaimState.DOCUMENTS_COMPLETE, ClaimState.SUBMITTED})


def _state(state: ClaimState | str) -> ClaimState:
    try:
        return ClaimState(state)
    except ValueError:
        raise ClaimError(
            f"Status klaim {state!r} tidak dikenal.", f"Unknown claim state {state!r}."
        ) from None


def allowed_actions(state: ClaimState | str) -> tuple[ClaimAction, ...]:
    return _ALLOWED[_state(state)]


def next_state(state: ClaimState | str, action: ClaimAction | str, *, reason: str = "") -> ClaimState:
    """Where ``action`` takes a claim in ``state``; refuses what is not allowed or lacks its reason."""
    current = _state(state)
    try:
        wanted = ClaimAction(action)
    except ValueError:
        raise ClaimError(f"Tindakan {action!r} tidak dikenal.", f"Unknown action {action!r}.") from None
    if wanted not in _ALLOWED[current]:
        label_id, label_en = STATE_LABELS[current].id, STATE_LABELS[current].en
        act_id, act_en = ACTION_LABELS[wanted].id, ACTION_LABELS[wanted].en
        raise ClaimError(
            f"Klaim berstatus {label_id}: tindakan '{act_id}' tidak diperbolehkan.",
            f"The claim is {label_en}: '{act_en}' is not allowed.",
        )
    if wanted in NEEDS_REASON and not reason.strip():
        act_id, act_en = ACTION_LABELS[wanted].id, ACTION_LABELS[wanted].en
        raise ClaimError(f"'{act_id}' memerlukan alasan.", f"'{act_en}' needs a reason.")
    return _TARGET[wanted]
