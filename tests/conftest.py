"""Shared fixtures. Database tests run on the engine DATABASE_URL names (SQLite by default; the stage runner runs
them again on PostgreSQL). Every database test starts from the template of ``db_template``: the migrated schema
with West Sumatra's regions, committed once per session (per xdist worker)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_django.plugin import blocking_manager_key

from db_template import OPEN, ModuleWorld, template_load, template_present, transactional

pytest_plugins = ["suite_report"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-screenshots",
        action="store_true",
        help="the journey tests also write their screenshots to docs/img/journeys/ (the user guide's images)",
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """pytest-django's test database, with the template committed in it."""
    with django_db_blocker.unblock():
        template_load()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After a transactional test Django has flushed every table: put the template back for the next test (after
    the last test the session's teardown has already dropped the database)."""
    yield
    if transactional(item) and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            if not template_present():
                template_load()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A transactional test would flush tables under a module's open transaction: refuse it loudly."""
    if OPEN and transactional(item):
        raise RuntimeError(
            f"{item.nodeid} is transactional but runs while {OPEN[-1]} keeps a module transaction open: "
            "move it to a module without module_world fixtures"
        )


@pytest.fixture(scope="module")
def module_world(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ModuleWorld]:
    """A transaction open for the whole module (rolled back after its last test) and a data directory, for the
    module-scoped fixtures that build data many of its tests read (``db_template``)."""
    world = ModuleWorld(blocker=django_db_blocker, data_dir=tmp_path_factory.mktemp("world"))
    world.open()
    OPEN.append(request.node.nodeid)
    try:
        yield world
    finally:
        OPEN.pop()
        world.roll_back()


@pytest.fixture
def sumbar_regions(db: None) -> None:
    """West Sumatra's regions: they are in the template every database test starts from; a test requests this
    fixture to say that it relies on them."""


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow on purpose; tests that create many users use a fast hasher (production keeps Argon2)."""
    from db_template import FAST_HASHERS

    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def coverage_facts_date(settings: Any) -> None:
    """Coverage facts end on the synthetic data's reference date, not on the day the tests run."""
    from cakupan.synth import REFERENCE_DATE

    settings.CAKUPAN_COVERAGE_AS_OF = REFERENCE_DATE


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache (the dashboard caches per facts refresh)."""
    from django.core.cache import cache

    cache.clear()
