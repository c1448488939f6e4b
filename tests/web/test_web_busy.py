"""While a long import holds SQLite's write lock, the web keeps working where it can, and says so where it cannot.

The tests run against a real database file whose write lock another connection holds (``BEGIN IMMEDIATE``), as a
CLI import does while it writes. Logging in, reading pages and revealing a NIK still work (the reveal's audit
event waits in the spool and reaches the log afterwards); a page that must write answers 503 with a page that
names the running import. The web process waits only briefly for the lock (``cakupan serve`` sets this up).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connections
from django.test import Client

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.busy import import_running, is_busy, running_import
from cakupan.web.imports.services import import_batch_create
from cakupan.web.registry.models import Person
from factories import person_row, write_persons

PASSWORD = "kata-sandi-uji-123"
DESA = "13.02.05.2001"
WEB_TIMEOUT = 0.2  # what `cakupan serve` sets (CAKUPAN_WEB_BUSY_SECONDS), shortened for the tests


@pytest.fixture
def database_file(transactional_db: None, tmp_path: Path, settings: Any) -> Iterator[Path]:
    """The test database copied to a file (WAL, as in production) that the default connection then uses."""
    conn = connections["default"]
    if conn.vendor != "sqlite":
        pytest.skip("SQLite's single writer: PostgreSQL never makes a request wait for an import")
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    path = tmp_path / "cakupan.sqlite3"
    conn.ensure_connection()
    copy = sqlite3.connect(path)
    conn.connection.backup(copy)
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    memory, name, options = conn.connection, conn.settings_dict["NAME"], conn.settings_dict["OPTIONS"]
    conn.connection = None  # the in-memory test database stays open (its wrapper never closes it)
    conn.settings_dict["NAME"] = str(path)
    conn.settings_dict["OPTIONS"] = {**options, "timeout": WEB_TIMEOUT}
    try:
        yield path
    finally:
        if conn.connection is not None:
            conn.connection.close()
        conn.settings_dict["NAME"], conn.settings_dict["OPTIONS"] = name, options
        conn.connection = memory


class Lock:
    """Another process's write transaction on the database file, as a long import holds it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.other: sqlite3.Connection | None = None

    def __enter__(self) -> Lock:
        self.other = sqlite3.connect(self.path, isolation_level=None)
        self.other.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.other is not None
        self.other.execute("ROLLBACK")
        self.other.close()


@pytest.fixture
def person(database_file: Path, tmp_path: Path) -> Person:
    row = person_row(kecamatan=DESA[:8], desa=DESA, serial=7)
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", [row]))
    return Person.objects.get()


def _user(username: str, role: Role = Role.BPJSTK_OFFICER, regions: tuple[str, ...] = ("13.02",)) -> Any:
    return user_create(username=username, password=PASSWORD, role=role, region_codes=list(regions))


def test_login_and_home_page_work_while_an_import_holds_the_lock(database_file: Path) -> None:
    _user("petugas")
    client = Client()
    with Lock(database_file):
        answer = client.post("/masuk/", {"username": "petugas", "password": PASSWORD})
        assert answer.status_code == 302 and answer["Location"] == "/"
        home = client.get("/", follow=True)
        assert home.status_code == 200 and "petugas" in home.content.decode()
    # the login's audit event was kept in the spool and reaches the log with the next write
    client.post("/keluar/")
    assert AuditEvent.objects.filter(action="login", actor_name="petugas").count() == 1


def test_wrong_passwords_still_lock_out_while_the_database_is_busy(database_file: Path) -> None:
    _user("petugas")
    client = Client()
    with Lock(database_file):
        for _ in range(5):
            wrong = client.post("/masuk/", {"username": "petugas", "password": "salah-salah-salah"})
            assert wrong.status_code in (200, 429)
        right = client.post("/masuk/", {"username": "petugas", "password": PASSWORD})
        assert right.status_code == 429  # locked out: a busy database is no way around the lockout
        assert "_auth_user_id" not in client.session


def test_a_reveal_works_and_its_audit_event_reaches_the_log(database_file: Path, person: Person) -> None:
    client = Client()
    client.force_login(_user("petugas"))
    with Lock(database_file):
        page = client.post(f"/penduduk/{person.pk}/buka/", {"alasan": "rekonsiliasi data KPJ"})
        assert page.status_code == 200 and person.nik in page.content.decode()
    from cakupan.web.audit.spool import spool_flush

    spooled = list((database_file.parent / "data" / "audit-spool").glob("*.json"))
    assert len(spooled) == 1
    record = json.loads(spooled[0].read_text())
    assert record["reason"] == "rekonsiliasi data KPJ" and record["action"] == "reveal"
    assert not AuditEvent.objects.filter(action="reveal").exists()
    assert spool_flush() == 1 and spool_flush() == 0
    event = AuditEvent.objects.get(action="reveal")
    assert event.actor_name == "petugas" and event.object_id == str(person.pk)
    assert event.reason == "rekonsiliasi data KPJ"
    assert event.at.isoformat() == record["at"]  # the time of the reveal, not of the flush
    assert not list(spooled[0].parent.iterdir())


