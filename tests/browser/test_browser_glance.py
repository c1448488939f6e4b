"""The province page at a glance (issue 18, point 11) in a real Chromium at 1366x768: without scrolling, a Pemda
head sees UCJ with its numerator and denominator, the target and the gap, the change since last month, the best
and worst kab/kota and the cost of non-coverage, with the notes that give their sources; the details are below,
in sections that open and close. The screenshot goes to var/test-artifacts/."""

from __future__ import annotations

import pytest

from browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, login, submit

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 1366, 768
DECISIVE = (
    "#ucj-percent",
    "#ucj-numerator",
    "#ucj-denominator",
    "#glance-target-value",
    "#glance-gap",
    "#glance-change-participants",
    "#glance-change-points",
    "#glance-best",
    "#glance-worst",
    "#glance-cost",
    "#glance-sources",
)


def test_the_decisive_figures_are_above_the_fold(demo: tuple[str, dict[str, str]]) -> None:
    from playwright.sync_api import sync_playwright

    base_url, _ = demo
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="id-ID", viewport={"width": WIDTH, "height": HEIGHT})
        login(page, base_url, "pemda", "demo-pemda-ganti")
        page.goto(base_url + "/target/baru/")
        page.get_by_label("Kode wilayah").fill("13")
        page.get_by_label("Nilai awal (%)").fill("20")
        page.get_by_label("Tanggal nilai awal").fill("2024-06-30")
        page.get_by_label("Target (%)").fill("45")
        page.get_by_label("Tanggal target").fill("2029-12-31")
        page.get_by_label("Dokumen sumber").fill("RPJMD Provinsi Sumatera Barat 2025–2029")
        submit(page, page.get_by_role("button", name="Simpan"))

        page.goto(base_url + "/wilayah/13/")
        assert page.evaluate("window.scrollY") == 0
        for selector in DECISIVE:
            element = page.locator(selector)
            assert element.count() == 1, f"{selector} is not on the page"
            assert element.is_visible(), selector
            box = element.bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT, (selector, box)
        assert "RPJMD Provinsi Sumatera Barat" in page.locator("#note-target").inner_text()
        page.screenshot(path=str(ARTIFACTS / "cakupan-glance-1366x768.png"))

        # The details are below, closed but one click away; the page is a few screens, not eight.
        assert page.evaluate("document.documentElement.scrollHeight") < 5 * HEIGHT
        trend = page.locator("details#trend")
        assert trend.get_attribute("open") is None
        trend.locator("summary").click()
        assert page.locator("#trend-table").is_visible()
        browser.close()
