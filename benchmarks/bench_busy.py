"""Logins and the home page while a long CLI import holds the database (issue 17.3), against a real ``cakupan serve``.

Per engine, on a fresh database with one user, a client logs in (POST /masuk/, a fresh session each time; the
login page's GET for the CSRF token is not timed) and opens the home page (GET /, redirects followed, with a
session logged in beforehand), in turn, one request at a time:

- floor: no import running (CAKUPAN_BENCH_BUSY_SAMPLES of each, default 20);
- ours:  while ``cakupan import persons`` of a CSV of CAKUPAN_BENCH_BUSY_ROWS rows (default 2,000,000) runs, until
  it ends; on SQLite the figures are of the requests during which the import held the write lock (a thread
  tries ``BEGIN IMMEDIATE`` without waiting every 0.1 s), the other requests are counted beside them;
- naive (SQLite): the same with the web as it was (benchmarks/busy_naive: database sessions, axes' plain handler,
  Django's last_login update, audit written straight, a 60 s wait for the lock, no busy page).

p50 and p95 in seconds, the number of requests and how many failed (HTTP 5xx, or no answer in 120 s). Nothing
is asserted. The CSV is synthetic, cached in CAKUPAN_BENCH_CACHE (default /tmp/cakupan-bench).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from _setup import ENGINES, engine_version, run_engines, setup_django, synthetic
from bench_import_large import scale_for

ROWS = int(os.environ.get("CAKUPAN_BENCH_BUSY_ROWS", "2000000"))
SAMPLES = int(os.environ.get("CAKUPAN_BENCH_BUSY_SAMPLES", "20"))
USER, PASSWORD = "bench", "kata-sandi-bench-123"
TIMEOUT = 120
PROBE_SECONDS = 0.1
HERE = Path(__file__).resolve().parent
CAKUPAN = str(Path(sys.executable).with_name("cakupan"))
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Sample:
    kind: str  # "login" or "home"
    seconds: float
    status: int  # 0: no answer
    started: float  # time.perf_counter() when it was sent
    locked: bool = False  # the import held the write lock at some moment while it ran


@dataclass
class Run:
    label: str
    samples: list[Sample] = field(default_factory=list)
    note: str = ""
    locked_seconds: float = 0.0


# --- the server and the client -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [CAKUPAN, "serve", "--port", str(self.port)], env=env, stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/masuk/", timeout=30).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("cakupan serve did not answer within 120 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _login(url: str, session: requests.Session) -> tuple[float, float, int]:
    """Start, seconds and status of the login POST (the GET for its CSRF token before it is not timed)."""
    page = session.get(url + "/masuk/", timeout=TIMEOUT)
    token = _TOKEN.search(page.text)
    data = {"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""}
    start = time.perf_counter()
    try:
        answer = session.post(url + "/masuk/", data=data, allow_redirects=False, timeout=TIMEOUT)
        status = answer.status_code
    except requests.RequestException:
        status = 0
    return start, time.perf_counter() - start, status


def _home(url: str, session: requests.Session) -> tuple[float, int]:
    start = time.perf_counter()
    try:
        status = session.get(url + "/", timeout=TIMEOUT).status_code
    except requests.RequestException:
        status = 0
    return time.perf_counter() - start, status


class LockWatch(threading.Thread):
    """Probes SQLite's write lock every PROBE_SECONDS (``BEGIN IMMEDIATE`` without waiting, rolled back at once) and
    keeps the moments it was held; PostgreSQL is not probed."""

    def __init__(self, database: Path | None) -> None:
        super().__init__(daemon=True)
        self.database = database
        self.held: list[float] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        if self.database is None:
            return
        conn = sqlite3.connect(self.database, timeout=0, isolation_level=None)
        try:
            while not self.stopping.wait(PROBE_SECONDS):
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    conn.execute("ROLLBACK")
                except sqlite3.OperationalError:
                    self.held.append(time.perf_counter())
        finally:
            conn.close()

    def mark(self, run: Run) -> None:
        """Mark the samples during which the lock was seen held."""
        self.stopping.set()
        self.join()
        run.locked_seconds = len(self.held) * PROBE_SECONDS
        for sample in run.samples:
            end = sample.started + sample.seconds
            sample.locked = any(sample.started <= t <= end for t in self.held)


def _sample(run: Run, server: Server, home: requests.Session) -> None:
    with requests.Session() as fresh:
        started, seconds, status = _login(server.url, fresh)
    run.samples.append(Sample("login", seconds, status, started))
    started = time.perf_counter()
    seconds, status = _home(server.url, home)
    run.samples.append(Sample("home", seconds, status, started))


def _logged_in(server: Server) -> requests.Session:
    session = requests.Session()
    _, _, status = _login(server.url, session)
    if status != 302:
        raise RuntimeError(f"the benchmark user cannot log in (HTTP {status})")
    return session


# --- the scenarios -----------------------------------------------------------------------------------------------


def floor(env: dict[str, str]) -> Run:
    server = Server(env)
    try:
        run = Run("floor: no import")
        home = _logged_in(server)
        for _ in range(SAMPLES):
            _sample(run, server, home)
        return run
    finally:
        server.stop()


def during_import(label: str, env: dict[str, str], csv: Path, database: Path | None) -> Run:
    server = Server(env)
    try:
        run = Run(label)
        home = _logged_in(server)
        watch = LockWatch(database)
        watch.start()
        started = time.perf_counter()
        importer = subprocess.Popen(
            [CAKUPAN, "import", "persons", str(csv)],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "cakupan.web.settings"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        while importer.poll() is None:
            _sample(run, server, home)
        watch.mark(run)
        output = (importer.stdout.read() if importer.stdout else "").strip().splitlines()
        run.note = (
            f"import {time.perf_counter() - started:.0f} s (write lock seen held {run.locked_seconds:.0f} s), "
            f"exit {importer.returncode}: "
            f"{output[-1] if output else ''}"
        )
        return run
    finally:
        server.stop()


# --- the report --------------------------------------------------------------------------------------------------


def _quantile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def _cell(samples: list[Sample], kind: str) -> str:
    chosen = [s for s in samples if s.kind == kind]
    if not chosen:
        return f"{'-':>7} {'-':>7} {'-':>7} {0:>4} {'-':>6}"
    seconds = [s.seconds for s in chosen]
    failed = sum(1 for s in chosen if s.status == 0 or s.status >= 500)
    p50, p95 = _quantile(seconds, 0.5), _quantile(seconds, 0.95)
    return f"{p50:>7.2f} {p95:>7.2f} {max(seconds):>7.2f} {len(chosen):>4} {failed:>6}"


def report(engine: str, runs: list[Run], sqlite: bool) -> None:
    print(
        f"\nlogin (POST /masuk/) and home page (GET /), seconds; failed = HTTP 5xx or no answer, {ENGINES[engine]}"
    )
    columns = f"{'p50':>7} {'p95':>7} {'max':>7} {'n':>4} {'failed':>6}"
    print(f"  {'':<44} {'login':<34}   home")
    print(f"  {'':<44} {columns}   {columns}")
    for run in runs:
        rows = [(run.label, run.samples)]
        if sqlite and not run.label.startswith("floor"):
            rows = [
                (run.label + ", write lock held", [s for s in run.samples if s.locked]),
                ("    (same run, lock not held)", [s for s in run.samples if not s.locked]),
            ]
        for label, samples in rows:
            print(f"  {label:<44} {_cell(samples, 'login')}   {_cell(samples, 'home')}")
        if run.note:
            print(f"      {run.note}")
    statuses = {
        run.label: sorted({s.status for s in run.samples if s.status == 0 or s.status >= 500}) for run in runs
    }
    for label, failed in statuses.items():
        if failed:
            print(f"  {label}: failed answers {failed}")


# --- per engine ----------------------------------------------------------------------------------------------------


def prepare() -> Path:
    return synthetic(scale_for(ROWS)).persons


def _user() -> None:
    from django.db import connections

    from cakupan.core.access import Role
    from cakupan.web.accounts.services import user_create

    user_create(username=USER, password=PASSWORD, role=Role.VIEWER, region_codes=["13"])
    connections.close_all()


def _restore(database: Path, template: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, database)


def main(engine: str) -> None:
    setup_django(engine)
    csv = prepare()
    rows = sum(1 for _ in csv.open()) - 1
    _user()
    print(
        f"=== bench_busy | {engine_version(engine)} | persons CSV {rows:,} rows ({csv.stat().st_size / 1e6:.0f} MB) ==="
    )
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (others may share it)",
        flush=True,
    )
    ours_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cakupan.web.settings"}
    if engine != "sqlite":
        runs = [floor(ours_env), during_import("ours: during the import", ours_env, csv, None)]
        report(engine, runs, sqlite=False)
        return
    from django.conf import settings

    database = Path(settings.DATABASES["default"]["NAME"])
    template = database.with_name("template.sqlite3")
    shutil.copyfile(database, template)
    naive_env = {
        **ours_env,
        "DJANGO_SETTINGS_MODULE": "busy_naive.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH", "")])),
        "CAKUPAN_WEB_BUSY_SECONDS": "60",
    }
    runs = [floor(ours_env)]
    print(f"  floor done; importing {rows:,} rows with our web ...", flush=True)
    runs.append(during_import("ours: during the import", ours_env, csv, database))
    _restore(database, template)
    print("  ours done; importing again with the naive web ...", flush=True)
    runs.append(during_import("naive: during the import", naive_env, csv, database))
    report(engine, runs, sqlite=True)


if __name__ == "__main__":
    run_engines(__file__, main, prepare)