def test_a_page_that_must_write_says_which_import_keeps_the_database_busy(database_file: Path) -> None:
    client = Client()
    client.force_login(_user("admin", Role.SYSTEM_ADMIN, ("13.02",)))
    new_user = {"username": "op", "password": PASSWORD, "role": "region_operator", "regions": "13.02.05.2001"}
    with import_running("penduduk-2jt.csv (persons)", who="operator"), Lock(database_file):
        page = client.post("/pengguna/baru/", new_user)
    assert page.status_code == 503 and int(page["Retry-After"]) > 0
    text = page.content.decode()
    assert "Basis data sedang sibuk dengan impor penduduk-2jt.csv (persons)" in text
    assert "coba lagi sebentar lagi" in text


def test_the_running_import_note_is_written_and_removed(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    assert running_import() is None
    with import_running("orang.csv (persons)", who="operator"):
        note = running_import()
        assert note is not None and note["label"] == "orang.csv (persons)" and note["who"] == "operator"
    assert running_import() is None and not (tmp_path / "impor-berjalan.json").exists()


def test_only_a_locked_database_counts_as_busy() -> None:
    assert is_busy(OperationalError("database is locked"))
    assert is_busy(OperationalError("database table is locked"))
    assert not is_busy(OperationalError("no such table: x"))
    assert not is_busy(ValueError("database is locked"))


@pytest.mark.django_db
def test_the_cli_import_leaves_the_note_while_it_runs(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from cakupan.cli import main
    from cakupan.web.imports import services

    settings.DATA_DIR = tmp_path
    seen: list[dict[str, Any] | None] = []

    def import_batch_create(**kwargs: Any) -> Any:
        seen.append(running_import())
        raise services.NothingImported(problems=[], rows_total=0)

    monkeypatch.setattr(services, "import_batch_create", import_batch_create)
    monkeypatch.setattr("cakupan.cli.data._require_database", lambda: None)
    csv = write_persons(tmp_path / "orang.csv", [person_row(kecamatan=DESA[:8], desa=DESA, serial=1)])
    CliRunner().invoke(main, ["import", "persons", str(csv)])
    assert seen and seen[0] is not None and seen[0]["label"] == "orang.csv (persons)"
    assert running_import() is None


def test_the_web_process_waits_briefly_for_the_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    from cakupan.web.busy import use_web_busy_timeout, web_busy_seconds

    assert web_busy_seconds() == 3.0
    monkeypatch.setenv("CAKUPAN_WEB_BUSY_SECONDS", "1,5")
    assert web_busy_seconds() == 1.5
    db = connections.settings["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        use_web_busy_timeout()
        assert "timeout" not in db.get("OPTIONS", {})  # PostgreSQL: nothing to wait for
        return
    before = dict(db["OPTIONS"])
    monkeypatch.setattr(connections["default"], "close", lambda: None)
    try:
        use_web_busy_timeout()
        assert db["OPTIONS"]["timeout"] == 1.5
    finally:
        db["OPTIONS"].clear()
        db["OPTIONS"].update(before)


def test_sessions_live_in_files_on_sqlite_and_in_the_database_on_postgresql(settings: Any) -> None:
    from django.conf import settings as live

    engine = connections["default"].vendor
    expected = "file" if engine == "sqlite" else "db"
    assert f"django.contrib.sessions.backends.{expected}" == live.SESSION_ENGINE


def test_the_spool_never_inserts_an_event_twice(
    transactional_db: None, settings: Any, tmp_path: Path
) -> None:
    """Claim by rename: a fresh claim of another flusher is left alone; a stale one is taken back, and an event
    already in the log (its flusher died after the commit) is not inserted again."""
    import os
    import time

    from django.utils import timezone

    from cakupan.web.audit.spool import STALE_CLAIM_MINUTES, spool_dir, spool_flush, spool_write

    settings.DATA_DIR = tmp_path

    def spooled(reason: str) -> Path:
        spool_write(AuditEvent(at=timezone.now(), action="reveal", actor_name="petugas", reason=reason))
        return max(spool_dir().glob("*.json"))

    fresh = spooled("klaim baru")
    fresh.rename(fresh.with_name(fresh.name + ".claimed-1-aaaa"))
    stale = spooled("klaim lama")
    AuditEvent.objects.create(**{**json.loads(stale.read_text()), "actor_id": None})  # committed, not deleted
    stale_claim = stale.with_name(stale.name + ".claimed-2-bbbb")
    stale.rename(stale_claim)
    old = time.time() - (STALE_CLAIM_MINUTES + 1) * 60
    os.utime(stale_claim, (old, old))
    spooled("belum diklaim")

    assert spool_flush() == 2  # the stale claim (already in the log) and the unclaimed one
    assert AuditEvent.objects.filter(reason="klaim lama").count() == 1
    assert AuditEvent.objects.filter(reason="belum diklaim").count() == 1
    assert not AuditEvent.objects.filter(reason="klaim baru").exists()
    assert [p.name.endswith(".claimed-1-aaaa") for p in spool_dir().iterdir()] == [True]
