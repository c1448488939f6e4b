"""The region page's first screen (issue 18, point 11): UCJ with its numerator and denominator, target and gap,
the change since last month, the best and worst child region and the cost of non-coverage, each figure computed
here again from the coverage facts, the published labour force, the target and the claims; the sources stated
once per table instead of in every row."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from cakupan.claims import EventKind
from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.benefits.models import Claim
from cakupan.web.imports.services import import_batch_create
from cakupan.web.indicators.models import CoverageFact, LabourForceStat
from cakupan.web.registry.models import Person, Region
from cakupan.web.targets.services import target_create
from factories import membership_row, person_row, write_labour_force, write_memberships, write_persons

pytestmark = pytest.mark.django_db
SOURCE = "BPS Uji Sakernas Agustus"
JUNE, MAY = dt.date(2025, 6, 1), dt.date(2025, 5, 1)
# Kab/kota -> (members since January, joined in June, left in mid-June, labour force)
PEOPLE = {"13.02": (3, 2, 0, 40), "13.71": (4, 0, 1, 20), "13.12": (2, 0, 0, 8), "13.05": (1, 0, 0, None)}


def _desa(kabkota: str) -> str:
    return (
        Region.objects.filter(level=4, code__startswith=kabkota + ".")
        .order_by("code")
        .values_list("code", flat=True)[0]
    )


@pytest.fixture
def client(sumbar_regions: None, tmp_path: Path) -> Client:
    persons, memberships, labour = [], [], []
    serial = 0
    for kabkota, (steady, joined, left, workforce) in PEOPLE.items():
        desa = _desa(kabkota)
        for start, end in (
            [("2025-01-01", "")] * steady
            + [("2025-06-01", "")] * joined
            + [("2025-01-01", "2025-06-15")] * left
        ):
            serial += 1
            row = person_row(kecamatan=desa[:8], desa=desa, serial=serial)
            persons.append(row)
            memberships.append(membership_row(nik=row["nik"], start=start, end=end))
        if workforce is not None:
            labour.append(_labour(kabkota, workforce))
    labour.append(_labour("13", 100))
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", persons))
    import_batch_create(source="memberships", path=write_memberships(tmp_path / "m.csv", memberships))
    import_batch_create(source="labour-force", path=write_labour_force(tmp_path / "lf.csv", labour))
    province = Region.objects.get(code="13")
    target_create(region=province, baseline_value=Decimal("5.00"), baseline_date=dt.date(2024, 6, 30),
                  target_value=Decimal("30.50"), target_date=dt.date(2029, 12, 31),
                  source_document="RPJMD Sumatera Barat 2025-2029")  # fmt: skip
    unprotected = Person.objects.filter(region_id=_desa("13.05")).first()
    assert unprotected is not None
    for kind, forgone in ((EventKind.DEATH, 42_000_000), (EventKind.WORK_ACCIDENT, 5_000_000)):
        Claim.objects.create(person=unprotected, region_id=unprotected.region_id, kind=kind.value,
                             event_date=dt.date(2025, 4, 1), covered=False, forgone_total=forgone,
                             assessment={}, assessed_at=timezone.now())  # fmt: skip
    user = user_create(
        username="kadis", password="kata-sandi-uji-123", role=Role.PEMDA_ADMIN, region_codes=["13"]
    )
    web = Client()
    web.force_login(user)
    return web


def _labour(code: str, value: int) -> dict[str, str]:
    # Published for May, so May and June both have a UCJ %.
    return {"kode_wilayah": code, "periode": "2025-05", "jenis": "angkatan_kerja", "nilai": str(value),
            "sumber": SOURCE}  # fmt: skip


def _active(code: str, month: dt.date) -> int:
    facts = CoverageFact.objects.filter(
        indicator="ucj", group="", measure="numerator", period=month, region_code__startswith=code
    )
    return int(facts.aggregate(total=Sum("value"))["total"] or 0)


def _labour_force(code: str) -> int | None:
    return (
        LabourForceStat.objects.filter(region_id=code, kind="angkatan_kerja")
        .values_list("value", flat=True)
        .first()
    )


def _percent(active: int, denominator: int) -> Decimal:
    return (Decimal(active) * 100 / denominator).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _value(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*data-value="([^"]*)"', page)
    assert found, f"{element_id} is not on the page"
    return found.group(1)


def _code(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}" data-code="([^"]*)"', page)
    assert found, f"{element_id} is not on the page"
    return found.group(1)


def test_the_first_screen_leads_with_the_figures_that_decide(client: Client) -> None:
    page = client.get("/wilayah/13/").content.decode()
    first_screen = page[: page.index("<details")]  # everything below is a section that opens and closes
    for element in ("glance-ucj-percent", "glance-gap", "glance-change-participants", "glance-best",
                    "glance-worst", "glance-cost-deaths"):  # fmt: skip
        assert f'id="{element}"' in first_screen, element

    denominator = _labour_force("13")
    assert denominator is not None
    active, before = _active("13", JUNE), _active("13", MAY)
    ucj = _percent(active, denominator)
    assert Decimal(_value(page, "glance-ucj-percent")) == ucj
    assert re.search(rf'id="ucj-numerator">{active}<', page) and re.search(
        rf'id="ucj-denominator">{denominator}<', page
    )

    target = Decimal("30.50")
    assert Decimal(_value(page, "glance-target-value")) == target
    assert Decimal(_value(page, "glance-gap")) == target - ucj
    needed = int((target * denominator / 100).to_integral_value(rounding=ROUND_CEILING)) - active
    assert int(_value(page, "glance-to-target")) == needed > 0

    assert int(_value(page, "glance-change-participants")) == active - before
    assert Decimal(_value(page, "glance-change-points")) == ucj - _percent(before, denominator)
    assert active - before == 1  # two joined in Kab. Solok, one left Kota Padang

    percents = {}
    for code in PEOPLE:
        workforce = _labour_force(code)
        if workforce is not None:  # 13.05 has participants but no labour force: not ranked
            percents[code] = _percent(_active(code, JUNE), workforce)
    best = max(percents, key=lambda c: percents[c])
    worst = min(percents, key=lambda c: percents[c])
    assert (_code(page, "glance-best"), Decimal(_value(page, "glance-best"))) == (best, percents[best])
    assert (_code(page, "glance-worst"), Decimal(_value(page, "glance-worst"))) == (worst, percents[worst])
    assert best == "13.12" and worst == "13.02"  # 2 of 8 and 5 of 40

    lost = Claim.objects.filter(covered=False)
    deaths = lost.filter(kind=EventKind.DEATH.value).count()
    assert int(_value(page, "glance-cost-deaths")) == deaths == 1
    assert int(_value(page, "glance-cost-rupiah")) == sum(c.forgone_total for c in lost)

    # Each figure's source is a note right below the tiles.
    notes = page[page.index('id="glance-sources"') :]
    notes = notes[: notes.index("</ol>")]
    assert SOURCE in notes and "RPJMD Sumatera Barat 2025-2029" in notes
    for note in ("note-ucj", "note-target", "note-change", "note-children", "note-cost"):
        assert f'href="#{note}"' in first_screen and f'id="{note}"' in notes


def _table(page: str, table_id: str) -> str:
    start = page.index(f'id="{table_id}"')
    return page[start : page.index("</table>", start)]


def test_sources_are_stated_once_per_table_not_in_every_row(client: Client) -> None:
    page = client.get("/wilayah/13/").content.decode()
    children = _table(page, "children-table")
    assert children.count("<tr data-kode=") == 19
    assert SOURCE not in children  # was in each of the 3 rows with a denominator
    assert SOURCE not in _table(page, "indicator-table")
    # Once in the first screen's notes, once under the children's table, once under the indicators'.
    assert page.count(SOURCE) == 3


def test_a_level_without_a_denominator_or_children_says_so(client: Client) -> None:
    desa = _desa("13.05")
    page = client.get(f"/wilayah/{desa}/").content.decode()
    assert 'id="glance-rank"' not in page  # a desa has no lower level
    assert 'id="glance-ucj"' in page and "tidak ada penyebut" in page
    kecamatan = client.get(f"/wilayah/{desa[:8]}/").content.decode()
    assert 'id="glance-best"' not in kecamatan and "Kurang dari dua" in kecamatan  # desa have no labour force
