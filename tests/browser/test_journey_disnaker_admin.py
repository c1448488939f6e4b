"""Journey 2 of issue 18, in a real Chromium: the Disnaker admin of Kota Padang Panjang prepares a Rapat Kepatuhan.

She imports DPMPTSP's OSS export of the city's businesses (its own headers, one NIB that lost a digit), reads the
employers by sector (without BPJSTK's data every one of them is PWBD), sees the city's BPJSTK officer issue the
first warning letters that are due (PP 86/2013 gives them to BPJS), prepares the meeting and its packet, records a finding and the actions agreed with their owners and due
dates, and opens the next meeting, which starts from those actions. Files from tests/journey_files.py;
screenshots for docs/panduan.md through tests/journey_support.py.

Importing BPJSTK's employer data as a file of its own (issue 18 point 4) is written in
``expected_bpjstk_employer_data``, not yet called.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journey_files import CITY, EMPLOYERS, bpjstk_employers_csv, oss_employers_workbook
from journey_support import Screens, chromium_page, journey_server, sign_in

pytestmark = pytest.mark.browser
LETTERS_ON = "2026-02-02"
MEETING_ON = "2026-02-23"
NEXT_MEETING_ON = "2026-05-25"
TITLE = "Rapat Kepatuhan Padang Panjang Triwulan I 2026"
# Employers, compliant, PWBD, PDS of the whole city once both files are in, and the first warnings due (every
# employer but the compliant one).
TOTALS = (8, 1, 5, 2)
LETTERS = 7
ACTIONS = [  # what was agreed, who does it, by when
    ("Kunjungan ke 8 pemberi kerja PWBD bersama BPJSTK", "BPJSTK Cabang Padang", "2026-03-31"),
    ("Syarat kepesertaan BPJSTK di perpanjangan izin usaha", "DPMPTSP Kota Padang Panjang", "2026-04-30"),
]


@pytest.fixture(scope="module")
def served(
    journey_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    with journey_server(journey_template, tmp_path_factory.mktemp("journey-disnaker-admin")) as served:
        yield served


def _cells(row: Any) -> list[str]:
    return [str(text).strip() for text in row.locator("td").all_inner_texts()]


def _submit(page: Any, button: Any) -> None:
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state()


def _import(page: Any, base_url: str, source: str, path: Path) -> None:
    page.goto(base_url + "/impor/unggah/")
    page.get_by_label("Jenis data").select_option(source)
    page.get_by_label("Berkas (CSV atau XLSX)").set_input_files(str(path))
    page.locator("#upload-button").click()
    page.wait_for_selector("#counts", timeout=60_000)


def step_import_oss(page: Any, base_url: str, folder: Path, screens: Screens) -> None:
    workbook = folder / "OSS Padang Panjang 2026.xlsx"
    valid = oss_employers_workbook(workbook)
    _import(page, base_url, "employers", workbook)
    assert page.locator("#count-valid").inner_text() == str(valid)
    assert page.locator("#count-rejected").inner_text() == "1"
    assert "137400000009" in page.locator("#problem-table").inner_text()
    screens.shot(page, "j2-01-impor-oss")
    page.locator("#commit-button").click()
    page.wait_for_url(re.compile(r".*/impor/riwayat/\d+/$"), timeout=120_000)
    assert int(page.locator("#batch-created").inner_text()) == valid


def step_employers_by_sector(page: Any, base_url: str, screens: Screens) -> None:
    """From the city's coverage page to its employers: by sector, every one PWBD without BPJSTK's data."""
    page.goto(f"{base_url}/wilayah/{CITY}/")
    page.get_by_role("link", name="Kepatuhan pemberi kerja").click()
    page.wait_for_url(f"**/kepatuhan/pemberi-kerja/{CITY}/")
    sectors = page.locator("#employer-sectors tbody tr")
    everyone = _cells(sectors.first)
    assert everyone[1:5] == [str(n) for n in TOTALS], everyone
    assert sectors.count() > 2  # all sectors, then one row per KBLI section
    assert page.locator("#employer-table tbody tr").count() == len(EMPLOYERS)
    screens.shot(page, "j2-02-pemberi-kerja-per-sektor")


def step_issue_letters(page: Any, base_url: str, screens: Screens) -> None:
    """The Pemda is offered no PP 86/2013 letter (issue 19, point 8): the city's BPJS Ketenagakerjaan officer sends
    the first written warning to every PWBD employer, in one go; then the Disnaker admin signs in again."""
    assert page.locator("#letters-due").count() == 0
    sign_in(page, base_url, "bpjstk-padpan")
    page.goto(f"{base_url}/kepatuhan/pemberi-kerja/{CITY}/")
    page.locator("#letters-due summary").click()
    page.locator("#letters-due input[name=issued_on]").fill(LETTERS_ON)
    _submit(page, page.locator("#letters-due-submit"))
    page.goto(f"{base_url}/kepatuhan/surat/")
    letters = page.locator("#letter-table tbody tr")
    assert letters.count() == LETTERS
    assert "SP1" in letters.first.inner_text()
    screens.shot(page, "j2-03-surat-teguran")
    sign_in(page, base_url, "disnaker-padpan")


def step_meeting_packet(page: Any, base_url: str, screens: Screens) -> str:
    page.locator("header nav.menu").get_by_role("link", name="Kepatuhan", exact=True).click()
    page.wait_for_url("**/kepatuhan/rapat/")
    page.locator("summary", has_text="Siapkan rapat").click()
    page.locator("#id_region").fill(CITY)
    page.locator("#id_held_on").fill(MEETING_ON)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_place").fill("Balai Kota Padang Panjang")
    _submit(page, page.locator("#meeting-create"))
    page.wait_for_url("**/kepatuhan/rapat/*/")
    meeting_url = str(page.url)
    everyone = _cells(page.locator("#packet-employers tbody tr").first)
    assert everyone[1:5] == [str(n) for n in TOTALS], everyone
    assert str(LETTERS) in page.locator("#packet-letters").inner_text()
    screens.shot(page, "j2-04-paket-rapat")

    page.locator("#id_topic").select_option("employers")
    page.locator("#id_text").fill(f"{TOTALS[2]} pemberi kerja di OSS belum terdaftar di BPJSTK (PWBD).")
    _submit(page, page.locator("#finding-add"))
    for description, owner, due in ACTIONS:
        page.locator("#id_description").fill(description)
        page.locator("#id_owner").fill(owner)
        page.locator("#id_due_date").fill(due)
        page.locator("#id_finding").select_option(index=1)
        _submit(page, page.locator("#action-add"))
        page.wait_for_url(meeting_url)
    agreed = page.locator("#actions .action-row")
    assert agreed.count() == len(ACTIONS)
    for description, owner, _due in ACTIONS:
        assert description in agreed.all_inner_texts()[[d for d, _o, _u in ACTIONS].index(description)]
        assert owner in page.locator("#actions").inner_text()
    screens.shot(page, "j2-05-temuan-tindak-lanjut", locator=page.locator("#findings"))
    return meeting_url


def step_next_meeting(page: Any, screens: Screens) -> None:
    page.goto(page.url.split("/kepatuhan/")[0] + "/kepatuhan/rapat/")
    page.locator("summary", has_text="Siapkan rapat").click()
    page.locator("#id_region").fill(CITY)
    page.locator("#id_held_on").fill(NEXT_MEETING_ON)
    page.locator("#id_title").fill("Rapat Kepatuhan Padang Panjang Triwulan II 2026")
    page.locator("#id_place").fill("Kantor Disnaker Kota Padang Panjang")
    _submit(page, page.locator("#meeting-create"))
    page.wait_for_url("**/kepatuhan/rapat/*/")
    previous = page.locator("#previous-actions")
    assert TITLE in previous.inner_text()
    carried = previous.locator(".action-row")
    assert carried.count() == len(ACTIONS)
    assert carried.locator(".late").count() == len(ACTIONS)  # both due before 25 May and still open
    screens.shot(page, "j2-06-rapat-berikutnya", locator=previous)


def step_import_bpjstk_employers(page: Any, base_url: str, folder: Path) -> None:
    """BPJSTK's employer data as a file of its own, after the OSS list (issue 18 point 4): it meets the OSS
    employers on NIB/NPP, so 1 employer is compliant, 2 are PDS (one short of workers and programmes, one below
    the minimum wage) and 5 stay PWBD."""
    path = folder / "data_pemberi_kerja_bpjstk.csv"
    bpjstk_employers_csv(path)
    page.goto(base_url + "/impor/unggah/")
    options = page.get_by_label("Jenis data").locator("option").all_inner_texts()
    assert any("BPJS" in option and "pemberi kerja" in option.lower() for option in options), options
    page.get_by_label("Jenis data").select_option(
        label=next(o for o in options if "BPJS" in o and "pemberi" in o.lower())
    )
    page.get_by_label("Berkas (CSV atau XLSX)").set_input_files(str(path))
    page.locator("#upload-button").click()
    page.wait_for_selector("#counts", timeout=60_000)
    assert page.locator("#count-rejected").inner_text() == "0"
    page.locator("#commit-button").click()
    page.wait_for_url(re.compile(r".*/impor/riwayat/\d+/$"), timeout=120_000)
    page.goto(f"{base_url}/kepatuhan/pemberi-kerja/{CITY}/")
    everyone = _cells(page.locator("#employer-sectors tbody tr").first)
    assert everyone[1:5] == ["8", "1", "5", "2"], everyone


def step_lands_on_her_city(page: Any) -> None:
    """Right after signing in, the admin of Kota Padang Panjang is on her city's page, not the province's
    (issue 18 point 7)."""
    assert page.url.endswith(f"/wilayah/{CITY}/"), page.url


def test_kota_disnaker_admin_prepares_a_rapat_kepatuhan(
    served: tuple[str, dict[str, str]], tmp_path: Path, screens: Screens
) -> None:
    base_url, _env = served
    with chromium_page() as page:
        sign_in(page, base_url, "disnaker-padpan")
        step_lands_on_her_city(page)
        step_import_oss(page, base_url, tmp_path, screens)
        step_import_bpjstk_employers(page, base_url, tmp_path)
        step_employers_by_sector(page, base_url, screens)
        step_issue_letters(page, base_url, screens)
        step_meeting_packet(page, base_url, screens)
        step_next_meeting(page, screens)
