"""The two files exchanged with BPJSTK: the collective registration file of an approved batch (export) and
BPJSTK's answer with KPJ numbers and rejections (reconcile), which turns accepted workers into memberships."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from cakupan.enrolment.layout import RegistrationLayout, RegistrationRow, load_layout, write_registration
from cakupan.enrolment.reconcile import Reconciliation, read_reconciliation
from cakupan.enrolment.states import Action, EnrolmentError
from cakupan.web.audit.models import AuditEvent
from cakupan.web.enrolment.batches import _audit, _locked, _move
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch, EnrolmentMonth, split_list
from cakupan.web.enrolment.schedule import cover_end
from cakupan.web.indicators.services import facts_refresh
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Region

# The memberships layout's payer for each kind of funding source (cakupan.ingest.schemas.PAYERS).
PAYER_OF_KIND = {"apbd_kabkota": "apbd"}


def _rows(batch: EnrolmentBatch) -> list[RegistrationRow]:
    members = list(batch.members.exclude(status=BatchMember.Status.REJECTED).order_by("nik"))
    names = dict(Region.objects.filter(code__in={m.region_code for m in members}).values_list("code", "name"))
    end = cover_end(batch.start_date, batch.months)
    programmes = split_list(batch.programmes)
    return [
        RegistrationRow(
            nik=m.nik,
            name=m.name,
            birth_date=m.birth_date,  # type: ignore[arg-type]  # frozen at approval, never None after it
            sex=m.sex,
            occupation=m.occupation,
            work_location=names.get(m.region_code, m.region_code),
            region_code=m.region_code,
            income_basis=batch.income_basis,
            programmes=programmes,
            start_date=batch.start_date,
            end_date=end,
            months=batch.months,
            payer=batch.source.name,
            address=m.address,
        )
        for m in members
    ]


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
    batch = _locked(batch)
    before, after = _move(batch, Action.EXPORT, by=by)
    rows = _rows(batch)
    buffer = io.BytesIO()
    write_registration(rows, layout=layout or load_layout(), target=buffer)
    if batch.exported_at is None:
        batch.exported_at = timezone.now()
    batch.save(update_fields=["state", "exported_at", "updated_at"])
    _audit(
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
    *, batch: EnrolmentBatch, path: Path, file_name: str, by: Any, request: HttpRequest | None = None
) -> Reconciliation:
    """Apply BPJSTK's answer: accepted workers become active memberships paid by the batch's source, rejected
    ones get their reason and their reserved months back. A file with any error changes nothing."""
    pending = dict(batch.members.filter(status=BatchMember.Status.PENDING).values_list("nik", "pk"))
    reconciliation = read_reconciliation(path, batch_niks=set(batch.members.values_list("nik", flat=True)))
    if not reconciliation.ok:
        raise ReconcileRefused(reconciliation)
    with transaction.atomic():
        batch = _locked(batch)
        before, after = _move(batch, Action.RECONCILE, by=by)
        accepted = _accept(batch, reconciliation, pending)
        rejected = _reject(batch, reconciliation, pending)
        batch.reconciled_at = timezone.now()
        batch.save(update_fields=["state", "reconciled_at", "updated_at"])
        _audit(
            batch,
            by=by,
            request=request,
            action=AuditEvent.Action.IMPORT,
            changes={
                "state": [before, after],
                "accepted": [None, accepted],
                "rejected": [None, rejected],
                "file": [None, file_name],
            },
        )
        if accepted:
            facts_refresh()
    return reconciliation


def _accept(batch: EnrolmentBatch, reconciliation: Reconciliation, pending: dict[str, int]) -> int:
    end = cover_end(batch.start_date, batch.months)
    members = BatchMember.objects.in_bulk(
        [pending[a.nik] for a in reconciliation.accepted if a.nik in pending]
    )
    holders: dict[str, set[int]] = {}
    used = Membership.objects.filter(kpj__in=[a.kpj for a in reconciliation.accepted])
    for kpj, person_id in used.values_list("kpj", "person_id"):
        holders.setdefault(kpj, set()).add(person_id)
    count = 0
    for accepted in reconciliation.accepted:
        member = members.get(pending.get(accepted.nik, -1))
        if member is None:
            continue  # answered by an earlier file
        if holders.get(accepted.kpj, set()) - {member.person_id}:
            raise EnrolmentError(
                f"Baris {accepted.row}: KPJ {accepted.kpj} sudah dipakai peserta lain. Tidak ada yang diubah.",
                f"Row {accepted.row}: KPJ {accepted.kpj} already belongs to another participant. Nothing was changed.",
            )
        start = accepted.start_date or batch.start_date
        member.membership = Membership.objects.create(
            person_id=member.person_id,
            kpj=accepted.kpj,
            segment="BPU",
            programmes=batch.programmes,
            start_date=start,
            end_date=end,
            wage_basis=batch.income_basis,
            payer=PAYER_OF_KIND.get(batch.source.kind, batch.source.kind),
        )
        member.status, member.kpj = BatchMember.Status.ACCEPTED, accepted.kpj
        member.save(update_fields=["membership", "status", "kpj"])
        count += 1
    return count


def _reject(batch: EnrolmentBatch, reconciliation: Reconciliation, pending: dict[str, int]) -> int:
    count = 0
    for rejected in reconciliation.rejected:
        member_id = pending.get(rejected.nik)
        if member_id is None:
            continue
        BatchMember.objects.filter(pk=member_id).update(
            status=BatchMember.Status.REJECTED, rejection_reason=rejected.reason[:300]
        )
        EnrolmentMonth.objects.filter(member_id=member_id).delete()
        count += 1
    return count
