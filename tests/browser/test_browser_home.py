"""A real Chromium logs in to a real server on a real demo database and reads a UCJ figure off the home page.

Runs when Debian's chromium is installed (CAKUPAN_REQUIRE_BROWSER=1 makes its absence a failure, as in CI).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, CLI

pytestmark = pytest.mark.browser


def test_login_and_read_province_figure(demo: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    base_url, env = demo
    cli = subprocess.run(
        [*CLI, "coverage", "--region", "13", "--format", "json"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    expected = json.loads(cli.stdout)
    assert expected["ucj_percent"] is not None and 0 < expected["ucj_percent"] < 100

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="id-ID")
        page.goto(base_url + "/")
        assert "/masuk/" in page.url
        page.get_by_label("Nama pengguna").fill("pemda")
        page.get_by_label("Kata sandi").fill("demo-pemda-ganti")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url("**/wilayah/13/")

        shown = page.locator("#ucj-percent").inner_text()
        assert shown == f"{expected['ucj_percent']:.2f}".replace(".", ",")
        assert page.locator("#children-table tbody tr").count() == 19
        # The stylesheet is served locally (no CDN) and applied.
        header = page.locator("header.top").evaluate("e => getComputedStyle(e).backgroundColor")
        assert header == "rgb(11, 110, 79)"
        page.screenshot(path=str(tmp_path / "beranda.png"), full_page=True)

        page.locator("#children-table").get_by_role("link", name="Kabupaten Solok", exact=True).click()
        page.wait_for_url("**/wilayah/13.02/**")
        assert page.locator("h1").inner_text().startswith("Kabupaten Solok")
        assert page.locator("#children-table tbody tr").count() > 0
        browser.close()
