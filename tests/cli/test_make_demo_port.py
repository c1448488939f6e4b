"""`make demo PORT=8080 HOST=...` passes the port and host on to `cakupan demo` (port 8000 may be taken)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_passes_port_and_host() -> None:
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "demo", "PORT=8080", "HOST=0.0.0.0"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    command = next(line for line in dry.splitlines() if "cakupan demo" in line)
    assert "--port 8080" in command
    assert "--host 0.0.0.0" in command
