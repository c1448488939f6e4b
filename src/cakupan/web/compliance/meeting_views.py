"""Rapat Kepatuhan pages under /kepatuhan/rapat/: the meetings of the user's regions, one meeting with its packet,
the previous meeting's actions to report on, and this meeting's findings and actions. Aggregates only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.compliance import SECTION_LABELS, ComplianceError
from cakupan.core.access import Permission, in_scope
from cakupan.core.regions import normalize_code
from cakupan.web.accounts.scope import require, user_can, user_scope
from cakupan.web.compliance import meetings
from cakupan.web.compliance.action_rows import action_rows
from cakupan.web.compliance.forms import (
    ACTION_STATUS_LABELS,
    TOPIC_LABELS,
    ActionForm,
    ActionStatusForm,
    FindingForm,
    MeetingForm,
)
from cakupan.web.compliance.lists import MEETINGS
from cakupan.web.compliance.models import FollowUpAction, Meeting
from cakupan.web.compliance.packet_letters import letters_rows
from cakupan.web.language import english_active, error_text, label_text
from cakupan.web.lists import list_xlsx, wants_xlsx
from cakupan.web.next_steps import next_step_note
from cakupan.web.params import record_id
from cakupan.web.registry.models import Region


def _errors(form: Any) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


def meeting_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_COVERAGE)
    editable = user_can(request.user, Permission.MANAGE_COMPLIANCE)
    form = MeetingForm(request.POST or None) if editable else None
    problem = ""
    if request.method == "POST":
        require(request.user, Permission.MANAGE_COMPLIANCE)
        assert form is not None
        if form.is_valid():
            code = normalize_code(form.cleaned_data["region"])
            region = Region.objects.filter(code=code).first()
            if region is None or not in_scope(code, user_scope(request.user)):
                problem = _("Unknown region, or outside your own regions.")
            else:
                try:
                    meeting = meetings.meeting_create(
                        region=region,
                        held_on=form.cleaned_data["held_on"],
                        title=form.cleaned_data["title"],
                        place=form.cleaned_data["place"],
                        by=request.user,
                        request=request,
                    )
                except ComplianceError as exc:
                    problem = error_text(exc)
                else:
                    messages.success(request, _("The meeting is prepared, with its packet."))
                    return redirect("compliance:meeting", pk=meeting.pk)
        else:
            problem = _errors(form)
    found = Meeting.objects.visible_to(request.user).select_related("region")
    if request.method != "POST" and wants_xlsx(request, MEETINGS):
        return list_xlsx(request, MEETINGS, found)
    context = {"meetings": found, "form": form, "problem": problem}
    return render(request, "compliance/meetings.html", context, status=400 if problem else 200)


def _meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    found = (
        Meeting.objects.visible_to(request.user).select_related("region", "previous").filter(pk=pk).first()
    )
    if found is None:
        raise Http404
    return found


def _action_rows(actions: Any, meeting: Meeting, editable: bool, user: Any) -> list[dict[str, Any]]:
    """The rows of an actions table on ``meeting``'s page: late judged at the meeting's date, as in its packet."""
    return [
        {
            "action": row.action,
            "status": ACTION_STATUS_LABELS[row.action.status],
            "late": row.late,
            "finding_no": row.finding_no,
            "finding_text": row.finding_text,
            "form": ActionStatusForm(
                initial={"status": row.action.status, "note": row.action.status_note},
                prefix=f"a{row.action.pk}",
            )
            if editable
            else None,
            "next_step": next_step_note(
                workflow="action", state=row.action.status, user=user, region_code=meeting.region_id
            ),
        }
        for row in action_rows(actions, as_of=meeting.held_on)
    ]


def meeting_detail(
    request: HttpRequest,
    pk: int,
    *,
    problem: str = "",
    status: int = 200,
    action_form: ActionForm | None = None,
) -> HttpResponse:
    require(request.user, Permission.VIEW_COVERAGE)
    meeting = _meeting_or_404(request, pk)
    editable = user_can(request.user, Permission.MANAGE_COMPLIANCE)
    english = english_active()
    previous_actions = (
        FollowUpAction.objects.filter(meeting=meeting.previous) if meeting.previous is not None else []
    )
    packet = meeting.packet
    sectors = [
        {
            "code": code,
            "label": (label_text(SECTION_LABELS[code]) if code in SECTION_LABELS else "")
            if code != "*"
            else _("All"),
            **count,
        }
        for code, count in packet.get("employers", {}).items()
    ]
    obligations = [
        {**item, "text": item["en"] if english else item["id"]} for item in packet.get("obligations", [])
    ]
    context = {
        "meeting": meeting,
        "packet": packet,
        "sectors": sectors,
        "obligations": obligations,
        "letter_rows": letters_rows(packet),
        "obligations_done": sum(1 for item in obligations if item["status"] == "terpenuhi"),
        "previous_actions": _action_rows(previous_actions, meeting, editable, request.user),
        "findings": [(f, TOPIC_LABELS[f.topic]) for f in meeting.findings.all()],
        "actions": _action_rows(meeting.actions.all(), meeting, editable, request.user),
        "editable": editable,
        "finding_form": FindingForm() if editable else None,
        "action_form": (action_form or ActionForm(meeting=meeting)) if editable else None,
        "problem": problem,
    }
    return render(request, "compliance/meeting.html", context, status=status)


@require_POST
def meeting_packet(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_COMPLIANCE)
    meeting = _meeting_or_404(request, pk)
    meetings.meeting_packet_refresh(meeting=meeting, by=request.user, request=request)
    messages.success(request, _("The packet is built again from today's data."))
    return redirect("compliance:meeting", pk=pk)


@require_POST
def meeting_finding(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_COMPLIANCE)
    meeting = _meeting_or_404(request, pk)
    form = FindingForm(request.POST)
    if not form.is_valid():
        return meeting_detail(request, pk, problem=_errors(form), status=400)
    try:
        meetings.finding_add(meeting=meeting, by=request.user, request=request, **form.cleaned_data)
    except ComplianceError as exc:
        return meeting_detail(request, pk, problem=error_text(exc), status=400)
    messages.success(request, _("The finding is recorded."))
    return redirect("compliance:meeting", pk=pk)


@require_POST
def meeting_action(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_COMPLIANCE)
    meeting = _meeting_or_404(request, pk)
    form = ActionForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return meeting_detail(request, pk, problem=_errors(form), status=400, action_form=form)
    data = form.cleaned_data
    try:
        meetings.action_add(
            meeting=meeting,
            description=data["description"],
            owner=data["owner"],
            due_date=data["due_date"],
            finding=data["finding"],
            by=request.user,
            request=request,
        )
    except ComplianceError as exc:
        return meeting_detail(request, pk, problem=error_text(exc), status=400, action_form=form)
    messages.success(request, _("The follow-up action is recorded."))
    return redirect("compliance:meeting", pk=pk)


@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Report on an action (usually of the previous meeting, from the current one's page)."""
    require(request.user, Permission.MANAGE_COMPLIANCE)
    action = FollowUpAction.objects.visible_to(request.user).select_related("meeting").filter(pk=pk).first()
    if action is None:
        raise Http404
    back = record_id(request.POST.get("kembali")) or action.meeting_id
    form = ActionStatusForm(request.POST, prefix=f"a{action.pk}")
    if not form.is_valid():
        return meeting_detail(request, back, problem=_errors(form), status=400)
    try:
        meetings.action_status_set(
            action=action,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            by=request.user,
            request=request,
        )
    except ComplianceError as exc:
        return meeting_detail(request, back, problem=error_text(exc), status=400)
    messages.success(request, _("Saved."))
    return redirect("compliance:meeting", pk=back)
