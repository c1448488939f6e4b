"""Warning-letter pages under /kepatuhan/surat/: the register of the user's regions, one employer's case (its
findings, the letters sent and the next PP 86/2013 step), one letter as sent (and as PDF), and the templates."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.compliance import FINDING_LABELS, ComplianceError
from cakupan.compliance.calendar import add_working_days
from cakupan.compliance.letters import PLACEHOLDERS
from cakupan.core.access import Permission, in_scope
from cakupan.web.accounts.scope import require, scope_q, user_can, user_scope
from cakupan.web.compliance import letters
from cakupan.web.compliance.forms import (
    OUTCOME_LABELS,
    STEP_LABELS,
    BulkIssueForm,
    CaseCloseForm,
    LetterIssueForm,
    LetterTemplateForm,
)
from cakupan.web.compliance.letter_pdf import letter_pdf_bytes, letters_pdf_bytes
from cakupan.web.compliance.models import LETTER_STEPS, Letter
from cakupan.web.employers.models import Employer
from cakupan.web.enrolment.views import english_active, error_text
from cakupan.web.registry.models import Region

MAX_ROWS = 500


def _errors(form: Any) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


def _employer_or_404(request: HttpRequest, pk: int) -> Employer:
    require(request.user, Permission.VIEW_COVERAGE)
    found = Employer.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _letter_or_404(request: HttpRequest, pk: int) -> Letter:
    require(request.user, Permission.VIEW_COVERAGE)
    found = Letter.objects.visible_to(request.user).select_related("employer", "region").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _state(letter: Letter, today: Any) -> str:
    if letter.closed_on is not None:
        return "closed"
    return "overdue" if letter.due_on is not None and letter.due_on < today else "open"


def employer_letters(request: HttpRequest, pk: int, *, problem: str = "", status: int = 200) -> HttpResponse:
    employer = _employer_or_404(request, pk)
    today = timezone.localdate()
    editable = user_can(request.user, Permission.ISSUE_LETTERS)
    form = LetterIssueForm(request.POST or None, initial={"issued_on": today}) if editable else None
    if request.method == "POST" and not problem:
        require(request.user, Permission.ISSUE_LETTERS)
        assert form is not None
        if form.is_valid():
            try:
                letter = letters.letter_issue(
                    employer=employer, by=request.user, request=request, **form.cleaned_data
                )
            except ComplianceError as exc:
                problem, status = error_text(exc), 400
            else:
                messages.success(request, _("Letter %(number)s is issued.") % {"number": letter.number})
                return redirect("compliance:letter", pk=letter.pk)
        else:
            problem, status = _errors(form), 400
    english = english_active()
    review = letters.employer_review(employer, today)
    decision = letters.employer_next_step(employer, on=today)
    deadline = None
    if decision.step is not None and decision.step.days and decision.step.working_days:
        deadline = add_working_days(decision.earliest or today, decision.step.days)
    context = {
        "employer": employer,
        "findings": [
            (FINDING_LABELS[f.kind][english], f.english if english else f.indonesian) for f in review.findings
        ],
        "case": letters.open_case(employer),
        "closed": Letter.objects.filter(employer=employer, closed_on__isnull=False).order_by(
            "-issued_on", "-pk"
        ),
        "next": decision,
        "next_text": decision.english if english else decision.indonesian,
        "next_label": STEP_LABELS[decision.step.code] if decision.step else "",
        "holidays_unknown": deadline is not None and not deadline.holidays_known,
        "step_labels": STEP_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "form": form if decision.step is not None and decision.earliest is None else None,
        "close_form": CaseCloseForm(initial={"closed_on": today}) if editable else None,
        "problem": problem,
        "today": today,
    }
    return render(request, "compliance/employer_letters.html", context, status=status)


@require_POST
def employer_case_close(request: HttpRequest, pk: int) -> HttpResponse:
    employer = _employer_or_404(request, pk)
    require(request.user, Permission.ISSUE_LETTERS)
    form = CaseCloseForm(request.POST)
    if not form.is_valid():
        return employer_letters(request, pk, problem=_errors(form), status=400)
    try:
        letters.letter_case_close(employer=employer, by=request.user, request=request, **form.cleaned_data)
    except ComplianceError as exc:
        return employer_letters(request, pk, problem=error_text(exc), status=400)
    messages.success(request, _("The case is closed."))
    return redirect("compliance:employer-letters", pk=pk)


def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter_or_404(request, pk)
    context = {
        "letter": letter,
        "step_label": STEP_LABELS[letter.step],
        "state": _state(letter, timezone.localdate()),
        "outcome_label": OUTCOME_LABELS.get(letter.outcome, ""),
    }
    return render(request, "compliance/letter.html", context)


def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter_or_404(request, pk)
    response = HttpResponse(letter_pdf_bytes(letter), content_type="application/pdf")
    safe = letter.number.replace("/", "-").replace(" ", "")
    response["Content-Disposition"] = f'attachment; filename="surat-{safe}.pdf"'
    return response


def _register(request: HttpRequest) -> tuple[Any, dict[str, str]]:
    """The letters of the register's filters: status, issue date (``tanggal``) and region (``wilayah``)."""
    require(request.user, Permission.VIEW_COVERAGE)
    today = timezone.localdate()
    state, day, code = (request.GET.get(k, "").strip() for k in ("status", "tanggal", "wilayah"))
    found = Letter.objects.visible_to(request.user).select_related("employer", "region")
    try:
        found = found.filter(issued_on=dt.date.fromisoformat(day)) if day else found
    except ValueError:
        day = ""
    if code:
        found = found.filter(scope_q("employer__region__code", (code,)))
    if state == "closed":
        found = found.filter(closed_on__isnull=False)
    elif state == "open":
        found = found.filter(closed_on__isnull=True)
    elif state == "overdue":
        found = found.filter(closed_on__isnull=True, due_on__lt=today)
    else:
        state = ""
    return found, {"status": state, "tanggal": day, "wilayah": code}


