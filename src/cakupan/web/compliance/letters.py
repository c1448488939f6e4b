"""Writes of warning letters: save an office's template (fields checked), issue the next PP 86/2013 step to an
employer (numbered per kab/kota and year, the text and findings kept as sent), and close an employer's open case.
Reads: the template in use for a step, an employer's open case and what may be sent next. Every write is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
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
from cakupan.core.access import Role
from cakupan.web.accounts.scope import user_role
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.compliance.models import CASE_OUTCOMES, ISSUERS, LETTER_STEPS, Letter, LetterTemplate
from cakupan.web.employers.compliance import employer_facts
from cakupan.web.employers.models import Employer
from cakupan.web.registry.models import Region

SUBJECT_MAX = 300  # Letter.subject
BULK_MAX = 200  # letters issued in one go


@dataclass(frozen=True)
class TemplateInUse:
    step: str
    subject: str
    body: str
    number_format: str
    edited: bool  # False while the shipped text is used


ISSUER_ROLES = {
    "bpjstk": Role.BPJSTK_OFFICER,
    "pemda": Role.PEMDA_ADMIN,
}  # the role that sends for each office


def issuer_of(user: Any) -> str | None:
    """The office a user sends letters for: BPJSTK officers for BPJS, Pemda admins for the Pemda (None: neither).
    Letters made without a user (the demo) are BPJS's."""
    if user is None:
        return "bpjstk"
    return {role: issuer for issuer, role in ISSUER_ROLES.items()}.get(user_role(user))  # type: ignore[arg-type]


def office_sends_letters(user: Any, on: dt.date) -> bool:
    """Whether the user's office sends any step of the ladder in force on ``on`` (a Pemda admin does not: PP 86/2013
    gives every letter of the ladder to BPJS)."""
    issuer = issuer_of(user)
    return issuer is not None and any(issuer in step.issuers for step in ladder_on(on).steps)


def kabkota_of(code: str) -> str:
    return ".".join(code.split(".")[:2])


def template_in_use(step: str, *, region: Region, issuer: str) -> TemplateInUse:
    row = LetterTemplate.objects.filter(region=region, issuer=issuer, step=step).first()
    if row is not None:
        return TemplateInUse(step, row.subject, row.body, row.number_format, True)
    shipped = shipped_template(step)
    return TemplateInUse(step, shipped.subject, shipped.body, DEFAULT_NUMBER_FORMAT, False)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@transaction.atomic
