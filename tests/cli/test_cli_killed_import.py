"""An import killed with SIGKILL in the middle of writing leaves the database exactly as before, on both engines.

The import runs as a real ``cakupan import`` process. The test waits until that process is writing rows (on
PostgreSQL: its backend is running the COPY or INSERT; on SQLite: the write-ahead log grows, which happens only
while the transaction writes pages), kills it, and then compares the database with a snapshot taken before. The
same file then imports normally, which also proves no lock or half-written row was left behind.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from cakupan.synth.writer import PERSONS_FILE
from factories import person_row, write_persons
from postgres_support import scratch_database

CLI = [sys.executable, "-m", "cakupan.cli"]
SCALE = "0.03"  # about 175,000 persons: several seconds of writing on either engine
KILL_DB = "cakupan_killed_import"
TABLES = ("registry_person", "imports_importbatch", "audit_auditevent", "history_recordchange")
WAL_GROWTH = 4 * 1024 * 1024  # bytes of log written by the import's own transaction before the kill


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*CLI, *args], check=False, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


class Engine:
    """How the test reads one engine's tables and tells that an import is writing."""

    def __init__(self, name: str, env: dict[str, str], data_dir: Path) -> None:
        self.name = name
        self.env = env
        self.sqlite_path = data_dir / "cakupan.sqlite3"

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.name == "sqlite":
            with sqlite3.connect(self.sqlite_path) as connection:
                return connection.execute(sql).fetchall()
        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            return connection.execute(sql).fetchall()

    def snapshot(self) -> dict[str, object]:
        counts = {table: self.query(f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}
        persons = self.query("SELECT nik, name, birth_date, kode_wilayah, updated_at FROM registry_person")
        return {"counts": counts, "persons": sorted(persons, key=lambda row: row[0])}

    def writer(self) -> Callable[[], bool]:
        """A probe that turns true once another process is writing import rows."""
        if self.name == "sqlite":
            wal = self.sqlite_path.with_name(self.sqlite_path.name + "-wal")
            start = wal.stat().st_size if wal.exists() else 0
            return lambda: wal.exists() and wal.stat().st_size > start + WAL_GROWTH
        sql = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' "
            "AND pid <> pg_backend_pid() AND (query ILIKE 'COPY%' OR query ILIKE 'INSERT INTO%')"
        )
        return lambda: self.query(sql)[0][0] > 0

    def intact(self) -> bool:
        if self.name == "sqlite":
            return self.query("PRAGMA integrity_check") == [("ok",)]
        return True


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    env = {**os.environ, "CAKUPAN_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    if request.param == "postgresql":
        url = scratch_database(KILL_DB)
        if url is None:
            pytest.skip("PostgreSQL is not reachable")
        env["DATABASE_URL"] = url
    _run(env, "migrate")
    _run(env, "regions", "--province", "13")
    yield Engine(request.param, env, tmp_path / "data")


def test_sigkill_mid_import_leaves_no_trace(engine: Engine, tmp_path: Path) -> None:
    desa = "13.02.05.2001"
    earlier = [person_row(kecamatan=desa[:8], desa=desa, serial=i + 1) for i in range(3)]
    _run(engine.env, "import", "persons", str(write_persons(tmp_path / "earlier.csv", earlier)))
    _run(engine.env, "synth", "--scale", SCALE, "--out", str(tmp_path / "synth"))
    big = tmp_path / "synth" / PERSONS_FILE
    before = engine.snapshot()

    writing = engine.writer()
    process = subprocess.Popen(
        [*CLI, "import", "persons", str(big)], env=engine.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 300
    while not writing() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed: use a larger file"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL

    assert engine.intact()
    assert engine.snapshot() == before

    again = _run(engine.env, "import", "persons", str(big))
    assert "baru" in again.stdout
    after = engine.snapshot()["counts"]
    assert isinstance(after, dict) and after["imports_importbatch"] == 2
    assert after["registry_person"] > 100_000
