"""The demo the browser tests serve, built once per test run and copied for each module that serves it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session")
def journey_template(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The journeys' data directory (tests/journey_support.py): schema, regions and users, never served itself;
    built once per run like ``demo_template``."""
    from journey_support import journey_build

    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent
    folder = shared / "journey-template"
    with FileLock(str(shared / "journey-template.lock")):
        if not (folder / "cakupan.sqlite3").exists():
            building = shared / "journey-template.building"
            journey_build(building)
            building.rename(folder)
    return folder


@pytest.fixture(scope="module")
def demo(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    """A copy of the demo served for one test module (its writes stay in that module): (base URL, environment)."""
    from browser_support import demo_server

    with demo_server(demo_template, tmp_path_factory.mktemp("demo")) as served:
        yield served


@pytest.fixture
def screens(request: pytest.FixtureRequest) -> Any:
    """The journey's screenshots; ``pytest --update-screenshots`` also writes them to docs/img/journeys/."""
    from journey_support import Screens

    return Screens(update_docs=bool(request.config.getoption("--update-screenshots")))
