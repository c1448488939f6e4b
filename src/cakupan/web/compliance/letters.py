"""Writes of warning letters: save an office's template (fields checked), issue the next PP 86/2013 step to an
employer (numbered per kab/kota and year, the text and findings kept as sent), and close an employer's open case.
Reads: the template in use for a step, an employer's open case and what may be sent next. Every write is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from cakupan.compliance import ComplianceError, EmployerReview, review_employer
from cakupan.compliance.letters import (
    DEFAULT_NUMBER_FORMAT,
    fill,
    letter_number,
    long_date,
    rupiah,
    shipped_template,
    spelled,
    template_check,
)
from cakupan.compliance.sanctions import (
    NextStep,
    SentLetter,
    due_date,
    fine_amount,
    fine_months,
    ladder_on,
    next_step,
)
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.compliance.models import CASE_OUTCOMES, LETTER_STEPS, Letter, LetterTemplate
from cakupan.web.employers.compliance import employer_facts
from cakupan.web.employers.models import Employer
from cakupan.web.registry.models import Region


@dataclass(frozen=True)
class TemplateInUse:
    step: str
    subject: str
    body: str
    number_format: str
    edited: bool  # False while the shipped text is used


def template_in_use(step: str) -> TemplateInUse:
    row = LetterTemplate.objects.filter(step=step).first()
    if row is not None:
        return TemplateInUse(step, row.subject, row.body, row.number_format, True)
    shipped = shipped_template(step)
    return TemplateInUse(step, shipped.subject, shipped.body, DEFAULT_NUMBER_FORMAT, False)


@transaction.atomic
def letter_template_save(
    *, step: str, subject: str, body: str, number_format: str, by: Any, request: HttpRequest | None = None
) -> LetterTemplate:
    if step not in LETTER_STEPS:
        raise ComplianceError(f"Langkah {step!r} tidak dikenal.", f"Unknown step {step!r}.")
    body = body.replace("\r\n", "\n")
    template_check(subject=subject, body=body, number_format=number_format)
    row, created = LetterTemplate.objects.update_or_create(
        step=step,
        defaults={
            "subject": subject.strip(),
            "body": body,
            "number_format": number_format.strip(),
            "updated_by": by,
        },
    )
    audit_record(
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        actor=by,
        request=request,
        object_type="letter_template",
        object_id=row.pk,
        changes={"step": step},
    )
    return row


def open_case(employer: Employer) -> list[Letter]:
    """The employer's letters not yet closed, oldest first."""
    return list(Letter.objects.filter(employer=employer, closed_on__isnull=True).order_by("issued_on", "pk"))


def employer_review(employer: Employer, on: dt.date | None = None) -> EmployerReview:
    return review_employer(employer_facts(employer), on=on or timezone.localdate())


def employer_next_step(employer: Employer, *, on: dt.date) -> NextStep:
    history = [SentLetter(x.step, x.number, x.issued_on, x.due_on) for x in open_case(employer)]
    return next_step(history, compliant=not employer_review(employer, on).findings, on=on)


def _kabkota(employer: Employer) -> Region:
    return Region.objects.get(code=".".join(employer.region_id.split(".")[:2]))


def _values(
    *, employer: Employer, region: Region, number: str, issued_on: dt.date, due_on: dt.date | None,
    days: str, review: EmployerReview, reference: str, previous: Letter | None, fine: dict[str, Any],
) -> dict[str, str]:  # fmt: skip
    return {
        "nomor": number,
        "tanggal": long_date(issued_on),
        "batas_waktu": long_date(due_on),
        "hari": days,
        "nama_pemberi_kerja": employer.name,
        "nib": employer.nib,
        "npp": employer.npp or "belum terdaftar",
        "wilayah": Region.objects.get(code=employer.region_id).name,
        "kewilayahan": region.name,
        "temuan": "\n".join(f"{i}. {f.indonesian}" for i, f in enumerate(review.findings, 1)),
        "dasar_hukum": reference,
        "surat_sebelumnya": "-"
        if previous is None
        else f"Nomor {previous.number} tanggal {long_date(previous.issued_on)}",
        "iuran_terutang": rupiah(fine.get("dues_owed")),
        "bulan_denda": str(fine.get("fine_months") or "-"),
        "denda": rupiah(fine.get("fine")),
    }