def letter_register(request: HttpRequest) -> HttpResponse:
    found, filters = _register(request)
    today = timezone.localdate()
    rows = [{"letter": x, "step": STEP_LABELS[x.step], "state": _state(x, today)} for x in found[:MAX_ROWS]]
    context = {
        "rows": rows,
        "more": max(0, found.count() - MAX_ROWS),
        **filters,
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "can_edit": user_can(request.user, Permission.ISSUE_LETTERS),
    }
    return render(request, "compliance/letters.html", context)


def letters_pdf(request: HttpRequest) -> HttpResponse:
    """The register's letters (as filtered, at most 500) in one PDF, a letter per page, to print at once."""
    found, filters = _register(request)
    letters_found = list(found.order_by("issued_on", "pk")[:MAX_ROWS])
    if not letters_found:
        raise Http404
    body = letters_pdf_bytes(letters_found, _("Warning letters"))
    response = HttpResponse(body, content_type="application/pdf")
    name = "-".join(v for v in (filters["wilayah"], filters["tanggal"]) if v) or "semua"
    response["Content-Disposition"] = f'attachment; filename="surat-teguran-{name}.pdf"'
    return response


@require_POST
def letters_issue_due(request: HttpRequest, code: str) -> HttpResponse:
    """Send every letter due on the date given to the employers of region ``code`` (fines excepted)."""
    require(request.user, Permission.VIEW_COVERAGE)
    require(request.user, Permission.ISSUE_LETTERS)
    if not Region.objects.filter(code=code).exists() or not in_scope(code, user_scope(request.user)):
        raise Http404
    form = BulkIssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("compliance:employers", code=code)
    issued_on = form.cleaned_data["issued_on"]
    employers = list(
        Employer.objects.visible_to(request.user).filter(scope_q("region__code", (code,))).order_by("nib")
    )
    try:
        outcome = letters.letters_issue_due(
            employers=employers, issued_on=issued_on, by=request.user, request=request
        )
    except ComplianceError as exc:
        messages.error(request, error_text(exc))
        return redirect("compliance:employers", code=code)
    messages.success(
        request,
        _("%(issued)s letters issued; %(skipped)s employers had no letter due (fines are issued one by one).")
        % {"issued": len(outcome.issued), "skipped": outcome.skipped},
    )
    query = urlencode({"tanggal": issued_on.isoformat(), "wilayah": code})
    return redirect(reverse("compliance:letters") + "?" + query)


def letter_templates(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.ISSUE_LETTERS)
    rows = [(letters.template_in_use(step), STEP_LABELS[step]) for step in LETTER_STEPS]
    return render(request, "compliance/letter_templates.html", {"rows": rows})


def letter_template_edit(request: HttpRequest, step: str) -> HttpResponse:
    require(request.user, Permission.ISSUE_LETTERS)
    if step not in LETTER_STEPS:
        raise Http404
    current = letters.template_in_use(step)
    initial = {"subject": current.subject, "body": current.body, "number_format": current.number_format}
    form = LetterTemplateForm(request.POST or None, initial=initial)
    problem = ""
    if request.method == "POST":
        if request.POST.get("reset"):
            letters.letter_template_reset(step=step, by=request.user, request=request)
            messages.success(request, _("The shipped text is used again."))
            return redirect("compliance:letter-template", step=step)
        if form.is_valid():
            try:
                letters.letter_template_save(step=step, by=request.user, request=request, **form.cleaned_data)
            except ComplianceError as exc:
                problem = error_text(exc)
            else:
                messages.success(request, _("The template is saved."))
                return redirect("compliance:letter-templates")
        else:
            problem = _errors(form)
    english = english_active()
    context = {
        "step": step,
        "label": STEP_LABELS[step],
        "form": form,
        "edited": current.edited,
        "placeholders": [(name, texts[english]) for name, texts in PLACEHOLDERS.items()],
        "problem": problem,
    }
    return render(request, "compliance/letter_template.html", context, status=400 if problem else 200)
