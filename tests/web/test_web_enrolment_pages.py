"""The enrolment pages through Django's test client: budgets and schemes entered as offices type them, bad input
refused with a message and nothing saved (negative budgets, overlapping earmarks, a nagari budget for another
nagari), the optimiser run and "would they be chosen, and why (not)", trajectories, and who may do what."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.enrolment.models import AllocationPick, EnrolmentBatch, FundingSource, Scheme
from enrolment_world import PASSWORD, SUPAYANG, World, person_create, world_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(sumbar_regions: None) -> World:
    # Money for 4 of 6 farmers paid by the APB Nagari from January 2026: 4 × (3 × 16,800 + 9 × 8,400) (PP 50/2025)
    return world_create(workers=6, budget=126_000 * 4)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _source_form(**changes: str) -> dict[str, str]:
    return {
        "region": "13.02",
        "kind": "apbd_kabkota",
        "name": "APBD Kab. Solok 2026",
        "fiscal_year": "2026",
        "budget": "Rp 604.800.000",
        "months": "12",
        "earmark_regions": "",
        "earmark_occupations": "",
        "earmark_max_decile": "",
        "legal_basis": "DPA Disnaker 2026",
    } | changes


def test_a_budget_typed_as_offices_type_it_is_saved_and_audited(world: World) -> None:
    response = _client(world.maker).post(reverse("enrolment:source-create"), _source_form())
    assert response.status_code == 302
    source = FundingSource.objects.get(name="APBD Kab. Solok 2026")
    assert source.budget == 604_800_000 and source.months == 12
    assert AuditEvent.objects.filter(object_type="funding_source", object_id=str(source.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"budget": "-5.000.000"}, "tidak boleh negatif"),
        ({"budget": "lima juta"}, "604.800.000"),
        ({"months": "13"}, "12"),
        ({"earmark_regions": "13.02.05\n13.02.05.2001"}, "13.02.05.2001"),  # one earmark inside another
        ({"earmark_regions": "13.71"}, "13.71"),  # outside the budget's region
        ({"region": "13.71"}, "13.71"),  # outside the officer's scope
        ({"kind": "dbh_sawit"}, "Sawit"),  # DBH Sawit without plantation occupations
    ],
)
def test_a_bad_budget_is_refused_with_a_message_and_nothing_saved(
    world: World, changes: dict[str, str], message: str
) -> None:
    before = FundingSource.objects.count()
    response = _client(world.maker).post(reverse("enrolment:source-create"), _source_form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert FundingSource.objects.count() == before


def test_a_nagari_budget_pays_only_for_its_own_nagari(world: World) -> None:
    client = _client(world.maker)
    form = _source_form(
        region=SUPAYANG, kind="apb_nagari", name="APB Nagari", earmark_regions="13.02.05.2002"
    )
    response = client.post(reverse("enrolment:source-create"), form)
    assert response.status_code == 200 and not FundingSource.objects.filter(name="APB Nagari").exists()
    response = client.post(reverse("enrolment:source-create"), form | {"earmark_regions": ""})
    assert response.status_code == 302
    assert FundingSource.objects.get(name="APB Nagari").earmark_regions == SUPAYANG


def test_the_optimiser_funds_the_highest_priority_within_the_budget_and_explains_the_rest(
    world: World,
) -> None:
    client = _client(world.maker)
    response = client.post(reverse("enrolment:scheme-run", args=[world.scheme.pk]))
    assert response.status_code == 302
    run = world.scheme.runs.get()
    assert run.summary["optimum"]["persons"] == 4 and run.summary["optimum"]["proven_optimal"]
    (source,) = run.summary["optimum"]["sources"]
    assert (source["cost"], source["unspent"]) == (4 * 126_000, 0)
    (margin,) = run.summary["marginal"]
    assert margin["extra_persons"] == 2  # only 6 eligible: another Rp 100 juta buys the last 2
    picked = set(AllocationPick.objects.filter(run=run).values_list("person__decile", flat=True))
    assert picked == {1, 2, 3, 4}  # the poorest deciles first (everything else equal)

    page = client.get(reverse("enrolment:scheme", args=[world.scheme.pk])).content.decode()
    assert "378.000" not in page and "504.000" in page  # the cost of 4 workers for 12 months
    chosen = client.post(reverse("enrolment:scheme", args=[world.scheme.pk]), {"nik": world.persons[0].nik})
    assert "Dipilih" in chosen.content.decode()
    left_out = client.post(reverse("enrolment:scheme", args=[world.scheme.pk]), {"nik": world.persons[5].nik})
    text = left_out.content.decode()
    assert "skor lebih tinggi" in text and "skor terendah yang dibiayai" in text

    formal = person_create(99, sector="formal")
    refused = client.post(
        reverse("enrolment:scheme", args=[world.scheme.pk]), {"nik": formal.nik}
    ).content.decode()
    assert "Tidak memenuhi syarat" in refused and "formal" in refused

    client.post(reverse("enrolment:run-batches", args=[run.pk]))
    batch = EnrolmentBatch.objects.get()
    assert batch.members.count() == 4 and batch.state == "draft" and batch.created_by == world.maker


def test_the_batch_buttons_follow_permissions_and_the_maker_checker_rule(world: World) -> None:
    from cakupan.web.enrolment.batches import batch_create

    batch = batch_create(
        scheme=world.scheme,
        source=world.source,
        name="B",
        members=[(p.pk, 1) for p in world.persons[:4]],  # the budget pays for 4
        by=world.maker,
    )
    maker, checker = _client(world.maker), _client(world.checker)
    maker.post(reverse("enrolment:batch-action", args=[batch.pk, "verify"]))
    response = maker.post(reverse("enrolment:batch-action", args=[batch.pk, "approve"]), follow=True)
    assert "pengguna lain" in response.content.decode()
    checker.post(reverse("enrolment:batch-action", args=[batch.pk, "approve"]))
    batch.refresh_from_db()
    assert batch.state == "approved"

    operator = user_create(
        username="wali", password=PASSWORD, role=Role.REGION_OPERATOR, region_codes=[SUPAYANG]
    )
    assert (
        _client(operator).post(reverse("enrolment:batch-action", args=[batch.pk, "return"])).status_code
        == 403
    )
    auditor = user_create(username="aud", password=PASSWORD, role=Role.VIEWER, region_codes=["13"])
    assert _client(auditor).get(reverse("enrolment:index")).status_code == 403
    outsider = user_create(
        username="padang", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13.71"]
    )
    assert _client(outsider).get(reverse("enrolment:batch", args=[batch.pk])).status_code == 404
    bpjs = _client(world.bpjs)
    file = bpjs.post(reverse("enrolment:batch-file", args=[batch.pk]))
    assert file.status_code == 200 and file["Content-Type"].startswith("application/vnd.openxml")
    assert bpjs.get(reverse("enrolment:batch", args=[batch.pk])).status_code == 200


def test_a_scheme_with_impossible_rules_is_refused(world: World) -> None:
    client = _client(world.maker)
    form = {
        "region": SUPAYANG,
        "name": "Salah",
        "fiscal_year": "2026",
        "start_date": "2026-01-15",
        "programmes": "JKK;JKM",
        "income_basis": "1.000.000",
        "min_age": "60",
        "max_age": "18",
        "max_decile": "",
        "weight_decile": "10",
        "weight_risk": "5",
        "weight_head": "10",
        "weight_dependants": "3",
        "max_dependants": "5",
    }
    response = client.post(reverse("enrolment:scheme-create"), form)
    text = response.content.decode()
    assert response.status_code == 200 and "hari pertama" in text
    response = client.post(reverse("enrolment:scheme-create"), form | {"start_date": "2026-01-01"})
    assert (
        response.status_code == 200
        and "batas umur atas 18 lebih kecil dari batas bawah 60" in response.content.decode()
    )
    assert "Isian Umur maksimal:" in response.content.decode()  # the field as the form names it, not max_age
    assert "max_age" not in re.sub(r"<[^>]+>", " ", response.content.decode())
    response = client.post(
        reverse("enrolment:scheme-create"),
        form | {"start_date": "2026-01-01", "max_age": "", "programmes": "JKK;JP"},
    )
    assert response.status_code == 200 and "tidak tersedia untuk peserta BPU" in response.content.decode()
    assert not Scheme.objects.filter(name="Salah").exists()


def test_kota_padang_trajectory_costs_604_800_000_in_its_first_year(world: World) -> None:
    response = _client(world.maker).get(
        reverse("enrolment:trajectories"),
        {
            "mode": "jumlah",
            "start_year": "2026",
            "target_workers": "37584",
            "years": "5",
            "first_year": "3000",
            "lapse_rates": "0 10",
            "growth": "1",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "604.800.000" in text and "37.584" in text
    assert text.count("<tr><th>20") == 5  # five years, side by side for the two lapse rates


def test_a_budget_change_is_audited_with_its_old_value(world: World) -> None:
    client = _client(world.maker)
    form = _source_form(
        region=SUPAYANG, kind="apb_nagari", name="APB Nagari Supayang 2026", budget="1.000.000"
    )
    client.post(
        reverse("enrolment:source-edit", args=[world.source.pk]), form | {"earmark_regions": SUPAYANG}
    )
    event = AuditEvent.objects.filter(object_type="funding_source", action="update").get()
    assert event.changes["budget"] == [126_000 * 4, 1_000_000]
    assert "earmark_regions" not in event.changes  # typed one per line, stored the same: no change


def test_a_scheme_cannot_be_paid_from_another_regions_or_years_budget(world: World) -> None:
    padang = FundingSource.objects.create(
        region_id="13.71", kind="apbd_kabkota", name="APBD Kota Padang", fiscal_year=2026, budget=1
    )
    other_year = FundingSource.objects.create(
        region_id="13.02", kind="apbd_kabkota", name="APBD Solok 2025", fiscal_year=2025, budget=1
    )
    admin = user_create(username="prov", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13"])
    form = {
        "region": SUPAYANG, "name": "Campur", "fiscal_year": "2026", "start_date": "2026-01-01",
        "programmes": "JKK;JKM", "income_basis": "1.000.000", "min_age": "15", "max_decile": "",
        "weight_decile": "10", "weight_risk": "5", "weight_head": "10", "weight_dependants": "3",
        "max_dependants": "5",
    }  # fmt: skip
    client = _client(admin)
    text = client.post(reverse("enrolment:scheme-create"), form | {"sources": [padang.pk]}).content.decode()
    assert "bukan wilayah skema" in text
    text = client.post(
        reverse("enrolment:scheme-create"), form | {"sources": [other_year.pk]}
    ).content.decode()
    assert "tahun anggaran 2025" in text
    assert not Scheme.objects.filter(name="Campur").exists()


def test_draft_batches_are_made_once_per_run_and_a_planner_cannot_cancel_an_approved_batch(
    world: World,
) -> None:
    maker = _client(world.maker)
    maker.post(reverse("enrolment:scheme-run", args=[world.scheme.pk]))
    run = world.scheme.runs.get()
    maker.post(reverse("enrolment:run-batches", args=[run.pk]))
    again = maker.post(reverse("enrolment:run-batches", args=[run.pk]), follow=True)
    assert "sudah dibuat" in again.content.decode() and EnrolmentBatch.objects.count() == 1
    batch = EnrolmentBatch.objects.get()
    maker.post(reverse("enrolment:batch-action", args=[batch.pk, "verify"]))
    _client(world.checker).post(reverse("enrolment:batch-action", args=[batch.pk, "approve"]))
    operator = user_create(
        username="wali", password=PASSWORD, role=Role.REGION_OPERATOR, region_codes=[SUPAYANG]
    )
    refused = _client(operator).post(
        reverse("enrolment:batch-action", args=[batch.pk, "cancel"]), {"alasan": "x"}
    )
    assert refused.status_code == 403
    batch.refresh_from_db()
    assert batch.state == "approved"
