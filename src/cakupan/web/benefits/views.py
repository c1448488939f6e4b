"""Claim pages under /manfaat/: the list with what falls due, the event report, one claim with its decision,
documents, steps and scholarships. Views stay thin: forms parse, services write, selectors read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan import claims
from cakupan.claims import ACTION_LABELS, EVENT_LABELS, RELATION_LABELS, STATE_LABELS, ClaimAction, ClaimError
from cakupan.core.access import Permission
from cakupan.core.labels import Label
from cakupan.core.nik import mask_nik
from cakupan.rules import LEVELS, Source
from cakupan.rules.injuries import injuries, parse_spec
from cakupan.rules.items import stale
from cakupan.web.accounts.scope import require, user_can
from cakupan.web.audit.models import AuditEvent
from cakupan.web.benefits import scholarships, services
from cakupan.web.benefits.forms import HeirFormSet, ReportForm, ScholarshipForm, StepForm
from cakupan.web.benefits.lists import CLAIMS
from cakupan.web.benefits.models import Claim, Heir
from cakupan.web.benefits.selectors import claim_list, expiring_claims, scholarships_due
from cakupan.web.language import english_active, error_text, label_text
from cakupan.web.linkage.display import mask_name
from cakupan.web.lists import list_xlsx, wants_xlsx
from cakupan.web.next_steps import next_step_note
from cakupan.web.registry.models import Person

# Which permission each step needs; the core's state machine decides whether it may be taken now.
ACTION_PERMISSION = {
    ClaimAction.COMPLETE: Permission.REPORT_EVENTS,
    ClaimAction.REOPEN: Permission.REPORT_EVENTS,
    ClaimAction.WITHDRAW: Permission.REPORT_EVENTS,
    ClaimAction.SUBMIT: Permission.PROCESS_CLAIMS,
    ClaimAction.PAY: Permission.PROCESS_CLAIMS,
    ClaimAction.REJECT: Permission.PROCESS_CLAIMS,
}


def action_permission(action: ClaimAction, state: claims.ClaimState) -> Permission:
    """Taking back a claim already with BPJSTK is BPJSTK's (or the Pemda's) call, not the reporter's."""
    if action is ClaimAction.REOPEN and state is claims.ClaimState.SUBMITTED:
        return Permission.PROCESS_CLAIMS
    return ACTION_PERMISSION[action]


def _label(labels: Mapping[Any, Label], key: Any) -> str:
    label = labels.get(key)
    return label_text(label) if label else str(key)


def may_see_claims(request: HttpRequest) -> None:
    if not user_can(request.user, Permission.PROCESS_CLAIMS):
        require(request.user, Permission.REPORT_EVENTS)


def _claim_or_404(request: HttpRequest, pk: int) -> Claim:
    found = claim_list(user=request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _claim_row(claim: Claim) -> dict[str, Any]:
    """A row of the claims list, name and NIK masked (on the page and in its XLSX)."""
    return {
        "claim": claim,
        "nik": mask_nik(claim.person.nik),
        "name": mask_name(claim.person.name),
        "kind": _label(EVENT_LABELS, claims.EventKind(claim.kind)),
        "state": _label(STATE_LABELS, claims.ClaimState(claim.state)),
    }


def claims_index(request: HttpRequest) -> HttpResponse:
    may_see_claims(request)
    today = timezone.localdate()
    state, kind = request.GET.get("status", ""), request.GET.get("peristiwa", "")
    found = claim_list(user=request.user, state=state, kind=kind)
    if wants_xlsx(request, CLAIMS):
        return list_xlsx(request, CLAIMS, (_claim_row(claim) for claim in found.iterator()))
    rows = [_claim_row(claim) for claim in found[:200]]
    return render(
        request,
        "benefits/index.html",
        {
            "rows": rows,
            "states": [(s.value, _label(STATE_LABELS, s)) for s in claims.ClaimState],
            "kinds": [(k.value, _label(EVENT_LABELS, k)) for k in claims.EventKind],
            "state": state,
            "kind": kind,
            "expiring": expiring_claims(user=request.user, today=today),
            "scholarships": [
                {"due": d, "name": mask_name(d.heir.name)}
                for d in scholarships_due(user=request.user, today=today)
            ],
        },
    )


def claim_report_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.REPORT_EVENTS)
    english = english_active()
    form = ReportForm(request.POST or None, english=english)
    heirs = HeirFormSet(request.POST or None, prefix="ahli", form_kwargs={"english": english})
    problem = ""
    if request.method == "POST" and form.is_valid() and heirs.is_valid():
        data = form.cleaned_data
        person = Person.objects.visible_to(request.user).filter(nik=data["nik"]).first()
        if person is None:
            form.add_error(
                "nik",
                _(
                    "No person with this NIK in your regions. Import the person first (menu Import), then report."
                ),
            )
        else:
            try:
                claim = services.claim_report(
                    person=person,
                    kind=claims.EventKind(data["kind"]),
                    event_date=data["event_date"],
                    heirs=[h for h in (f.heir() for f in heirs.forms) if h is not None],
                    disability_percent=data.get("disability_percent"),
                    injuries=form.injury_specs(),
                    left_handed=bool(data.get("left_handed")),
                    unable_days=data.get("unable_days"),
                    description=data.get("description") or "",
                    by=request.user,
                    request=request,
                )
            except ClaimError as exc:
                problem = error_text(exc)
            else:
                messages.success(request, _("The event is recorded and assessed."))
                return redirect("benefits:claim", pk=claim.pk)
    return render(request, "benefits/report.html", {"form": form, "heirs": heirs, "problem": problem})


