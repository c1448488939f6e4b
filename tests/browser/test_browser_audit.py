"""The audit log in a real Chromium on a 1366 px laptop screen: long values wrap, the table never scrolls
sideways, and changes read as a list in Bahasa Indonesia (issue 18, point 9)."""

from __future__ import annotations

import pytest

from browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, login

pytestmark = pytest.mark.browser


def test_the_audit_log_fits_a_laptop_screen(demo: tuple[str, dict[str, str]]) -> None:
    from playwright.sync_api import sync_playwright

    base_url, _ = demo
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="id-ID", viewport={"width": 1366, "height": 768})
        login(page, base_url, "auditor", "demo-auditor-ganti")
        # An export whose recorded query is one long word: it must wrap, not widen the table.
        page.goto(base_url + "/audit/?pengguna=" + "x" * 300)
        with page.expect_download():
            page.locator("a[href^='/audit/ekspor/']").click()
        page.goto(base_url + "/audit/?aksi=export")
        cell = page.locator("#audit-table tbody tr").first
        assert "Peristiwa audit" in cell.inner_text()
        assert cell.locator("ul.changes li").count() >= 2  # one line per recorded value
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        page.screenshot(path=str(ARTIFACTS / "audit-1366.png"), full_page=True)
        assert widths[0] <= widths[1]
        browser.close()
