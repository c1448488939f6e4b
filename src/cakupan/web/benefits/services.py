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
from cakupan.rules import LEVELS, RulesError
from cakupan.rules.loader import default_tree
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.benefits.models import Claim, Heir, ScholarshipPayment
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
            employed=h.employed,
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
) -> Assessment:
    try:
        return claims.assess(
            kind=kind,
            on=on,
            spells=person_spells(person),
            heirs=heirs,
            disability_percent=disability_percent,
            unable_days=unable_days,
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


def _summary(claim: Claim) -> dict[str, Any]:
    return {
        "kind": claim.kind,
        "event_date": claim.event_date.isoformat(),
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
    description: str = "",
    by: Any,
    request: HttpRequest | None = None,
) -> Claim:
    """Record an event of ``person`` and decide at once what the family is owed (or would have been)."""
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
    )
    claim = Claim(
        person=person,
        region_id=person.region_id,
        kind=kind.value,
        event_date=event_date,
        disability_percent=disability_percent,
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
            employed=h.employed,
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


def scholarship_amount(level: str, on: dt.date) -> int:
    return int(default_tree().value("benefits/scholarship/amount_per_year", on=on).lookup(level))


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


def _scholarship_due_on_claim(claim: Claim) -> bool:
    benefit = (claim.assessment or {}).get("benefit") or {}
    return bool((benefit.get("scholarship") or {}).get("eligible"))


def _check_scholarship_year(heir: Heir, *, paid_on: dt.date, school_level: str) -> bool:
    """Refuse a year the rules do not pay; True when this is a deferred child's first year."""
    tree = default_tree()
    if heir.relation != claims.Relation.CHILD.value or heir.claim.state != ClaimState.PAID.value:
        raise ClaimError(
            "Beasiswa hanya untuk anak dari klaim yang sudah dibayar.",
            "A scholarship is only for a child of a paid claim.",
        )
    if not _scholarship_due_on_claim(heir.claim):
        raise ClaimError(
            "Klaim ini tidak memberi beasiswa (lihat alasan penilaiannya).",
            "This claim carries no scholarship (see the reasons of its assessment).",
        )
    if heir.stopped:
        raise ClaimError(
            f"Beasiswa anak ini sudah berhenti: {heir.stopped}.",
            f"This child's scholarship stopped: {heir.stopped}.",
        )
    starting = not heir.scholarship
    if starting:  # a child deferred until school: only while fewer than the cap receive one
        cap = tree.value("benefits/scholarship/max_children", on=paid_on)
        receiving = heir.claim.heirs.filter(scholarship=True, stopped="").exclude(pk=heir.pk).count()
        if receiving >= int(cap.scalar()):
            raise ClaimError(
                f"Sudah {receiving} anak yang menerima beasiswa dari klaim ini (paling banyak {cap.scalar()}, "
                f"{cap.reference}).",
                f"{receiving} children already receive a scholarship from this claim (at most {cap.scalar()}).",
            )
    payments = list(heir.payments.order_by("paid_on", "pk"))
    if payments and LEVELS.index(school_level) < LEVELS.index(payments[-1].school_level):
        raise ClaimError(
            f"Jenjang {school_level} lebih rendah dari jenjang tahun lalu ({payments[-1].school_level}).",
            f"Level {school_level} is below last year's level ({payments[-1].school_level}).",
        )
    max_years = tree.value("benefits/scholarship/max_years", on=paid_on)
    most = int(max_years.lookup(school_level))
    done = sum(1 for payment in payments if payment.school_level == school_level)
    if done >= most:
        raise ClaimError(
            f"Beasiswa {school_level} sudah dibayar {done} tahun, paling lama {most} tahun ({max_years.reference}).",
            f"The {school_level} scholarship was paid {done} years, at most {most} ({max_years.reference}).",
        )
    return starting


@transaction.atomic
def scholarship_payment_record(
    *,
    heir: Heir,
    paid_on: dt.date,
    school_level: str,
    still_eligible: bool,
    by: Any,
    request: HttpRequest | None = None,
) -> ScholarshipPayment:
    """Record a year of a child's scholarship (a later year, or the first of a child deferred until school),
    after checking the child still counts: age, marriage, work, the cap on children and the years per level."""
    heir = Heir.objects.select_for_update().select_related("claim").get(pk=heir.pk)
    if paid_on > timezone.localdate():
        raise ClaimError("Tanggal bayar belum terjadi.", "The payment date is in the future.")
    if not still_eligible:
        raise ClaimError(
            "Beasiswa berhenti bila anak menikah, bekerja atau tidak bersekolah lagi: tandai bahwa anak masih "
            "memenuhi syarat.",
            "The scholarship stops on marriage, employment or leaving school: confirm the child still qualifies.",
        )
    if school_level not in LEVELS:
        raise ClaimError(f"Jenjang {school_level!r} tidak dikenal.", f"Unknown level {school_level!r}.")
    try:
        starting = _check_scholarship_year(heir, paid_on=paid_on, school_level=school_level)
        decision = claims.scholarship_children(
            [
                claims.Heir(
                    name=heir.name,
                    relation=claims.Relation.CHILD,
                    birth_date=heir.birth_date,
                    school_level=school_level,
                )
            ],
            on=paid_on,
        )[0]
        amount = scholarship_amount(school_level, paid_on)
    except RulesError as exc:
        raise ClaimError(exc.indonesian, exc.english) from None
    if not decision.counted:
        raise ClaimError(decision.indonesian, decision.english)
    last = heir.payments.order_by("-paid_on").first()
    if last is not None and paid_on < claims.next_scholarship_claim(last.paid_on) - dt.timedelta(days=60):
        raise ClaimError(
            f"Beasiswa tahun sebelumnya dibayar {last.paid_on.isoformat()}; tahun berikutnya jatuh tempo "
            f"{claims.next_scholarship_claim(last.paid_on).isoformat()}.",
            f"The previous year was paid {last.paid_on.isoformat()}; the next falls due "
            f"{claims.next_scholarship_claim(last.paid_on).isoformat()}.",
        )
    heir.school_level = school_level
    heir.scholarship = True
    heir.save(update_fields=["school_level", "scholarship"])
    payment = ScholarshipPayment.objects.create(
        heir=heir, school_level=school_level, amount=amount, paid_on=paid_on, recorded_by=by
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=by,
        request=request,
        object_type="scholarship_payment",
        object_id=payment.pk,
        region_code=heir.claim.region_id,
        changes={
            "claim": heir.claim_id,
            "level": school_level,
            "amount": amount,
            "paid_on": paid_on.isoformat(),
            "first_year": starting,
        },
    )
    return payment


@transaction.atomic
def scholarship_stop(*, heir: Heir, reason: str, by: Any, request: HttpRequest | None = None) -> Heir:
    """A child's scholarship stops (married, working, left school, died): no more years are due."""
    heir = Heir.objects.select_for_update().select_related("claim").get(pk=heir.pk)
    if not reason.strip():
        raise ClaimError("Sebutkan mengapa beasiswa berhenti.", "Say why the scholarship stops.")
    if not heir.scholarship or heir.stopped:
        raise ClaimError(
            "Anak ini tidak sedang menerima beasiswa.", "This child is not receiving a scholarship."
        )
    heir.stopped = reason.strip()[:300]
    heir.save(update_fields=["stopped"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=by,
        request=request,
        object_type="heir",
        object_id=heir.pk,
        region_code=heir.claim.region_id,
        changes={"claim": heir.claim_id, "scholarship_stopped": heir.stopped},
        reason=heir.stopped,
    )
    return heir