def _decision(claim: Claim) -> dict[str, Any]:
    stored = claim.assessment
    result = stored.get("benefit") or stored.get("forgone") or {}
    return {
        "reasons": [
            {"passed": r["passed"], "text": r["en"] if english_active() else r["id"]}
            for r in stored["reasons"]
        ],
        "items": [
            {**item, "label": _label(claims.ITEM_LABELS, item["code"])} for item in result.get("items", [])
        ],
        "parameters": stored.get("parameters", []),
        "forgone": stored.get("forgone") is not None,
        # Values used past their cadence on the event's day (a newer one was due and is not loaded).
        "warnings": [
            due.english if english_active() else due.indonesian
            for due in stale(
                (
                    Source(p["name"], p["value"], p["reference"], p.get("since", ""))
                    for p in stored.get("parameters", [])
                ),
                claim.event_date,
            )
        ],
    }


def _disability(claim: Claim) -> dict[str, Any] | None:
    """How a partial disability was priced: the table's rows (named) or the medical adviser's percentage."""
    if claim.kind != claims.EventKind.PARTIAL_DISABILITY.value:
        return None
    rows = injuries().rows
    named = []
    for spec in map(parse_spec, claim.disability_injuries):
        text = label_text(rows[spec.code].label) if spec.code in rows else spec.code
        lost = spec.function_percent
        named.append(
            text + (" " + _("(%(percent)s %% of function lost)") % {"percent": lost} if lost else "")
        )
    return {
        "adviser": claim.disability_basis == "adviser",
        "percent": claim.disability_percent,
        "injuries": named,
        "left_handed": claim.disability_left_handed,
    }


def claim_detail(request: HttpRequest, pk: int, *, problem: str = "", status: int = 200) -> HttpResponse:
    may_see_claims(request)
    claim = _claim_or_404(request, pk)
    state = claims.ClaimState(claim.state)
    decision = _decision(claim)
    scholarship_open = (
        state is claims.ClaimState.PAID
        and bool(((claim.assessment.get("benefit") or {}).get("scholarship") or {}).get("eligible"))
        and user_can(request.user, Permission.PROCESS_CLAIMS)
    )
    heirs = [
        {
            "heir": heir,
            "name": mask_name(heir.name),
            "nik": mask_nik(heir.nik) if heir.nik else "",
            "relation": _label(RELATION_LABELS, claims.Relation(heir.relation)),
            "age": claims.age_on(heir.birth_date, claim.event_date) if heir.birth_date else None,
            "levels": [(level, level == heir.school_level) for level in LEVELS],
            "decision": heir.decision_en if english_active() else heir.decision_id,
            "may_pay": scholarship_open
            and not heir.stopped
            and (heir.scholarship or heir.relation == "child"),
            "payments": list(heir.payments.all()),
        }
        for heir in claim.heirs.all()
    ]
    required = services.claim_required_documents(claim)
    actions = [
        (a.value, _label(ACTION_LABELS, a))
        for a in claims.allowed_actions(state)
        if user_can(request.user, action_permission(a, state))
    ]
    events = AuditEvent.objects.filter(
        Q(object_type="claim", object_id=str(claim.pk))
        | Q(object_type__in=["scholarship_payment", "heir"], changes__claim=claim.pk)
    ).order_by("at", "pk")
    history = [
        {
            "event": event,
            "moved": [_label(STATE_LABELS, claims.ClaimState(s)) for s in event.changes.get("state") or []],
        }
        for event in events
    ]
    context = {
        "claim": claim,
        "nik": mask_nik(claim.person.nik),
        "name": mask_name(claim.person.name),
        "kind": _label(EVENT_LABELS, claims.EventKind(claim.kind)),
        "state_label": _label(STATE_LABELS, state),
        "decision": decision,
        "disability": _disability(claim),
        "heirs": heirs,
        "documents": [
            (d, d.english if english_active() else d.indonesian, d.code in claim.documents) for d in required
        ],
        "documents_editable": state is claims.ClaimState.REPORTED
        and user_can(request.user, Permission.REPORT_EVENTS),
        "actions": actions,
        "step_form": StepForm(initial={"on": timezone.localdate(), "amount": claim.due_total or None}),
        "scholarship_form": ScholarshipForm(initial={"paid_on": timezone.localdate()}),
        "expiry": claims.claim_expiry(claims.EventKind(claim.kind), claim.event_date),
        "reassess": state in claims.OPEN_STATES and user_can(request.user, Permission.REPORT_EVENTS),
        "history": history,
        "problem": problem,
        "next_step": next_step_note(
            workflow="claim", state=state, user=request.user, region_code=claim.region_id
        ),
    }
    return render(request, "benefits/claim.html", context, status=status)


