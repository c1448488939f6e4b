"""Every state change of an enrolment batch, each one named function in one transaction, audited.

The state machine itself (what may follow what, maker-checker) is the pure core's ``next_state``; here it is
applied to a row locked for the change, so two officers pressing the same button at once change it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from cakupan import funding
from cakupan.enrolment.states import Action, BatchState, EnrolmentError, next_state
from cakupan.funding.costs import cover_months
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch, EnrolmentMonth, FundingSource, Scheme
from cakupan.web.enrolment.registration import SNAPSHOT, snapshot_freeze
from cakupan.web.enrolment.schedule import (
    batch_cost,
    committed_cost,
    cover_end,
    month_costs_of,
    monthly_cost,
    source_pricing,
    workers_by_group,
)
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person

OBJECT_TYPE = "enrolment_batch"


def batch_audit(
    batch: EnrolmentBatch,
    *,
    by: Any,
    request: HttpRequest | None,
    changes: dict[str, Any],
    reason: str = "",
    action: str = AuditEvent.Action.UPDATE,
) -> None:
    audit_record(
        action=action,
        actor=by,
        request=request,
        object_type=OBJECT_TYPE,
        object_id=batch.pk,
        region_code=batch.region_id,
        changes=changes,
        reason=reason,
    )


def batch_locked(batch: EnrolmentBatch) -> EnrolmentBatch:
    """The batch re-read under a row lock (PostgreSQL; SQLite's IMMEDIATE transactions already serialise)."""
    return EnrolmentBatch.objects.select_for_update().get(pk=batch.pk)


def batch_move(
    batch: EnrolmentBatch, action: Action, *, by: Any, reason: str = ""
) -> tuple[BatchState, BatchState]:
    before = BatchState(batch.state)
    after = next_state(
        state=before,
        action=action,
        actor=by.pk if by is not None else 0,
        created_by=batch.created_by_id or 0,
        verified_by=batch.verified_by_id,
        members=batch.members.count(),
        reason=reason,
    )
    batch.state = after.value
    return before, after


@transaction.atomic
def batch_create(
    *,
    scheme: Scheme,
    source: FundingSource,
    name: str,
    members: Sequence[tuple[int, int]],
    start_date: dt.date | None = None,
    run: Any = None,
    renewal_of: EnrolmentBatch | None = None,
    by: Any = None,
    request: HttpRequest | None = None,
) -> EnrolmentBatch:
    """A draft batch of ``members`` (person id, priority score) paid by ``source`` under ``scheme``, with what
    each worker costs the source per month by their sector group."""
    start = start_date or scheme.start_date
    batch = EnrolmentBatch.objects.create(
        scheme=scheme,
        source=source,
        region=scheme.region,
        name=name.strip() or f"{scheme.name} – {source.name}",
        start_date=start,
        months=source.months,
        monthly_cost=monthly_cost(scheme=scheme, on=start),
        month_costs=month_costs_of(source_pricing(scheme=scheme, source=source, start=start)),
        income_basis=scheme.income_basis,
        programmes=scheme.programmes,
        run=run,
        renewal_of=renewal_of,
        created_by=by,
        member_editors=[by.pk] if by is not None else [],
    )
    groups = member_groups([person_id for person_id, _ in members])
    BatchMember.objects.bulk_create(
        [
            BatchMember(batch=batch, person_id=person_id, score=score, cost_group=groups[person_id])
            for person_id, score in members
        ],
        batch_size=2000,
    )
    batch_audit(
        batch,
        by=by,
        request=request,
        action=AuditEvent.Action.CREATE,
        changes={
            "state": [None, batch.state],
            "members": [None, len(members)],
            "source": [None, source.name],
        },
    )
    return batch


def member_groups(person_ids: Sequence[int]) -> dict[int, str]:
    """The sector group of each person's cost, from their occupation in the registry."""
    occupations = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "occupation"))
    return {pk: funding.sector_group(occupations.get(pk)) for pk in person_ids}


