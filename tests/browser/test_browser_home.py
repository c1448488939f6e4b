"""A real Chromium logs in to a real server on a real demo database and reads a UCJ figure off the home page.

Runs when Debian's chromium is installed (CAKUPAN_REQUIRE_BROWSER=1 makes its absence a failure, as in CI).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CLI = [sys.executable, "-m", "cakupan.cli"]

if CHROMIUM is None:
    if os.environ.get("CAKUPAN_REQUIRE_BROWSER") == "1":
        raise RuntimeError("CAKUPAN_REQUIRE_BROWSER=1 but Debian's chromium is not installed")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    data_dir = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "CAKUPAN_DATA_DIR": str(data_dir), "DATABASE_URL": ""}
    subprocess.run([*CLI, "demo", "--no-serve", "--scale", "0.002"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")
        yield f"http://127.0.0.1:{port}", env
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_login_and_read_province_figure(demo_server: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    base_url, env = demo_server
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

        page.get_by_role("link", name="Kabupaten Solok", exact=True).click()
        page.wait_for_url("**/wilayah/13.02/**")
        assert page.locator("h1").inner_text().startswith("Kabupaten Solok")
        assert page.locator("#children-table tbody tr").count() > 0
        browser.close()