@require_POST
def claim_documents(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.REPORT_EVENTS)
    claim = _claim_or_404(request, pk)
    try:
        services.claim_documents_set(
            claim=claim, received=set(request.POST.getlist("dokumen")), by=request.user, request=request
        )
    except ClaimError as exc:
        return claim_detail(request, pk, problem=error_text(exc), status=400)
    messages.success(request, _("Documents saved."))
    return redirect("benefits:claim", pk=pk)


@require_POST
def claim_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    try:
        wanted = ClaimAction(action)
    except ValueError:
        raise Http404 from None
    may_see_claims(request)
    claim = _claim_or_404(request, pk)
    require(request.user, action_permission(wanted, claims.ClaimState(claim.state)))
    form = StepForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return claim_detail(request, pk, problem=errors, status=400)
    data = form.cleaned_data
    try:
        services.claim_move(
            claim=claim,
            action=wanted,
            by=request.user,
            request=request,
            reason=data.get("reason") or "",
            on=data.get("on"),
            amount=data.get("amount"),
            reference=data.get("reference") or "",
        )
    except ClaimError as exc:
        return claim_detail(request, pk, problem=error_text(exc), status=400)
    messages.success(request, _("The claim moved to the next step."))
    return redirect("benefits:claim", pk=pk)


@require_POST
def claim_reassess(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.REPORT_EVENTS)
    claim = _claim_or_404(request, pk)
    try:
        services.claim_reassess(claim=claim, by=request.user, request=request)
    except ClaimError as exc:
        return claim_detail(request, pk, problem=error_text(exc), status=400)
    messages.success(request, _("Assessed again from the current memberships."))
    return redirect("benefits:claim", pk=pk)


@require_POST
def scholarship_pay(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.PROCESS_CLAIMS)
    heir = Heir.objects.visible_to(request.user).filter(pk=pk).first()
    if heir is None:
        raise Http404
    form = ScholarshipForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return claim_detail(request, heir.claim_id, problem=errors, status=400)
    data = form.cleaned_data
    try:
        scholarships.scholarship_payment_record(
            heir=heir,
            paid_on=data["paid_on"],
            school_level=data["school_level"],
            still_eligible=data["still_eligible"],
            by=request.user,
            request=request,
        )
    except ClaimError as exc:
        return claim_detail(request, heir.claim_id, problem=error_text(exc), status=400)
    messages.success(request, _("Scholarship year recorded."))
    return redirect("benefits:claim", pk=heir.claim_id)


@require_POST
def scholarship_stop_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.PROCESS_CLAIMS)
    heir = Heir.objects.visible_to(request.user).filter(pk=pk).first()
    if heir is None:
        raise Http404
    try:
        scholarships.scholarship_stop(
            heir=heir, reason=request.POST.get("alasan", ""), by=request.user, request=request
        )
    except ClaimError as exc:
        return claim_detail(request, heir.claim_id, problem=error_text(exc), status=400)
    messages.success(request, _("The child's scholarship is stopped."))
    return redirect("benefits:claim", pk=heir.claim_id)
