"""A partial disability (issue 19 point 12): the officer picks the injury from the table and the percentage
follows; a different figure of the medical adviser replaces it and the claim records which one priced it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cakupan import claims
from cakupan.claims import ClaimError
from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.benefits import services
from cakupan.web.benefits.forms import ReportForm
from cakupan.web.benefits.models import Claim
from cakupan.web.membership.models import Membership
from enrolment_world import PASSWORD, SUPAYANG, person_create

pytestmark = pytest.mark.django_db

ACCIDENT = dt.date(2025, 7, 1)


@pytest.fixture
def world(sumbar_regions: None) -> dict[str, Any]:
    nagari = user_create(
        username="wali", password=PASSWORD, role=Role.REGION_OPERATOR, region_codes=[SUPAYANG]
    )
    worker = person_create(1)
    Membership.objects.create(
        person=worker,
        kpj="2300000001",
        segment="PU",
        programmes="JKK;JKM",
        start_date=dt.date(2023, 1, 1),
        wage_basis=2_500_000,
        payer="employer",
    )
    return {"nagari": nagari, "worker": worker}


def _report(world: dict[str, Any], **extra: Any) -> Claim:
    return services.claim_report(
        person=world["worker"],
        kind=claims.EventKind.PARTIAL_DISABILITY,
        event_date=ACCIDENT,
        heirs=[],
        by=world["nagari"],
        **extra,
    )


def test_the_table_prices_the_injury_and_the_claim_says_so(world: dict[str, Any]) -> None:
    claim = _report(world, injuries=["ibu_jari_tangan_kanan"])
    assert claim.due_total == 30_000_000  # 15 % × 80 × Rp 2,5 juta
    assert (claim.disability_basis, claim.disability_injuries, claim.disability_percent) == (
        "table",
        ["IBU_JARI_TANGAN_KANAN"],
        None,
    )
    item = claim.assessment["benefit"]["items"][0]
    assert item["detail"] == "Ibu jari tangan kanan 15 % × 80 × upah"
    assert item["parameters"][0]["name"] == "benefits/jkk/partial_disability_table[IBU_JARI_TANGAN_KANAN]"


def test_the_medical_advisers_figure_replaces_the_table_and_survives_reassessment(
    world: dict[str, Any],
) -> None:
    claim = _report(world, injuries=["MATA_SEBELAH"], disability_percent=30)
    assert claim.due_total == 60_000_000 and claim.disability_basis == "adviser"  # 30 %, not the table's 35 %
    again = services.claim_reassess(claim=claim, by=world["nagari"])
    assert again.due_total == 60_000_000
    assert "30 % ditetapkan dokter penasihat" in again.assessment["benefit"]["items"][0]["detail"]


def test_a_left_handed_workers_left_arm_counts_as_the_right(world: dict[str, Any]) -> None:
    claim = _report(world, injuries=["LENGAN_KIRI_BAHU"], left_handed=True)
    assert claim.due_total == 80_000_000 and claim.disability_left_handed  # 40 % × 80 × Rp 2,5 juta


def test_an_unknown_injury_is_refused_and_nothing_is_saved(world: dict[str, Any]) -> None:
    with pytest.raises(ClaimError) as caught:
        _report(world, injuries=["JARI_KAKI_KANAN"])
    assert "tidak ada dalam tabel cacat sebagian" in caught.value.indonesian
    assert not Claim.objects.exists()


def _form(world: dict[str, Any], **extra: str | list[str]) -> dict[str, Any]:
    return {
        "nik": world["worker"].nik,
        "kind": "partial_disability",
        "event_date": ACCIDENT.isoformat(),
        "ahli-TOTAL_FORMS": "0",
        "ahli-INITIAL_FORMS": "0",
        "ahli-MIN_NUM_FORMS": "0",
        "ahli-MAX_NUM_FORMS": "15",
        **extra,
    }


def test_the_officer_picks_injuries_from_a_grouped_list_and_the_page_shows_the_table_was_used(
    world: dict[str, Any],
) -> None:
    client = Client()
    client.force_login(world["nagari"])
    page = client.get(reverse("benefits:report")).content.decode()
    assert '<optgroup label="Jari tangan">' in page and "Ibu jari tangan kanan (15 %)" in page
    data = _form(world, injuries=["IBU_JARI_TANGAN_KANAN", "TELUNJUK_TANGAN_KANAN"], function_percent="50")
    answer = client.post(reverse("benefits:report"), data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    claim = Claim.objects.get()
    assert claim.disability_injuries == ["IBU_JARI_TANGAN_KANAN:50", "TELUNJUK_TANGAN_KANAN:50"]
    assert claim.due_total == 24_000_000  # (15 % + 9 %) × 50 % × 80 × Rp 2,5 juta
    page = client.get(reverse("benefits:claim", args=[claim.pk])).content.decode()
    assert "dari tabel (PP 44/2015 Lampiran III)" in page
    assert "Ibu jari tangan kanan (50 % fungsi hilang); Telunjuk tangan kanan (50 % fungsi hilang)" in page


def test_the_page_shows_the_medical_advisers_figure(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["nagari"])
    data = _form(world, injuries=["DENGAR_SEBELAH"], disability_percent="25")
    assert client.post(reverse("benefits:report"), data).status_code == 302
    claim = Claim.objects.get()
    assert (claim.disability_basis, claim.due_total) == ("adviser", 50_000_000)
    page = client.get(reverse("benefits:claim", args=[claim.pk])).content.decode()
    assert (
        "25 % ditetapkan dokter penasihat" in page
        and "cedera yang dicatat: Pendengaran pada sebelah telinga" in page
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({}, "injuries", "memerlukan cedera dari tabel atau persentase yang ditetapkan dokter penasihat"),
        ({"function_percent": "50", "disability_percent": "20"}, "function_percent", "pilih cederanya"),
        ({"kind": "death", "injuries": ["MATA_KEDUA"]}, "injuries", "Hanya cacat sebagian"),
        ({"kind": "work_accident", "left_handed": "on"}, "left_handed", "Hanya cacat sebagian"),
        ({"injuries": ["BUKAN_KODE"]}, "injuries", "BUKAN_KODE"),
    ],
)
def test_the_form_refuses_what_does_not_fit_a_partial_disability(
    world: dict[str, Any], change: dict[str, Any], field: str, message: str
) -> None:
    form = ReportForm(_form(world, **change))
    assert not form.is_valid()
    assert message in " ".join(form.errors[field]), form.errors
