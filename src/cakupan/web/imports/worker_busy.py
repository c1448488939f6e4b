"""The background worker and a busy database: wait and try again instead of dying.

On SQLite one process writes at a time. A CLI import holds the write lock until it commits, which may take
minutes; any other writer waits up to the busy timeout (``CAKUPAN_SQLITE_BUSY_SECONDS``) and then fails with
"database is locked". The worker writes to claim a task, to mark it done and inside the import tasks: each of these
steps is retried here, after a short pause, until the database is free again or the worker is asked to stop.
PostgreSQL waits for row locks without such an error, so there this only ever sees real failures (raised at once).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import close_old_connections, connection
from django.utils.translation import gettext as _

from cakupan.web.busy import is_busy
from cakupan.web.imports.progress import SHUTDOWN

logger = logging.getLogger(__name__)
T = TypeVar("T")
FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 5.0
QUIET_SECONDS = 600.0  # one log line per busy spell; a spell longer than this is reported again


class BusyNotice:
    """Says once that the worker waits for a busy database (again only after a long quiet spell)."""

    _last = -QUIET_SECONDS

    @classmethod
    def busy(cls) -> None:
        now = time.monotonic()
        if now - cls._last >= QUIET_SECONDS:
            logger.warning(
                _(
                    "The database is busy (another import, e.g. one from the command line, is writing). "
                    "The background worker waits and tries again; nothing is lost."
                )
            )
        cls._last = now


def pause(attempt: int) -> bool:
    """Wait before attempt ``attempt + 1`` (0.5 s, doubling up to 5 s); False when the worker is stopping."""
    if not connection.in_atomic_block:  # never close a connection in the middle of a caller's transaction
        close_old_connections()
    return not SHUTDOWN.wait(min(FIRST_PAUSE_SECONDS * 2**attempt, LONGEST_PAUSE_SECONDS))


def retry_while_busy(step: Callable[[bool], T]) -> T:
    """Run ``step(again)``; while it fails because the database is busy, pause and run it again with
    ``again=True``. Any other error, or a busy error once the worker is stopping, is raised."""
    attempt = 0
    while True:
        try:
            return step(attempt > 0)
        except Exception as exc:
            if not is_busy(exc):
                raise
            BusyNotice.busy()
            if not pause(attempt):
                raise
        attempt += 1
