"""Every create/edit form says that it saved (Django's messages framework), on the page it lands on: users,
funding sources, schemes, the optimiser, targets. The base template shows the messages, once, on every page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.targets.models import CoverageTarget
from enrolment_world import PASSWORD, SUPAYANG, World, world_create

pytestmark = pytest.mark.django_db

_STATUS = re.compile(r'<p class="notice" role="status">([^<]+)</p>')


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _said(response: Any) -> list[str]:
    """The success messages on the page a POST led to (followed through its redirect)."""
    assert response.status_code == 200 and response.redirect_chain, response.status_code
    return _STATUS.findall(response.content.decode())


@pytest.fixture
def world(sumbar_regions: None) -> World:
    return world_create(workers=3)


def test_saving_users_says_so(world: World) -> None:
    admin = _client(
        user_create(username="admin", password=PASSWORD, role=Role.SYSTEM_ADMIN, region_codes=["13.02"])
    )
    form = {"username": "op", "password": PASSWORD, "role": "region_operator", "regions": SUPAYANG}
    assert _said(admin.post("/pengguna/baru/", form, follow=True)) == ["Pengguna op sudah dibuat."]
    op = User.objects.get(username="op")
    edited = admin.post(f"/pengguna/{op.pk}/", {"role": "viewer", "regions": "13.02"}, follow=True)
    assert _said(edited) == ["Akses op sudah disimpan."]
    assert _said(admin.post(f"/pengguna/{op.pk}/aktif/", follow=True)) == ["op tidak dapat masuk lagi."]


def _source_form(**changes: str) -> dict[str, str]:
    return {
        "region": "13.02",
        "kind": "apbd_kabkota",
        "name": "APBD Kab. Solok 2026",
        "fiscal_year": "2026",
        "budget": "Rp 604.800.000",
        "months": "12",
        "legal_basis": "DPA Disnaker 2026",
    } | changes


def test_saving_funding_sources_schemes_and_running_the_optimiser_says_so(world: World) -> None:
    client = _client(world.maker)
    created = client.post(reverse("enrolment:source-create"), _source_form(), follow=True)
    assert _said(created) == ["Sumber dana APBD Kab. Solok 2026 sudah disimpan."]
    edited = client.post(
        reverse("enrolment:source-edit", args=[world.source.pk]),
        _source_form(region=SUPAYANG, kind="apb_nagari", name="APB Nagari Supayang 2026"),
        follow=True,
    )
    assert _said(edited) == ["Sumber dana APB Nagari Supayang 2026 sudah disimpan."]
    scheme = {
        "region": SUPAYANG, "name": "Rentan 2026", "fiscal_year": "2026", "start_date": "2026-01-01",
        "programmes": "JKK;JKM", "income_basis": "1.000.000", "min_age": "15", "max_decile": "",
        "sectors": "informal", "sources": [world.source.pk], "weight_decile": "10", "weight_risk": "5",
        "weight_head": "10", "weight_dependants": "3", "max_dependants": "5",
    }  # fmt: skip
    saved = client.post(reverse("enrolment:scheme-edit", args=[world.scheme.pk]), scheme, follow=True)
    assert _said(saved) == ["Skema Rentan 2026 sudah disimpan."]
    ran = client.post(reverse("enrolment:scheme-run", args=[world.scheme.pk]), follow=True)
    assert _said(ran) == ["Pengoptimal sudah dijalankan; pilihannya ada di bawah."]


def test_saving_and_deleting_targets_says_so(sumbar_regions: None) -> None:
    pemda = _client(
        user_create(username="bappeda", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13.12"])
    )
    form = {
        "region": "13.12", "indicator": "ucj", "denominator_kind": "angkatan_kerja", "baseline_value": "33,51",
        "baseline_date": "2025-06-30", "target_value": "51,4", "target_date": "2029-12-31",
        "source_document": "RPJMD Kabupaten Pasaman Barat 2025–2029",
    }  # fmt: skip
    assert _said(pemda.post("/target/baru/", form, follow=True)) == ["Target sudah disimpan."]
    target = CoverageTarget.objects.get()
    edited = pemda.post(f"/target/{target.pk}/", form | {"target_value": "52"}, follow=True)
    assert _said(edited) == ["Target sudah disimpan."]
    assert _said(pemda.post(f"/target/{target.pk}/hapus/", follow=True)) == ["Target sudah dihapus."]
