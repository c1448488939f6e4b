"""The two files exchanged with BPJSTK: the collective registration file of an approved batch (export) and
BPJSTK's answer with KPJ numbers and rejections (reconcile), which turns accepted workers into memberships."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from cakupan.enrolment.layout import RegistrationLayout, load_layout, write_registration
from cakupan.enrolment.reconcile import Reconciliation, read_reconciliation
from cakupan.enrolment.states import Action, EnrolmentError
from cakupan.web.audit.models import AuditEvent
from cakupan.web.enrolment.batches import batch_audit, batch_locked, batch_move
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch, EnrolmentMonth
from cakupan.web.enrolment.registration import registration_rows
from cakupan.web.enrolment.schedule import cover_end
from cakupan.web.indicators.services import facts_refresh_enqueue
from cakupan.web.membership.models import Membership

# The memberships layout's payer for each kind of funding source (cakupan.ingest.schemas.PAYERS).
PAYER_OF_KIND = {"apbd_kabkota": "apbd"}


@transaction.atomic
def batch_export(
    *,
    batch: EnrolmentBatch,
    by: Any,
    request: HttpRequest | None = None,
    layout: RegistrationLayout | None = None,
) -> bytes:
    """The XLSX for BPJSTK's collective registration (the frozen snapshot); audited as an export of personal
    data. The first download moves the batch to ``exported``; later ones download it again."""
    batch = batch_locked(batch)
    before, after = batch_move(batch, Action.EXPORT, by=by)
    rows = registration_rows(batch)
    buffer = io.BytesIO()
    write_registration(rows, layout=layout or load_layout(), target=buffer)
    if batch.exported_at is None:
        batch.exported_at = timezone.now()
    batch.save(update_fields=["state", "exported_at", "updated_at"])
    batch_audit(
        batch,
        by=by,
        request=request,
        action=AuditEvent.Action.EXPORT,
        changes={"state": [before, after], "rows": [None, len(rows)]},
    )
    return buffer.getvalue()


class ReconcileRefused(Exception):
    """BPJSTK's file has problems: nothing was changed; ``reconciliation.problems`` says what and where."""

    def __init__(self, reconciliation: Reconciliation) -> None:
        super().__init__("reconcile file refused")
        self.reconciliation = reconciliation


def batch_reconcile(
    *,
    batch: EnrolmentBatch,
    path: Path,
    file_name: str,
    by: Any,
    request: HttpRequest | None = None,
    on_applied: Callable[[Reconciliation], None] | None = None,
) -> Reconciliation:
    """Apply BPJSTK's answer: accepted workers become active memberships paid by the batch's source, rejected
    ones get their reason and their reserved months back. A file with any error changes nothing; nor does a
    clash with a membership stored meanwhile (a KPJ of someone else, the same worker and start imported).

    The file is read before the transaction starts; ``on_applied`` runs inside it, after the changes (the
    background job records its outcome there, so the outcome and the changes commit together)."""
    reconciliation = read_reconciliation(path, batch_niks=set(batch.members.values_list("nik", flat=True)))
    if not reconciliation.ok:
        raise ReconcileRefused(reconciliation)
    try:
        with transaction.atomic():
            applied = _apply(batch, reconciliation, file_name=file_name, by=by, request=request)
            if on_applied is not None:
                on_applied(applied)
            return applied
    except IntegrityError:
        raise EnrolmentError(
            "Sebagian pekerja yang diterima sudah tercatat sebagai peserta BPU dengan tanggal mulai yang sama "
            "(misalnya dari impor kepesertaan). Tidak ada yang diubah; periksa data kepesertaan mereka.",
            "Some accepted workers are already recorded as BPU members with the same start date (from a "
            "memberships import, say). Nothing was changed; check their memberships.",
        ) from None


def _apply(
    batch: EnrolmentBatch,
    reconciliation: Reconciliation,
    *,
    file_name: str,
    by: Any,
    request: HttpRequest | None,
) -> Reconciliation:
    batch = batch_locked(batch)
    before, after = batch_move(batch, Action.RECONCILE, by=by)
    pending = dict(batch.members.filter(status=BatchMember.Status.PENDING).values_list("nik", "pk"))
    accepted = _accept(batch, reconciliation, pending)
    rejected = _reject(reconciliation, pending)
    batch.reconciled_at = timezone.now()
    batch.save(update_fields=["state", "reconciled_at", "updated_at"])
    changes = {"state": [before, after], "accepted": [None, accepted], "rejected": [None, rejected]}
    batch_audit(
        batch,
        by=by,
        request=request,
        action=AuditEvent.Action.IMPORT,
        changes=changes | {"file": [None, file_name]},
    )
    if accepted:
        facts_refresh_enqueue()  # the dashboard counts the new members once the background worker refreshes
    return reconciliation


def _kpj_holders(kpjs: list[str]) -> dict[str, set[int]]:
    holders: dict[str, set[int]] = {}
    for kpj, person_id in Membership.objects.filter(kpj__in=kpjs).values_list("kpj", "person_id"):
        holders.setdefault(kpj, set()).add(person_id)
    return holders


def _accept(batch: EnrolmentBatch, reconciliation: Reconciliation, pending: dict[str, int]) -> int:
    """Memberships for the accepted pending workers, written in bulk (a batch may hold thousands)."""
    end = cover_end(batch.start_date, batch.months)
    answered = [a for a in reconciliation.accepted if a.nik in pending]  # others: answered by an earlier file
    members = BatchMember.objects.in_bulk([pending[a.nik] for a in answered])
    holders = _kpj_holders([a.kpj for a in answered])
    payer = PAYER_OF_KIND.get(batch.source.kind, batch.source.kind)
    created = []
    for accepted in answered:
        member = members[pending[accepted.nik]]
        if holders.get(accepted.kpj, set()) - {member.person_id}:
            raise EnrolmentError(
                f"Baris {accepted.row}: KPJ {accepted.kpj} sudah dipakai peserta lain. Tidak ada yang diubah.",
                f"Row {accepted.row}: KPJ {accepted.kpj} already belongs to another participant. Nothing was changed.",
            )
        created.append(
            Membership(
                person_id=member.person_id,
                kpj=accepted.kpj,
                segment="BPU",
                programmes=batch.programmes,
                start_date=accepted.start_date or batch.start_date,
                end_date=end,
                wage_basis=batch.income_basis,
                payer=payer,
            )
        )
    stored = Membership.objects.bulk_create(created, batch_size=2000)
    updated = []
    for accepted, membership in zip(answered, stored, strict=True):
        member = members[pending[accepted.nik]]
        member.membership, member.status, member.kpj = membership, BatchMember.Status.ACCEPTED, accepted.kpj
        updated.append(member)
    BatchMember.objects.bulk_update(updated, ["membership", "status", "kpj"], batch_size=2000)
    return len(updated)


def _reject(reconciliation: Reconciliation, pending: dict[str, int]) -> int:
    answered = [r for r in reconciliation.rejected if r.nik in pending]
    members = BatchMember.objects.in_bulk([pending[r.nik] for r in answered])
    for rejected in answered:
        member = members[pending[rejected.nik]]
        member.status, member.rejection_reason = BatchMember.Status.REJECTED, rejected.reason[:300]
    BatchMember.objects.bulk_update(list(members.values()), ["status", "rejection_reason"], batch_size=2000)
    EnrolmentMonth.objects.filter(member_id__in=list(members)).delete()
    return len(answered)
