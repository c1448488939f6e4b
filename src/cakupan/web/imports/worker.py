"""The background worker: runs queued tasks (the browser's imports) with django-tasks-db's worker loop.

``cakupan serve`` and ``cakupan demo`` start it as a child process (``python -m django cakupan_worker
--parent-pid PID``) so a user needs one command. On SIGTERM or SIGINT, or when its parent process is gone, it
asks a running import to stop at its next chunk (the import rolls back and its job can be committed again) and
exits. When it starts, it first sets back the jobs a dead worker left half done.

A busy database (SQLite while a CLI import holds the write lock) never ends it: looking for a task, marking one
done and the import tasks themselves wait and try again (``worker_busy``). Should it end anyway (killed, out of
memory), ``cakupan serve`` starts a new one (``cakupan.cli.supervisor``).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from django.db import OperationalError
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from cakupan.web.busy import is_busy
from cakupan.web.imports.progress import SHUTDOWN
from cakupan.web.imports.worker_busy import BusyNotice, pause, retry_while_busy

logger = logging.getLogger(__name__)
PARENT_CHECK_SECONDS = 1.0
AUDIT_SPOOL_SECONDS = 5.0  # how often the worker moves spooled audit events into the log


def _watch_parent(parent_pid: int) -> None:
    """Stop when the parent (``cakupan serve``) has died, even by SIGKILL: then we are re-parented."""
    while not SHUTDOWN.is_set():
        if os.getppid() != parent_pid:
            logger.warning("parent process %s is gone; the worker stops", parent_pid)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        time.sleep(PARENT_CHECK_SECONDS)


class PatientWorker(Worker):
    """django-tasks-db's worker loop, waiting out a busy database instead of exiting.

    Its loop claims a task in an exclusive transaction; on SQLite, beginning one waits for a CLI import's lock
    and then raises "database is locked", which ended the worker for good. Here the loop starts again after a
    pause: nothing was claimed (the transaction never began), so no task is lost or run twice. Marking a task
    done or failed waits the same way, so a finished task never stays "running".
    """

    def run(self) -> None:
        attempt = 0
        while self.running:
            try:
                super().run()
                return
            except OperationalError as exc:
                if not is_busy(exc):
                    raise
                BusyNotice.busy()
                if not pause(attempt):
                    return
                attempt = min(attempt + 1, 4)

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        for name in ("set_successful", "set_failed"):
            setattr(db_task_result, name, _patient(getattr(db_task_result, name)))
        super().run_task(db_task_result)


def _patient(mark: Callable[[Any], None]) -> Callable[[Any], None]:
    def patient(value: Any) -> None:
        retry_while_busy(lambda again: mark(value))

    return patient


def _flush_audit_spool() -> None:
    """Move audit events spooled by the web while the database was busy into the log (cakupan.web.audit.spool)."""
    from django.db import close_old_connections

    from cakupan.web.audit.spool import spool_flush_soon

    while not SHUTDOWN.is_set():
        spool_flush_soon()
        close_old_connections()
        SHUTDOWN.wait(AUDIT_SPOOL_SECONDS)


def run_worker(*, parent_pid: int | None = None, interval: float = 0.5) -> None:
    from cakupan.web.imports.retention import job_files_expire
    from cakupan.web.imports.staging import import_jobs_recover

    recovered = retry_while_busy(lambda again: import_jobs_recover())
    if recovered:
        logger.warning("%s import job(s) left by a stopped worker were set back", recovered)
    retry_while_busy(lambda again: job_files_expire())
    worker = PatientWorker(
        queue_names=["default"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        SHUTDOWN.set()
        worker.running = False
        if not worker.running_task:
            sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if parent_pid is not None:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    threading.Thread(target=_flush_audit_spool, daemon=True).start()
    worker.run()
