"""Warning-letter pages under /kepatuhan/surat/: the register of the user's regions, one employer's case (its
findings, the letters sent and the next PP 86/2013 step), one letter as sent (and as PDF), and the templates."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.compliance import FINDING_LABELS, ComplianceError
from cakupan.compliance.calendar import add_working_days
from cakupan.compliance.sanctions import due_date
from cakupan.core.access import Permission, in_scope
from cakupan.web.accounts.scope import require, scope_q, user_can, user_scope
from cakupan.web.compliance import letters
from cakupan.web.compliance.forms import (
    OUTCOME_LABELS,
    STEP_LABELS,
    BulkIssueForm,
    CaseCloseForm,
    LetterIssueForm,
)
from cakupan.web.compliance.letter_pdf import letter_pdf_bytes, letters_pdf_bytes
from cakupan.web.compliance.lists import LETTERS
from cakupan.web.compliance.models import Letter
from cakupan.web.employers.models import Employer
from cakupan.web.language import english_active, error_text, label_text
from cakupan.web.lists import list_xlsx, wants_xlsx
from cakupan.web.next_steps import next_step_note
from cakupan.web.registry.models import Region

MAX_ROWS = 500
# The states of an employer's case shown on its pages: no open letter, and a letter's state (``_state``).
CASE_STATES = ("none", "open", "overdue", "followed", "closed")


def _errors(form: Any) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


def _employer_or_404(request: HttpRequest, pk: int) -> Employer:
    require(request.user, Permission.VIEW_COVERAGE)
    # An employer known only from BPJSTK's data is not reviewed, so it has no letters (employers.compliance).
    found = Employer.objects.visible_to(request.user).filter(pk=pk, workforce__isnull=False).first()
    if found is None:
        raise Http404
    return found


def _letter_or_404(request: HttpRequest, pk: int) -> Letter:
    require(request.user, Permission.VIEW_COVERAGE)
    found = Letter.objects.visible_to(request.user).select_related("employer", "region").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _latest_open(found: Any) -> Any:
    """The pks of the last open letter of each employer: only that one can be waiting for the next step."""
    return (
        found.model.objects.filter(closed_on__isnull=True)
        .values("employer")
        .annotate(last=Max("pk"))
        .values("last")
    )


def _latest_of(letter: Letter) -> set[int]:
    """The pk of the last open letter of ``letter``'s employer (as a set, for ``_state``)."""
    last = Letter.objects.filter(employer_id=letter.employer_id, closed_on__isnull=True).aggregate(Max("pk"))
    return {last["pk__max"]} if last["pk__max"] is not None else set()


def _state(letter: Letter, today: Any, latest: set[int] | None = None) -> str:
    if letter.closed_on is not None:
        return "closed"
    if latest is not None and letter.pk not in latest:
        return "followed"  # a later letter of the same case has been sent
    return "overdue" if letter.due_on is not None and letter.due_on < today else "open"


def employer_letters(
    request: HttpRequest, pk: int, *, problem: str = "", status: int = 200, close_data: Any = None
) -> HttpResponse:
    employer = _employer_or_404(request, pk)
    today = timezone.localdate()
    editable = user_can(request.user, Permission.ISSUE_LETTERS)
    issuer = letters.issuer_of(request.user) if editable else None
    posted = request.POST if request.method == "POST" and close_data is None else None
    form = LetterIssueForm(posted, initial={"issued_on": today}) if editable else None
    if posted is not None and not problem:
        require(request.user, Permission.ISSUE_LETTERS)
        assert form is not None
        if form.is_valid():
            try:
                letter = letters.letter_issue(
                    employer=employer,
                    issuer=issuer or "",
                    by=request.user,
                    request=request,
                    **form.cleaned_data,
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
    step, deadline = decision.step, None
    if step is not None and step.days and step.working_days:
        deadline = add_working_days(decision.earliest or today, step.days)
    ours = step is not None and issuer in step.issuers
    case = letters.open_case(employer)
    context = {
        "employer": employer,
        "findings": [
            (label_text(FINDING_LABELS[f.kind]), f.english if english else f.indonesian)
            for f in review.findings
        ],
        "case": case,
        "next_step": next_step_note(
            workflow="letter",
            state=_state(case[-1], today) if case else "none",
            user=request.user,
            region_code=employer.region_id,
            can_act=editable and (step is None or ours),
            roles=None if step is None else [letters.ISSUER_ROLES[i] for i in step.issuers],
        ),
        "closed": Letter.objects.filter(employer=employer, closed_on__isnull=False).order_by(
            "-issued_on", "-pk"
        ),
        "next": decision,
        "next_text": decision.english if english else decision.indonesian,
        "next_label": STEP_LABELS[decision.step.code] if decision.step else "",
        "holidays_unknown": deadline is not None and not deadline.holidays_known,
        "step_labels": STEP_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "kabkota": letters.kabkota_of(employer.region_id),
        "due_if_today": due_date(
            step, decision.earliest or today, previous_due=case[-1].due_on if case else None
        )
        if step is not None
        else None,
        "bpjstk_only": step is not None and editable and not ours,
        "form": form if ours and decision.earliest is None else None,
        "close_form": (
            CaseCloseForm(close_data)
            if close_data is not None
            else CaseCloseForm(initial={"closed_on": today})
        )
        if editable
        else None,
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
        return employer_letters(request, pk, problem=_errors(form), status=400, close_data=request.POST)
    try:
        letters.letter_case_close(employer=employer, by=request.user, request=request, **form.cleaned_data)
    except ComplianceError as exc:
        return employer_letters(request, pk, problem=error_text(exc), status=400, close_data=request.POST)
    messages.success(request, _("The case is closed."))
    return redirect("compliance:employer-letters", pk=pk)


def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter_or_404(request, pk)
    context = {
        "letter": letter,
        "step_label": STEP_LABELS[letter.step],
        "state": _state(letter, timezone.localdate()),
        "outcome_label": OUTCOME_LABELS.get(letter.outcome, ""),
        "next_step": next_step_note(
            workflow="letter",
            state=_state(letter, timezone.localdate(), _latest_of(letter)),
            user=request.user,
            region_code=letter.employer.region_id,
        ),
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
        found = found.filter(closed_on__isnull=True, due_on__lt=today, pk__in=_latest_open(found))
    else:
        state = ""
    return found, {"status": state, "tanggal": day, "wilayah": code}


def _letter_rows(found: Any, shown: list[Letter]) -> list[dict[str, Any]]:
    """The register's rows of the letters ``shown`` (of the filtered ``found``), each with its state."""
    today = timezone.localdate()
    latest = set(
        Letter.objects.filter(
            pk__in=_latest_open(found), employer__in={x.employer_id for x in shown}
        ).values_list("pk", flat=True)
    )
    return [{"letter": x, "step": STEP_LABELS[x.step], "state": _state(x, today, latest)} for x in shown]


def letter_register(request: HttpRequest) -> HttpResponse:
    found, filters = _register(request)
    if wants_xlsx(request, LETTERS):
        return list_xlsx(request, LETTERS, _letter_rows(found, list(found)))
    rows = _letter_rows(found, list(found[:MAX_ROWS]))
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
    issuer = letters.issuer_of(request.user) or ""
    employers = list(
        Employer.objects.visible_to(request.user)
        .filter(scope_q("region__code", (code,)), workforce__isnull=False)
        .order_by("nib")
    )
    try:
        outcome = letters.letters_issue_due(
            employers=employers, issued_on=issued_on, issuer=issuer, by=request.user, request=request
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