@transaction.atomic
def batch_verify(*, batch: EnrolmentBatch, by: Any, request: HttpRequest | None = None) -> EnrolmentBatch:
    batch = batch_locked(batch)
    before, after = batch_move(batch, Action.VERIFY, by=by)
    batch.verified_by = by
    batch.save(update_fields=["state", "verified_by", "updated_at"])
    batch_audit(batch, by=by, request=request, changes={"state": [before, after]})
    return batch


@transaction.atomic
def batch_return(
    *, batch: EnrolmentBatch, reason: str, by: Any, request: HttpRequest | None = None
) -> EnrolmentBatch:
    """Send a verified or approved (not yet exported) batch back to draft, with the reason; frees its months."""
    batch = batch_locked(batch)
    before, after = batch_move(batch, Action.RETURN, by=by, reason=reason.strip())
    EnrolmentMonth.objects.filter(member__batch=batch).delete()
    batch.verified_by = batch.approved_by = batch.approved_at = None
    batch.note = reason.strip()
    batch.save(update_fields=["state", "verified_by", "approved_by", "approved_at", "note", "updated_at"])
    batch_audit(batch, by=by, request=request, changes={"state": [before, after]}, reason=reason.strip())
    return batch


@transaction.atomic
def batch_cancel(
    *, batch: EnrolmentBatch, reason: str, by: Any, request: HttpRequest | None = None
) -> EnrolmentBatch:
    batch = batch_locked(batch)
    before, after = batch_move(batch, Action.CANCEL, by=by, reason=reason.strip())
    EnrolmentMonth.objects.filter(member__batch=batch).delete()
    batch.note = reason.strip()
    batch.save(update_fields=["state", "note", "updated_at"])
    batch_audit(batch, by=by, request=request, changes={"state": [before, after]}, reason=reason.strip())
    return batch


def _already_covered(batch: EnrolmentBatch, person_ids: list[int]) -> list[str]:
    """Members with a membership (imported or enrolled) that overlaps the batch's months: refused at approval."""
    end = cover_end(batch.start_date, batch.months)
    clash = (
        Membership.objects.filter(person_id__in=person_ids, start_date__lte=end)
        .exclude(end_date__lt=batch.start_date)
        .values_list("person__nik", flat=True)
    )
    return sorted(set(clash))


def _duplicate_message(batch: EnrolmentBatch) -> EnrolmentError:
    months = cover_months(batch.start_date, batch.months)
    taken = EnrolmentMonth.objects.filter(
        person_id__in=batch.members.values("person_id"), month__in=months
    ).exclude(member__batch=batch)
    rows = sorted({(m.member.batch_id, m.person.nik) for m in taken.select_related("member", "person")})
    listed = ", ".join(f"NIK {nik[:6]}… (batch {b})" for b, nik in rows[:10])
    return EnrolmentError(
        f"Batch tidak dapat disetujui: {len(rows)} pekerja sudah disetujui untuk bulan yang sama di batch lain: "
        f"{listed}. Keluarkan mereka dari batch ini lalu setujui lagi.",
        f"The batch cannot be approved: {len(rows)} workers are already approved for the same months in another "
        f"batch: {listed}. Remove them from this batch and approve again.",
    )


def batch_approve(*, batch: EnrolmentBatch, by: Any, request: HttpRequest | None = None) -> EnrolmentBatch:
    """Approve (a user other than the maker and the verifier), freeze the members' identity as BPJSTK will
    receive it, and reserve every member's months; a worker already reserved by another batch stops it all."""
    try:
        with transaction.atomic():
            return _approve(batch, by=by, request=request)
    except IntegrityError:
        raise _duplicate_message(batch) from None


def _within_budget(batch: EnrolmentBatch) -> None:
    """Refuse an approval the funding source cannot pay for, the source row locked so two approvals of the same
    source are counted one after the other."""
    source = FundingSource.objects.select_for_update().get(pk=batch.source_id)
    cost = batch_cost(batch, workers_by_group([batch.pk]).get(batch.pk, {}))
    left = source.budget - committed_cost(source.pk)
    if cost > left:
        raise EnrolmentError(
            f"Anggaran {source.name} tidak cukup: batch ini butuh Rp {cost:,} tetapi sisa yang belum dijanjikan "
            f"Rp {left:,}. Kurangi pekerjanya atau tambah anggaran.".replace(",", "."),
            f"{source.name} cannot pay for this: the batch needs Rp {cost:,} but only Rp {left:,} is not yet "
            "promised. Remove workers or raise the budget.",
        )


