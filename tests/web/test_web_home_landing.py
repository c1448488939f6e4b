"""Everyone lands on their own region (issue 18, point 7): after login and on ``/``, a user with one region opens
that region's page, a user with several opens the list of their regions, and the province users keep the province.
Every demo login is checked, with the two kab/kota admins (Kab. Solok, the Disnaker of Kota Padang)."""

from __future__ import annotations

import fastexcel
import pytest
from django.test import Client

from cakupan.core.access import Role
from cakupan.web.accounts.services import DEMO_LOGINS, user_create, user_ensure_demo
from cakupan.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LANDING = {
    "admin": "/wilayah/13/",
    "pemda": "/wilayah/13/",
    "kadis": "/wilayah/13/",
    "auditor": "/wilayah/13/",
    "bpjs": "/wilayah-saya/",  # Kab. Solok and Kota Solok
    "nagari": "/wilayah/13.02.05.2001/",
    "perizinan": "/wilayah/13.71/",
    "pemdasolok": "/wilayah/13.02/",
    "disnakerpadang": "/wilayah/13.71/",
}


def test_every_demo_login_is_checked() -> None:
    assert {d.username for d in DEMO_LOGINS} == set(LANDING)


def test_kab_kota_admins_are_demo_logins() -> None:
    admins = {d.username: d.regions for d in DEMO_LOGINS if d.role is Role.PEMDA_ADMIN}
    assert admins["pemdasolok"] == ("13.02",) and admins["disnakerpadang"] == ("13.71",)


@pytest.mark.parametrize("username", sorted(LANDING))
def test_login_lands_on_the_users_own_region(sumbar_regions: None, username: str) -> None:
    user_ensure_demo()
    login = next(d for d in DEMO_LOGINS if d.username == username)
    client = Client()
    answer = client.post("/masuk/", {"username": login.username, "password": login.password}, follow=True)
    assert answer.status_code == 200
    assert answer.redirect_chain[-1][0] == LANDING[username]
    assert client.get("/")["Location"] == LANDING[username]


def test_several_regions_list_each_with_its_own_coverage(sumbar_regions: None) -> None:
    user_ensure_demo()
    client = Client()
    client.post("/masuk/", {"username": "bpjs", "password": "demo-bpjs-ganti"})
    page = client.get("/wilayah-saya/").content.decode()
    assert '<tr data-kode="13.02">' in page and '<tr data-kode="13.72">' in page
    assert page.count("<tr data-kode=") == 2
    assert (
        "<h1>Wilayah Anda</h1>" in page
        and "Cakupan UCJ per 30 Juni 2025 di setiap wilayah kerja Anda" in page
    )
    assert 'href="/wilayah/13.02/"' in page and 'href="/wilayah/13.72/"' in page
    together = page[page.index('id="my-regions-together"') :]
    assert together.startswith('id="my-regions-together"><a href="/wilayah/13/">Bandingkan berdampingan')


def test_the_list_of_ones_regions_downloads_as_xlsx_and_is_audited(sumbar_regions: None) -> None:
    user_ensure_demo()
    client = Client()
    client.post("/masuk/", {"username": "bpjs", "password": "demo-bpjs-ganti"})
    answer = client.get("/wilayah-saya/?unduh=wilayah-saya")
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    frame = fastexcel.read_excel(answer.content).load_sheet(0).to_polars()
    assert frame.columns[:2] == ["Wilayah", "Kode"]
    assert sorted(frame["Kode"]) == ["13.02", "13.72"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, object_type="region_coverage")
    assert event.actor_name == "bpjs"


def test_a_region_inside_another_of_the_scope_is_not_a_second_home(sumbar_regions: None) -> None:
    user_create(
        username="camat",
        password="kata-sandi-uji-123",
        role=Role.REGION_OPERATOR,
        region_codes=["13.02", "13.02.05"],
    )
    client = Client()
    client.post("/masuk/", {"username": "camat", "password": "kata-sandi-uji-123"})
    assert client.get("/")["Location"] == "/wilayah/13.02/"
