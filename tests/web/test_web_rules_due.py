"""The system admin's page of rule values due: the same list as ``cakupan rules check``, on a fixed date."""

from __future__ import annotations

import pytest
from django.test import Client

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(sumbar_regions: None) -> Client:
    client = Client()
    client.force_login(
        user_create(
            username="admin", password="kata-sandi-uji-123", role=Role.SYSTEM_ADMIN, region_codes=["13"]
        )
    )
    return client


def test_the_admin_sees_the_jp_cap_2026_due_in_indonesian(admin: Client) -> None:
    page = admin.get("/pengguna/aturan-jatuh-tempo/?tanggal=2026-12-07").content.decode()
    assert "Aturan jatuh tempo" in page and "Nilai baru jatuh tempo" in page
    row = page.split('id="rules-due"')[1]
    assert "pu/jp/wage_cap" in row and "batas upah JP 2026 belum dimuat; dipakai nilai 2025" in row
    assert "PP 45/2015 Pasal 29" in row
    assert 'id="rules-due-link"' in admin.get("/pengguna/").content.decode()


def test_before_the_next_march_nothing_is_due_for_the_jp_cap_and_english_is_switchable(admin: Client) -> None:
    page = admin.get("/pengguna/aturan-jatuh-tempo/?tanggal=2025-02-15").content.decode()
    assert "pu/jp/wage_cap" not in page and 'id="rules-due-none"' in page
    admin.post("/bahasa/", {"language": "en"})
    page = admin.get("/pengguna/aturan-jatuh-tempo/?tanggal=2026-12-07").content.decode()
    assert "Rule values due" in page and "JP wage cap 2026 is not loaded; the 2025 value is used" in page


def test_a_bad_date_is_explained_and_today_shown(admin: Client) -> None:
    response = admin.get("/pengguna/aturan-jatuh-tempo/?tanggal=2026-02-30")
    assert response.status_code == 200 and "tidak sah" in response.content.decode()


def test_other_roles_may_not_see_it(sumbar_regions: None) -> None:
    client = Client()
    client.force_login(
        user_create(
            username="pemda", password="kata-sandi-uji-123", role=Role.PEMDA_ADMIN, region_codes=["13"]
        )
    )
    assert client.get("/pengguna/aturan-jatuh-tempo/").status_code == 403
