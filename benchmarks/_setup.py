"""Shared helpers for the benchmark scripts: one isolated database per engine, cached synthetic files, timing.

Django reads its settings once per process, so each script runs itself once per engine in a subprocess
(``bench_x.py --engine sqlite``); ``run_engines`` does that orchestration.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

SCALE = float(os.environ.get("CAKUPAN_BENCH_SCALE", "0.01"))
REPEAT = int(os.environ.get("CAKUPAN_BENCH_REPEAT", "3"))
SEED = 1
CACHE = Path(os.environ.get("CAKUPAN_BENCH_CACHE", "/tmp/cakupan-bench"))
POSTGRES_URL = os.environ.get(
    "CAKUPAN_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/cakupan_bench"
)
ENGINES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
PROVINCE = "13"


# --- orchestration ---------------------------------------------------------------------------------------


def run_engines(
    script: str, main: Callable[[str], None], prepare: Callable[[], object] | None = None
) -> None:
    """With ``--engine E`` run ``main(E)``; without, run the script once per engine in a subprocess.

    ``prepare`` (default: the synthetic files at SCALE) runs once first, so the subprocesses find its files."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=list(ENGINES))
    engine = parser.parse_known_args()[0].engine
    if engine is not None:
        main(engine)
        return
    (prepare or synthetic)()  # generate the files once, before the per-engine subprocesses read them
    failed = False
    for name in ENGINES:
        if name == "postgres" and not postgres_reachable():
            print(f"\nPostgreSQL at {_maintenance_url()} is not reachable: PostgreSQL skipped.")
            continue
        print(flush=True)
        failed |= subprocess.run([sys.executable, script, "--engine", name], check=False).returncode != 0
    sys.exit(1 if failed else 0)


def _maintenance_url() -> str:
    return POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"


def postgres_reachable() -> bool:
    try:
        with psycopg.connect(_maintenance_url(), connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def _recreate_postgres_database(create: bool) -> None:
    name = POSTGRES_URL.rsplit("/", 1)[1]
    with psycopg.connect(_maintenance_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


# --- synthetic data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Data:
    persons: Path
    memberships: Path
    labour_force: Path
    persons_rows: int
    memberships_rows: int
    reference_date: dt.date
    expected_active: dict[str, int]  # per kab/kota, as the generator counted it


def synthetic(scale: float = SCALE) -> Data:
    """The synthetic files at ``scale``, generated once into CACHE/<scale> and read back from its manifest."""
    folder = CACHE / f"{scale:g}"
    if not (folder / "manifest.json").exists():
        from cakupan.synth import generate

        CACHE.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=CACHE))
        print(f"Generating the synthetic files at scale {scale:g} into {folder} ...", flush=True)
        generate(out_dir=scratch, scale=scale, seed=SEED)
        scratch.rename(folder)  # whole or not at all
    manifest = json.loads((folder / "manifest.json").read_text())
    files = manifest["files"]
    return Data(
        persons=folder / files["persons"]["name"],
        memberships=folder / files["memberships"]["name"],
        labour_force=folder / files["labour_force"]["name"],
        persons_rows=files["persons"]["rows"],
        memberships_rows=files["memberships"]["rows"],
        reference_date=dt.date.fromisoformat(manifest["reference_date"]),
        expected_active={r["code"]: r["expected_active"] for r in manifest["regions"]},
    )


# --- database --------------------------------------------------------------------------------------------


def setup_django(engine: str) -> None:
    """A fresh database for ``engine``: DATABASE_URL set before django.setup(), migrated, province 13 loaded."""
    data_dir = Path(tempfile.mkdtemp(prefix="cakupan-bench-"))
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    os.environ["CAKUPAN_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cakupan.web.settings"
    if engine == "postgres":
        _recreate_postgres_database(create=True)
        os.environ["DATABASE_URL"] = POSTGRES_URL
        atexit.register(_drop_postgres)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"

    import django
    from django.core.management import call_command

    django.setup()
    from cakupan.web.registry.services import region_load_province

    call_command("migrate", verbosity=0)
    region_load_province(province_code=PROVINCE)


def attach_django() -> None:
    """Django for a child process of ``setup_django``'s: the same database (from the inherited environment)."""
    import django

    django.setup()


def _drop_postgres() -> None:
    from django.db import connections

    connections.close_all()
    _recreate_postgres_database(create=False)


def engine_version(engine: str) -> str:
    with raw_connection() as conn:
        if engine == "postgres":
            return "PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0].split()[0]
        return "SQLite " + conn.execute("SELECT sqlite_version()").fetchone()[0]


@contextmanager
def raw_connection() -> Iterator[Any]:
    """A plain DB-API connection (sqlite3 or psycopg) to the benchmark database, outside Django."""
    from django.db import connection

    connection.close()  # so Django holds no lock or open transaction while the raw driver works
    if connection.vendor == "postgresql":
        with psycopg.connect(POSTGRES_URL) as conn:
            yield conn
        return
    import sqlite3

    conn = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    conn.execute("PRAGMA synchronous=NORMAL")  # the same pragmas as cakupan.web.settings
    conn.execute("PRAGMA foreign_keys=ON")
    try:
        yield conn
    finally:
        conn.close()


def placeholder() -> str:
    from django.db import connection

    return "%s" if connection.vendor == "postgresql" else "?"


def truncate() -> None:
    """Empty the tables the imports write (persons, memberships, import batches, labour force)."""
    from django.db import connection

    from cakupan.web.imports.models import ImportBatch
    from cakupan.web.indicators.models import LabourForceStat
    from cakupan.web.membership.models import Membership
    from cakupan.web.registry.models import Person

    tables = [m._meta.db_table for m in (Membership, LabourForceStat, Person, ImportBatch)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            return
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"DELETE FROM sqlite_sequence WHERE name IN ({', '.join('%s' for _ in tables)})", tables
        )


# --- timing and printing ---------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median_of(fn: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, Any]:
    """Median seconds of ``repeat`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(repeat):
        seconds, result = timed(fn)
        times.append(seconds)
    return statistics.median(times), result


def secs(seconds: float) -> str:
    digits = 0 if seconds >= 100 else 1 if seconds >= 10 else 2 if seconds >= 1 else 3
    return f"{seconds:.{digits}f} s"


def header(title: str, engine: str, data: Data) -> None:
    print(f"=== {title} | {engine_version(engine)} | scale {SCALE:g} | median of {REPEAT} ===")
    print(
        f"data: persons.csv {data.persons_rows:,} rows, memberships.csv {data.memberships_rows:,} rows, "
        f"reference date {data.reference_date}"
    )
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.platform()}, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} (others may share it)"
    )