def _approve(batch: EnrolmentBatch, *, by: Any, request: HttpRequest | None) -> EnrolmentBatch:
    batch = batch_locked(batch)
    before, after = batch_move(batch, Action.APPROVE, by=by)
    if by is not None and by.pk in batch.member_editors:
        raise EnrolmentError(
            "Batch harus disetujui oleh pengguna lain: Anda mengubah anggota batch ini.",
            "The batch must be approved by another user: you changed its members.",
        )
    members = list(batch.members.select_related("person"))
    for member in members:
        snapshot_freeze(member, member.person)
        member.cost_group = funding.sector_group(member.occupation)  # the occupation BPJSTK receives
    BatchMember.objects.bulk_update(members, [*SNAPSHOT, "cost_group"], batch_size=2000)
    _within_budget(batch)
    clash = _already_covered(batch, [m.person_id for m in members])
    if clash:
        listed = ", ".join(f"{nik[:6]}…" for nik in clash[:10])
        raise EnrolmentError(
            f"Batch tidak dapat disetujui: {len(clash)} pekerja sudah menjadi peserta pada bulan-bulan batch ini "
            f"(NIK {listed}). Keluarkan mereka dari batch ini lalu setujui lagi.",
            f"The batch cannot be approved: {len(clash)} workers are already members during this batch's months "
            f"(NIK {listed}). Remove them from this batch and approve again.",
        )
    months = cover_months(batch.start_date, batch.months)
    EnrolmentMonth.objects.bulk_create(
        [EnrolmentMonth(person_id=m.person_id, month=month, member=m) for m in members for month in months],
        batch_size=5000,
    )
    batch.approved_by, batch.approved_at = by, timezone.now()
    batch.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
    batch_audit(
        batch, by=by, request=request, changes={"state": [before, after], "members": [None, len(members)]}
    )
    return batch


def batch_renewal_create(
    *, batch: EnrolmentBatch, by: Any, request: HttpRequest | None = None
) -> EnrolmentBatch:
    """A draft batch renewing the accepted workers of ``batch`` for the months after their cover ends, paid by
    the same source (one click from a lapse alert)."""
    from cakupan.web.enrolment.schedule import add_months

    if EnrolmentBatch.objects.filter(renewal_of=batch).exclude(state=BatchState.CANCELLED).exists():
        raise EnrolmentError(
            "Batch ini sudah punya batch perpanjangan.", "This batch already has a renewal batch."
        )
    members = list(batch.members.filter(status=BatchMember.Status.ACCEPTED).values_list("person_id", "score"))
    if not members:
        raise EnrolmentError(
            "Batch ini tidak punya pekerja yang diterima BPJSTK untuk diperpanjang.",
            "This batch has no workers accepted by BPJSTK to renew.",
        )
    return batch_create(
        scheme=batch.scheme,
        source=batch.source,
        name=f"Perpanjangan: {batch.name}",
        members=members,
        start_date=add_months(batch.start_date, batch.months),
        renewal_of=batch,
        by=by,
        request=request,
    )


@transaction.atomic
def batches_from_run(*, run: Any, by: Any, request: HttpRequest | None = None) -> list[EnrolmentBatch]:
    """Draft batches from an optimiser run, one per funding source that funds someone (all or none)."""
    if EnrolmentBatch.objects.filter(run=run).exclude(state=BatchState.CANCELLED).exists():
        raise EnrolmentError(
            "Batch dari hasil ini sudah dibuat.", "Batches were already made from this result."
        )
    made = []
    for source in run.scheme.sources.order_by("pk"):
        members = list(run.picks.filter(source=source).values_list("person_id", "score"))
        if members:
            made.append(
                batch_create(
                    scheme=run.scheme,
                    source=source,
                    name="",
                    members=members,
                    run=run,
                    by=by,
                    request=request,
                )
            )
    if not made:
        raise EnrolmentError("Hasil ini tidak memilih siapa pun.", "This result chose no one.")
    return made
