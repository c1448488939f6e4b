"""Warning letters in a real Chromium: a BPJSTK officer of Kota Padang Panjang (13.74) opens the employer compliance
list, follows the "Letters" link of an employer without NPP, issues the first written warning (its number, deadline
in working days and findings on the letter), is refused a second warning dated before the first has run out, issues
it a day later, edits the third step's template (an unknown field is refused and named) and downloads a letter as PDF. A
viewer of the city reads the letters but gets no form. Screenshots go to var/test-artifacts/."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, login, submit
from browser_support import indonesian as _t

pytestmark = pytest.mark.browser
CITY = "13.74"
PASSWORD = "kata-sandi-uji-123"


@pytest.fixture
def world(sumbar_regions: None) -> dict[str, Any]:
    from cakupan.core.access import Role
    from cakupan.web.accounts.services import user_create
    from cakupan.web.employers.models import Employer

    employer = Employer.objects.create(
        nib="1374000000001", name="CV Sate Mak Syukur", kbli="56101", region_id=CITY, workforce=12
    )
    user_create(username="bpjstk-padpan", password=PASSWORD, role=Role.BPJSTK_OFFICER, region_codes=[CITY])
    user_create(username="dprd-padpan", password=PASSWORD, role=Role.VIEWER, region_codes=[CITY])
    return {"employer": employer}


def _login(page: Any, base_url: str, username: str) -> None:
    login(page, base_url, username, PASSWORD)


def _issue(page: Any, issued_on: str) -> None:
    page.locator("#id_issued_on").fill(issued_on)
    submit(page, page.locator("#letter-issue"))


def test_first_and_second_warning_template_and_pdf(
    live_server: Any, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import sync_playwright

    from cakupan.web.compliance.models import Letter

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base_url = live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="id-ID", viewport={"width": 1280, "height": 900})
        _login(page, base_url, "bpjstk-padpan")

        # From the employer compliance list to the employer's letters.
        page.goto(f"{base_url}/kepatuhan/pemberi-kerja/{CITY}/")
        page.locator("#employer-table").get_by_role("link", name=_t("Letters")).click()
        page.wait_for_url("**/kepatuhan/surat/pemberi-kerja/*/")
        assert "PWBD" in page.locator("#employer-findings").inner_text()
        assert _t("First written warning") in page.locator("#next-step h2").inner_text()

        # The first written warning of 20 March 2025: ten working days, Idul Fitri skipped, due 7 April 2025.
        _issue(page, "2025-03-20")
        page.wait_for_url("**/kepatuhan/surat/*/")
        text = page.locator("#letter-text").inner_text()
        assert "Nomor: 001/SP1/13.74/III/2025" in text and "7 April 2025" in text
        assert "CV Sate Mak Syukur" in text and "PWBD" not in text  # the finding's reason, not its code
        page.screenshot(path=str(ARTIFACTS / "cakupan-surat-01-teguran-pertama.png"), full_page=True)
        with page.expect_download() as info:
            page.locator("#letter-pdf").click()
        assert info.value.suggested_filename == "surat-001-SP1-13.74-III-2025.pdf"
        with open(info.value.path(), "rb") as handle:
            assert handle.read().startswith(b"%PDF")

        # The second, dated while the first still ran, is refused with the first's deadline; a day later it is issued.
        page.goto(f"{base_url}/kepatuhan/surat/pemberi-kerja/{world['employer'].pk}/")
        assert _t("Second written warning") in page.locator("#next-step h2").inner_text()
        _issue(page, "2025-04-07")
        assert "2025-04-07" in page.locator("#letter-problem").inner_text()
        assert Letter.objects.count() == 1
        _issue(page, "2025-04-08")
        page.wait_for_url("**/kepatuhan/surat/*/")
        assert (
            "Nomor 001/SP1/13.74/III/2025 tanggal 20 Maret 2025" in page.locator("#letter-text").inner_text()
        )
        page.screenshot(path=str(ARTIFACTS / "cakupan-surat-02-teguran-kedua.png"), full_page=True)

        # The third step's template: an unknown field is refused and named; a good edit is saved.
        page.goto(f"{base_url}/kepatuhan/templat-surat/{CITY}/denda/")
        body = page.locator("#id_body")
        body.fill(body.input_value() + "\nHormat kami, {kepala_dinas}")
        submit(page, page.locator("#template-save"))
        assert "{kepala_dinas}" in page.locator("#template-problem").inner_text()
        page.locator("#id_number_format").fill("560/{urut}/DENDA/{tahun}")
        page.locator("#id_body").fill("Denda untuk {nama_pemberi_kerja}: {denda}.")
        submit(page, page.locator("#template-save"))
        page.wait_for_url(f"**/kepatuhan/templat-surat/{CITY}/")
        assert _t("edited by your office") in page.locator("#template-table").inner_text()
        browser.close()

        # A viewer of the city reads the letter but has no form.
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="id-ID", viewport={"width": 1280, "height": 900})
        _login(page, base_url, "dprd-padpan")
        page.goto(f"{base_url}/kepatuhan/surat/")
        assert "001/SP1/13.74/III/2025" in page.locator("#letter-table").inner_text()
        page.goto(f"{base_url}/kepatuhan/surat/pemberi-kerja/{world['employer'].pk}/")
        assert page.locator("#letter-form, #case-close, main form[method=post]").count() == 0
        browser.close()
    first, second = Letter.objects.order_by("issued_on")
    assert (first.issued_on, first.due_on) == (dt.date(2025, 3, 20), dt.date(2025, 4, 7))
    assert (second.number, second.due_on) == ("002/SP2/13.74/IV/2025", dt.date(2025, 4, 23))
