"""The Rapat Kepatuhan packet as downloads: the workbook has one sheet per section with numbers as numbers (the
employers' PWBD/PDS counts, Rupiah whole), this meeting's findings and the previous meeting's actions with the
status reported on them, headers in the page's language; the PDF stays within three A4 pages, even with many
findings and actions; a user of another region gets 404."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.test import Client
from django.urls import reverse

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.compliance.models import FollowUpAction, Meeting, MeetingFinding
from cakupan.web.compliance.packet_exports import SHEETS, packet_pdf
from cakupan.web.employers.models import Employer

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-uji-123"


@pytest.fixture
def users(sumbar_regions: None) -> dict[str, Any]:
    Employer.objects.create(nib="3000000000001", name="PT A", kbli="47111", region_id="13.74", workforce=12)
    Employer.objects.create(
        nib="3000000000002",
        name="PT B",
        kbli="41011",
        region_id="13.74",
        workforce=40,
        npp="N2",
        workers_registered=30,
        wages_reported=120_000_000,
        programmes="JKK;JKM",
        scale="besar",
    )
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


def _create(client: Client, held_on: str) -> Meeting:
    form = {
        "region": "13.74",
        "held_on": held_on,
        "title": f"Rapat Kepatuhan {held_on}",
        "place": "Balai Kota",
    }
    assert client.post(reverse("compliance:meetings"), form).status_code == 302
    return Meeting.objects.get(held_on=dt.date.fromisoformat(held_on))


@pytest.fixture
def second(users: dict[str, Any]) -> Meeting:
    """Two meetings: the first agreed an action, reported 'in progress' at the second; the second has a finding,
    an action, and a crafted budget and staff section."""
    pemda = _client(users["pemda"])
    first = _create(pemda, "2025-12-15")
    pemda.post(reverse("compliance:meeting-finding", args=[first.pk]), {"topic": "employers", "text": "PT A"})
    pemda.post(
        reverse("compliance:meeting-action", args=[first.pk]),
        {"description": "Surat teguran ke PT A", "owner": "BPJSTK Cabang", "due_date": "2026-01-15"},
    )
    meeting = _create(pemda, "2026-03-16")
    action = FollowUpAction.objects.get(meeting=first)
    answer = pemda.post(
        reverse("compliance:action-status", args=[action.pk]),
        {"kembali": meeting.pk, f"a{action.pk}-status": "in_progress", f"a{action.pk}-note": "SP1 dikirim"},
    )
    assert answer.status_code == 302
    pemda.post(
        reverse("compliance:meeting-finding", args=[meeting.pk]),
        {"topic": "budget", "text": "Realisasi APBD baru separuh"},
    )
    finding = MeetingFinding.objects.get(meeting=meeting)
    pemda.post(
        reverse("compliance:meeting-action", args=[meeting.pk]),
        {
            "description": "Percepat batch April",
            "owner": "Disnaker",
            "due_date": "2026-04-30",
            "finding": finding.pk,
        },
    )
    meeting.packet["budget"] = [
        {"name": "APBD 2026 BPU", "kind": "apbd_kabkota", "budget": 2_500_000_000, "committed": 1_234_567_890}
    ]
    meeting.packet["staff"] = [{"status": "non-ASN", "total": 120, "covered": 45}]
    meeting.save(update_fields=["packet"])
    return meeting


def _sheet(tmp_path: Path, content: bytes, name: str) -> pl.DataFrame:
    path = tmp_path / "paket.xlsx"
    path.write_bytes(content)
    return pl.read_excel(path, engine="calamine", sheet_name=name)


def test_workbook_has_every_section_with_numbers(
    second: Meeting, users: dict[str, Any], tmp_path: Path
) -> None:
    answer = _client(users["pemda"]).get(reverse("compliance:meeting-xlsx", args=[second.pk]))
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="rapat-kepatuhan-13.74-2026-03-16.xlsx"'
    content = answer.content
    path = tmp_path / "paket.xlsx"
    path.write_bytes(content)
    assert set(pl.read_excel(path, engine="calamine", sheet_id=0)) == set(SHEETS)

    sectors = _sheet(tmp_path, content, "Pemberi kerja")
    rows = {row[0] or "*": row for row in sectors.iter_rows()}
    # Sector, name, employers, compliant, PWBD, PDS, PDS TK, PDS upah, PDS program, workers not registered.
    assert [int(v) for v in rows["*"][2:]] == [2, 0, 1, 1, 1, 0, 1, 22]
    assert [int(v) for v in rows["G"][2:]] == [1, 0, 1, 0, 0, 0, 0, 12]
    assert [int(v) for v in rows["F"][2:]] == [1, 0, 0, 1, 1, 0, 1, 10]
    assert sectors.columns[4] == "PWBD"

    budget = _sheet(tmp_path, content, "Anggaran")
    assert (
        budget.columns[:3] == ["Sumber dana", "Jenis", "Anggaran (Rp)"] or budget.columns[0] == "Sumber dana"
    )
    assert [int(v) for v in budget.row(0)[2:]] == [2_500_000_000, 1_234_567_890, 1_265_432_110]
    staff = _sheet(tmp_path, content, "Pegawai")
    assert [int(v) for v in staff.row(0)[1:]] == [120, 45, 75]
    claims = _sheet(tmp_path, content, "Klaim")
    assert claims.height == 8 and claims.to_series(1).sum() == 0
    obligations = _sheet(tmp_path, content, "Kewajiban daerah")
    assert obligations.height == 10

    findings = _sheet(tmp_path, content, "Temuan")
    assert findings.row(0)[2] == "Realisasi APBD baru separuh"
    actions = _sheet(tmp_path, content, "Tindak lanjut")
    assert actions.row(0)[1:4] == ("Percepat batch April", "Disnaker", "2026-04-30")
    assert int(actions.row(0)[6]) == 1  # the number of the finding it answers
    previous = _sheet(tmp_path, content, "Tindak lanjut rapat lalu")
    assert previous.height == 1
    # No., action, owner, due date, status, note, late at this meeting (due 15 Jan, still open on 16 Mar).
    row = previous.row(0)
    assert row[1:4] == ("Surat teguran ke PT A", "BPJSTK Cabang", "2026-01-15")
    assert row[4] != "in_progress" and row[5] == "SP1 dikirim" and row[6]

    summary = _sheet(tmp_path, content, "Ringkasan")
    items = {r[0]: r for r in summary.iter_rows()}
    assert any("13.74" in str(r[2]) for r in items.values())


def test_workbook_headers_follow_the_language(second: Meeting, users: dict[str, Any], tmp_path: Path) -> None:
    english = _client(users["pemda"], "en").get(reverse("compliance:meeting-xlsx", args=[second.pk])).content
    budget = _sheet(tmp_path, english, "Anggaran")
    assert budget.columns == ["Funding source", "Kind", "Budget (Rp)", "Committed (Rp)", "Remaining (Rp)"]
    previous = _sheet(tmp_path, english, "Tindak lanjut rapat lalu")
    assert previous.columns[1] == "Action" and previous.row(0)[4] == "in progress"
    assert previous.row(0)[6] == "late"
    sectors = _sheet(tmp_path, english, "Pemberi kerja")
    assert "Wholesale and retail trade; vehicle repair" in sectors.to_series(1).to_list()
    assert "All sectors" in sectors.to_series(1).to_list()

    indonesian = (
        _client(users["pemda"], "id").get(reverse("compliance:meeting-xlsx", args=[second.pk])).content
    )
    budget = _sheet(tmp_path, indonesian, "Anggaran")
    assert budget.columns[0] == "Sumber dana" and budget.columns[2] == "Anggaran (Rp)"
    sectors = _sheet(tmp_path, indonesian, "Pemberi kerja")
    assert "Perdagangan besar dan eceran; reparasi kendaraan" in sectors.to_series(1).to_list()


def _pages(content: bytes) -> int:
    return content.count(b"/Type /Page") - content.count(b"/Type /Pages")


def test_pdf_is_at_most_three_pages(second: Meeting, users: dict[str, Any]) -> None:
    for language in ("id", "en"):
        answer = _client(users["pemda"], language).get(reverse("compliance:meeting-pdf", args=[second.pk]))
        assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
        assert answer["Content-Disposition"] == 'attachment; filename="rapat-kepatuhan-13.74-2026-03-16.pdf"'
        assert answer.content.startswith(b"%PDF") and 1 <= _pages(answer.content) <= 3


def test_pdf_of_a_crowded_meeting_is_cut_at_three_pages(second: Meeting) -> None:
    long = "Tindak lanjut yang panjang sekali " * 14
    for index in range(40):
        finding = MeetingFinding.objects.create(meeting=second, topic="other", text=f"{index} {long}"[:500])
        FollowUpAction.objects.create(
            meeting=second,
            finding=finding,
            description=f"{index} {long}"[:500],
            owner="OPD",
            due_date=dt.date(2026, 5, 1),
        )
    previous = list(FollowUpAction.objects.filter(meeting=second.previous))
    content = packet_pdf(second, previous, "id")
    assert content.startswith(b"%PDF") and _pages(content) == 3


def test_a_user_of_another_region_gets_404(second: Meeting, users: dict[str, Any]) -> None:
    other = _client(users["other"])
    assert other.get(reverse("compliance:meeting-xlsx", args=[second.pk])).status_code == 404
    assert other.get(reverse("compliance:meeting-pdf", args=[second.pk])).status_code == 404
    assert _client(users["pemda"]).get(reverse("compliance:meeting-pdf", args=[99999])).status_code == 404
