"""The staged import in the browser: upload -> check -> column mapping -> preview -> commit, with progress,
cancel, the error file, region scope, saved mappings and the same file refused twice.

Most tests run the background tasks with django-tasks' immediate backend (they run inside the request); the
tests marked ``worker`` run them with the real database backend and django-tasks-db's worker loop.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import time
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter
from django.conf import LazySettings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from bad_files import old_excel_file, zip_bytes
from cakupan.core.access import Role
from cakupan.core.nik import mask_nik
from cakupan.ingest.mapping import parse_mapping
from cakupan.ingest.schemas import LAYOUTS
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.imports.models import ColumnMapping, ImportBatch, ImportJob
from cakupan.web.imports.progress import JobFiles
from cakupan.web.imports.services import import_batch_create
from cakupan.web.imports.staging import import_job_recover
from cakupan.web.imports.uploads import UploadRefused, upload_kind
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person
from factories import membership_row, person_row, write_memberships, write_persons

pytestmark = pytest.mark.django_db
SOLOK = "13.02.05.2001"  # a nagari in Kabupaten Solok
PADANG = "13.71.01.1001"  # a kelurahan in Kota Padang
MESSY_HEADERS = ["No", "NIK KTP", "Nama Lengkap", "Tgl Lahir", "L/P", "Desa/Kelurahan", "Kerja Sekarang"]
PASSWORD = "kata-sandi-uji-123"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _person(serial: int, desa: str = SOLOK) -> dict[str, str]:
    return person_row(kecamatan=desa[:8], desa=desa, serial=serial, name=f"WARGA {serial}")


def _messy_row(i: int, row: dict[str, str]) -> list[str]:
    birth = dt.date.fromisoformat(row["tanggal_lahir"])
    return [
        str(i),
        row["nik"],
        row["nama"],
        f"{birth:%d/%m/%Y}",
        row["jenis_kelamin"],
        row["kode_wilayah"],
        "Petani",
    ]


def messy_xlsx(path: Path, rows: list[list[str]], headers: list[str] = MESSY_HEADERS) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data Penduduk")
    for col, name in enumerate(headers):
        sheet.write_string(0, col, name)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            sheet.write_string(r, col, value)
    book.add_worksheet("Catatan").write_string(0, 0, "bukan data")
    book.close()
    return path


def good_and_bad_rows() -> list[list[str]]:
    """Rows 2-6 valid; row 7 a short NIK, row 8 a date that does not exist, row 9 a duplicate of row 2."""
    rows = [_messy_row(i + 1, _person(i + 1)) for i in range(5)]
    rows.append(_messy_row(6, {**_person(6), "nik": "13020541078"}))
    bad_date = _messy_row(7, _person(7))
    bad_date[3] = "31/02/1985"
    rows.append(bad_date)
    rows.append(_messy_row(8, _person(1)))
    return rows


@pytest.fixture
def immediate(settings: LazySettings, tmp_path: Path) -> None:
    settings.TASKS = IMMEDIATE
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


def _client(username: str, role: Role, regions: list[str]) -> tuple[Client, Any]:
    user = user_create(username=username, password=PASSWORD, role=role, region_codes=regions)
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def pemda(sumbar_regions: None) -> tuple[Client, Any]:
    return _client("pemda", Role.PEMDA_ADMIN, ["13"])


def _upload(client: Client, path: Path, source: str = "persons", sheet: str = "") -> Any:
    with path.open("rb") as handle:
        return client.post(reverse("imports:upload"), {"source": source, "file": handle, "sheet": sheet})


def _job() -> ImportJob:
    return ImportJob.objects.order_by("-created_at").first()  # type: ignore[return-value]


def _map_messy(client: Client, job: ImportJob, *, save: bool = True) -> Any:
    names = [h["name"] for h in job.headers]
    targets = {
        "no": "-",
        "nik_ktp": "nik",
        "nama_lengkap": "nama",
        "tgl_lahir": "tanggal_lahir",
        "l_p": "jenis_kelamin",
        "desa_kelurahan": "kode_wilayah",
        "kerja_sekarang": "pekerjaan",
    }
    data = {f"kolom_{i}": targets[name] for i, name in enumerate(names)}
    if save:
        data["save"] = "on"
    return client.post(reverse("imports:job-mapping", args=[job.pk]), data)


def test_messy_xlsx_from_upload_to_commit(immediate: None, pemda: tuple[Client, Any], tmp_path: Path) -> None:
    client, user = pemda
    path = messy_xlsx(tmp_path / "Data Penduduk Nagari.xlsx", good_and_bad_rows())

    response = _upload(client, path)
    job = _job()
    assert response.status_code == 302 and response["Location"] == reverse("imports:job", args=[job.pk])
    assert job.status == ImportJob.Status.NEEDS_MAPPING and job.sheets == ["Data Penduduk", "Catatan"]
    assert Person.objects.count() == 0

    page = client.get(reverse("imports:job", args=[job.pk]), follow=True)
    html = page.content.decode()
    assert page.redirect_chain[-1][0] == reverse("imports:job-mapping", args=[job.pk])
    assert "kerja_sekarang" in html and "Petani" in html
    assert _person(1)["nik"] not in html and mask_nik(_person(1)["nik"])[:4] in html  # samples masked
    # the form starts with the automatic choices and a suggestion where it has one
    assert 'value="nik" selected' in html

    assert _map_messy(client, job).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY, job.problem
    assert (job.rows_total, job.rows_valid, job.rows_rejected, job.rows_new, job.rows_existing) == (
        8,
        5,
        3,
        5,
        0,
    )
    assert ColumnMapping.objects.filter(source="persons").count() == 1

    preview = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Ringkasan pemeriksaan" in preview
    assert mask_nik(_person(2)["nik"]) in preview and _person(2)["nik"] not in preview
    assert "NIK harus 16 digit angka." in preview
    assert "Duplikat dalam berkas: sama dengan baris 2." in preview
    assert "**/**/1985" in preview and "31/02/1985" not in preview  # a birth date shows its year only
    assert 'id="error-download"' in preview

    download = client.get(reverse("imports:job-errors", args=[job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="galat-Data Penduduk Nagari.xlsx')
    rejected = pl.read_excel(io.BytesIO(b"".join(download.streaming_content)), engine="calamine")
    assert rejected.get_column("baris_asal").to_list() == [7, 8, 9]
    assert rejected.get_column("nik").to_list()[0] == "13020541078"
    assert "NIK harus 16 digit angka" in rejected.get_column("masalah").to_list()[0]
    assert "pekerjaan" in rejected.columns and "no" not in rejected.columns
    assert AuditEvent.objects.filter(action="export", object_type="import_errors", actor=user).count() == 1

    response = client.post(reverse("imports:job-commit", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTED and job.batch is not None
    assert Person.objects.count() == 5
    assert Person.objects.get(nik=_person(3)["nik"]).occupation == "Petani"
    batch = job.batch
    assert (batch.rows_total, batch.rows_created, batch.rows_rejected) == (8, 5, 3)
    assert batch.created_by == user and batch.scope == ["13"]
    assert not JobFiles.of(job.pk).valid_rows.exists() and JobFiles.of(job.pk).uploaded() is None

    page = client.get(reverse("imports:job", args=[job.pk]), follow=True)
    assert page.redirect_chain[-1][0] == reverse("imports:batch", args=[batch.pk])
    html = page.content.decode()
    assert 'id="batch-created">5<' in html and 'id="error-download"' in html

    listing = client.get(reverse("imports:list")).content.decode()
    assert "Data Penduduk Nagari.xlsx" in listing and "Impor" in listing

    # The same file again: refused, with a link to the earlier import.
    again = _upload(client, path)
    assert again.status_code == 200
    html = again.content.decode()
    assert "Berkas ini sudah diimpor; tidak ada yang berubah." in html
    assert reverse("imports:batch", args=[batch.pk]) in html
    assert ImportJob.objects.count() == 1 and ImportBatch.objects.count() == 1


def test_saved_mapping_is_reused_and_exported_for_the_cli(
    immediate: None, pemda: tuple[Client, Any], tmp_path: Path
) -> None:
    client, _ = pemda
    first = messy_xlsx(tmp_path / "a.xlsx", [_messy_row(1, _person(1))])
    _upload(client, first)
    _map_messy(client, _job())
    job = _job()
    assert job.status == ImportJob.Status.READY

    export = client.get(reverse("imports:job-mapping-file", args=[job.pk]))
    mapping = parse_mapping(export.content.decode(), LAYOUTS)
    assert mapping.source == "persons" and mapping.columns["kerja_sekarang"] == "pekerjaan"
    assert mapping.columns["no"] is None

    second = messy_xlsx(tmp_path / "b.xlsx", [_messy_row(1, _person(9)), _messy_row(2, _person(10))])
    _upload(client, second)
    job2 = _job()
    assert job2.pk != job.pk
    assert job2.status == ImportJob.Status.READY and job2.mapping_saved is not None
    assert job2.rows_valid == 2
    assert (
        "Pemetaan kolom yang tersimpan" in client.get(reverse("imports:job", args=[job2.pk])).content.decode()
    )


def test_mapping_form_refuses_incomplete_or_doubled_choices(
    immediate: None, pemda: tuple[Client, Any], tmp_path: Path
) -> None:
    client, _ = pemda
    _upload(client, messy_xlsx(tmp_path / "a.xlsx", [_messy_row(1, _person(1))]))
    job = _job()
    names = [h["name"] for h in job.headers]
    doubled = {
        f"kolom_{i}": "nama" if name in ("nama_lengkap", "kerja_sekarang") else "-"
        for i, name in enumerate(names)
    }
    html = client.post(reverse("imports:job-mapping", args=[job.pk]), doubled).content.decode()
    assert "Kolom nama dipilih untuk lebih dari satu judul (nama_lengkap, kerja_sekarang)" in html
    assert "Kolom wajib belum dipilih: nik, tanggal_lahir, jenis_kelamin, kode_wilayah" in html
    job.refresh_from_db()
    assert job.status == ImportJob.Status.NEEDS_MAPPING and ColumnMapping.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.csv", b"", "Berkas tidak berisi baris data."),
        ("laporan.xlsx", b"%PDF-1.7 ...", "Isi berkas ini ternyata PDF, bukan XLSX."),
        ("data.xlsx", b"nik,nama\n1,2\n", "Berkas berakhiran .xlsx ini berisi teks biasa (seperti CSV)"),
        ("data.xls", old_excel_file(), "Berkas .xls (buku kerja Excel 97-2003) tidak dapat dibaca."),
        ("lama.xlsx", old_excel_file(), "sebenarnya buku kerja Excel 97-2003 (.xls)"),
        ("data.csv", b"PK\x03\x04 broken zip", "Isi berkas ini ternyata ZIP, bukan CSV."),
        (
            "tabel.csv",
            zip_bytes({"xl/workbook.xml": "<workbook/>"}),
            "Berkas berakhiran .csv ini sebenarnya buku kerja Excel (XLSX).",
        ),
        (
            "surat.xlsx",
            zip_bytes({"word/document.xml": "<document/>"}),
            "Isi berkas ini ternyata DOCX (Word), bukan XLSX.",
        ),
        ("gambar.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "Isi berkas ini ternyata PNG, bukan CSV."),
        ("acak.csv", b"nik,nama\n\x00\x01\x02", "Berkas .csv ini bukan teks CSV: ada data biner"),
        ("data.ods", b"nik,nama\n", "Jenis berkas .ods tidak didukung; gunakan CSV atau XLSX."),
    ],
)
def test_wrong_files_are_refused_with_a_reason(
    immediate: None, pemda: tuple[Client, Any], tmp_path: Path, *, name: str, content: bytes, message: str
) -> None:
    client, _ = pemda
    path = tmp_path / name
    path.write_bytes(content)
    response = _upload(client, path)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ImportJob.objects.count() == 0
    assert not any(JobFiles.of("x").root.parent.iterdir())


def test_a_file_over_the_size_limit_is_refused(
    immediate: None, pemda: tuple[Client, Any], tmp_path: Path, settings: LazySettings
) -> None:
    settings.CAKUPAN_MAX_UPLOAD_BYTES = 1024 * 1024
    client, _ = pemda
    path = write_persons(tmp_path / "besar.csv", [_person(i) for i in range(1, 2)])
    path.write_text(path.read_text() + ("x" * 100 + "\n") * 12000)
    response = _upload(client, path)
    assert response.status_code == 200
    assert "lebih besar dari batas 1 MB" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_rows_outside_the_officers_regions_are_rejected(
    immediate: None, sumbar_regions: None, tmp_path: Path
) -> None:
    client, _ = _client("bpjs", Role.BPJSTK_OFFICER, ["13.02", "13.72"])
    rows = [_person(1), _person(2, desa=PADANG)]
    _upload(client, write_persons(tmp_path / "p.csv", rows))
    job = _job()
    assert job.status == ImportJob.Status.READY
    assert (job.rows_valid, job.rows_rejected) == (1, 1)
    assert job.problems_sample[0]["code"] == "outside_scope"
    html = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Baris ini di luar wilayah kerja pengunggah" in html and PADANG not in html
    client.post(reverse("imports:job-commit", args=[job.pk]))
    assert list(Person.objects.values_list("region_id", flat=True)) == [SOLOK]


def _padang_rows() -> list[dict[str, str]]:
    """Three Kota Padang rows with recognisable personal data; one also has an impossible birth date."""
    rows = [
        {**_person(20 + i, desa=PADANG), "nama": f"RAHASIA PADANG {i}", "alamat": f"Jalan Rahasia {i}"}
        for i in range(3)
    ]
    rows[2]["tanggal_lahir"] = "1985-02-31"
    return rows


def _xlsx_text(content: bytes) -> str:
    """Every cell of every sheet of an XLSX, as one text."""
    sheets = pl.read_excel(io.BytesIO(content), sheet_id=0, engine="calamine")
    return "\n".join(str(row) for frame in sheets.values() for row in frame.iter_rows())


def test_rows_outside_the_uploaders_regions_never_leak_to_other_users(
    immediate: None, sumbar_regions: None, tmp_path: Path
) -> None:
    """Issue 17.1: 'nagari' uploads three Kota Padang rows; 'bpjs', whose regions cover the nagari, sees the
    import, its error file and its problems, but never the personal data of the rows outside the nagari."""
    nagari, _ = _client("nagari", Role.REGION_OPERATOR, [SOLOK])
    bpjs, _ = _client("bpjs", Role.BPJSTK_OFFICER, ["13.02", "13.72"])
    padang_only, _ = _client("padang", Role.PEMDA_ADMIN, ["13.71"])
    padang = _padang_rows()
    secrets = [v for row in padang for v in (row["nik"], row["nama"], row["alamat"])]
    _upload(nagari, write_persons(tmp_path / "nagari.csv", [_person(1), *padang]))
    job = _job()
    assert (job.rows_valid, job.rows_rejected) == (1, 3)

    download = bpjs.get(reverse("imports:job-errors", args=[job.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    text = _xlsx_text(content)
    assert not [s for s in secrets if s in text], "personal data of rows outside the uploader's regions"
    rejected = pl.read_excel(io.BytesIO(content), engine="calamine")
    assert rejected.get_column("baris_asal").to_list() == [3, 4, 5]
    assert all("di luar wilayah kerja" in m for m in rejected.get_column("masalah").to_list())
    assert rejected.drop("baris_asal", "masalah").null_count().row(0) == (3,) * (rejected.width - 2)

    files = JobFiles.of(job.pk)
    kept = "\n".join(
        str(pl.read_parquet(path).rows()) for path in (files.source_rows, files.valid_rows, files.problems)
    )
    assert not [s for s in secrets if s in kept], "the staged copies keep the rows outside the regions"
    page = bpjs.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "di luar wilayah kerja" in page, page
    assert PADANG not in page and not [s for s in secrets if s in page]
    assert str(job.problems_sample).count("di luar wilayah kerja") == 3 and "RAHASIA" not in str(
        job.problems_sample
    )

    # An import's files are readable only by users whose regions cover the uploader's.
    for name in ("imports:job", "imports:job-errors", "imports:job-mapping-file"):
        assert padang_only.get(reverse(name, args=[job.pk])).status_code == 404

    nagari.post(reverse("imports:job-commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTED
    text = _xlsx_text(b"".join(bpjs.get(reverse("imports:job-errors", args=[job.pk])).streaming_content))
    assert not [s for s in secrets if s in text] and text.count("di luar wilayah kerja") >= 3
    batch_page = bpjs.get(reverse("imports:batch", args=[job.batch_id])).content.decode()
    assert "di luar wilayah kerja" in batch_page and PADANG not in batch_page
    assert padang_only.get(reverse("imports:batch", args=[job.batch_id])).status_code == 404
    assert list(Person.objects.values_list("region_id", flat=True)) == [SOLOK]


def test_a_person_registered_elsewhere_is_not_moved_into_the_officers_region(
    immediate: None, sumbar_regions: None, tmp_path: Path
) -> None:
    padang = _person(1, desa=PADANG)
    import_batch_create(source="persons", path=write_persons(tmp_path / "padang.csv", [padang]))
    client, user = _client("bpjs", Role.BPJSTK_OFFICER, ["13.02"])
    moved = {**padang, "kode_wilayah": SOLOK}
    _upload(client, write_persons(tmp_path / "pindah.csv", [moved, _person(2)]))
    job = _job()
    assert (job.rows_valid, job.rows_rejected) == (1, 1)
    assert job.problems_sample[0]["code"] == "person_outside_scope"
    # Telling the officer that this NIK is registered elsewhere is a reveal of that person: audited, once per
    # person and import (issue 17.6); a NIK registered nowhere (row 3, new) is not.
    person = Person.objects.get(nik=padang["nik"])
    [event] = AuditEvent.objects.filter(action="reveal")
    assert (event.actor, event.object_type, event.object_id, event.region_code) == (
        user,
        "person",
        str(person.pk),
        PADANG,
    )
    assert str(job.pk) in event.reason and event.changes["nik"] == mask_nik(padang["nik"])
    client.post(reverse("imports:job-commit", args=[job.pk]))
    assert Person.objects.get(nik=padang["nik"]).region_id == PADANG
    assert AuditEvent.objects.filter(action="reveal").count() == 1


@pytest.mark.parametrize(
    "case",
    [
        (
            "employers",
            "nib,nama,kbli,kode_wilayah,jumlah_tenaga_kerja",
            "1371000000001,PT PADANG,47111,{region},5",
            "Nilai kolom nib ini milik data",
        ),
        (
            "jakon-projects",
            "kode_proyek,nama_proyek,kode_wilayah,nama_kontraktor,nilai_kontrak,sumber_pendanaan,tanggal_spk",
            "PDG-1,Jalan,{region},CV A,100000000,apbd,2025-03-03",
            "Nilai kolom kode_proyek ini milik data",
        ),
    ],
)
def test_an_employer_or_project_of_another_region_is_not_moved_into_the_officers_region(
    immediate: None, sumbar_regions: None, tmp_path: Path, case: tuple[str, str, str, str]
) -> None:
    from cakupan.web.employers.models import ConstructionProject, Employer

    source, header, row, moved = case
    model = Employer if source == "employers" else ConstructionProject
    first = tmp_path / "padang.csv"
    first.write_text(f"{header}\n{row.format(region='13.71')}\n", encoding="utf-8")
    import_batch_create(source=source, path=first)
    client, _ = _client("bpjs", Role.BPJSTK_OFFICER, ["13.02"])
    second = tmp_path / "pindah.csv"
    second.write_text(f"{header}\n{row.format(region='13.02')}\n", encoding="utf-8")
    _upload(client, second, source=source)
    job = _job()
    assert (job.rows_valid, job.rows_rejected) == (0, 1)
    assert job.problems_sample[0]["code"] == "record_outside_scope"
    assert moved in client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert list(model.objects.values_list("region_id", flat=True)) == ["13.71"]


def test_memberships_of_persons_outside_the_region_count_as_unknown(
    immediate: None, sumbar_regions: None, tmp_path: Path
) -> None:
    solok, padang = _person(1), _person(2, desa=PADANG)
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", [solok, padang]))
    client, _ = _client("bpjs", Role.BPJSTK_OFFICER, ["13.02"])
    path = write_memberships(
        tmp_path / "m.csv", [membership_row(nik=solok["nik"]), membership_row(nik=padang["nik"])]
    )
    _upload(client, path, source="memberships")
    job = _job()
    assert (job.rows_valid, job.rows_rejected) == (1, 1)
    assert job.problems_sample[0]["code"] == "person_unknown"
    client.post(reverse("imports:job-commit", args=[job.pk]))
    assert list(Membership.objects.values_list("person__nik", flat=True)) == [solok["nik"]]


def test_other_officers_see_only_imports_within_their_regions(
    immediate: None, pemda: tuple[Client, Any], sumbar_regions: None, tmp_path: Path
) -> None:
    pemda_client, _ = pemda
    bpjs, _ = _client("bpjs", Role.BPJSTK_OFFICER, ["13.02"])
    _upload(pemda_client, write_persons(tmp_path / "provinsi.csv", [_person(1)]))
    province_job = _job()
    _upload(bpjs, write_persons(tmp_path / "solok.csv", [_person(2)]))
    solok_job = _job()
    assert bpjs.get(reverse("imports:job", args=[province_job.pk])).status_code == 404
    assert pemda_client.get(reverse("imports:job", args=[solok_job.pk])).status_code == 200
    bpjs.post(reverse("imports:job-commit", args=[solok_job.pk]))
    pemda_client.post(reverse("imports:job-commit", args=[province_job.pk]))
    province_batch = ImportBatch.objects.get(file_name="provinsi.csv")
    assert bpjs.get(reverse("imports:batch", args=[province_batch.pk])).status_code == 404
    listing = bpjs.get(reverse("imports:list")).content.decode()
    assert "solok.csv" in listing and "provinsi.csv" not in listing
    # A command-line import (no scope) is shown only to users over the whole province.
    cli_batch = import_batch_create(
        source="persons", path=write_persons(tmp_path / "cli.csv", [_person(3)])
    ).batch
    assert bpjs.get(reverse("imports:batch", args=[cli_batch.pk])).status_code == 404
    assert pemda_client.get(reverse("imports:batch", args=[cli_batch.pk])).status_code == 200


def test_another_offices_import_of_the_same_file_neither_blocks_nor_is_named(
    immediate: None, sumbar_regions: None, tmp_path: Path
) -> None:
    """Issue 17.10: the same file imported by an office whose import I cannot see does not block mine, and its
    number is never shown to me; an import I can see still blocks a second one, with a link to it."""
    nagari, _ = _client("nagari", Role.REGION_OPERATOR, [SOLOK])
    bpjs, _ = _client("bpjs", Role.BPJSTK_OFFICER, ["13.02", "13.72"])
    padang_office, _ = _client("padang", Role.PEMDA_ADMIN, ["13.71"])
    path = write_persons(tmp_path / "bersama.csv", [_person(1), _person(2, desa=PADANG)])
    _upload(nagari, path)
    nagari.post(reverse("imports:job-commit", args=[_job().pk]))
    batch = ImportBatch.objects.get()

    html = _upload(bpjs, path).content.decode()
    assert "Berkas ini sudah diimpor" in html and reverse("imports:batch", args=[batch.pk]) in html

    response = _upload(padang_office, path)
    job = _job()
    assert response.status_code == 302 and job.created_by.username == "padang"
    assert job.status == ImportJob.Status.READY and f"#{batch.pk}" not in str(job.problems_sample)
    page = padang_office.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "sudah diimpor" not in page and f"#{batch.pk}" not in page
    padang_office.post(reverse("imports:job-commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTED and job.batch_id != batch.pk
    assert sorted(Person.objects.values_list("region_id", flat=True)) == [SOLOK, PADANG]


def test_cancel_before_commit_discards_the_files(
    immediate: None, pemda: tuple[Client, Any], tmp_path: Path
) -> None:
    client, _ = pemda
    _upload(client, write_persons(tmp_path / "p.csv", [_person(1)]))
    job = _job()
    assert JobFiles.of(job.pk).valid_rows.exists()
    client.post(reverse("imports:job-cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert not JobFiles.of(job.pk).valid_rows.exists() and JobFiles.of(job.pk).uploaded() is None
    assert (
        "Dibatalkan, tidak ada yang berubah."
        in client.get(reverse("imports:job", args=[job.pk])).content.decode()
    )
    assert client.post(reverse("imports:job-commit", args=[job.pk])).status_code == 302
    assert Person.objects.count() == 0


def test_a_commit_whose_worker_died_is_set_back(
    immediate: None, pemda: tuple[Client, Any], tmp_path: Path
) -> None:
    """A worker killed mid-commit leaves its job 'committing' with a dead pid: the next look sets it back."""
    client, _ = pemda
    _upload(client, write_persons(tmp_path / "p.csv", [_person(1)]))
    job = _job()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.COMMITTING)
    files = JobFiles.of(job.pk)
    files.write_progress(phase="commit", stage="write", done=0, total=1, running=True)
    record = files.read_progress()
    record["pid"] = 2**22 + 12345  # no such process
    files.progress_file.write_text(__import__("json").dumps(record))
    job.refresh_from_db()
    assert import_job_recover(job=job)
    assert job.status == ImportJob.Status.READY and job.note == ImportJob.Note.INTERRUPTED
    html = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "tidak ada yang berubah" in html and 'id="commit-button"' in html


def test_progress_endpoint_reads_the_progress_file(
    immediate: None, pemda: tuple[Client, Any], tmp_path: Path
) -> None:
    client, _ = pemda
    _upload(client, write_persons(tmp_path / "p.csv", [_person(1)]))
    job = _job()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.COMMITTING)
    JobFiles.of(job.pk).write_progress(phase="commit", stage="write", done=2500, total=10000, running=True)
    data = client.get(reverse("imports:job-progress", args=[job.pk])).json()
    assert data == {
        "status": "committing",
        "stage": "write",
        "done": 2500,
        "total": 10000,
        "percent": 25,
        "cancel_requested": False,
        "text": "2.500 dari 10.000 baris disimpan (25 %)",
    }
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'id="progress-bar" max="10000" value="2500"' in page
    assert '<meta http-equiv="refresh" content="3">' in page  # the page refreshes itself without JavaScript
    assert "cakupan/impor.js" in page


# --- with the real database backend and django-tasks-db's worker -------------------------------------------


def _run_worker() -> None:
    """Run every queued task with django-tasks-db's own worker loop, then return."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.fixture
