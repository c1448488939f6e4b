"""Downloads of a Rapat Kepatuhan's packet under /kepatuhan/rapat/<pk>/: the workbook (one sheet per section) and
the A4 PDF to print. Same permission and scope as the meeting's page; aggregates only, so nothing is audited."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from cakupan.core.access import Permission
from cakupan.web.accounts.scope import require
from cakupan.web.compliance.models import FollowUpAction, Meeting
from cakupan.web.compliance.packet_exports import packet_pdf, packet_xlsx
from cakupan.web.language import page_language
from cakupan.web.xlsx import CONTENT_TYPE


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    require(request.user, Permission.VIEW_COVERAGE)
    found = (
        Meeting.objects.visible_to(request.user).select_related("region", "previous").filter(pk=pk).first()
    )
    if found is None:
        raise Http404
    return found


def _previous_actions(meeting: Meeting) -> list[FollowUpAction]:
    if meeting.previous is None:
        return []
    return list(FollowUpAction.objects.filter(meeting=meeting.previous))


def _download(content: bytes, *, content_type: str, meeting: Meeting, suffix: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    filename = f"rapat-kepatuhan-{meeting.region.code}-{meeting.held_on:%Y-%m-%d}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def meeting_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    content = packet_xlsx(meeting, _previous_actions(meeting), page_language())
    return _download(content, content_type=CONTENT_TYPE, meeting=meeting, suffix="xlsx")


def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    content = packet_pdf(meeting, _previous_actions(meeting), page_language())
    return _download(content, content_type="application/pdf", meeting=meeting, suffix="pdf")
