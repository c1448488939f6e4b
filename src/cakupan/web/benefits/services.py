"""Writes to claims: report an event (decided by the pure core at once), tick documents, move the claim through its
states, decide again when memberships changed, record yearly scholarships. Every write is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from cakupan import claims
from cakupan.claims import Assessment, ClaimAction, ClaimError, ClaimState, EventKind
from cakupan.rules import RulesError
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.benefits.models import Claim, Heir, ScholarshipPayment
from cakupan.web.benefits.scholarships import scholarship_amount
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person


def person_spells(person: Person) -> list[claims.Spell]:
    """The person's memberships as the core reads them."""
    return [
        claims.Spell(
            segment=m.segment,
            programmes=tuple(p for p in m.programmes.split(";") if p),
            start=m.start_date,
            end=m.end_date,
            wage_basis=m.wage_basis,
            key=m.pk,
        )
        for m in Membership.objects.filter(person=person).order_by("start_date", "pk")
    ]


def _core_heirs(heirs: Sequence[Heir]) -> list[claims.Heir]:
    return [
        claims.Heir(
            name=h.name,
            relation=claims.Relation(h.relation),
            birth_date=h.birth_date,
            nik=h.nik,
            school_level=h.school_level,
            married=h.married,
            work=claims.Work(h.work),
            work_months=h.work_months,
        )
        for h in heirs
    ]


def _assess(
    person: Person,
    *,
    kind: EventKind,
    on: dt.date,
    heirs: Sequence[claims.Heir],
    disability_percent: int | None,
    unable_days: int | None,
    injuries: Sequence[str] = (),
    left_handed: bool = False,
) -> Assessment:
    try:
        return claims.assess(
            kind=kind,
            on=on,
            spells=person_spells(person),
            heirs=heirs,
            disability_percent=disability_percent,
            unable_days=unable_days,
            injuries=injuries,
            left_handed=left_handed,
        )
    except RulesError as exc:  # e.g. no parameters in force on that date
        raise ClaimError(exc.indonesian, exc.english) from None


def _store(claim: Claim, assessment: Assessment) -> None:
    key = assessment.spell.key if assessment.spell else None
    membership = Membership.objects.filter(pk=key).first() if key is not None else None
    enrolment = getattr(membership, "enrolment", None) if membership else None
    claim.covered = assessment.covered
    claim.membership = membership
    claim.scheme = enrolment.batch.scheme if enrolment is not None else None
    claim.segment = assessment.spell.segment if assessment.spell else ""
    claim.contribution_months = assessment.contribution_months
    claim.due_total = assessment.due_total
    claim.scholarship_per_year = assessment.scholarship_per_year
    claim.forgone_total = assessment.forgone_total
    claim.assessment = assessment.as_dict()
    claim.assessed_at = timezone.now()


def disability_basis(kind: EventKind, percent: int | None, injuries: Sequence[str]) -> str:
    """Which figure prices a partial disability: the medical adviser's percentage wins over the table's rows."""
    if kind is not EventKind.PARTIAL_DISABILITY:
        return ""
    return "adviser" if percent is not None else "table" if injuries else ""


def _summary(claim: Claim) -> dict[str, Any]:
    return {
        "kind": claim.kind,
        "event_date": claim.event_date.isoformat(),
        "disability_basis": claim.disability_basis,
        "disability_injuries": list(claim.disability_injuries),
        "covered": claim.covered,
        "contribution_months": claim.contribution_months,
        "due_total": claim.due_total,
        "scholarship_per_year": claim.scholarship_per_year,
        "forgone_total": claim.forgone_total,
    }


