"""The Rapat Kepatuhan through Django's test client: a meeting prepared for a kab/kota with its packet (employers,
staff, claims, obligations), findings and actions recorded, and the next meeting opening with the first one's
actions, whose status is reported there; who may do what; bad input refused with nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.compliance.models import FollowUpAction, Meeting, MeetingFinding
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
        "bpjs": user_create(
            username="bpjs", password=PASSWORD, role=Role.BPJSTK_OFFICER, region_codes=["13.74"]
        ),
        "other": user_create(
            username="solok", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13.02"]
        ),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _create(client: Client, held_on: str, **extra: str) -> Any:
    form = {
        "region": "13.74",
        "held_on": held_on,
        "title": f"Rapat Kepatuhan {held_on}",
        "place": "Balai Kota",
    }
    return client.post(reverse("compliance:meetings"), {**form, **extra})


def test_second_meeting_opens_with_the_first_ones_actions(users: dict[str, Any]) -> None:
    pemda = _client(users["pemda"])
    first = _create(pemda, "2025-12-15")
    assert first.status_code == 302
    meeting = Meeting.objects.get()
    employers = meeting.packet["employers"]["*"]
    assert (employers["employers"], employers["pwbd"], employers["pds"]) == (2, 1, 1)
    assert employers["by_kind"]["pds_programmes"] == 1 and employers["workers_unregistered"] == 12 + 10
    assert len(meeting.packet["obligations"]) == 10
    page = pemda.get(reverse("compliance:meeting", args=[meeting.pk])).content.decode()
    assert "rapat pertama wilayah ini" in page

    pemda.post(
        reverse("compliance:meeting-finding", args=[meeting.pk]),
        {"topic": "employers", "text": "PT A belum daftar"},
    )
    finding = MeetingFinding.objects.get()
    answer = pemda.post(
        reverse("compliance:meeting-action", args=[meeting.pk]),
        {
            "description": "Surat teguran ke PT A",
            "owner": "BPJSTK Cabang",
            "due_date": "2026-01-15",
            "finding": finding.pk,
        },
    )
    assert answer.status_code == 302
    late = pemda.post(
        reverse("compliance:meeting-action", args=[meeting.pk]),
        {"description": "x", "owner": "Disnaker", "due_date": "2025-12-01"},
    )
    assert late.status_code == 400 and FollowUpAction.objects.count() == 1

    assert _create(pemda, "2026-03-16").status_code == 302
    second = Meeting.objects.get(held_on=dt.date(2026, 3, 16))
    assert second.previous == meeting
    page = pemda.get(reverse("compliance:meeting", args=[second.pk])).content.decode()
    previous = page.split('id="previous-actions"')[1].split("</section>")[0]
    assert "Surat teguran ke PT A" in previous and "terbuka" in previous
    action = FollowUpAction.objects.get()
    done = pemda.post(
        reverse("compliance:action-status", args=[action.pk]),
        {"kembali": second.pk, f"a{action.pk}-status": "done", f"a{action.pk}-note": "SP1 dikirim 5 Jan"},
    )
    assert done.status_code == 302 and done["Location"].endswith(f"/rapat/{second.pk}/")
    action.refresh_from_db()
    assert (action.status, action.status_note) == ("done", "SP1 dikirim 5 Jan")
    dropped = pemda.post(
        reverse("compliance:action-status", args=[action.pk]), {f"a{action.pk}-status": "dropped"}
    )
    assert dropped.status_code == 400
    assert AuditEvent.objects.filter(object_type="followupaction").count() == 2


def test_the_same_day_twice_and_regions_outside_are_refused(users: dict[str, Any]) -> None:
    pemda = _client(users["pemda"])
    _create(pemda, "2025-12-15")
    again = _create(pemda, "2025-12-15")
    assert again.status_code == 400 and "Sudah ada rapat" in again.content.decode()
    outside = _create(pemda, "2025-12-16", region="13.02")
    assert outside.status_code == 400 and Meeting.objects.count() == 1


def test_who_sees_and_who_writes(users: dict[str, Any]) -> None:
    _create(_client(users["pemda"]), "2025-12-15")
    meeting = Meeting.objects.get()
    bpjs = _client(users["bpjs"])
    assert bpjs.get(reverse("compliance:meeting", args=[meeting.pk])).status_code == 200
    assert (
        bpjs.post(
            reverse("compliance:meeting-finding", args=[meeting.pk]), {"topic": "other", "text": "x"}
        ).status_code
        == 403
    )
    assert _client(users["other"]).get(reverse("compliance:meeting", args=[meeting.pk])).status_code == 404
    assert not MeetingFinding.objects.exists()


def test_the_packet_counts_claims_paid_and_what_uncovered_families_lost(users: dict[str, Any]) -> None:
    from cakupan import claims
    from cakupan.web.benefits.services import claim_report
    from cakupan.web.compliance.packet import packet_build
    from cakupan.web.membership.models import Membership
    from cakupan.web.registry.models import Region
    from enrolment_world import person_create

    kelurahan = Region.objects.filter(code__startswith="13.74.", level=4).order_by("code").first()
    assert kelurahan is not None
    covered, uncovered = person_create(1, region=kelurahan.code), person_create(2, region=kelurahan.code)
    Membership.objects.create(
        person=covered,
        kpj="1",
        segment="BPU",
        programmes="JKK;JKM",
        start_date=dt.date(2024, 1, 1),
        wage_basis=1_000_000,
        payer="apbd",
    )
    for person in (covered, uncovered):
        claim_report(
            person=person, kind=claims.EventKind.DEATH, event_date=dt.date(2025, 3, 15), heirs=[], by=None
        )
    packet = packet_build(region=Region.objects.get(code="13.74"), on=dt.date(2025, 12, 15))
    assert packet["claims"] == {
        "events": 2,
        "covered": 1,
        "paid": 0,
        "paid_rupiah": 0,
        "uncovered": 1,
        "uncovered_deaths": 1,
        "lost": 42_000_000,
        "scholarships": 0,
    }
    pemda = _client(users["pemda"])
    _create(pemda, "2025-12-15")
    page = pemda.get(reverse("compliance:meeting", args=[Meeting.objects.get().pk])).content.decode()
    assert "42.000.000" in page.split('id="packet-claims"')[1]


def test_employer_compliance_page_and_its_xlsx(users: dict[str, Any]) -> None:
    import io

    import polars as pl

    pemda = _client(users["pemda"])
    page = pemda.get(reverse("compliance:employers", args=["13.74"])).content.decode()
    assert "PT A" in page and "PT B" in page and "Mendaftarkan 30 dari 40 tenaga kerja" in page
    only_pwbd = pemda.get(
        reverse("compliance:employers", args=["13.74"]), {"status": "pwbd"}
    ).content.decode()
    assert (
        "PT A" in only_pwbd.split('id="employer-table"')[1]
        and "PT B" not in only_pwbd.split('id="employer-table"')[1]
    )
    download = pemda.get(reverse("compliance:employers-xlsx", args=["13.74"]))
    frame = pl.read_excel(io.BytesIO(download.content), engine="calamine")
    assert sorted(frame.get_column(frame.columns[-2]).to_list()) == ["pds", "pwbd"]
    assert _client(users["other"]).get(reverse("compliance:employers", args=["13.74"])).status_code == 404


def test_the_packet_reads_in_indonesian_numbers_and_labels(users: dict[str, Any]) -> None:
    """Issue 18: the packet keeps its figures as text ("49.93") and the year as a number; the page showed
    "49.93 %", "Surat teguran 2.025" and the staff status code "non_ASN"."""
    pemda = _client(users["pemda"])
    _create(pemda, "2025-12-15")
    meeting = Meeting.objects.get()
    meeting.packet["coverage"] = {
        "available": True,
        "as_of": "2025-06-30",
        "active": 4993,
        "denominator": 10000,
        "denominator_source": "BPS Sakernas 2024",
        "percent": "49.93",
        "target": {"value": "51.40", "date": "2029-12-31", "source": "RPJMD"},
        "nagari": None,
    }
    meeting.packet["staff"] = [{"status": "non_ASN", "total": 3, "covered": 1}]
    meeting.save()
    page = pemda.get(reverse("compliance:meeting", args=[meeting.pk])).content.decode()
    assert "49,93 %" in page and "51,40 %" in page and "4.993" in page
    letters = page.split('id="packet-letters"')[1].split("</h3>")[0]
    assert "2025" in letters and "2.025" not in letters
    staff = page.split('id="packet-staff"')[1].split("</section>")[0]
    assert "non_ASN" not in staff and "Non-ASN (honorer, kontrak)" in staff
