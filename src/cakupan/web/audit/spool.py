"""The audit spool: an audit event that cannot be written because SQLite is busy waits in a file, then reaches the log.

A NIK reveal during a long import must neither fail nor go unaudited. ``audit_record`` writes the event to
``<data dir>/audit-spool/`` (one JSON file per event, written whole under a temporary name then renamed, with its
original time) when the database stays locked. ``spool_flush()`` moves spooled events into the database: each file
is first claimed by renaming it (two flushers never insert the same event), inserted in its own transaction, then
deleted; a claim left by a flusher that died is taken back after ``STALE_CLAIM_MINUTES``, and an event already in
the log (same time, action, actor, object) is not inserted twice. The web flushes after its next successful audit
write; the worker's thread calls ``spool_flush_soon()`` every few seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

from cakupan.web.audit.models import AuditEvent
from cakupan.web.busy import brief_wait, is_busy

logger = logging.getLogger(__name__)

SPOOL_DIR_NAME = "audit-spool"
STALE_CLAIM_MINUTES = 10
FLUSH_EVERY_SECONDS = 5.0
_CLAIMED = ".claimed-"
FIELDS = (
    "action",
    "actor_name",
    "object_type",
    "object_id",
    "region_code",
    "ip_address",
    "changes",
    "reason",
)


def spool_dir() -> Path:
    return Path(settings.DATA_DIR) / SPOOL_DIR_NAME


def spool_write(event: AuditEvent) -> AuditEvent:
    """Keep the unsaved ``event`` (its ``at`` set) in the spool until the database can take it."""
    directory = spool_dir()
    directory.mkdir(mode=0o700, exist_ok=True)
    record = {name: getattr(event, name) for name in FIELDS}
    record["at"] = event.at.isoformat()
    record["actor_id"] = event.actor_id
    name = f"{event.at:%Y%m%dT%H%M%S%f}-{secrets.token_hex(6)}.json"
    draft = directory / f".{name}.tmp"
    with draft.open("w", encoding="utf-8") as handle:
        json.dump(record, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    draft.chmod(0o600)
    os.replace(draft, directory / name)
    logger.info("database busy: audit event %s kept in the spool (%s)", event.action, name)
    return event


def spool_pending() -> bool:
    """Whether any event waits in the spool (cheap: one directory listing, usually of an empty folder)."""
    try:
        with os.scandir(spool_dir()) as entries:
            return any(not e.name.startswith(".") for e in entries)
    except FileNotFoundError:
        return False


def _claims(directory: Path) -> list[Path]:
    """Spooled files to take (oldest first): unclaimed ones, and claims older than STALE_CLAIM_MINUTES."""
    stale_before = time.time() - STALE_CLAIM_MINUTES * 60
    found = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith("."):
            continue
        if _CLAIMED not in path.name:
            found.append(path)
        else:
            try:
                if path.stat().st_mtime < stale_before:
                    found.append(path)
            except FileNotFoundError:
                continue
    return found


def _claim(path: Path) -> Path | None:
    """Rename ``path`` to a name only this flusher knows; None when another flusher took it first."""
    base = path.name.split(_CLAIMED)[0]
    claimed = path.with_name(f"{base}{_CLAIMED}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        return None
    os.utime(claimed)  # the claim's age counts from now
    return claimed


def _unclaim(claimed: Path) -> None:
    os.rename(claimed, claimed.with_name(claimed.name.split(_CLAIMED)[0]))


def _insert(record: dict[str, Any]) -> None:
    at = dt.datetime.fromisoformat(record["at"])
    fields = {name: record.get(name) for name in FIELDS}
    fields["changes"] = fields["changes"] or {}
    fields["object_id"] = str(fields["object_id"] or "")
    for name in ("actor_name", "object_type", "region_code", "reason", "action"):
        fields[name] = fields[name] or ""
    actor_id = record.get("actor_id")
    if actor_id is not None and not get_user_model().objects.filter(pk=actor_id).exists():
        actor_id = None  # the user was deleted meanwhile; actor_name keeps who it was
    with transaction.atomic():
        duplicate = AuditEvent.objects.filter(
            at=at,
            action=fields["action"],
            actor_name=fields["actor_name"],
            object_type=fields["object_type"],
            object_id=fields["object_id"],
        ).exists()
        if not duplicate:  # a flusher that died after its commit left the file: never insert it twice
            AuditEvent.objects.create(at=at, actor_id=actor_id, **fields)


def spool_flush() -> int:
    """Move spooled audit events into the database; returns how many files were settled. Stops when still busy."""
    directory = spool_dir()
    if not directory.is_dir():
        return 0
    connection = connections[DEFAULT_DB_ALIAS]
    if (
        connection.in_atomic_block
    ):  # a caller's transaction could roll the events back after their files are gone
        return 0
    written = 0
    for path in _claims(directory):
        claimed = _claim(path)
        if claimed is None:
            continue
        try:
            record = json.loads(claimed.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            logger.error("audit spool file %s cannot be read; left as it is", claimed)
            continue
        try:
            with brief_wait():
                _insert(record)
        except OperationalError as exc:
            _unclaim(claimed)
            if is_busy(exc):
                break
            raise
        claimed.unlink()
        written += 1
    if written:
        logger.warning("%s audit event(s) moved from the spool into the database", written)
    return written


_last_try = [0.0]  # when this process last tried (monotonic seconds)
_last_try_lock = threading.Lock()


def spool_flush_soon() -> None:
    """After a web request: flush the spool if it holds events, at most every FLUSH_EVERY_SECONDS per process."""
    if not spool_pending():
        return
    with _last_try_lock:
        now = time.monotonic()
        if now - _last_try[0] < FLUSH_EVERY_SECONDS:
            return
        _last_try[0] = now
    try:
        spool_flush()
    except Exception:  # flushing is housekeeping: it never spoils the answer already given
        logger.exception("flushing the audit spool failed")
