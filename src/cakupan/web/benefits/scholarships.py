"""Scholarship years after the claim is paid: a later year of a child, the first year of a child deferred until
school, and a scholarship that stops. Each is checked against the rules (age, cap on children, years per level) and
audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from cakupan import claims
from cakupan.claims import ClaimError, ClaimState
from cakupan.rules import LEVELS, RulesError
from cakupan.rules.loader import default_tree
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.benefits.models import Claim, Heir, ScholarshipPayment


def scholarship_amount(level: str, on: dt.date) -> int:
    return int(default_tree().value("benefits/scholarship/amount_per_year", on=on).lookup(level))


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
                    married=heir.married,
                    work=claims.Work(heir.work),
                    work_months=heir.work_months,
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
