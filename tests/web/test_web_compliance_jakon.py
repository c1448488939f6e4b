"""Construction projects (Jakon) end to end: the `jakon-projects` file (tests/fixtures/jakon_projects.csv, with bad
rows) imported by natural key with its problems in Indonesian; the page /kepatuhan/jakon/<code>/ with every
project's status, deadline and reason, counted, filtered and as XLSX, only within the user's regions; and the
Jakon section of the Rapat Kepatuhan packet (page, workbook, PDF of at most three pages)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cakupan.cli import main
from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.compliance.models import Meeting
from cakupan.web.compliance.packet_exports import packet_pdf
from cakupan.web.employers.models import ConstructionProject
from cakupan.web.employers.projects import project_reviews
from cakupan.web.imports.services import import_batch_create
from cakupan.web.imports.source_hooks import source_notes

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-uji-123"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "jakon_projects.csv"


@pytest.fixture
def users(sumbar_regions: None) -> dict[str, Any]:
    return {
        "pemda": user_create(
            username="pemda", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13.74"]
        ),
        "other": user_create(
            username="solok", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13.02"]
        ),
    }


def _client(user: Any, language: str = "id") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _project(code: str, spk: dt.date, region: str = "13.74", **extra: Any) -> ConstructionProject:
    return ConstructionProject.objects.create(
        code=code,
        name=f"Proyek {code}",
        region_id=region,
        contractor_name=f"CV {code}",
        contract_value=extra.pop("value", 100_000_000),
        funding="apbd",
        spk_date=spk,
        **extra,
    )


def _today_projects() -> None:
    """One project in each state as of today, and one in another kab/kota."""
    today = timezone.localdate()
    old = today - dt.timedelta(days=120)
    _project("A-TEPAT", old, registration_number="JK1", registered_on=old + dt.timedelta(days=1))
    _project("B-LAMBAT", old, registered_on=today - dt.timedelta(days=10), value=200_000_000)
    _project("C-TENGGAT", today, value=300_000_000)
    _project("D-BELUM", old, value=400_000_000)
    _project(
        "E-SELESAI", today - dt.timedelta(days=200), finished_on=today - dt.timedelta(days=30), value=500
    )
    _project("F-SOLOK", old, region="13.02")


def test_the_sample_file_imports_by_project_code_with_its_problems(sumbar_regions: None) -> None:
    outcome = import_batch_create(source="jakon-projects", path=FIXTURE)
    batch = outcome.batch
    assert (batch.rows_total, batch.rows_created, batch.rows_updated, batch.rows_rejected) == (10, 6, 0, 4)
    problems = {(p["row"], p["column"], p["code"]): p for p in batch.problems_sample}
    assert set(problems) == {
        (7, "kode_wilayah", "region_level"),
        (8, "sumber_pendanaan", "bad_choice"),
        (9, "nib_kontraktor", "bad_digits"),
        (10, "kode_proyek", "duplicate_in_file"),
    }
    assert (
        "Duplikat dalam berkas: sama dengan baris 2"
        in problems[(10, "kode_proyek", "duplicate_in_file")]["message"]
    )
    first = ConstructionProject.objects.get(code="PP-2025-001")
    assert (first.region_id, first.contractor_nib, first.contract_value, first.funding) == (
        "13.74",
        "9120301234567",
        1_250_000_000,
        "apbd",
    )
    assert (first.spk_date, first.registration_number, first.registered_on) == (
        dt.date(2025, 3, 3),
        "JK2503000123",
        dt.date(2025, 3, 10),  # the "Tanggal Registrasi" header is read as tanggal_daftar
    )
    funding = dict(ConstructionProject.objects.values_list("code", "funding"))
    assert (funding["PP-2025-005"], funding["SLK-2025-001"], funding["PP-2025-004"]) == (
        "bumn_bumd",
        "apb_nagari",
        "swasta",
    )
    assert source_notes(batch=batch)[0][0].startswith("3 proyek tanpa nomor dan tanggal registrasi")

    statuses = {
        p.code: r.status.value for p, r in project_reviews(region_code="13.74", on=dt.date(2025, 6, 30))
    }
    assert statuses == {
        "PP-2025-001": "terdaftar",
        "PP-2025-002": "terlambat",
        "PP-2025-003": "belum_terdaftar",
        "PP-2025-004": "selesai_tanpa_daftar",
        "PP-2025-005": "terdaftar",
    }
    # Before PP-2025-003's SPK it did not exist; on its deadline day it is still within the deadline.
    assert "PP-2025-003" not in {
        p.code for p, _r in project_reviews(region_code="13.74", on=dt.date(2025, 6, 1))
    }
    on_deadline = dict(project_reviews(region_code="13.74.01", on=dt.date(2025, 6, 23)))
    assert [r.status.value for r in on_deadline.values()] == ["terdaftar", "dalam_tenggat"]


def test_a_later_file_registers_projects_and_keeps_absent_columns(
    sumbar_regions: None, tmp_path: Path
) -> None:
    import_batch_create(source="jakon-projects", path=FIXTURE)
    later = tmp_path / "registrasi.csv"
    later.write_text(
        "kode_proyek,nama_proyek,kode_wilayah,nama_kontraktor,nilai_kontrak,sumber_pendanaan,tanggal_spk,"
        "nomor_registrasi_bpjstk,tanggal_daftar\n"
        "PP-2025-003,Gedung Olahraga Bancah Laweh,13.74.01,CV BANCAH JAYA,2.400.000.000,apbd,2025-06-02,"
        "JK2507000001,2025-07-01\n"
        "PP-2025-004,Ruko Jalan Sudirman,13.74.02.1001,PT RUMAH GADANG PROPERTI,320.000.000,swasta,2025-01-06,"
        "JK2507000002,2025-07-02\n",
        encoding="utf-8",
    )
    outcome = import_batch_create(source="jakon-projects", path=later)
    assert (outcome.batch.rows_created, outcome.batch.rows_updated) == (0, 2)
    project = ConstructionProject.objects.get(code="PP-2025-003")
    assert (project.registration_number, project.registered_on) == ("JK2507000001", dt.date(2025, 7, 1))
    assert ConstructionProject.objects.get(code="PP-2025-004").finished_on == dt.date(2025, 4, 30)  # kept
    reviews = {p.code: r for p, r in project_reviews(region_code="13.74", on=dt.date(2025, 7, 31))}
    assert (reviews["PP-2025-003"].status.value, reviews["PP-2025-003"].days_late) == ("terlambat", 8)
    assert reviews["PP-2025-004"].status.value == "terlambat"


def test_the_command_line_imports_the_sample_and_says_what_is_open(sumbar_regions: None) -> None:
    result = CliRunner().invoke(main, ["import", "jakon-projects", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "6 baru" in result.output and "4 ditolak" in result.output
    assert "3 proyek tanpa nomor dan tanggal registrasi BPJS Ketenagakerjaan" in result.output


def test_the_page_lists_every_project_of_the_users_regions(users: dict[str, Any]) -> None:
    _today_projects()
    pemda = _client(users["pemda"])
    answer = pemda.get(reverse("compliance:jakon", args=["13.74"]))
    assert answer.status_code == 200
    page = answer.content.decode()
    for code in ("A-TEPAT", "B-LAMBAT", "C-TENGGAT", "D-BELUM", "E-SELESAI"):
        assert code in page
    assert "F-SOLOK" not in page
    assert 'id="jakon-total">5<' in page and 'id="jakon-unregistered">3<' in page
    assert "700.000.500" in page  # the contract value not registered: C + D + E, with Indonesian grouping
    assert "Terdaftar terlambat" in page and "Belum terdaftar, masih dalam tenggat" in page

    late = pemda.get(reverse("compliance:jakon", args=["13.74"]), {"status": "terlambat"}).content.decode()
    table = late.split('id="jakon-table"')[1]
    assert "B-LAMBAT" in table and "A-TEPAT" not in table and "hari setelah batas" in table
    assert (
        "D-BELUM" in pemda.get(reverse("compliance:jakon", args=["13.74"]), {"status": "x"}).content.decode()
    )

    english = _client(users["pemda"], "en").get(reverse("compliance:jakon", args=["13.74"])).content.decode()
    assert "Registered late" in english and "days late" in english and "within 14 working days" in english


def test_the_workbook_has_every_project_with_its_deadline(users: dict[str, Any], tmp_path: Path) -> None:
    _today_projects()
    answer = _client(users["pemda"], "en").get(reverse("compliance:jakon-xlsx", args=["13.74"]))
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="kepatuhan-jakon-13.74.xlsx"'
    sheet = pl.read_excel(io.BytesIO(answer.content), engine="calamine", sheet_name="Proyek Jakon")
    assert sheet.height == 5 and sheet.columns[0] == "Project code"
    rows = {row[0]: row for row in sheet.iter_rows()}
    assert int(rows["D-BELUM"][5]) == 400_000_000 and rows["D-BELUM"][12] == "Not registered, deadline passed"
    assert rows["C-TENGGAT"][8] > rows["C-TENGGAT"][7]  # the deadline, ISO text, after the SPK


def test_other_regions_and_strangers_get_nothing(users: dict[str, Any]) -> None:
    _today_projects()
    other = _client(users["other"])
    assert other.get(reverse("compliance:jakon", args=["13.74"])).status_code == 404
    assert other.get(reverse("compliance:jakon-xlsx", args=["13.74"])).status_code == 404
    assert other.get(reverse("compliance:jakon", args=["99.99"])).status_code == 404
    solok = other.get(reverse("compliance:jakon", args=["13.02"])).content.decode()
    assert "F-SOLOK" in solok and "A-TEPAT" not in solok
    anonymous = Client().get(reverse("compliance:jakon", args=["13.74"]))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


def test_the_meeting_packet_counts_the_projects(users: dict[str, Any], tmp_path: Path) -> None:
    import_batch_create(source="jakon-projects", path=FIXTURE)
    pemda = _client(users["pemda"])
    form = {
        "region": "13.74",
        "held_on": "2025-06-30",
        "title": "Rapat Kepatuhan Juni",
        "place": "Balai Kota",
    }
    assert pemda.post(reverse("compliance:meetings"), form).status_code == 302
    meeting = Meeting.objects.get()
    jakon = meeting.packet["jakon"]
    assert jakon["available"] is True and jakon["projects"] == 5
    assert jakon["by_status"] == {
        "terdaftar": 2,
        "terlambat": 1,
        "dalam_tenggat": 0,
        "belum_terdaftar": 1,
        "selesai_tanpa_daftar": 1,
    }
    assert (jakon["unregistered"], jakon["value_unregistered"]) == (2, 2_720_000_000)

    page = pemda.get(reverse("compliance:meeting", args=[meeting.pk])).content.decode()
    section = page.split('id="packet-jakon"')[1].split("</section>")[0]
    assert "2.720.000.000" in section and reverse("compliance:jakon", args=["13.74"]) in section

    workbook = (
        _client(users["pemda"], "en").get(reverse("compliance:meeting-xlsx", args=[meeting.pk])).content
    )
    sheet = pl.read_excel(io.BytesIO(workbook), engine="calamine", sheet_name="Proyek Jakon")
    rows = {row[1]: row for row in sheet.iter_rows()}
    assert int(rows["Finished without registration"][2]) == 1
    assert int(rows["Not registered on this day"][3]) == 2_720_000_000
    assert [r[0] for r in sheet.iter_rows()][:5] == ["terdaftar", "terlambat", "dalam_tenggat", "belum_terdaftar",
                                                      "selesai_tanpa_daftar"]  # fmt: skip

    content = packet_pdf(meeting, [], "id")
    assert (
        content.startswith(b"%PDF")
        and 1 <= content.count(b"/Type /Page") - content.count(b"/Type /Pages") <= 3
    )


def test_a_region_without_projects_says_so_everywhere(users: dict[str, Any]) -> None:
    pemda = _client(users["pemda"], "en")
    form = {"region": "13.74", "held_on": "2025-06-30", "title": "Rapat Kepatuhan", "place": ""}
    assert pemda.post(reverse("compliance:meetings"), form).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.packet["jakon"] == {"available": False}
    page = pemda.get(reverse("compliance:meeting", args=[meeting.pk])).content.decode()
    assert "No construction projects imported" in page.split('id="packet-jakon"')[1]
    assert (
        "No construction projects imported"
        in pemda.get(reverse("compliance:jakon", args=["13.74"])).content.decode()
    )
    # A packet prepared before the section existed reads as "no projects", in the workbook too.
    Meeting.objects.filter(pk=meeting.pk).update(
        packet={k: v for k, v in meeting.packet.items() if k != "jakon"}
    )
    assert pemda.get(reverse("compliance:meeting", args=[meeting.pk])).status_code == 200
    assert pemda.get(reverse("compliance:meeting-xlsx", args=[meeting.pk])).status_code == 200
