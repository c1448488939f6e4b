"""The audit log answers "who saw this person's full NIK last month", and cannot be changed through the app."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create, user_set_access
from cakupan.web.audit.models import AuditEvent
from cakupan.web.imports.services import import_batch_create
from cakupan.web.registry.models import Person
from factories import person_row, write_persons

pytestmark = pytest.mark.django_db
DESA = "13.02.05.2001"


@pytest.fixture
def person(sumbar_regions: None, tmp_path: Path) -> Person:
    row = person_row(kecamatan=DESA[:8], desa=DESA, serial=7)
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", [row]))
    return Person.objects.get()


def _client(username: str, role: Role, regions: list[str]) -> Client:
    client = Client()
    client.force_login(
        user_create(username=username, password="kata-sandi-uji-123", role=role, region_codes=regions)
    )
    return client


def test_auditor_finds_who_revealed_a_nik_last_month(person: Person) -> None:
    officer = _client("petugas", Role.BPJSTK_OFFICER, ["13.02"])
    officer.post(f"/penduduk/{person.pk}/buka/", {"alasan": "rekonsiliasi data KPJ"})
    officer.get(f"/penduduk/{person.pk}/")  # a masked view is not a reveal
    last_month = timezone.localdate() - dt.timedelta(days=30)

    auditor = _client("pemeriksa", Role.VIEWER, ["13"])
    searched = auditor.post("/audit/", {"aksi": "reveal", "nik": person.nik, "dari": last_month.isoformat()})
    assert person.nik not in searched["Location"]  # a NIK never travels in a URL
    page = auditor.get(searched["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("<tr><td>") == 1 and "petugas" in text and "rekonsiliasi data KPJ" in text
    table = text.split('id="audit-table"')[1]
    assert person.nik not in table  # the log names the person by id, never by full NIK

    export = auditor.get("/audit/ekspor/", {"aksi": "reveal"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="export", actor_name="pemeriksa").count() == 1


def test_reveal_needs_a_reason(person: Person) -> None:
    officer = _client("petugas", Role.BPJSTK_OFFICER, ["13.02"])
    page = officer.post(f"/penduduk/{person.pk}/buka/", {"alasan": " "}).content.decode()
    assert person.nik not in page and not AuditEvent.objects.filter(action="reveal").exists()


def test_logins_and_failed_logins_are_logged(db: None) -> None:
    user_create(username="operator", password="kata-sandi-uji-123", role=Role.VIEWER, region_codes=[])
    Client().post("/masuk/", {"username": "operator", "password": "salah-sekali"})
    Client().post("/masuk/", {"username": "operator", "password": "kata-sandi-uji-123"})
    actions = list(AuditEvent.objects.filter(actor_name="operator").values_list("action", flat=True))
    assert "login_failed" in actions and "login" in actions


def test_role_changes_are_logged_with_old_and_new(sumbar_regions: None) -> None:
    admin = user_create(
        username="admin", password="kata-sandi-uji-123", role=Role.SYSTEM_ADMIN, region_codes=["13"]
    )
    user = user_create(
        username="op", password="kata-sandi-uji-123", role=Role.REGION_OPERATOR, region_codes=[DESA]
    )
    user_set_access(user=user, role=Role.BPJSTK_OFFICER, region_codes=["13.02"], by=admin)
    event = AuditEvent.objects.filter(action="role_change", actor=admin).get()
    assert event.changes == {"role": ["region_operator", "bpjstk_officer"], "regions": [[DESA], ["13.02"]]}


def test_events_are_append_only(db: None) -> None:
    from cakupan.web.audit.services import audit_record

    event = audit_record(action="login", actor_name="x")
    event.reason = "diubah"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_data_subject_report_holds_the_record_and_who_looked(person: Person) -> None:
    import io

    import polars as pl

    officer = _client("petugas", Role.BPJSTK_OFFICER, ["13.02"])
    officer.post(f"/penduduk/{person.pk}/buka/", {"alasan": "rekonsiliasi data KPJ"})
    controller = _client("pemda", Role.PEMDA_ADMIN, ["13"])
    response = controller.get(f"/penduduk/{person.pk}/laporan-subjek/")
    assert response.status_code == 200
    sheets = pl.read_excel(io.BytesIO(response.content), sheet_id=0, engine="calamine")
    assert set(sheets) == {
        "Data pribadi",
        "Kepesertaan",
        "Sumber data",
        "Riwayat perubahan",
        "Siapa yang melihat",
    }
    assert person.nik in sheets["Data pribadi"].get_column("Nilai").to_list()
    looked = sheets["Siapa yang melihat"]
    assert looked.get_column("Pengguna").to_list() == ["petugas"]
    assert looked.get_column("Alasan").to_list() == ["rekonsiliasi data KPJ"]
    assert AuditEvent.objects.filter(action="export", actor_name="pemda", object_id=str(person.pk)).exists()


def test_searches_by_nik_are_stored_masked(person: Person) -> None:
    officer = _client("petugas", Role.BPJSTK_OFFICER, ["13.02"])
    officer.post("/penduduk/", {"q": person.nik})
    officer.get("/penduduk/ekspor/")
    auditor = _client("pemeriksa", Role.VIEWER, ["13"])
    auditor.post("/audit/", {"nik": person.nik})
    auditor.get("/audit/ekspor/")
    stored = [str(e.changes) for e in AuditEvent.objects.filter(action="export")]
    assert len(stored) == 2 and not any(person.nik in s for s in stored)
    assert all(person.nik[:4] + "********" + person.nik[-4:] in s for s in stored)


def _audit_texts(client: Client) -> tuple[str, str]:
    import io

    import polars as pl

    page = client.get("/audit/").content.decode()
    export = client.get("/audit/ekspor/")
    frame = pl.read_excel(io.BytesIO(export.content), engine="calamine")
    return page, frame.write_csv()


def test_a_regional_auditor_sees_only_their_regions_events(person: Person) -> None:
    """Issue 17, point 10: an auditor limited to 13.71 saw the search terms of a 13.02 export."""
    officer = _client("petugas", Role.BPJSTK_OFFICER, ["13.02"])
    officer.post("/penduduk/", {"q": "cari-rahasia-solok"})
    officer.get("/penduduk/ekspor/")
    officer.post(f"/penduduk/{person.pk}/buka/", {"alasan": "rekonsiliasi data KPJ"})
    export = AuditEvent.objects.get(action="export", actor_name="petugas")
    assert export.region_code == "13.02"
    # The command-line import that made the person is filed under the region holding every region loaded.
    assert AuditEvent.objects.get(action="import").region_code == "13"

    padang_auditor = _client("pemeriksa-padang", Role.VIEWER, ["13.71"])
    padang_auditor.get("/penduduk/ekspor/")  # forbidden to a viewer, but a login of theirs is an event
    page, sheet = _audit_texts(padang_auditor)
    for text in (page, sheet):
        assert (
            "cari-rahasia-solok" not in text and "rekonsiliasi data KPJ" not in text and "p.csv" not in text
        )
        assert "petugas" in text  # the officer's login concerns no region's data: every auditor sees it
    _, sheet = _audit_texts(padang_auditor)
    assert sheet.count("pemeriksa-padang,ekspor") >= 1  # their own export of the log, filed under 13.71

    province_auditor = _client("pemeriksa", Role.VIEWER, ["13"])
    page, sheet = _audit_texts(province_auditor)
    for text in (page, sheet):
        assert "cari-rahasia-solok" in text and "rekonsiliasi data KPJ" in text and "p.csv" in text


def test_account_changes_are_filed_under_the_users_regions(sumbar_regions: None) -> None:
    admin = user_create(
        username="admin", password="kata-sandi-uji-123", role=Role.SYSTEM_ADMIN, region_codes=["13"]
    )
    user = user_create(
        username="op", password="kata-sandi-uji-123", role=Role.REGION_OPERATOR, region_codes=[DESA]
    )
    user_set_access(user=user, role=Role.BPJSTK_OFFICER, region_codes=["13.02"], by=admin)
    assert AuditEvent.objects.get(action="create", object_id=str(user.pk)).region_code == DESA
    assert AuditEvent.objects.get(action="role_change", actor=admin).region_code == "13.02"
    page = _client("pemeriksa-padang", Role.VIEWER, ["13.71"]).get("/audit/").content.decode()
    assert "bpjstk_officer" not in page
