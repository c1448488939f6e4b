"""The employers page names the minimum wage a finding used: a palm plantation's wages are checked against the
sectoral UMSP of its KBLI code (wages/sectoral_minimum_wage), read from the employer's OSS KBLI."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.employers.compliance import employer_facts
from cakupan.web.employers.models import Employer

pytestmark = pytest.mark.django_db


def test_a_palm_plantation_is_checked_against_the_umsp_of_its_kbli(sumbar_regions: None) -> None:
    plantation = Employer.objects.create(
        nib="3000000000101",
        name="PT Sawit Contoh",
        kbli="01262",
        region_id="13.74",
        workforce=40,
        npp="N101",
        workers_registered=40,
        wages_reported=40 * 3_200_000,  # above every UMP loaded so far, below the UMSP 2026 Rp 3.214.846
        programmes="JKK;JKM;JHT;JP",
        scale="besar",
    )
    assert employer_facts(plantation).kbli == "01262"
    user = user_create(
        username="pemda", password="kata-sandi-uji-123", role=Role.PEMDA_ADMIN, region_codes=["13.74"]
    )
    client = Client()
    client.force_login(user)
    page = client.get(reverse("compliance:employers", args=["13.74"])).content.decode()
    assert "PT Sawit Contoh" in page and "UMSP sektor KBLI 01262" in page
