"""The demo the browser tests serve, built once per test run and copied for each module that serves it."""

from __future__ import annotations

from pathlib import Path

import pytest
from filelock import FileLock


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A data directory holding a small demo (`cakupan demo --no-serve --scale 0.002`), never served itself.

    Under pytest-xdist the workers share one: the first to ask builds it under a lock, the others wait for it
    (the run's temporary folder is the parent of every worker's own)."""
    from browser_support import demo_build

    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent
    folder = shared / "demo-template"
    with FileLock(str(shared / "demo-template.lock")):
        if not (folder / "cakupan.sqlite3").exists():
            building = shared / "demo-template.building"
            demo_build(building)
            building.rename(folder)
    return folder