def real_worker(settings: LazySettings, tmp_path: Path) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


@pytest.mark.django_db(transaction=True)
def test_real_worker_checks_and_commits(real_worker: None, tmp_path: Path) -> None:
    from django_tasks_db.models import DBTaskResult

    from cakupan.web.registry.services import region_load_province

    region_load_province(province_code="13")
    client, _ = _client("pemda", Role.PEMDA_ADMIN, ["13"])
    _upload(client, write_persons(tmp_path / "p.csv", [_person(i) for i in range(1, 31)]))
    job = _job()
    assert job.status == ImportJob.Status.QUEUED  # nothing runs inside the request
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Menunggu pekerja latar" in page
    _run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and job.rows_valid == 30
    client.post(reverse("imports:job-commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTING and Person.objects.count() == 0
    _run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTED and Person.objects.count() == 30
    assert JobFiles.of(job.pk).read_progress()["stage"] == "done"
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_real_worker_cancel_mid_commit_rolls_everything_back(
    real_worker: None, tmp_path: Path, settings: LazySettings
) -> None:
    from cakupan.web.registry.services import region_load_province

    region_load_province(province_code="13")
    settings.CAKUPAN_IMPORT_CHUNK_ROWS = 10
    client, user = _client("pemda", Role.PEMDA_ADMIN, ["13"])
    import_batch_create(source="persons", path=write_persons(tmp_path / "lama.csv", [_person(1)]))
    rows = [{**_person(1), "nama": "NAMA BARU"}] + [_person(i) for i in range(2, 1501)]
    _upload(client, write_persons(tmp_path / "p.csv", rows))
    _run_worker()
    job = _job()
    assert job.status == ImportJob.Status.READY and (job.rows_new, job.rows_existing) == (1499, 1)
    client.post(reverse("imports:job-commit", args=[job.pk]))
    job.refresh_from_db()
    files = JobFiles.of(job.pk)
    seen: list[int] = []

    def press_cancel() -> (
        None
    ):  # what the cancel button does while the commit runs: set the flag, no database
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            progress = files.read_progress()
            if progress.get("stage") == "write" and progress.get("done", 0) > 0:
                seen.append(progress["done"])
                from cakupan.web.imports.staging import import_job_cancel

                import_job_cancel(job=job, user=user)
                return
            time.sleep(0.001)

    presser = threading.Thread(target=press_cancel)
    presser.start()
    _run_worker()
    presser.join()
    assert seen and 0 < seen[0] < 1500
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert files.uploaded() is None and not files.valid_rows.exists() and not files.cancel_requested()
    assert Person.objects.count() == 1 and Person.objects.get().name == "WARGA 1"
    assert ImportBatch.objects.count() == 1  # only the earlier one
    assert not AuditEvent.objects.filter(action="import", actor=user).exists()
    html = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Dibatalkan, tidak ada yang berubah." in html


def test_upload_needs_the_csrf_token(immediate: None, pemda: tuple[Client, Any], tmp_path: Path) -> None:
    """The upload view installs its size limit before CSRF reads the body, then checks CSRF itself."""
    _, user = pemda
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    path = write_persons(tmp_path / "p.csv", [_person(1)])
    with path.open("rb") as handle:
        response = strict.post(reverse("imports:upload"), {"source": "persons", "file": handle})
    assert response.status_code == 403 and ImportJob.objects.count() == 0
    page = strict.get(reverse("imports:upload"))
    token = page.cookies["csrftoken"].value
    with path.open("rb") as handle:
        response = strict.post(
            reverse("imports:upload"), {"source": "persons", "file": handle, "csrfmiddlewaretoken": token}
        )
    assert response.status_code == 302 and ImportJob.objects.count() == 1


def test_pages_switch_to_english(immediate: None, pemda: tuple[Client, Any], tmp_path: Path) -> None:
    client, _ = pemda
    client.cookies["django_language"] = "en"
    _upload(client, write_persons(tmp_path / "p.csv", [_person(1), {**_person(2), "nik": "123"}]))
    job = _job()
    html = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Summary of the check" in html and "A NIK must be 16 digits." in html


@settings_hypothesis(max_examples=200, deadline=None)
@given(st.binary(max_size=600), st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a.xlsm", "a", "a.json"]))
def test_file_kind_never_crashes(content: bytes, name: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            kind = upload_kind(path, name)
        except UploadRefused as exc:
            assert str(exc)
        else:
            assert kind in ("csv", "xlsx")


@pytest.mark.django_db(transaction=True)
def test_a_write_blocked_by_another_import_says_so(
    immediate: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: while another connection holds the write lock (an import committing), commit asks to retry."""
    from django.db import connection, connections

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite has a single database-wide write lock")
    # Wait one second for the lock instead of the configured minute (new connections read the same options).
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 1)
    connection.close()
    from cakupan.web.registry.services import region_load_province

    region_load_province(province_code="13")
    client, _ = _client("pemda", Role.PEMDA_ADMIN, ["13"])
    _upload(client, write_persons(tmp_path / "p.csv", [_person(1)]))
    job = _job()
    holding, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        with transaction.atomic():
            Person.objects.filter(pk=-1).update(name="x")  # takes the write lock
            holding.set()
            release.wait(30)
        connections.close_all()

    other = threading.Thread(target=hold_the_write_lock)
    other.start()
    try:
        holding.wait(10)
        response = client.post(reverse("imports:job-commit", args=[job.pk]), follow=True)
    finally:
        release.set()
        other.join()
    assert "Basis data sedang dipakai impor lain" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and Person.objects.count() == 0
