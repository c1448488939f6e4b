"""The audit log for auditors: filter, read, export. Nothing here can change an event."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cakupan.core.access import Permission
from cakupan.web.accounts.scope import require
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.selectors import AuditFilter, audit_event_list
from cakupan.web.audit.services import audit_record, mask_identifiers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
        nik=get.get("nik", "").strip(),
        actor=get.get("pengguna", "").strip(),
        date_from=_date(get.get("dari", "")),
        date_to=_date(get.get("sampai", "")),
    )


def audit_index(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_AUDIT_LOG)
    filters = _filters(request)
    page = Paginator(audit_event_list(user=request.user, filters=filters), 100).get_page(
        request.GET.get("halaman")
    )
    return render(
        request,
        "audit/event_list.html",
        {
            "page": page,
            "filters": filters,
            "actions": AuditEvent.Action.choices,
            "query": request.GET.urlencode(),
        },
    )


def audit_export(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_AUDIT_LOG)
    filters = _filters(request)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("Jejak audit")
    sheet.write_row(
        0,
        0,
        [
            "Waktu (WIB)",
            "Pengguna",
            "Aksi",
            "Objek",
            "ID objek",
            "Wilayah",
            "Alamat IP",
            "Perubahan",
            "Alasan",
        ],
    )
    rows = 0
    for rows, e in enumerate(audit_event_list(user=request.user, filters=filters).iterator(), start=1):
        sheet.write_row(
            rows,
            0,
            [
                f"{timezone.localtime(e.at):%Y-%m-%d %H:%M:%S}",
                e.actor_name,
                e.get_action_display(),
                e.object_type,
                e.object_id,
                e.region_code,
                e.ip_address or "",
                str(e.changes) if e.changes else "",
                e.reason,
            ],
        )
    book.close()
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        request=request,
        object_type="audit_event",
        changes={"rows": rows, "query": mask_identifiers(request.GET.urlencode())},
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="jejak-audit-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
