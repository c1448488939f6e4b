"""The staged import of an XLSX whose NIK column holds numbers (issue 18, point 1).

Only the rows whose number may have lost its 16th digit in Excel (it ends in 0) are rejected, with the fix; the
officer who knows the file is a system export ticks "the numbers in this file are exact" on the upload or the
mapping page, the file is checked again with those numbers read as they are, and the import's audit entry
records the confirmation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.conf import LazySettings
from django.test import Client
from django.urls import reverse

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.imports.models import ImportJob
from cakupan.web.registry.models import Person
from factories import person_row

pytestmark = pytest.mark.django_db
SOLOK = "13.02.05.2001"
HEADERS = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah"]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate(settings: LazySettings, tmp_path: Path) -> None:
    settings.TASKS = IMMEDIATE
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


@pytest.fixture
def pemda(sumbar_regions: None) -> tuple[Client, Any]:
    user = user_create(
        username="pemda", password="kata-sandi-uji-123", role=Role.PEMDA_ADMIN, region_codes=["13"]
    )
    client = Client()
    client.force_login(user)
    return client, user


def numbers_xlsx(path: Path, serials: list[int]) -> tuple[Path, list[str]]:
    """A DTSEN-like workbook whose NIK cells are Number cells, as many exporting programs write them."""
    rows = [person_row(kecamatan=SOLOK[:8], desa=SOLOK, serial=s, name=f"WARGA {s}") for s in serials]
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    for col, name in enumerate(HEADERS):
        sheet.write_string(0, col, name)
    for r, row in enumerate(rows, start=1):
        sheet.write_number(r, 0, int(row["nik"]))
        for col, name in enumerate(HEADERS[1:], start=1):
            sheet.write_string(r, col, row[name])
    book.close()
    return path, [row["nik"] for row in rows]


def _upload(client: Client, path: Path, **extra: str) -> Any:
    with path.open("rb") as handle:
        return client.post(
            reverse("imports:upload"), {"source": "persons", "file": handle, "sheet": "", **extra}
        )


def _job() -> ImportJob:
    return ImportJob.objects.order_by("-created_at").first()  # type: ignore[return-value]


def _import_audit() -> AuditEvent:
    return AuditEvent.objects.get(action=AuditEvent.Action.IMPORT, object_type="import_batch")


def test_only_ambiguous_rows_are_rejected_until_the_officer_confirms(
    immediate: None, pemda: tuple[Client, Any], tmp_path: Path
) -> None:
    client, user = pemda
    path, niks = numbers_xlsx(tmp_path / "ekspor-siak.xlsx", [1, 2, 3, 10])
    assert [n[-1] for n in niks] == ["1", "2", "3", "0"]
    assert _upload(client, path).status_code == 302
    job = _job()
    assert job.status == ImportJob.Status.READY and not job.exact_numbers
    assert (job.rows_total, job.rows_valid, job.rows_rejected) == (4, 3, 1)
    preview = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Format kolom sebagai Teks lalu ekspor ulang" in preview
    assert niks[3] not in preview  # the NIK stays masked in the problem list

    # The officer knows the file came from the population system: tick the box on the mapping page.
    mapping_page = client.get(reverse("imports:job-mapping", args=[job.pk])).content.decode()
    assert 'id="id_exact_numbers"' in mapping_page
    assert "Angka di berkas ini tepat" in mapping_page
    choices = {f"kolom_{i}": name for i, name in enumerate(HEADERS)}
    response = client.post(reverse("imports:job-mapping", args=[job.pk]), {**choices, "exact_numbers": "on"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and job.exact_numbers
    assert (job.rows_valid, job.rows_rejected, job.warnings) == (4, 0, 0)

    assert client.post(reverse("imports:job-commit", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTED
    assert sorted(Person.objects.values_list("nik", flat=True)) == sorted(niks)
    audit = _import_audit()
    assert audit.actor == user and audit.changes["numbers_confirmed_exact"] is True


def test_confirmed_on_the_upload_page(immediate: None, pemda: tuple[Client, Any], tmp_path: Path) -> None:
    client, _ = pemda
    upload_page = client.get(reverse("imports:upload")).content.decode()
    assert 'name="exact_numbers"' in upload_page
    path, niks = numbers_xlsx(tmp_path / "ekspor.xlsx", [20, 30, 4])
    _upload(client, path, exact_numbers="on")
    job = _job()
    assert job.exact_numbers and (job.rows_valid, job.rows_rejected) == (3, 0)
    client.post(reverse("imports:job-commit", args=[job.pk]))
    assert Person.objects.filter(nik__in=niks).count() == 3
    assert _import_audit().changes["numbers_confirmed_exact"] is True


def test_an_import_without_the_confirmation_does_not_claim_it(
    immediate: None, pemda: tuple[Client, Any], tmp_path: Path
) -> None:
    client, _ = pemda
    path, _niks = numbers_xlsx(tmp_path / "diketik.xlsx", [1, 10])
    _upload(client, path)
    job = _job()
    assert (job.rows_valid, job.rows_rejected) == (1, 1)
    client.post(reverse("imports:job-commit", args=[job.pk]))
    assert Person.objects.count() == 1
    assert "numbers_confirmed_exact" not in _import_audit().changes
