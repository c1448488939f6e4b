"""The audit log as XLSX for auditors; the export itself is audited (with any NIK in the query masked)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from cakupan.web.audit.labels import changes_text, object_label
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record, mask_identifiers
from cakupan.web.xlsx import Sheet, xlsx_bytes

HEADERS = [
    "Waktu (WIB)",
    "Pengguna",
    "Aksi",
    "Objek",
    "ID objek",
    "Wilayah",
    "Alamat IP",
    "Perubahan",
    "Alasan",
]


def audit_export_xlsx(
    *, events: QuerySet[AuditEvent], user: Any, request: HttpRequest | None, query: str
) -> bytes:
    rows = (
        [f"{timezone.localtime(e.at):%Y-%m-%d %H:%M:%S}", e.actor_name, e.get_action_display(), object_label(e.object_type),
         e.object_id, e.region_code, e.ip_address, changes_text(e.object_type, e.changes), e.reason]
        for e in events.iterator()
    )  # fmt: skip
    sheet = Sheet("Jejak audit", HEADERS, rows)
    content = xlsx_bytes(sheet)
    audit_record(action=AuditEvent.Action.EXPORT, actor=user, request=request, object_type="audit_event",
                 changes={"rows": sheet.written, "query": mask_identifiers(query)})  # fmt: skip
    return content
