"""Person lists as XLSX: identifiers masked, formula-like text neutralised, each export audited."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django.db.models import QuerySet
from django.http import HttpRequest

from cakupan.core.nik import mask_nik
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record, mask_identifiers
from cakupan.web.registry.models import Person

HEADERS = [
    "NIK (disamarkan)",
    "No. KK (disamarkan)",
    "Nama",
    "Tahun lahir",
    "Jenis kelamin",
    "Kode wilayah",
    "Wilayah",
    "Pekerjaan",
    "Sektor",
    "Desil",
]
MAX_ROWS = 1_000_000


def person_export_xlsx(
    *, persons: QuerySet[Person], user: Any, request: HttpRequest | None, query: str
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("Penduduk")
    sheet.write_row(0, 0, HEADERS, book.add_format({"bold": True}))
    count = 0
    for count, p in enumerate(persons[:MAX_ROWS].iterator(chunk_size=5000), start=1):
        sheet.write_row(
            count,
            0,
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
            ],
        )
    sheet.freeze_panes(1, 0)
    book.close()
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=user,
        request=request,
        object_type="person",
        changes={"rows": count, "query": mask_identifiers(query)},
    )
    return buffer.getvalue()
