"""Maps down to the nagari (issue 18, point 14): a kecamatan whose desa have polygons gets their map, the desa
without one are listed by name; a level without polygons lists all of them; boundaries imported after the page
was shown appear without waiting for the next facts refresh; ``make demo`` imports the desa boundaries."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.imports.services import import_batch_create
from cakupan.web.registry.models import Region, RegionBoundary
from factories import membership_row, person_row, write_memberships, write_persons
from shared_data import SHARED_DATA, shared_file

KECAMATAN = "13.12.06"  # Gunung Tuleh, Pasaman Barat: some of its nagari have no polygon upstream
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def client(sumbar_regions: None, tmp_path: Path) -> Client:
    desa = Region.objects.filter(level=4, code__startswith=KECAMATAN + ".").order_by("code")[0].code
    people = [person_row(kecamatan=KECAMATAN, desa=desa, serial=i + 1) for i in range(2)]
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", people))
    memberships = [membership_row(nik=p["nik"]) for p in people]
    import_batch_create(source="memberships", path=write_memberships(tmp_path / "m.csv", memberships))
    user = user_create(
        username="kadis", password="kata-sandi-uji-123", role=Role.PEMDA_ADMIN, region_codes=["13"]
    )
    web = Client()
    web.force_login(user)
    return web


def _listed(page: str) -> set[str]:
    """The codes in the page's list of regions without a boundary."""
    start = page.index('id="no-boundary"')
    block = page[start : page.index("</details>", start)]
    return set(re.findall(r'<li data-kode="([0-9.]+)"', block))


def _desa() -> set[str]:
    return set(
        Region.objects.filter(level=4, code__startswith=KECAMATAN + ".").values_list("code", flat=True)
    )


@pytest.mark.django_db
def test_a_level_without_polygons_lists_every_region(client: Client) -> None:
    page = client.get(f"/wilayah/{KECAMATAN}/").content.decode()
    assert 'id="no-map"' in page and 'id="coverage-map"' not in page
    assert _listed(page) == _desa() and len(_desa()) > 1


@pytest.mark.django_db
def test_a_kecamatan_with_desa_polygons_has_their_map_and_lists_the_others(client: Client) -> None:
    client.get(f"/wilayah/{KECAMATAN}/")  # shown once before the boundaries come: nothing kept may hide them
    outcome = import_batch_create(source="boundaries", path=shared_file("sumbar_desa_kelurahan.geojson"))
    assert outcome.batch.rows_rejected == 0
    page = client.get(f"/wilayah/{KECAMATAN}/").content.decode()
    assert 'id="coverage-map"' in page and 'id="no-map"' not in page
    mapped = set(RegionBoundary.objects.filter(region__in=_desa()).values_list("region_id", flat=True))
    assert mapped and mapped < _desa()
    drawn = set(re.findall(r'<path d="[^"]*" fill="[^"]*" data-code="([0-9.]+)"', page))
    assert drawn == mapped
    assert _listed(page) == _desa() - mapped
    # Only the kecamatan's own desa are drawn: the page does not carry the province's 1,159 polygons.
    assert len(page) < 200_000


def test_make_demo_imports_the_desa_boundaries() -> None:
    if not (SHARED_DATA / "sumbar_desa_kelurahan.geojson").is_file():
        pytest.skip(f"shared reference data not found: {SHARED_DATA}")
    dry = subprocess.run(["make", "-n", "demo"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    command = next(line for line in dry.splitlines() if " demo" in line and "cakupan" in line)
    assert "--boundaries ../shared/data/sumbar_desa_kelurahan.geojson" in command
    assert "--boundaries ../shared/data/sumbar_kecamatan.geojson" in command
