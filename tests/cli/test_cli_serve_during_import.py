"""`cakupan serve` keeps its background worker through a long CLI import, and starts a new one when it dies.

Issue 17, point 2: on SQLite a CLI import holds the only write lock until it commits; the worker started by
`cakupan serve` looks for tasks in a write transaction, so it waited for the lock, gave up after the busy timeout
with "database is locked", exited and was never started again: uploads from the browser then waited forever.

Both tests run a real `cakupan serve` (with its worker) on a free port, on both engines, and talk to it as a
browser does: log in, upload a file, poll the job's progress, save it. The server's SQLite busy timeout is one
second (CAKUPAN_SQLITE_BUSY_SECONDS), so an import of about 117,000 persons holds the write lock many times longer
than the worker is willing to wait, every time.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cakupan.synth.writer import PERSONS_FILE
from factories import person_row, write_persons
from postgres_support import scratch_database

CLI = [sys.executable, "-m", "cakupan.cli"]
SCALE = "0.02"  # about 117,000 persons: the import holds the write lock for several seconds
BUSY_SECONDS = "1"  # the server's (and so its worker's) SQLite busy timeout
SERVE_DB = "cakupan_serve_import"
USERNAME = "petugas"
PASSWORD = "kata-sandi-uji-123"
SOLOK = "13.02.05.2001"
WAIT_SECONDS = 300  # a generous ceiling (the first page loads the whole app: slow on a busy machine); never a measure of speed
CREATE_USER = f"""
import django
django.setup()
from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
user_create(username={USERNAME!r}, password={PASSWORD!r}, role=Role.PEMDA_ADMIN, region_codes=["13"])
"""


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*CLI, *args], check=False, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, dead but not yet reaped by its parent, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _children(parent: int) -> list[int]:
    """The live processes whose parent is ``parent`` and which run the task worker."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
        if ppid == parent and b"cakupan_worker" in command and _alive(int(entry.name)):
            found.append(int(entry.name))
    return found


