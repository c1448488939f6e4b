"""The life of a claim, as a pure state machine.

reported → documents complete (every required document ticked) → submitted to BPJSTK → paid or rejected (with a
reason). A report made in error is withdrawn (with a reason) before it is submitted; documents found missing send
a claim back to reported. ``next_state`` answers whether an action is allowed and where it leads.
"""

from __future__ import annotations

from enum import StrEnum

from cakupan.claims.errors import ClaimError


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


STATE_LABELS: dict[ClaimState, tuple[str, str]] = {
    ClaimState.REPORTED: ("Dilaporkan", "Reported"),
    ClaimState.DOCUMENTS_COMPLETE: ("Dokumen lengkap", "Documents complete"),
    ClaimState.SUBMITTED: ("Diajukan ke BPJSTK", "Submitted to BPJSTK"),
    ClaimState.PAID: ("Dibayar", "Paid"),
    ClaimState.REJECTED: ("Ditolak", "Rejected"),
    ClaimState.WITHDRAWN: ("Ditarik", "Withdrawn"),
}

ACTION_LABELS: dict[ClaimAction, tuple[str, str]] = {
    ClaimAction.COMPLETE: ("Dokumen lengkap", "Documents complete"),
    ClaimAction.REOPEN: ("Kembalikan: dokumen kurang", "Back: documents missing"),
    ClaimAction.SUBMIT: ("Ajukan ke BPJSTK", "Submit to BPJSTK"),
    ClaimAction.PAY: ("Catat dibayar", "Record payment"),
    ClaimAction.REJECT: ("Catat ditolak", "Record rejection"),
    ClaimAction.WITHDRAW: ("Tarik laporan", "Withdraw report"),
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
        label_id, label_en = STATE_LABELS[current]
        act_id, act_en = ACTION_LABELS[wanted]
        raise ClaimError(
            f"Klaim berstatus {label_id}: tindakan '{act_id}' tidak diperbolehkan.",
            f"The claim is {label_en}: '{act_en}' is not allowed.",
        )
    if wanted in NEEDS_REASON and not reason.strip():
        act_id, act_en = ACTION_LABELS[wanted]
        raise ClaimError(f"'{act_id}' memerlukan alasan.", f"'{act_en}' needs a reason.")
    return _TARGET[wanted]
