"""Person lists as XLSX: identifiers masked, each export audited."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from cakupan.core.nik import mask_nik
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record, mask_identifiers
from cakupan.web.registry.models import Person
from cakupan.web.xlsx import Sheet, xlsx_bytes

HEADERS = ["NIK (disamarkan)", "No. KK (disamarkan)", "Nama", "Tahun lahir", "Jenis kelamin", "Kode wilayah",
           "Wilayah", "Pekerjaan", "Sektor", "Desil"]  # fmt: skip
MAX_ROWS = 1_000_000


def person_export_xlsx(
    *, persons: QuerySet[Person], user: Any, request: HttpRequest | None, query: str
) -> bytes:
    rows = (
        [
            mask_nik(p.nik),
            mask_nik(p.kk_number) if p.kk_number else "",
            p.name,
            p.birth_date.year,
            p.sex,
            p.region_id,
            p.region.name,
            p.occupation,
            p.sector,
            p.decile,
        ]
        for p in persons[:MAX_ROWS].iterator(chunk_size=5000)
    )
    sheet = Sheet("Penduduk", HEADERS, rows)
    content = xlsx_bytes(sheet)
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=user,
        request=request,
        object_type="person",
        changes={"rows": sheet.written, "query": mask_identifiers(query)},
    )
    return content