@transaction.atomic
def claim_report(
    *,
    person: Person,
    kind: EventKind,
    event_date: dt.date,
    heirs: Sequence[claims.Heir],
    disability_percent: int | None = None,
    unable_days: int | None = None,
    injuries: Sequence[str] = (),
    left_handed: bool = False,
    description: str = "",
    by: Any,
    request: HttpRequest | None = None,
) -> Claim:
    """Record an event of ``person`` and decide at once what the family is owed (or would have been). A partial
    disability takes the injuries of the table (``CODE`` or ``CODE:NN``) and/or the percentage the medical
    adviser set, which then prices it; the claim records which one did."""
    kind = EventKind(kind)
    today = timezone.localdate()
    if event_date > today:
        raise ClaimError(
            f"Tanggal peristiwa {event_date.isoformat()} belum terjadi (hari ini {today.isoformat()}).",
            f"The event date {event_date.isoformat()} is in the future (today is {today.isoformat()}).",
        )
    if event_date < person.birth_date:
        raise ClaimError(
            "Tanggal peristiwa sebelum tanggal lahir orang ini.",
            "The event date is before the person's birth.",
        )
    # Lock the person so that two officers reporting the same death at once make one claim.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    open_claims = Claim.objects.filter(person=person).exclude(state=ClaimState.WITHDRAWN.value)
    death = open_claims.filter(kind__in=[k.value for k in claims.DEATHS]).first()
    if death is not None and (kind in claims.DEATHS or event_date > death.event_date):
        raise ClaimError(
            f"Kematian orang ini sudah dilaporkan (klaim {death.pk}, {death.event_date.isoformat()}); hanya peristiwa "
            "sebelum tanggal itu yang masih dapat dilaporkan.",
            f"This person's death is already reported (claim {death.pk}, {death.event_date.isoformat()}); only "
            "events before that date can still be reported.",
        )
    same = open_claims.filter(kind=kind.value, event_date=event_date).first()
    if same is not None:
        raise ClaimError(
            f"Peristiwa yang sama sudah dilaporkan (klaim {same.pk}).",
            f"The same event is already reported (claim {same.pk}).",
        )
    if kind in claims.DEATHS and open_claims.filter(event_date__gt=event_date).exists():
        raise ClaimError(
            "Ada peristiwa lain orang ini sesudah tanggal kematian yang dilaporkan; periksa tanggalnya.",
            "Another event of this person is dated after the reported death; check the date.",
        )
    assessment = _assess(
        person,
        kind=kind,
        on=event_date,
        heirs=heirs,
        disability_percent=disability_percent,
        unable_days=unable_days,
        injuries=injuries,
        left_handed=left_handed,
    )
    claim = Claim(
        person=person,
        region_id=person.region_id,
        kind=kind.value,
        event_date=event_date,
        disability_percent=disability_percent,
        disability_injuries=[spec.upper() for spec in injuries],
        disability_basis=disability_basis(kind, disability_percent, injuries),
        disability_left_handed=left_handed,
        unable_days=unable_days,
        description=description.strip(),
        reported_by=by,
    )
    _store(claim, assessment)
    claim.save()
    decided = {id(decision.heir): decision for decision in assessment.children}
    rows = [
        Heir(
            claim=claim,
            name=h.name.strip(),
            relation=h.relation.value,
            nik=h.nik,
            birth_date=h.birth_date,
            school_level=h.school_level,
            married=h.married,
            work=h.work.value,
            work_months=h.work_months,
        )
        for h in heirs
    ]
    for row, heir in zip(rows, heirs, strict=True):
        _decide(row, decided.get(id(heir)))
    Heir.objects.bulk_create(rows)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=by,
        request=request,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        changes={**_summary(claim), "heirs": len(heirs)},
    )
    return claim


def _decide(row: Heir, decision: claims.ChildDecision | None) -> None:
    row.scholarship = decision is not None and decision.counted
    row.decision_id = decision.indonesian[:300] if decision else ""
    row.decision_en = decision.english[:300] if decision else ""


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


@transaction.atomic
def claim_reassess(*, claim: Claim, by: Any, request: HttpRequest | None = None) -> Claim:
    """Decide an open claim again from today's memberships (after BPJSTK's data were imported, for instance)."""
    claim = _locked(claim)
    if claim.state != ClaimState.REPORTED.value:
        raise ClaimError(
            "Hanya klaim berstatus Dilaporkan yang dinilai ulang; kembalikan klaim ke Dilaporkan dahulu.",
            "Only a Reported claim is assessed again; return the claim to Reported first.",
        )
    before = _summary(claim)
    heirs = list(claim.heirs.all())
    core = _core_heirs(heirs)
    assessment = _assess(
        claim.person,
        kind=EventKind(claim.kind),
        on=claim.event_date,
        heirs=core,
        disability_percent=claim.disability_percent,
        unable_days=claim.unable_days,
        injuries=claim.disability_injuries,
        left_handed=claim.disability_left_handed,
    )
    _store(claim, assessment)
    claim.save()
    decided = {id(decision.heir): decision for decision in assessment.children}
    before["scholarships"] = sorted(h.name for h in heirs if h.scholarship)
    for row, heir in zip(heirs, core, strict=True):
        _decide(row, decided.get(id(heir)))
    Heir.objects.bulk_update(heirs, ["scholarship", "decision_id", "decision_en"])
    after = {**_summary(claim), "scholarships": sorted(h.name for h in heirs if h.scholarship)}
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=by,
        request=request,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]} or {"reassessed": True},
    )
    return claim


def _needs_scholarship_documents(claim: Claim) -> bool:
    return claim.heirs.filter(scholarship=True).exists()


