"""The data-subject report (UU 27/2022, right of access): everything Cakupan holds about one person, and who
looked at it. An XLSX with one sheet per kind of data; producing it is itself audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone, translation

from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.history.selectors import record_history
from cakupan.web.imports.models import ImportBatch
from cakupan.web.registry.models import Person
from cakupan.web.registry.selectors import FIELD_LABELS
from cakupan.web.xlsx import Sheet, xlsx_bytes


@translation.override("id")  # the report is in Bahasa Indonesia, whatever the page language
def subject_report_xlsx(*, person: Person, user: Any, request: HttpRequest | None) -> bytes:
    memberships = list(person.memberships.order_by("start_date"))
    batch_ids = {
        b for b in (person.import_batch_id, *(m.import_batch_id for m in memberships)) if b is not None
    }
    batches = ImportBatch.objects.filter(pk__in=batch_ids).order_by("created_at")
    events = AuditEvent.objects.filter(object_type="person", object_id=str(person.pk)).order_by("at")
    changes = record_history(entity="persons", object_id=person.pk)
    content = xlsx_bytes(
        Sheet(
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
        ),
        Sheet(
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
        ),
        Sheet(
            "Sumber data",
            ["Impor #", "Jenis", "Nama berkas", "Waktu"],
            [
                [
                    b.pk,
                    b.get_source_display(),
                    b.file_name,
                    f"{timezone.localtime(b.created_at):%Y-%m-%d %H:%M}",
                ]
                for b in batches
            ],
        ),
        Sheet(
            "Riwayat perubahan",
            ["Waktu (WIB)", "Impor #", "Kolom", "Lama", "Baru"],
            [
                [
                    f"{timezone.localtime(c.changed_at):%Y-%m-%d %H:%M}",
                    c.batch_id,
                    str(FIELD_LABELS.get(field, field)),
                    old,
                    new,
                ]
                for c in changes
                for field, (old, new) in sorted(c.changes.items())
            ],
        ),
        Sheet(
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
        ),
    )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=user,
        request=request,
        object_type="person",
        object_id=person.pk,
        region_code=person.region_id,
        changes={"report": "data_subject"},
    )
    return content
