"""What the three journey tests (tests/browser/test_journey_*.py, issue 18) share: a small database of their own
served by `cakupan serve`, users made for them, screenshots the user guide shows, and a login that lands
wherever the user's home page is.

*The database.* Built once per test run: `cakupan migrate`, `cakupan regions` (West Sumatra) and the users of
``USERS``; every person, membership and denominator comes from the journeys' own messy files
(tests/journey_files.py), imported in the browser, or with `cakupan import` here for data a journey only reads.

*Screenshots.* ``Screens.shot`` writes a PNG of the viewport (1366 x 768) to var/test-artifacts/journeys/ on
every run; with ``pytest --update-screenshots`` it also overwrites docs/img/journeys/, the images
docs/panduan.md shows. tests/docs/test_journey_screenshots.py checks that the guide and the tests name the same
images and that each committed image exists and stays small.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, CLI, REPO, _demo_env, demo_server

PASSWORD = "kata-sandi-uji-123"
DOCS_IMAGES = REPO / "docs" / "img" / "journeys"
SHOTS = ARTIFACTS / "journeys"
VIEWPORT = {"width": 1366, "height": 768}
MAX_IMAGE_BYTES = 200_000
# The coverage facts end on this day (after the journeys' scheme starts its cover on 2026-01-01): the journeys do
# not depend on the day they run.
AS_OF = "2026-03-31"

# username, role, regions
USERS = (
    ("data-solok", "pemda_admin", ["13.02"]),  # the data officer of Disnaker Kabupaten Solok (the maker)
    ("kadis-solok", "pemda_admin", ["13.02"]),  # the head of the office: approves what data-solok makes
    ("disnaker-padpan", "pemda_admin", ["13.74"]),  # the Disnaker admin of Kota Padang Panjang
    ("bpjstk-padpan", "bpjstk_officer", ["13.74"]),  # the BPJS Ketenagakerjaan officer of Kota Padang Panjang
    ("wali-supayang", "region_operator", ["13.02.05.2001"]),  # the operator of Nagari Supayang
)

# One process: the Django start-up is paid once. The CLI's commands run in it as `cakupan ...` would run them.
_BUILD = """
import json, sys
from cakupan.cli import main
main(["migrate"], standalone_mode=False)
main(["regions"], standalone_mode=False)
from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
users, password, imports = json.loads(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
for username, role, regions in users:
    user_create(username=username, password=password, role=Role(role), region_codes=regions)
for source, path in imports:
    main(["import", source, path], standalone_mode=False)
"""


def journey_build(data_dir: Path) -> None:
    """The journeys' database in ``data_dir``: schema, West Sumatra's regions, ``USERS``, and the data the
    journeys read without importing it themselves (``journey_files.read_only_files``)."""
    from journey_files import read_only_files

    files = data_dir.parent / f"{data_dir.name}-files"
    files.mkdir(parents=True, exist_ok=True)
    imports = [(source, str(path)) for source, path in read_only_files(files)]
    arguments = [json.dumps(USERS), PASSWORD, json.dumps(imports)]
    subprocess.run(
        [CLI[0], "-c", _BUILD, *arguments],
        env=_demo_env(data_dir, CAKUPAN_COVERAGE_AS_OF=AS_OF),
        check=True,
        capture_output=True,
    )


@contextmanager
def journey_server(template: Path, data_dir: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """Serve a copy of the journeys' database (with its task worker), as the browser tests serve the demo."""
    with demo_server(template, data_dir, CAKUPAN_COVERAGE_AS_OF=AS_OF) as served:
        yield served


@contextmanager
def chromium_page() -> Iterator[Any]:
    """An Indonesian Chromium page of the screenshots' size that accepts downloads."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="id-ID", viewport=VIEWPORT, accept_downloads=True)
            page.set_default_timeout(60_000)  # a shared CI machine may answer slowly; no step is timed
            yield page
        finally:
            browser.close()


def sign_in(page: Any, base_url: str, username: str) -> None:
    """Sign in through the login form (an earlier user's cookies cleared) and wait for the home page."""
    page.context.clear_cookies()
    page.goto(base_url + "/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r".*/wilayah/[0-9.]+/$"))


def main_text(page: Any) -> str:
    return str(page.locator("main").inner_text())


class Screens:
    """The screenshots of one journey: ``shot(page, name)`` keeps ``name``.png (see the module docstring)."""

    def __init__(self, update_docs: bool) -> None:
        self.update_docs = update_docs
        SHOTS.mkdir(parents=True, exist_ok=True)

    def shot(self, page: Any, name: str, *, locator: Any = None) -> None:
        """The viewport (scrolled first to put ``locator``, when given, at its top) as a small PNG."""
        from PIL import Image

        page.evaluate("document.activeElement && document.activeElement.blur()")  # no caret or focus ring
        if locator is not None:  # the element at the top of the viewport, a little space above it
            locator.evaluate("e => { e.scrollIntoView({block: 'start'}); window.scrollBy(0, -16); }")
        raw = page.screenshot(full_page=False)
        image = Image.open(io.BytesIO(raw)).convert("RGB")
        # A 128-colour palette: sharp text at a tenth of the size of the browser's own PNG.
        small = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        target = SHOTS / f"{name}.png"
        small.save(target, optimize=True)
        if self.update_docs:
            DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target, DOCS_IMAGES / target.name)
