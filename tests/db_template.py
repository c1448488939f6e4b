"""The database every test starts from, and data built once per module on top of it.

*The template.* The test database of a session (of an xdist worker) is migrated once and then receives West
Sumatra's 1,464 regions and their coverage facts, committed. Every database test runs in a transaction rolled
back after it, so it starts from the template and sees nothing another test wrote. A transactional test commits
for real and Django flushes every table after it; ``conftest.pytest_runtest_teardown`` loads the template again.

*Module worlds.* Data that many tests of one module read (users of every role, a person on either side of a
region boundary, an import job with its files) is built once, inside a transaction that stays open for the whole
module and is rolled back after its last test; each test runs in a savepoint inside it. Files the data needs
(job files, reports) live in the world's own data directory, which every test gets a fresh copy of.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def template_load() -> None:
    """West Sumatra's regions, loaded the way `cakupan regions` loads them (with their coverage facts)."""
    from django.test import override_settings

    from cakupan.synth import REFERENCE_DATE
    from cakupan.web.registry.services import region_load_province

    with override_settings(CAKUPAN_COVERAGE_AS_OF=REFERENCE_DATE):
        region_load_province(province_code="13")


def template_present() -> bool:
    from cakupan.web.registry.models import Region

    return Region.objects.filter(code="13").exists()


def transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs ``item`` as a TransactionTestCase (its writes are committed, then flushed)."""
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    flagged = marker is not None and bool(
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    return flagged or "transactional_db" in names or "live_server" in names


# The module whose transaction is open, if any: a transactional test must not run inside it.
OPEN: list[str] = []


@dataclass
class ModuleWorld:
    """A module's open transaction and data directory; see the module docstring."""

    blocker: Any
    data_dir: Path
    _block: Any = field(default=None, repr=False)

    @contextmanager
    def building(self) -> Iterator[None]:
        """Database access and the tests' settings while a module-scoped fixture writes the shared data."""
        from django.test import override_settings

        from cakupan.synth import REFERENCE_DATE

        with (
            self.blocker.unblock(),
            override_settings(
                DATA_DIR=self.data_dir, CAKUPAN_COVERAGE_AS_OF=REFERENCE_DATE, PASSWORD_HASHERS=FAST_HASHERS
            ),
        ):
            yield

    def enter_test(self, tmp_path: Path, settings: Any) -> Path:
        """Give a test its own copy of the world's files (a test may delete or rewrite them)."""
        copy = tmp_path / "world-data"
        shutil.copytree(self.data_dir, copy)
        settings.DATA_DIR = copy
        return copy

    def open(self) -> None:
        from django.db import transaction

        with self.blocker.unblock():
            self._block = transaction.atomic()
            self._block._from_testcase = True  # as Django's TestCase marks its own: durable blocks may nest
            self._block.__enter__()

    def roll_back(self) -> None:
        from django.db import transaction

        with self.blocker.unblock():
            transaction.set_rollback(True)
            self._block.__exit__(None, None, None)
