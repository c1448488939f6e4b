"""The optimiser page with an APB Nagari and the APBD (issue 18 point 12): the nagari's own money pays for its
own workers first, the APBD the rest, and the page states the rule and how each stage ended."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cakupan.web.enrolment.services import funding_source_save, scheme_save
from cakupan.web.registry.models import Region
from enrolment_world import SOLOK, World, world_create

pytestmark = pytest.mark.django_db

YEAR = 16_800 * 12  # one worker, twelve months, paid by the APBD (no PP 50/2025 discount)
# The same farmer paid by the APB Nagari from January 2026: 3 × 16,800 + 9 × 8,400 (PP 50/2025 from April 2026)
NAGARI_YEAR = 126_000


@pytest.fixture
def world(sumbar_regions: None) -> World:
    return world_create(workers=6, budget=NAGARI_YEAR * 4)  # the nagari pays for 4 of its 6


def test_the_nagari_budget_pays_for_its_own_before_the_apbd_and_the_page_says_so(world: World) -> None:
    apbd = funding_source_save(
        values={
            "region": Region.objects.get(code=SOLOK),
            "kind": "apbd_kabkota",
            "name": "APBD Kab. Solok 2026",
            "fiscal_year": 2026,
            "budget": YEAR * 10,  # could pay for all 6 alone
            "months": 12,
            "earmark_regions": "",
            "earmark_sectors": "",
            "earmark_occupations": "",
            "earmark_max_decile": None,
            "legal_basis": "DPA Disnaker 2026",
        },
        by=world.maker,
    )
    values = {
        field.name: getattr(world.scheme, field.name)
        for field in world.scheme._meta.concrete_fields
        if field.name not in {"id", "region", "created_by", "created_at", "updated_at", "name"}
    }
    scheme = scheme_save(
        values=values | {"region": Region.objects.get(code=SOLOK), "name": "Pekerja rentan Kab. Solok 2026"},
        sources=[apbd, world.source],
        by=world.maker,
    )
    client = Client()
    client.force_login(world.maker)
    assert client.post(reverse("enrolment:scheme-run", args=[scheme.pk])).status_code == 302

    optimum = scheme.runs.get().summary["optimum"]
    persons = {row["key"]: row["persons"] for row in optimum["sources"]}
    assert persons == {str(world.source.pk): 4, str(apbd.pk): 2}
    assert [(s["name"], s["proven_optimal"]) for s in optimum["stages"]] == [
        ("primary", True),
        ("earmarks", True),
    ]
    assert optimum["stages"][1]["objective"] == 4 * NAGARI_YEAR

    page = client.get(reverse("enrolment:scheme", args=[scheme.pk])).content.decode()
    assert "dana yang diperuntukkan (seperti APB Nagari untuk nagarinya sendiri) dipakai lebih dulu" in page
    assert "Tahap 1 (pekerja dan prioritas): optimal terbukti." in page
    assert "Tahap 2 (dana yang diperuntukkan lebih dulu): optimal terbukti." in page


def test_the_rule_is_on_the_page_before_any_run(world: World) -> None:
    client = Client()
    client.force_login(world.maker)
    page = client.get(reverse("enrolment:scheme", args=[world.scheme.pk])).content.decode()
    assert "Aturan: pertama, sebanyak mungkin bulan perlindungan berbobot prioritas" in page
