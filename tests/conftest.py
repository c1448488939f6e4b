"""Shared fixtures. Database tests run on the engine DATABASE_URL names (SQLite by default; the Makefile runs
them again on PostgreSQL when one is reachable)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def sumbar_regions(db: None) -> None:
    """West Sumatra's regions in the test database, loaded the way `cakupan regions` loads them."""
    from cakupan.web.registry.services import region_load_province

    region_load_province(province_code="13")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow on purpose; tests that create many users use a fast hasher (production keeps Argon2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
