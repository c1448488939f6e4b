"""A page that shows a benefit breakdown warns when a value it used is past its cadence (a newer one was due and
is not loaded), from the parameters stored with the decision."""

from __future__ import annotations

import dataclasses
import datetime as dt
from unittest.mock import patch

import pytest
from django.test import Client
from django.urls import reverse

from cakupan.core.access import Role
from cakupan.core.dated import Cadence
from cakupan.rules import load_tree
from cakupan.rules.loader import ParameterTree
from cakupan.web.accounts.services import user_create
from cakupan.web.benefits.models import Claim
from cakupan.web.membership.models import Membership
from enrolment_world import PASSWORD, SUPAYANG, person_create

pytestmark = pytest.mark.django_db
LUMP_SUM = "benefits/jkm/lump_sum"


def _with_a_yearly_lump_sum() -> ParameterTree:
    tree = load_tree()
    cadence = Cadence(every="year", month=1, day=1, id="santunan JKM", en="JKM lump sum")
    return ParameterTree(
        {**tree.parameters, LUMP_SUM: dataclasses.replace(tree.get(LUMP_SUM), cadence=cadence)}
    )


def test_the_claim_page_warns_about_a_value_past_its_cadence(sumbar_regions: None) -> None:
    person = person_create(1)
    Membership.objects.create(
        person=person, kpj="22000000001", segment="BPU", programmes="JKK;JKM",
        start_date=dt.date(2022, 1, 1), wage_basis=1_000_000, payer="apbd",
    )  # fmt: skip
    client = Client()
    client.force_login(
        user_create(username="wali", password=PASSWORD, role=Role.REGION_OPERATOR, region_codes=[SUPAYANG])
    )
    form = {
        "nik": person.nik, "kind": "death", "event_date": "2025-03-15", "ahli-TOTAL_FORMS": "1",
        "ahli-INITIAL_FORMS": "0", "ahli-MIN_NUM_FORMS": "0", "ahli-MAX_NUM_FORMS": "15",
        "ahli-0-name": "SITI", "ahli-0-relation": "spouse", "ahli-0-birth_date": "1987-02-02",
    }  # fmt: skip
    assert client.post(reverse("benefits:report"), form).status_code == 302
    url = reverse("benefits:claim", args=[Claim.objects.get(person=person).pk])
    assert (
        'id="stale-parameter"' not in client.get(url).content.decode()
    )  # no benefit value has a cadence today
    with patch("cakupan.rules.items.default_tree", _with_a_yearly_lump_sum):
        page = client.get(url).content.decode()
    warning = page.split('id="stale-parameter"')[1].split("</p>")[0]
    assert "santunan JKM 2020 belum dimuat; dipakai nilai 2019" in warning and LUMP_SUM in warning


@pytest.mark.parametrize(("today", "warned"), [(dt.date(2026, 12, 31), False), (dt.date(2027, 1, 2), True)])
def test_the_employer_wage_check_warns_once_next_years_minimum_wage_is_due(
    sumbar_regions: None, today: dt.date, warned: bool
) -> None:
    client = Client()
    client.force_login(
        user_create(username="pemda", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13"])
    )
    with patch("django.utils.timezone.localdate", return_value=today):
        page = client.get(reverse("compliance:employers", args=["13.74"])).content.decode()
    assert ('id="stale-minimum-wage"' in page) is warned
    if warned:
        assert "upah minimum 2027 belum dimuat; dipakai nilai 2026" in page
