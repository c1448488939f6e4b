"""The coverage pages: login first, then the province, its 19 kab/kota, and drill-down with sources shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.http import HttpRequest
from django.test import Client

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.imports.services import import_batch_create
from factories import membership_row, person_row, write_labour_force, write_memberships, write_persons

pytestmark = pytest.mark.django_db
DESA = "13.02.05.2001"


@pytest.fixture
def client_in(sumbar_regions: None) -> Client:
    user_create(username="petugas", password="kata-sandi-uji-123", role=Role.PEMDA_ADMIN, region_codes=["13"])
    client = Client()
    assert client.login(request=HttpRequest(), username="petugas", password="kata-sandi-uji-123")
    return client


@pytest.fixture
def solok_data(sumbar_regions: None, tmp_path: Path) -> None:
    people = [person_row(kecamatan=DESA[:8], desa=DESA, serial=i + 1) for i in range(4)]
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", people))
    import_batch_create(
        source="memberships",
        path=write_memberships(tmp_path / "m.csv", [membership_row(nik=p["nik"]) for p in people[:3]]),
    )
    import_batch_create(
        source="labour-force",
        path=write_labour_force(
            tmp_path / "lf.csv",
            [
                {
                    "kode_wilayah": "13.02",
                    "periode": "2025-06",
                    "jenis": "angkatan_kerja",
                    "nilai": "20",
                    "sumber": "Sumber Uji",
                },
            ],
        ),
    )


def test_pages_require_login(sumbar_regions: None) -> None:
    response = Client().get("/wilayah/13/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_login_page_is_in_indonesian(db: None) -> None:
    page = Client().get("/masuk/").content.decode()
    assert "Nama pengguna" in page and "Kata sandi" in page


def test_home_shows_every_kab_kota(client_in: Client, solok_data: None) -> None:
    response = client_in.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/wilayah/13/"
    page = response.content.decode()
    assert page.count('<tr data-kode="13.') == 19
    assert "Kabupaten Solok" in page and "Kota Sawahlunto" in page


def test_figure_shows_numerator_denominator_and_source(client_in: Client, solok_data: None) -> None:
    page = client_in.get("/wilayah/13.02/?tanggal=2025-06-30").content.decode()
    assert '<span id="ucj-percent">15,00</span>' in page  # 3 ÷ 20, Indonesian decimal comma
    assert '<strong id="ucj-numerator">3</strong>' in page
    assert '<strong id="ucj-denominator">20</strong>' in page
    assert "Sumber Uji" in page and "2025-06" in page


def test_region_without_denominator_says_so(client_in: Client, solok_data: None) -> None:
    page = client_in.get(f"/wilayah/{DESA[:8]}/?tanggal=2025-06-30").content.decode()
    assert "tidak ada penyebut" in page and '<strong id="ucj-numerator">3</strong>' in page
    nagari = client_in.get(f"/wilayah/{DESA}/?tanggal=2025-06-30")
    assert nagari.status_code == 200 and "children-table" not in nagari.content.decode()


def test_bad_date_is_explained(client_in: Client, solok_data: None) -> None:
    page = client_in.get("/wilayah/13.02/?tanggal=30-06-2025").content.decode()
    assert "tidak sah" in page


@pytest.mark.parametrize("code", ["99", "13.50", "bukan-kode", "13.02.05.9999"])
def test_unknown_region_is_404(client_in: Client, code: str) -> None:
    assert client_in.get(f"/wilayah/{code}/").status_code == 404