def claim_required_documents(claim: Claim) -> tuple[claims.Document, ...]:
    return claims.checklist().required(EventKind(claim.kind), scholarship=_needs_scholarship_documents(claim))


@transaction.atomic
def claim_documents_set(
    *, claim: Claim, received: set[str], by: Any, request: HttpRequest | None = None
) -> Claim:
    """Tick the documents received (only while the claim is being prepared)."""
    claim = _locked(claim)
    if claim.state != ClaimState.REPORTED.value:
        raise ClaimError(
            "Dokumen hanya diubah selama klaim berstatus Dilaporkan.",
            "Documents can only change while the claim is Reported.",
        )
    known = {d.code for d in claim_required_documents(claim)}
    unknown = sorted(received - known)
    if unknown:
        raise ClaimError(
            f"Dokumen tidak dikenal untuk klaim ini: {', '.join(unknown)}.",
            f"Documents unknown for this claim: {', '.join(unknown)}.",
        )
    before = sorted(claim.documents)
    claim.documents = sorted(received)
    claim.save(update_fields=["documents", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=by,
        request=request,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        changes={"documents": [before, claim.documents]},
    )
    return claim


@transaction.atomic
def claim_move(
    *,
    claim: Claim,
    action: ClaimAction,
    by: Any,
    request: HttpRequest | None = None,
    reason: str = "",
    on: dt.date | None = None,
    amount: int | None = None,
    reference: str = "",
) -> Claim:
    """One step of the claim (complete, submit, pay, reject, reopen, withdraw), checked by the core state machine."""
    claim = _locked(claim)
    action = ClaimAction(action)
    target = claims.next_state(claim.state, action, reason=reason)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ClaimError("Tanggal itu belum terjadi.", "That date is in the future.")
    if on < claim.event_date:
        raise ClaimError("Tanggal itu sebelum tanggal peristiwa.", "That date is before the event.")
    if action is ClaimAction.COMPLETE:
        missing = claims.checklist().missing(
            EventKind(claim.kind), set(claim.documents), scholarship=_needs_scholarship_documents(claim)
        )
        if missing:
            raise ClaimError(
                "Dokumen belum lengkap: " + "; ".join(d.indonesian for d in missing) + ".",
                "Documents missing: " + "; ".join(d.english for d in missing) + ".",
            )
    if action is ClaimAction.SUBMIT:
        if not claim.covered:
            raise ClaimError(
                "Menurut registri pekerja ini tidak terlindungi pada tanggal peristiwa: tidak ada yang diajukan. "
                "Bila data kepesertaan berubah, impor lalu hitung ulang.",
                "By the registry this worker was not protected on the event date: there is nothing to submit. "
                "If the membership data changed, import it and assess again.",
            )
        expires = claims.claim_expiry(EventKind(claim.kind), claim.event_date)
        if expires is not None and on > expires:
            raise ClaimError(
                f"Hak klaim JKK berakhir {expires.isoformat()} (kedaluwarsa): klaim tidak dapat diajukan lagi.",
                f"The right to claim this JKK benefit ended on {expires.isoformat()}: it can no longer be submitted.",
            )
        claim.submitted_on = on
    if action is ClaimAction.PAY:
        if amount is None or amount <= 0:
            raise ClaimError(
                "Catat jumlah yang dibayar BPJSTK (rupiah, lebih dari nol).",
                "Record the amount BPJSTK paid (rupiah, above zero).",
            )
        claim.paid_amount = amount
        claim.decided_on = on
        _first_scholarships(claim, on=on, by=by)
    if action is ClaimAction.REJECT:
        claim.decided_on = on
    if action is ClaimAction.PAY or action is ClaimAction.SUBMIT:
        claim.bpjstk_reference = reference.strip() or claim.bpjstk_reference
    before = claim.state
    claim.state = target.value
    claim.note = reason.strip()[:500] if reason.strip() else claim.note
    claim.save()
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=by,
        request=request,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        changes={
            "state": [before, claim.state],
            "action": action.value,
            "amount": amount,
            "on": on.isoformat(),
        },
        reason=reason.strip()[:300],
    )
    return claim


def _first_scholarships(claim: Claim, *, on: dt.date, by: Any) -> None:
    """The first year of every counted child's scholarship is paid with the claim."""
    ScholarshipPayment.objects.bulk_create(
        ScholarshipPayment(
            heir=heir,
            school_level=heir.school_level,
            amount=scholarship_amount(heir.school_level, on),
            paid_on=on,
            recorded_by=by,
        )
        for heir in claim.heirs.filter(scholarship=True)
    )