def letter_template_save(
    *, region: Region, issuer: str, step: str, subject: str, body: str, number_format: str, by: Any,
    request: HttpRequest | None = None,
) -> LetterTemplate:  # fmt: skip
    """Save the office's (``issuer`` in kab/kota ``region``) wording of ``step``; audited with what changed (the
    body as a digest, so that the audit shows which text was in force without copying it)."""
    if step not in LETTER_STEPS or issuer not in ISSUERS:
        raise ComplianceError(f"Langkah {step!r} tidak dikenal.", f"Unknown step {step!r}.")
    body = body.replace("\r\n", "\n")
    template_check(subject=subject, body=body, number_format=number_format)
    before = template_in_use(step, region=region, issuer=issuer)
    row, created = LetterTemplate.objects.update_or_create(
        region=region,
        issuer=issuer,
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
        region_code=region.code,
        changes={
            "step": step,
            "issuer": issuer,
            "subject": [before.subject, row.subject],
            "number_format": [before.number_format, row.number_format],
            "body_sha256": [_digest(before.body), _digest(row.body)],
        },
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
    return Region.objects.get(code=kabkota_of(employer.region_id))


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
        "nib": employer.nib or "-",
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
    issuer: str = "bpjstk",
    by: Any,
    request: HttpRequest | None = None,
) -> Letter:
    """Send the next step of PP 86/2013 to ``employer`` as ``issuer``'s letter; refused when nothing may be sent on
    ``issued_on``, or when the step is not that office's to send."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)  # one letter at a time per employer
    if issued_on > timezone.localdate():
        raise ComplianceError("Tanggal surat belum terjadi.", "The letter's date is in the future.")
    decision = employer_next_step(employer, on=issued_on)
    if decision.step is None or decision.earliest is not None:
        raise ComplianceError(decision.indonesian, decision.english)
    step, ladder, case = decision.step, ladder_on(issued_on), open_case(employer)
    if issuer not in step.issuers:
        raise ComplianceError(
            f"{step.indonesian} hanya dikirim oleh BPJS Ketenagakerjaan.",
            f"The {step.english.lower()} is sent by BPJS Ketenagakerjaan only.",
        )
    computed = due_date(step, issued_on, previous_due=case[-1].due_on if case else None)
    due = None if computed is None else (due_on or computed)
    if computed is not None and due is not None and due != computed and (due < issued_on or due > computed):
        raise ComplianceError(
            f"Batas waktu harus antara tanggal surat dan {computed} (jangka waktu paling lama menurut aturan).",
            f"The deadline must lie between the letter's date and {computed} (the longest period the rule allows).",
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
    template = template_in_use(step.code, region=region, issuer=issuer)
    kind = "hari kerja" if step.working_days else "hari kalender"
    days = "-" if step.days is None else f"{step.days} ({spelled(step.days)}) {kind}"
    for _attempt in range(3):
        seq = (
            Letter.objects.filter(region=region, issuer=issuer, year=issued_on.year).aggregate(m=Max("seq"))[
                "m"
            ]
            or 0
        ) + 1
        number = letter_number(
            template.number_format, seq=seq, step=step.code, region_code=region.code, issued_on=issued_on
        )
        values = _values(
            employer=employer, region=region, number=number, issued_on=issued_on, due_on=due, days=days,
            review=review, reference=step.article, previous=case[-1] if case else None, fine=fine,
        )  # fmt: skip
        subject = fill(template.subject, values)
        if len(subject) > SUBJECT_MAX:
            raise ComplianceError(
                f"Perihal surat lebih dari {SUBJECT_MAX} karakter setelah diisi; perpendek perihal templatnya.",
                f"The letter's subject is longer than {SUBJECT_MAX} characters once filled; shorten the template's.",
            )
        try:
            with transaction.atomic():
                letter = Letter.objects.create(
                    employer=employer,
                    region=region,
                    issuer=issuer,
                    step=step.code,
                    year=issued_on.year,
                    seq=seq,
                    number=number,
                    issued_on=issued_on,
                    due_on=due,
                    subject=subject,
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
        changes={
            "employer": employer.nib,
            "issuer": issuer,
            "step": step.code,
            "number": number,
            "due_on": str(due),
            **fine,
        },
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
def letter_template_reset(
    *, region: Region, issuer: str, step: str, by: Any, request: HttpRequest | None = None
) -> None:
    """Go back to the shipped text of ``step`` (the office's edited copy is deleted, audited)."""
    row = LetterTemplate.objects.filter(region=region, issuer=issuer, step=step).first()
    if row is None:
        return
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=by,
        request=request,
        object_type="letter_template",
        object_id=row.pk,
        region_code=region.code,
        changes={"step": step, "issuer": issuer, "subject": row.subject, "body_sha256": _digest(row.body)},
    )
    row.delete()


@dataclass(frozen=True)
class BulkOutcome:
    issued: list[Letter]
    skipped: int  # employers whose next step is not due, needs the dues owed (fine), or who comply


def letters_issue_due(
    *, employers: list[Employer], issued_on: dt.date, issuer: str, by: Any, request: HttpRequest | None = None
) -> BulkOutcome:
    """Send every letter that is due on ``issued_on`` to ``employers`` and is ``issuer``'s to send, except fines
    (they need each employer's dues owed, typed one by one), at most ``BULK_MAX`` at a time. All or nothing: one
    refusal rolls the whole batch back."""
    issued: list[Letter] = []
    skipped = 0
    with transaction.atomic():
        for employer in employers:
            decision = employer_next_step(employer, on=issued_on)
            step = decision.step
            if (
                step is None
                or decision.earliest is not None
                or step.code == "denda"
                or issuer not in step.issuers
            ):
                skipped += 1
                continue
            if len(issued) == BULK_MAX:
                raise ComplianceError(
                    f"Lebih dari {BULK_MAX} surat jatuh waktu sekaligus; terbitkan per kecamatan atau nagari.",
                    f"More than {BULK_MAX} letters are due at once; issue them per kecamatan or nagari.",
                )
            issued.append(
                letter_issue(employer=employer, issued_on=issued_on, issuer=issuer, by=by, request=request)
            )
    return BulkOutcome(issued, skipped)
