"""What the real-browser tests share: Debian's chromium, and a demo database served by `cakupan serve`.

Importing this module skips the calling test module when chromium is absent, unless CAKUPAN_REQUIRE_BROWSER=1
(as in CI), which makes the absence a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import polib
import pytest

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
REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "var" / "test-artifacts"
CATALOGUE = REPO / "src" / "cakupan" / "web" / "locale" / "id" / "LC_MESSAGES" / "django.po"


@cache
def _catalogue() -> dict[str, str]:
    return {
        (f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid): e.msgstr
        for e in polib.pofile(str(CATALOGUE))
        if e.msgstr and not e.obsolete
    }


def login(page: Any, base_url: str, username: str, password: str) -> None:
    """Sign in through the login form (cookies of an earlier user cleared) and wait for the user's own landing
    page: their region's page, or the list of their regions (``/wilayah-saya/``) when they have several."""
    page.context.clear_cookies()
    page.goto(base_url + "/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/wilayah/" in url or "/wilayah-saya/" in url)


def submit(page: Any, button: Any) -> None:
    """Click a form's button and wait for the page the POST answers with (a redirect or the form again)."""
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state()


def indonesian(msgid: str, context: str = "") -> str:
    """What the Indonesian page shows for an English message id (the msgid itself while it is untranslated)."""
    return _catalogue().get(f"{context}\x04{msgid}" if context else msgid, msgid)


if CHROMIUM is None:
    if os.environ.get("CAKUPAN_REQUIRE_BROWSER") == "1":
        raise RuntimeError("CAKUPAN_REQUIRE_BROWSER=1 but Debian's chromium is not installed")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _demo_env(data_dir: Path, **extra_env: str) -> dict[str, str]:
    # As a user's `cakupan demo` runs: no pinned day, the facts end in the latest month with data (the synthetic
    # data's June 2025 until someone enrols workers with a later start).
    env = {**os.environ, "CAKUPAN_DATA_DIR": str(data_dir), "DATABASE_URL": "", **extra_env}
    if "CAKUPAN_COVERAGE_AS_OF" not in extra_env:
        env.pop("CAKUPAN_COVERAGE_AS_OF", None)
    return env


def demo_build(data_dir: Path) -> None:
    """A small demo database (`cakupan demo --no-serve --scale 0.002`) in ``data_dir``."""
    command = [*CLI, "demo", "--no-serve", "--scale", "0.002"]
    subprocess.run(command, env=_demo_env(data_dir), check=True, capture_output=True)


@contextmanager
def demo_server(template: Path, data_dir: Path, **extra_env: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Serve a copy of the demo ``template`` (``demo_template`` fixture) from ``data_dir`` with its task worker on
    a free port: every module gets a demo of its own, built once per session."""
    env = _demo_env(data_dir, **extra_env)
    shutil.copytree(template, data_dir, dirs_exist_ok=True)
    port = _free_port()
    # The server's output goes to a file (a pipe nobody reads would block it once full), kept for a failure.
    with (data_dir / "server.log").open("wb") as log:
        process = subprocess.Popen([*CLI, "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
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
        process.terminate()
        process.wait(timeout=30)
