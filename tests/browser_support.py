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
from pathlib import Path

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

if CHROMIUM is None:
    if os.environ.get("CAKUPAN_REQUIRE_BROWSER") == "1":
        raise RuntimeError("CAKUPAN_REQUIRE_BROWSER=1 but Debian's chromium is not installed")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def demo_server(data_dir: Path, **extra_env: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Build a small demo database in ``data_dir`` and serve it (with its task worker) on a free port."""
    # As `cakupan demo` does for the server it starts: the facts end on the synthetic data's reference date.
    env = {
        **os.environ,
        "CAKUPAN_DATA_DIR": str(data_dir),
        "DATABASE_URL": "",
        "CAKUPAN_COVERAGE_AS_OF": "2025-06-30",
        **extra_env,
    }
    subprocess.run([*CLI, "demo", "--no-serve", "--scale", "0.002"], env=env, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen(
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
        process.terminate()
        process.wait(timeout=30)
