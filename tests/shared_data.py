"""The public reference data beside the checkout (``../shared/data``: regions, population, boundaries, published
figures), used by path and never copied into the repository. Without it the tests that read it are skipped, each
saying which file it missed."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_file(name: str) -> Path:
    """``SHARED_DATA / name``, or skip the calling test when it is not there."""
    path = SHARED_DATA / name
    if not path.is_file():
        pytest.skip(f"shared reference data not found: {path} (expected ../shared/data beside the checkout)")
    return path
