"""A plan costs what its source really pays (issue 19 point 1, PP 50/2025): an APB Nagari gets the 50% discount
on BPU JKK and JKM (transport workers all 2026, others from April), the APBD does not. The optimiser buys more
cover with the discounted money, and the batch, the promised budget and the pages show the same rupiah."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cakupan.web.enrolment import batches as svc
from cakupan.web.enrolment.allocation import allocation_run_create
from cakupan.web.enrolment.models import FundingSource
from cakupan.web.enrolment.schedule import committed_cost
from enrolment_world import World, person_create, world_create

pytestmark = pytest.mark.django_db

TRANSPORT_YEAR = 12 * 8_400  # a motorcycle-taxi driver, January-December 2026: 100,800
OTHER_YEAR = 3 * 16_800 + 9 * 8_400  # a farmer: full until March, discounted April-December: 126,000
FULL_YEAR = 12 * 16_800  # paid by an APBD: no discount, 201,600


@pytest.fixture
def world(sumbar_regions: None) -> World:
    # Two farmers (deciles 1 and 2) and two drivers (deciles 3 and 4); money for both drivers and one farmer.
    world = world_create(workers=2, budget=2 * TRANSPORT_YEAR + OTHER_YEAR)
    world.persons += [person_create(k, decile=k, occupation="Pengemudi Ojek") for k in (3, 4)]
    return world


def test_the_plan_of_a_discounted_source_costs_what_it_really_pays(world: World) -> None:
    run = allocation_run_create(scheme=world.scheme, by=world.maker)
    key = str(world.source.pk)
    pricing = run.summary["pricing"][key]
    assert pricing["costs"] == {"transportasi": TRANSPORT_YEAR, "lainnya": OTHER_YEAR}
    assert pricing["reason"].startswith("diskon 50% PP 50/2025: transportasi 12 bulan, lainnya 9 bulan")
    (source,) = run.summary["optimum"]["sources"]
    # 327,600 pays for 3 (at the undiscounted 201,600 only 1): both drivers and the poorer farmer
    assert (source["persons"], source["cost"], source["unspent"]) == (3, 2 * TRANSPORT_YEAR + OTHER_YEAR, 0)
    picked = set(run.picks.values_list("person__occupation", "person__decile"))
    assert picked == {("Pengemudi Ojek", 3), ("Pengemudi Ojek", 4), ("Petani/Pekebun", 1)}

    (batch,) = svc.batches_from_run(run=run, by=world.maker)
    assert batch.month_costs["transportasi"] == [8_400] * 12
    assert batch.month_costs["lainnya"] == [16_800] * 3 + [8_400] * 9
    svc.batch_verify(batch=batch, by=world.maker)
    svc.batch_approve(batch=batch, by=world.checker)  # within the budget only at the discounted cost
    assert committed_cost(world.source.pk) == world.source.budget == 327_600

    client = Client()
    client.force_login(world.maker)
    page = client.get(reverse("enrolment:scheme", args=[world.scheme.pk])).content.decode()
    assert "diskon 50% PP 50/2025" in page and "transportasi 100.800" in page and "lainnya 126.000" in page
    detail = client.get(reverse("enrolment:batch", args=[batch.pk])).content.decode()
    assert '<span id="batch-cost">327.600</span>' in detail


def test_the_same_budget_from_the_apbd_pays_the_full_contribution(world: World) -> None:
    FundingSource.objects.filter(pk=world.source.pk).update(kind="apbd_kabkota", earmark_regions="")
    run = allocation_run_create(scheme=world.scheme, by=world.maker)
    pricing = run.summary["pricing"][str(world.source.pk)]
    assert pricing["costs"] == {"transportasi": FULL_YEAR, "lainnya": FULL_YEAR}
    assert "tanpa diskon PP 50/2025" in pricing["reason"]
    (source,) = run.summary["optimum"]["sources"]
    assert (source["persons"], source["cost"]) == (1, FULL_YEAR)


def test_a_trajectory_paid_by_a_csr_for_drivers_budgets_the_discounted_year(world: World) -> None:
    client = Client()
    client.force_login(world.maker)
    query = {
        "mode": "jumlah",
        "start_year": "2026",
        "target_workers": "37584",
        "years": "5",
        "first_year": "3000",
        "lapse_rates": "0",
        "growth": "1",
    }
    text = client.get(reverse("enrolment:trajectories"), query | {"payer": "csr", "sector": "transportasi"})
    page = text.content.decode()
    assert "302.400.000" in page and "604.800.000" not in page  # 3,000 × 12 × 8,400
    full = client.get(reverse("enrolment:trajectories"), query | {"payer": "apbd_kabkota"}).content.decode()
    assert "604.800.000" in full  # 3,000 × 12 × 16,800: APBD money gets no discount
