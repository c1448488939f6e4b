"""Follow-up actions of a Rapat Kepatuhan (issue 18, point 6): "late" follows one rule, judged at the meeting's
date, on the page and in the packet alike, whenever they are looked at; an action names the finding it answers,
chosen among its own meeting's findings only."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import polars as pl
import pytest
from django.test import Client
from django.urls import reverse

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.compliance.models import FollowUpAction, Meeting, MeetingFinding

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-uji-123"


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


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "id"
    return client


def _meeting(client: Client, held_on: str, region: str = "13.74") -> Meeting:
    form = {"region": region, "held_on": held_on, "title": f"Rapat {held_on}", "place": "Balai Kota"}
    assert client.post(reverse("compliance:meetings"), form).status_code == 302
    return Meeting.objects.get(region_id=region, held_on=dt.date.fromisoformat(held_on))


def _action(client: Client, meeting: Meeting, description: str, due: str, **extra: Any) -> Any:
    form = {"description": description, "owner": "Disnaker", "due_date": due, **extra}
    return client.post(reverse("compliance:meeting-action", args=[meeting.pk]), form)


def _page_rows(client: Client, meeting: Meeting, section: str) -> dict[str, str]:
    page = client.get(reverse("compliance:meeting", args=[meeting.pk])).content.decode()
    if section == "previous":
        part = page.split('id="previous-actions"')[1].split("</section>")[0]
    else:
        part = page.split('id="actions"')[1].split("</table>")[0]
    rows = part.split('<tr class="action-row">')[1:]
    return {row.split("<td>")[1].split("</td>")[0]: row for row in rows}


def _sheet(client: Client, meeting: Meeting, name: str) -> pl.DataFrame:
    content = client.get(reverse("compliance:meeting-xlsx", args=[meeting.pk])).content
    return pl.read_excel(io.BytesIO(content), engine="calamine", sheet_name=name)


def test_late_is_judged_at_the_meeting_date_on_the_page_and_in_the_packet(users: dict[str, Any]) -> None:
    """Two meetings in the past (the suite runs after them): the page and the packet of the second one mark as late
    exactly the actions that were late on its day, whatever today is."""
    pemda = _client(users["pemda"])
    first = _meeting(pemda, "2026-03-02")
    for description, due in (
        ("Lewat sebelum rapat", "2026-03-05"),
        ("Jatuh tempo sesudah rapat", "2026-03-20"),
        ("Selesai sesudah rapat", "2026-03-06"),
    ):
        assert _action(pemda, first, description, due).status_code == 302
    second = _meeting(pemda, "2026-03-16")
    assert _action(pemda, second, "Tindak lanjut rapat kedua", "2026-04-30").status_code == 302
    # Reported done today, long after the second meeting: on its day the action was still open and past due.
    done = FollowUpAction.objects.get(description="Selesai sesudah rapat")
    answer = pemda.post(
        reverse("compliance:action-status", args=[done.pk]),
        {"kembali": second.pk, f"a{done.pk}-status": "done", f"a{done.pk}-note": "selesai"},
    )
    assert answer.status_code == 302
    expected = {
        "Lewat sebelum rapat": True,
        "Jatuh tempo sesudah rapat": False,
        "Selesai sesudah rapat": True,
    }

    page = _page_rows(pemda, second, "previous")
    assert {name: 'class="late"' in row for name, row in page.items()} == expected
    sheet = _sheet(pemda, second, "Tindak lanjut rapat lalu")
    assert {row[1]: bool(row[6]) for row in sheet.iter_rows()} == expected
    assert "dinilai pada tanggal rapat ini, 16-03-2026" in pemda.get(
        reverse("compliance:meeting", args=[second.pk])
    ).content.decode().replace("&quot;", '"')

    # The second meeting's own action is due after its date: late on neither, though today is past its due date.
    own = _page_rows(pemda, second, "own")
    assert 'class="late"' not in own["Tindak lanjut rapat kedua"]


def test_an_action_names_the_finding_it_answers_of_its_own_meeting_only(users: dict[str, Any]) -> None:
    pemda, other = _client(users["pemda"]), _client(users["other"])
    meeting = _meeting(pemda, "2026-03-16")
    for text in ("PT A belum mendaftarkan pekerja", "Realisasi APBD baru separuh"):
        pemda.post(reverse("compliance:meeting-finding", args=[meeting.pk]), {"topic": "other", "text": text})
    answered = MeetingFinding.objects.get(text="Realisasi APBD baru separuh")
    elsewhere = _meeting(other, "2026-03-17", region="13.02")
    other.post(
        reverse("compliance:meeting-finding", args=[elsewhere.pk]), {"topic": "other", "text": "Solok"}
    )
    foreign = MeetingFinding.objects.get(meeting=elsewhere)

    page = pemda.get(reverse("compliance:meeting", args=[meeting.pk])).content.decode()
    select = page.split('name="finding"')[1].split("</select>")[0]
    assert f'value="{answered.pk}"' in select and "2. Realisasi APBD baru separuh" in select
    assert f'value="{foreign.pk}"' not in select

    refused = _action(pemda, meeting, "Dari temuan wilayah lain", "2026-04-30", finding=foreign.pk)
    assert refused.status_code == 400 and not FollowUpAction.objects.exists()

    assert (
        _action(pemda, meeting, "Percepat batch April", "2026-04-30", finding=answered.pk).status_code == 302
    )
    action = FollowUpAction.objects.get()
    assert action.finding == answered
    row = _page_rows(pemda, meeting, "own")["Percepat batch April"]
    assert "2. Realisasi APBD baru separuh" in row
    sheet = _sheet(pemda, meeting, "Tindak lanjut")
    assert sheet.row(0)[1] == "Percepat batch April"
    assert int(sheet.row(0)[6]) == 2 and sheet.row(0)[7] == "Realisasi APBD baru separuh"

    # At the next meeting the action is reported on with the finding it answered.
    following = _meeting(pemda, "2026-06-15")
    previous = _page_rows(pemda, following, "previous")["Percepat batch April"]
    assert "2. Realisasi APBD baru separuh" in previous
    sheet = _sheet(pemda, following, "Tindak lanjut rapat lalu")
    assert int(sheet.row(0)[7]) == 2 and sheet.row(0)[8] == "Realisasi APBD baru separuh"
