"""The audit log for auditors: filter, read, export. Nothing here can change an event."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cakupan.core.access import Permission
from cakupan.web.accounts.scope import require
from cakupan.web.audit.exports import audit_export_xlsx
from cakupan.web.audit.labels import change_lines, object_label
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.selectors import AuditFilter, audit_event_list
from cakupan.web.private_search import private_search_remember, private_search_terms
from cakupan.web.xlsx import CONTENT_TYPE


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> AuditFilter:
    get = request.GET
    action = get.get("aksi", "")
    return AuditFilter(
        action=action if action in AuditEvent.Action.values else "",
        nik=private_search_terms(request, page="audit").get("nik", ""),
        actor=get.get("pengguna", "").strip(),
        date_from=_date(get.get("dari", "")),
        date_to=_date(get.get("sampai", "")),
    )


def audit_index(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_AUDIT_LOG)
    if request.method == "POST":
        return private_search_remember(request, page="audit", fields=("nik",))
    filters = _filters(request)
    page = Paginator(audit_event_list(user=request.user, filters=filters), 100).get_page(
        request.GET.get("halaman")
    )
    return render(
        request,
        "audit/event_list.html",
        {
            "page": page,
            "rows": [
                {
                    "event": e,
                    "object": object_label(e.object_type),
                    "changes": change_lines(e.object_type, e.changes),
                }
                for e in page
            ],
            "filters": filters,
            "actions": AuditEvent.Action.choices,
            "query": request.GET.urlencode(),
        },
    )


def _query_with_nik(request: HttpRequest) -> str:
    """What the export was asked for, for its own audit entry: the filters, with the NIK kept in the session."""
    query = request.GET.copy()
    if nik := private_search_terms(request, page="audit").get("nik"):
        query["nik"] = nik
    return query.urlencode()


def audit_export(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_AUDIT_LOG)
    content = audit_export_xlsx(
        events=audit_event_list(user=request.user, filters=_filters(request)),
        user=request.user,
        request=request,
        query=_query_with_nik(request),
    )
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="jejak-audit-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
