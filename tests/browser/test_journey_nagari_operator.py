"""Journey 3 of issue 18, in a real Chromium: the operator of Nagari Supayang reports two deaths.

SYAHRIAL CANIAGO, a BPU member since January 2022, leaves a widow and two children in school: the claim page
shows what the family is owed, scholarships included, and why; the operator ticks the documents received and
marks the claim complete. ANDRÉ PILIANG, a member since June 2023 (32 months), leaves a widow and a child in
school: the lump sums are due but no scholarship, and the page says why (less than 3 years of contributions).
The residents and their memberships come from the nagari's and BPJSTK's own files (tests/journey_files.py),
imported before the journey; screenshots for docs/panduan.md through tests/journey_support.py.

What the operator should read at each step about what happens next and who does it (issue 18 point 8) is
written in ``expected_next_steps``, not yet called.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journey_files import DEATH, LONG_MEMBER, SHORT_MEMBER, Resident
from journey_support import Screens, chromium_page, journey_server, sign_in

pytestmark = pytest.mark.browser
LONG_HEIRS = [  # name, relation, birth date, school level
    ("NURHAYATI", "spouse", "", ""),
    ("RAFI CANIAGO", "child", "2015-08-17", "SD"),
    ("SALSABILA CANIAGO", "child", "2010-02-01", "SMP"),
]
SHORT_HEIRS = [("YELFI ROSA", "spouse", "", ""), ("AQILA PILIANG", "child", "2017-11-05", "SD")]


@pytest.fixture(scope="module")
def served(
    journey_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    with journey_server(journey_template, tmp_path_factory.mktemp("journey-nagari-operator")) as served:
        yield served


def _report(page: Any, base_url: str, worker: Resident, heirs: list[tuple[str, str, str, str]]) -> None:
    """Fill the event report (a death) with the heirs, as the family told them at the nagari office."""
    page.goto(base_url + "/manfaat/lapor/")
    page.locator("#id_nik").fill(worker.nik)
    page.locator("#id_kind").select_option("death")
    page.locator("#id_event_date").fill(DEATH.isoformat())
    for row, (name, relation, born, level) in enumerate(heirs):
        page.locator(f"#id_ahli-{row}-name").fill(name)
        page.locator(f"#id_ahli-{row}-relation").select_option(relation)
        if born:
            page.locator(f"#id_ahli-{row}-birth_date").fill(born)
        if level:
            page.locator(f"#id_ahli-{row}-school_level").select_option(level)


def _send(page: Any) -> None:
    page.locator("#report-submit").click()
    page.wait_for_url("**/manfaat/klaim/*/")


def step_death_with_scholarships(page: Any, base_url: str, screens: Screens) -> str:
    page.locator("header nav.menu").get_by_role("link", name="Manfaat", exact=True).click()
    page.wait_for_url("**/manfaat/")
    page.get_by_role("link", name="Laporkan peristiwa", exact=True).click()
    page.wait_for_url("**/manfaat/lapor/")
    _report(page, base_url, LONG_MEMBER, LONG_HEIRS)
    screens.shot(page, "j3-01-lapor-kematian")
    _send(page)
    claim_url = str(page.url)
    assert page.locator("#claim-state").inner_text() == "Dilaporkan"
    assert page.locator("#due-total").inner_text() == "42.000.000"
    scholarship = int(page.locator("#scholarship-per-year").inner_text().replace(".", ""))
    assert scholarship > 0
    assert f"Aktif pada {DEATH.isoformat()}" in page.locator("#reasons").inner_text()
    heirs = page.locator("#heirs").inner_text()
    assert "beasiswa SD" in heirs and "beasiswa SMP" in heirs
    screens.shot(page, "j3-02-klaim-dengan-beasiswa", locator=page.locator("#decision"))

    boxes = page.locator("#documents input[name=dokumen]")
    for k in range(boxes.count()):
        boxes.nth(k).check()
    page.locator("#save-documents").click()
    page.wait_for_url(claim_url)
    page.locator("#action-complete").click()
    page.wait_for_url(claim_url)
    assert page.locator("#claim-state").inner_text() == "Dokumen lengkap"
    # Submitting to BPJSTK and recording the payment are BPJSTK's steps: the operator has no button for them.
    assert page.locator("#action-submit").count() == 0 and page.locator("#action-pay").count() == 0
    screens.shot(page, "j3-03-dokumen-lengkap")
    return claim_url


def step_death_without_scholarship(page: Any, base_url: str, screens: Screens) -> str:
    _report(page, base_url, SHORT_MEMBER, SHORT_HEIRS)
    _send(page)
    claim_url = str(page.url)
    assert page.locator("#due-total").inner_text() == "42.000.000"
    assert page.locator("#scholarship-per-year").inner_text() == "0"
    reasons = page.locator("#reasons").inner_text()
    assert "kurang dari 3 tahun" in reasons, reasons
    screens.shot(page, "j3-04-klaim-tanpa-beasiswa", locator=page.locator("#decision"))

    # "Complete" with no document yet: the missing documents are named and the claim stays reported.
    page.locator("#action-complete").click()
    problem = page.locator("#claim-problem").inner_text()
    assert "Dokumen belum lengkap" in problem
    assert page.locator("#claim-state").inner_text() == "Dilaporkan"
    return claim_url


def step_header_on_one_line(page: Any) -> None:
    """Her short menu sits on its own line; her name and "Keluar" stay beside the brand, not on a line alone."""
    brand = page.locator("header.top .brand").bounding_box()
    logout = page.locator("header.top .logout").bounding_box()
    assert brand is not None and logout is not None
    assert abs((brand["y"] + brand["height"] / 2) - (logout["y"] + logout["height"] / 2)) < 12, (
        brand,
        logout,
    )


def step_next_steps(page: Any, claim_urls: list[str]) -> None:
    """On each claim page the operator reads what happens next and who does it (issue 18 point 8): the claim
    whose documents are complete waits for a step she cannot take, and the page names who takes it; the claim
    still missing documents is her own step, so the page shows her checklist and no note about others."""
    complete, reported = claim_urls
    page.goto(complete)
    note = page.locator("#next-step-note").inner_text()
    assert "BPJS" in note and "Yang dapat melakukannya" in note, note
    page.goto(reported)
    assert page.locator("#next-step-note").count() == 0
    assert page.locator("#action-complete").is_visible()


def test_nagari_operator_reports_deaths(served: tuple[str, dict[str, str]], screens: Screens) -> None:
    base_url, _env = served
    with chromium_page() as page:
        sign_in(page, base_url, "wali-supayang")
        step_header_on_one_line(page)
        claims = [
            step_death_with_scholarships(page, base_url, screens),
            step_death_without_scholarship(page, base_url, screens),
        ]
        step_next_steps(page, claims)
