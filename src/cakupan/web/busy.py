"""When SQLite is busy: a long import holds the single write lock, and the web must neither hang nor answer 500.

* ``import_running(label)`` writes ``<data dir>/impor-berjalan.json`` while an import runs (the CLI command and the
  worker's commit task), so the web can say which import keeps the database busy.
* ``is_busy(exc)`` tells a lock timeout ("database is locked") from other database errors.
* ``brief_wait()`` lets a write that has somewhere else to go (the audit spool) or may be skipped (``last_login``,
  axes' bookkeeping of a successful login) give up at once instead of waiting for the lock.
* ``use_web_busy_timeout()``: the web process waits CAKUPAN_WEB_BUSY_SECONDS for the lock (the CLI and the worker
  keep the long timeout of settings), so a request that truly must write fails fast into the busy page.
* ``BusyDatabaseMiddleware`` turns such a failure into a 503 page naming the running import.

On PostgreSQL writers do not block one another: nothing here changes what happens there.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import secrets
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

logger = logging.getLogger(__name__)

NOTE_NAME = "impor-berjalan.json"
RETRY_AFTER_SECONDS = 30
_BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")


def is_busy(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or an exception it was raised from) is SQLite giving up on the write lock another
    connection holds."""
    import sqlite3

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OperationalError | sqlite3.OperationalError) and any(
            message in str(exc).lower() for message in _BUSY_MESSAGES
        ):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


# --- The running-import note ------------------------------------------------------------------------------------


def _note_path() -> Path:
    return Path(settings.DATA_DIR) / NOTE_NAME


def _write_atomic(path: Path, text: str) -> None:
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    draft.write_text(text, encoding="utf-8")
    draft.chmod(0o600)
    os.replace(draft, path)


@contextmanager
def import_running(label: str, *, who: str = "") -> Iterator[None]:
    """Note in the data directory that the import ``label`` runs (by ``who``, since now) until the block ends."""
    path = _note_path()
    note = {
        "label": label,
        "who": who or _os_user(),
        "since": timezone.now().isoformat(),
        "pid": os.getpid(),
        "host": socket.gethostname(),
    }
    try:
        _write_atomic(path, json.dumps(note, ensure_ascii=False))
    except OSError:  # the note is a courtesy: an import never fails for it
        logger.warning("cannot write the running-import note %s", path, exc_info=True)
    try:
        yield
    finally:
        current = _read_note(path)
        if current is not None and current.get("pid") == note["pid"] and current.get("host") == note["host"]:
            path.unlink(missing_ok=True)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in a container: the note still says which import
        return ""


def _read_note(path: Path) -> dict[str, Any] | None:
    try:
        note = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return note if isinstance(note, dict) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_import() -> dict[str, Any] | None:
    """The note of the import that runs now (label, who, since), or None; a note its dead process left is ignored."""
    note = _read_note(_note_path())
    if note is None:
        return None
    pid = note.get("pid")
    if note.get("host") == socket.gethostname() and isinstance(pid, int) and not _alive(pid):
        return None
    return note


# --- How long a connection waits for the lock ---------------------------------------------------------------------


def web_busy_seconds() -> float:
    """CAKUPAN_WEB_BUSY_SECONDS (default 3): how long a web request waits for SQLite's write lock."""
    raw = os.environ.get("CAKUPAN_WEB_BUSY_SECONDS", "").strip().replace(",", ".")
    try:
        value = float(raw) if raw else 3.0
    except ValueError:
        value = -1.0
    if value < 0:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"CAKUPAN_WEB_BUSY_SECONDS harus berupa jumlah detik (0 atau lebih), bukan {raw!r}."
        )
    return value


def use_web_busy_timeout() -> None:
    """In the web process (wsgi.py): SQLite connections opened from now on wait only ``web_busy_seconds()``."""
    options = connections.settings[DEFAULT_DB_ALIAS].get("OPTIONS", {})
    if connections.settings[DEFAULT_DB_ALIAS]["ENGINE"] != "django.db.backends.sqlite3":
        return
    options["timeout"] = web_busy_seconds()
    connections.settings[DEFAULT_DB_ALIAS]["OPTIONS"] = options
    connections[DEFAULT_DB_ALIAS].close()  # a connection opened before (the migration check) reopens with it


@contextmanager
def brief_wait(seconds: float = 0.0) -> Iterator[None]:
    """Within the block, a write on SQLite waits at most ``seconds`` for the lock (then raises 'database is locked')."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        if connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {before}")


def unless_busy(write: Callable[[], object], *, what: str) -> bool:
    """Run a write that may be skipped; on a busy database (outside a transaction) skip it. True if it ran."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with brief_wait():
            write()
    except OperationalError as exc:
        if not is_busy(exc) or connection.in_atomic_block:
            raise
        logger.info("database busy: %s skipped", what)
        return False
    return True


# --- The busy page ------------------------------------------------------------------------------------------------


class BusyDatabaseMiddleware:
    """A view that fails because SQLite stayed locked answers 503 (Retry-After) with a page naming the import."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        note = running_import()
        logger.warning(
            "database busy (%s): %s %s answered 503", note and note.get("label"), request.method, request.path
        )
        since = None
        if note is not None:
            try:
                since = timezone.localtime(dt.datetime.fromisoformat(str(note.get("since"))))
            except ValueError:
                since = None
        response = render(
            request,
            "cakupan/busy.html",
            {"running": note, "since": since, "retry_after": RETRY_AFTER_SECONDS},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
