"""Scratch PostgreSQL databases for tests that run the CLI in a subprocess against an engine of their own."""

from __future__ import annotations

import os

import psycopg

ADMIN_URL = os.environ.get("CAKUPAN_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def scratch_database(name: str) -> str | None:
    """A new empty database named after ``name`` and the xdist worker (two workers never share one); its URL,
    or None when no server answers (an error under CAKUPAN_REQUIRE_POSTGRES=1)."""
    database = f"{name}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    server = ADMIN_URL.rsplit("/", 1)[0]
    try:
        with psycopg.connect(server + "/postgres", autocommit=True, connect_timeout=3) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {database}")
    except psycopg.OperationalError:
        if os.environ.get("CAKUPAN_REQUIRE_POSTGRES") == "1":
            raise
        return None
    return f"{server}/{database}"
