"""The data-subject report (UU 27/2022, right of access): everything Cakupan holds about one person, and who
looked at it. An XLSX with one sheet per kind of data; producing it is itself audited."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django.http import HttpRequest
from django.utils import timezone

from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.imports.models import ImportBatch
from cakupan.web.registry.models import Person


def _sheet(book: Any, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = book.add_worksheet(title)
    sheet.write_row(0, 0, header, book.add_format({"bold": True}))
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, ["" if v is None else v for v in row])
    sheet.set_column(0, len(header) - 1, 22)


def subject_report_xlsx(*, person: Person, user: Any, request: HttpRequest | None) -> bytes:
    memberships = list(person.memberships.order_by("start_date"))
    batch_ids = {
        b for b in (person.import_batch_id, *(m.import_batch_id for m in memberships)) if b is not None
    }
    batches = ImportBatch.objects.filter(pk__in=batch_ids).order_by("created_at")
    events = AuditEvent.objects.filter(object_type="person", object_id=str(person.pk)).order_by("at")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    _sheet(
        book,
        "Data pribadi",
        ["Data", "Nilai"],
        [
            ["NIK", person.nik],
            ["No. KK", person.kk_number],
            ["Nama", person.name],
            ["Tanggal lahir", person.birth_date.isoformat()],
            ["Jenis kelamin", person.get_sex_display()],
            ["Kode wilayah domisili", person.region_id],
            ["Alamat", person.address],
            ["Pekerjaan", person.occupation],
            ["Sektor", person.sector],
            ["Desil DTSEN", person.decile],
            ["Dicatat pertama", f"{timezone.localtime(person.created_at):%Y-%m-%d %H:%M}"],
            ["Diperbarui terakhir", f"{timezone.localtime(person.updated_at):%Y-%m-%d %H:%M}"],
        ],
    )
    _sheet(
        book,
        "Kepesertaan",
        ["KPJ", "Segmen", "Program", "Mulai", "Akhir", "Dasar upah (Rp)", "Pembayar", "NPP"],
        [
            [
                m.kpj,
                m.segment,
                m.programmes,
                m.start_date.isoformat(),
                m.end_date.isoformat() if m.end_date else "",
                m.wage_basis,
                m.payer,
                m.employer_npp,
            ]
            for m in memberships
        ],
    )
    _sheet(
        book,
        "Sumber data",
        ["Impor #", "Jenis", "Nama berkas", "Waktu"],
        [
            [b.pk, b.get_source_display(), b.file_name, f"{timezone.localtime(b.created_at):%Y-%m-%d %H:%M}"]
            for b in batches
        ],
    )
    _sheet(
        book,
        "Siapa yang melihat",
        ["Waktu (WIB)", "Pengguna", "Aksi", "Alasan", "Alamat IP"],
        [
            [
                f"{timezone.localtime(e.at):%Y-%m-%d %H:%M:%S}",
                e.actor_name,
                e.get_action_display(),
                e.reason,
                e.ip_address,
            ]
            for e in events
        ],
    )
    book.close()
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=user,
        request=request,
        object_type="person",
        object_id=person.pk,
        region_code=person.region_id,
        changes={"report": "data_subject"},
    )
    return buffer.getvalue()
