"""Writes to the Rapat Kepatuhan: prepare a meeting (its packet built as of the meeting day, the previous meeting of
the region linked so that its actions open the agenda), refresh the packet, record findings and follow-up actions,
and report on an action's status (the day it is closed, done or dropped, is kept: "late" is judged at a meeting's
date by ``cakupan.compliance.actions.action_overdue``). Every write is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from cakupan.compliance import ComplianceError
from cakupan.compliance.actions import CLOSED_STATUSES
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.compliance.models import (
    ACTION_STATUSES,
    FINDING_TOPICS,
    FollowUpAction,
    Meeting,
    MeetingFinding,
)
from cakupan.web.compliance.packet import packet_build
from cakupan.web.registry.models import Region


def _audit(
    *, obj: Any, action: str, region: str, by: Any, request: HttpRequest | None, **changes: Any
) -> None:
    audit_record(
        action=action,
        actor=by,
        request=request,
        object_type=type(obj).__name__.lower(),
        object_id=obj.pk,
        region_code=region,
        changes=changes,
    )


def _packet_day(held_on: dt.date) -> dt.date:
    return min(held_on, timezone.localdate())


@transaction.atomic
def meeting_create(
    *,
    region: Region,
    held_on: dt.date,
    title: str,
    place: str = "",
    by: Any,
    request: HttpRequest | None = None,
) -> Meeting:
    if not title.strip():
        raise ComplianceError("Rapat memerlukan judul.", "A meeting needs a title.")
    if Meeting.objects.filter(region=region, held_on=held_on).exists():
        raise ComplianceError(
            f"Sudah ada rapat {region.name} pada {held_on.isoformat()}.",
            f"There is already a meeting of {region.name} on {held_on.isoformat()}.",
        )
    previous = Meeting.objects.filter(region=region, held_on__lt=held_on).order_by("-held_on").first()
    meeting = Meeting.objects.create(
        region=region,
        held_on=held_on,
        title=title.strip(),
        place=place.strip(),
        previous=previous,
        packet=packet_build(region=region, on=_packet_day(held_on)),
        packet_at=timezone.now(),
        created_by=by,
    )
    _audit(
        obj=meeting,
        action=AuditEvent.Action.CREATE,
        region=region.code,
        by=by,
        request=request,
        held_on=held_on.isoformat(),
        previous=previous.pk if previous else None,
    )
    return meeting


@transaction.atomic
def meeting_packet_refresh(*, meeting: Meeting, by: Any, request: HttpRequest | None = None) -> Meeting:
    """Build the packet again from today's data (before or on the meeting day, as the data change)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.packet = packet_build(region=meeting.region, on=_packet_day(meeting.held_on))
    meeting.packet_at = timezone.now()
    meeting.save(update_fields=["packet", "packet_at"])
    _audit(
        obj=meeting,
        action=AuditEvent.Action.UPDATE,
        region=meeting.region_id,
        by=by,
        request=request,
        packet=True,
    )
    return meeting


@transaction.atomic
def finding_add(
    *, meeting: Meeting, topic: str, text: str, by: Any, request: HttpRequest | None = None
) -> MeetingFinding:
    if topic not in FINDING_TOPICS or not text.strip():
        raise ComplianceError("Temuan memerlukan topik dan isi.", "A finding needs a topic and a text.")
    finding = MeetingFinding.objects.create(
        meeting=meeting, topic=topic, text=text.strip()[:500], created_by=by
    )
    _audit(
        obj=finding,
        action=AuditEvent.Action.CREATE,
        region=meeting.region_id,
        by=by,
        request=request,
        meeting=meeting.pk,
        topic=topic,
    )
    return finding


@transaction.atomic
def action_add(
    *,
    meeting: Meeting,
    description: str,
    owner: str,
    due_date: dt.date,
    finding: MeetingFinding | None = None,
    by: Any,
    request: HttpRequest | None = None,
) -> FollowUpAction:
    if not description.strip() or not owner.strip():
        raise ComplianceError(
            "Tindak lanjut memerlukan uraian dan penanggung jawab.",
            "An action needs a description and an owner.",
        )
    if due_date < meeting.held_on:
        raise ComplianceError(
            "Batas waktu tindak lanjut tidak boleh sebelum tanggal rapat.",
            "An action cannot be due before the meeting.",
        )
    if finding is not None and finding.meeting_id != meeting.pk:
        raise ComplianceError("Temuan itu milik rapat lain.", "That finding belongs to another meeting.")
    action = FollowUpAction.objects.create(
        meeting=meeting,
        finding=finding,
        description=description.strip()[:500],
        owner=owner.strip()[:200],
        due_date=due_date,
        updated_by=by,
    )
    _audit(
        obj=action,
        action=AuditEvent.Action.CREATE,
        region=meeting.region_id,
        by=by,
        request=request,
        meeting=meeting.pk,
        owner=action.owner,
        due_date=due_date.isoformat(),
        finding=finding.pk if finding is not None else None,
    )
    return action


@transaction.atomic
def action_status_set(
    *, action: FollowUpAction, status: str, note: str = "", by: Any, request: HttpRequest | None = None
) -> FollowUpAction:
    if status not in ACTION_STATUSES:
        raise ComplianceError(f"Status {status!r} tidak dikenal.", f"Unknown status {status!r}.")
    if status == "dropped" and not note.strip():
        raise ComplianceError(
            "Tindak lanjut yang dibatalkan memerlukan alasan.", "A dropped action needs a reason."
        )
    action = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    before = action.status
    action.status = status
    action.status_note = note.strip()[:300]
    if status in CLOSED_STATUSES:
        kept = action.closed_on if before in CLOSED_STATUSES else None  # done → dropped keeps its day
        action.closed_on = kept or timezone.localdate()
    else:
        action.closed_on = None
    action.updated_by = by
    action.save(update_fields=["status", "status_note", "closed_on", "updated_by", "updated_at"])
    _audit(
        obj=action,
        action=AuditEvent.Action.UPDATE,
        region=action.meeting.region_id,
        by=by,
        request=request,
        status=[before, status],
        note=action.status_note,
        closed_on=action.closed_on.isoformat() if action.closed_on else None,
    )
    return action