@transaction.atomic
def letter_issue(
    *,
    employer: Employer,
    issued_on: dt.date,
    due_on: dt.date | None = None,
    dues_owed: int | None = None,
    by: Any,
    request: HttpRequest | None = None,
) -> Letter:
    """Send the next step of PP 86/2013 to ``employer``; refused when nothing may be sent on ``issued_on``."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)  # one letter at a time per employer
    if issued_on > timezone.localdate():
        raise ComplianceError("Tanggal surat belum terjadi.", "The letter's date is in the future.")
    decision = employer_next_step(employer, on=issued_on)
    if decision.step is None or decision.earliest is not None:
        raise ComplianceError(decision.indonesian, decision.english)
    step, ladder, case = decision.step, ladder_on(issued_on), open_case(employer)
    computed = due_date(step, issued_on)
    due = due_on or computed
    if due is not None and due < issued_on:
        raise ComplianceError(
            "Batas waktu tidak boleh sebelum tanggal surat.", "The deadline is before the letter's date."
        )
    fine: dict[str, Any] = {}
    if step.code == "denda":
        if dues_owed is None or dues_owed <= 0:
            raise ComplianceError(
                "Pengenaan denda memerlukan iuran yang seharusnya dibayar (Rupiah, lebih dari nol).",
                "A fine needs the contributions that should have been paid (Rupiah, more than zero).",
            )
        second = next(x for x in reversed(case) if x.step == "sp2")
        months = fine_months(second.due_on or second.issued_on, issued_on)
        fine = {"dues_owed": dues_owed, "fine_months": months}
        fine["fine"] = fine_amount(dues_owed=dues_owed, months=months, rate=ladder.fine_rate_per_month)
    region = _kabkota(employer)
    review = employer_review(employer, issued_on)
    template = template_in_use(step.code)
    kind = "hari kerja" if step.working_days else "hari kalender"
    days = "-" if step.days is None else f"{step.days} ({spelled(step.days)}) {kind}"
    for _attempt in range(3):
        seq = (
            Letter.objects.filter(region=region, year=issued_on.year).aggregate(m=Max("seq"))["m"] or 0
        ) + 1
        number = letter_number(
            template.number_format, seq=seq, step=step.code, region_code=region.code, issued_on=issued_on
        )
        values = _values(
            employer=employer, region=region, number=number, issued_on=issued_on, due_on=due, days=days,
            review=review, reference=step.article, previous=case[-1] if case else None, fine=fine,
        )  # fmt: skip
        try:
            with transaction.atomic():
                letter = Letter.objects.create(
                    employer=employer,
                    region=region,
                    step=step.code,
                    year=issued_on.year,
                    seq=seq,
                    number=number,
                    issued_on=issued_on,
                    due_on=due,
                    subject=fill(template.subject, values),
                    body=fill(template.body, values),
                    findings=[[f.kind.value, f.indonesian] for f in review.findings],
                    reference=step.article,
                    created_by=by,
                    **fine,
                )
        except IntegrityError:
            continue  # another letter took the number: take the next one
        break
    else:
        raise ComplianceError(
            "Nomor surat tidak dapat dibuat; coba lagi.", "Could not number the letter; try again."
        )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=by,
        request=request,
        object_type="letter",
        object_id=letter.pk,
        region_code=employer.region_id,
        changes={"employer": employer.nib, "step": step.code, "number": number, "due_on": str(due), **fine},
    )
    return letter


@transaction.atomic
def letter_case_close(
    *, employer: Employer, closed_on: dt.date, outcome: str, note: str = "", by: Any,
    request: HttpRequest | None = None,
) -> int:  # fmt: skip
    """Close the employer's open case: ``complied`` only when the data now show no finding; ``withdrawn`` needs a
    reason (e.g. the business closed, or the data were wrong). Returns how many letters it closed."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if outcome not in CASE_OUTCOMES:
        raise ComplianceError("Hasil penutupan tidak dikenal.", "Unknown outcome.")
    case = open_case(employer)
    if not case:
        raise ComplianceError("Tidak ada surat yang masih terbuka.", "There is no open letter.")
    if closed_on > timezone.localdate() or closed_on < case[-1].issued_on:
        raise ComplianceError(
            "Tanggal penutupan harus antara tanggal surat terakhir dan hari ini.",
            "The closing date must lie between the last letter's date and today.",
        )
    if outcome == "complied" and employer_review(employer).findings:
        raise ComplianceError(
            "Data pemberi kerja masih menunjukkan temuan; impor data BPJSTK terbaru atau tutup dengan alasan lain.",
            "The employer's data still show findings; import BPJSTK's latest data or close with another reason.",
        )
    if outcome == "withdrawn" and not note.strip():
        raise ComplianceError("Penarikan kasus memerlukan alasan.", "Withdrawing a case needs a reason.")
    closed = Letter.objects.filter(pk__in=[x.pk for x in case]).update(
        closed_on=closed_on, outcome=outcome, outcome_note=note.strip()
    )
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=by,
        request=request,
        object_type="letter_case",
        object_id=employer.pk,
        region_code=employer.region_id,
        changes={"employer": employer.nib, "outcome": outcome, "letters": [x.number for x in case]},
        reason=note.strip(),
    )
    return closed


@transaction.atomic
def letter_template_reset(*, step: str, by: Any, request: HttpRequest | None = None) -> None:
    """Go back to the shipped text of ``step`` (the office's edited copy is deleted, audited)."""
    deleted, _rows = LetterTemplate.objects.filter(step=step).delete()
    if deleted:
        audit_record(
            action=AuditEvent.Action.DELETE,
            actor=by,
            request=request,
            object_type="letter_template",
            changes={"step": step},
        )


@dataclass(frozen=True)
class BulkOutcome:
    issued: list[Letter]
    skipped: int  # employers whose next step is not due, needs the dues owed (fine), or who comply


def letters_issue_due(
    *, employers: list[Employer], issued_on: dt.date, by: Any, request: HttpRequest | None = None
) -> BulkOutcome:
    """Send every letter that is due on ``issued_on`` to ``employers``, except fines (they need each employer's
    dues owed, typed one by one). All or nothing: one refusal rolls the whole batch back."""
    issued, skipped = [], 0
    with transaction.atomic():
        for employer in employers:
            decision = employer_next_step(employer, on=issued_on)
            if decision.step is None or decision.earliest is not None or decision.step.code == "denda":
                skipped += 1
                continue
            issued.append(letter_issue(employer=employer, issued_on=issued_on, by=by, request=request))
    return BulkOutcome(issued, skipped)