class Site:
    """A running `cakupan serve` and a browser-like session on it (cookies, CSRF token, form posts)."""

    def __init__(self, engine: str, env: dict[str, str], data_dir: Path) -> None:
        self.engine = engine
        self.env = env
        self.data_dir = data_dir
        self.log = data_dir / "server.log"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cookies = http.cookiejar.CookieJar()
        self.browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        # The server's output goes to a file (a pipe nobody reads would block it once full), kept for a failure.
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*CLI, "serve", "--port", str(self.port)], env=self.env, stdout=log, stderr=log
            )
        self.until(self._listening, "the server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)

    def _listening(self) -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def until(self, condition: Callable[[], bool], failure: str) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while not condition():
            assert time.monotonic() < deadline, f"{failure}\n--- server log ---\n{self.log.read_text()}"
            time.sleep(0.2)

    def workers(self) -> list[int]:
        assert self.process is not None
        return _children(self.process.pid)

    def worker_pid(self) -> int:
        """The pid of the one worker the server runs (waiting for it while it is being started)."""
        self.until(lambda: len(self.workers()) == 1, f"not exactly one worker: {self.workers()}")
        return self.workers()[0]

    # --- the browser --------------------------------------------------------------------------------------

    def _csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken" and c.value)

    def get(self, path: str) -> tuple[str, bytes]:
        with self.browser.open(self.url + path, timeout=WAIT_SECONDS) as response:
            return response.geturl(), response.read()

    def post(self, path: str, fields: dict[str, str], file: Path | None = None) -> str:
        """Post a form (with ``file`` as its "file" field); the address the redirects end on."""
        fields = {**fields, "csrfmiddlewaretoken": self._csrf()}
        if file is None:
            body = urllib.parse.urlencode(fields).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            boundary = uuid.uuid4().hex
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                for name, value in fields.items()
            ]
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file.name}"\r\n'
                f"Content-Type: text/csv\r\n\r\n".encode()
                + file.read_bytes()
                + f"\r\n--{boundary}--\r\n".encode()
            )
            body = b"".join(parts)
            kind = f"multipart/form-data; boundary={boundary}"
        request = urllib.request.Request(
            self.url + path, data=body, headers={"Content-Type": kind, "Referer": self.url + path}
        )
        with self.browser.open(request, timeout=WAIT_SECONDS) as response:
            return str(response.geturl())

    def login(self) -> None:
        self.get("/masuk/")
        landed = self.post("/masuk/", {"username": USERNAME, "password": PASSWORD})
        assert "/masuk/" not in landed, "the login failed"

    def upload(self, path: Path) -> str:
        """Upload a persons file as the upload page does; the new job's id."""
        self.get("/impor/unggah/")
        landed = self.post("/impor/unggah/", {"source": "persons", "sheet": ""}, file=path)
        found = re.search(r"/impor/([0-9a-f-]{36})/", landed)
        assert found, f"the upload did not create a job: {landed}"
        return found.group(1)

    def status(self, job: str) -> str:
        _, body = self.get(f"/impor/{job}/kemajuan/")
        return str(json.loads(body)["status"])

    def wait_for(self, job: str, status: str) -> None:
        self.until(lambda: self.status(job) == status, f"job {job} never became {status}: {self.status(job)}")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp(f"serve-{request.param}") / "data"
    env = {**os.environ, "CAKUPAN_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "cakupan.web.settings"}
    env.pop("DATABASE_URL", None)
    for name in ("CAKUPAN_SQLITE_BUSY_SECONDS", "CAKUPAN_LANG"):
        env.pop(name, None)
    if request.param == "postgresql":
        url = scratch_database(SERVE_DB)
        if url is None:
            pytest.skip("PostgreSQL is not reachable")
        env["DATABASE_URL"] = url
    _run(env, "migrate")
    _run(env, "regions", "--province", "13")
    created = subprocess.run(
        [sys.executable, "-c", CREATE_USER], check=False, env=env, capture_output=True, text=True
    )
    assert created.returncode == 0, created.stderr
    site = Site(request.param, {**env, "CAKUPAN_SQLITE_BUSY_SECONDS": BUSY_SECONDS}, data_dir)
    site.start()
    try:
        site.login()
        yield site
    finally:
        workers = site.workers()
        site.stop()
    assert not any(_alive(pid) for pid in workers), "the worker outlived the server"


def _small_file(path: Path, first: int) -> Path:
    rows = [
        person_row(kecamatan=SOLOK[:8], desa=SOLOK, serial=first + i, name=f"WARGA {i}") for i in range(5)
    ]
    return write_persons(path, rows)


def test_the_worker_outlives_a_cli_import_that_holds_the_lock(site: Site, tmp_path: Path) -> None:
    _run(site.env, "synth", "--scale", SCALE, "--out", str(tmp_path / "synth"))
    worker = site.worker_pid()
    cli_env = {k: v for k, v in site.env.items() if k != "CAKUPAN_SQLITE_BUSY_SECONDS"}
    importing = subprocess.Popen(
        [*CLI, "import", "persons", str(tmp_path / "synth" / PERSONS_FILE)],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    during = None
    if (
        site.engine == "postgresql"
    ):  # nothing blocks there: a browser upload during the import is queued at once
        time.sleep(1)
        during = site.upload(_small_file(tmp_path / "during.csv", first=9001))
    out, err = importing.communicate(timeout=600)
    assert importing.returncode == 0, out.decode() + err.decode()

    if (
        site.engine == "sqlite"
    ):  # the import held the lock longer than the worker waits: it met a busy database
        assert "sibuk" in site.log.read_text(), site.log.read_text()
    assert _alive(worker), f"the worker died during the import\n{site.log.read_text()}"
    assert site.worker_pid() == worker
    after = site.upload(_small_file(tmp_path / "after.csv", first=9101))
    for job in (during, after):
        if job is not None:
            site.wait_for(job, "ready")
            site.post(f"/impor/{job}/simpan/", {})
            site.wait_for(job, "committed")


def test_a_killed_worker_is_started_again(site: Site, tmp_path: Path) -> None:
    first = site.worker_pid()
    os.kill(first, signal.SIGKILL)
    site.until(lambda: not _alive(first) and len(site.workers()) == 1, "no new worker was started")
    second = site.worker_pid()
    assert second != first
    assert "dijalankan lagi" in site.log.read_text()
    job = site.upload(_small_file(tmp_path / "after-kill.csv", first=9201))
    site.wait_for(job, "ready")
