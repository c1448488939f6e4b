"""The background worker: runs queued tasks (the browser's imports) with django-tasks-db's worker loop.

``cakupan serve`` and ``cakupan demo`` start it as a child process (``python -m django cakupan_worker
--parent-pid PID``) so a user needs one command. On SIGTERM or SIGINT, or when its parent process is gone, it
asks a running import to stop at its next chunk (the import rolls back and its job can be committed again) and
exits. When it starts, it first sets back the jobs a dead worker left half done.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from types import FrameType

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from cakupan.web.imports.progress import SHUTDOWN

logger = logging.getLogger(__name__)
PARENT_CHECK_SECONDS = 1.0


def _watch_parent(parent_pid: int) -> None:
    """Stop when the parent (``cakupan serve``) has died, even by SIGKILL: then we are re-parented."""
    while not SHUTDOWN.is_set():
        if os.getppid() != parent_pid:
            logger.warning("parent process %s is gone; the worker stops", parent_pid)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        time.sleep(PARENT_CHECK_SECONDS)


def run_worker(*, parent_pid: int | None = None, interval: float = 0.5) -> None:
    from cakupan.web.imports.retention import job_files_expire
    from cakupan.web.imports.staging import import_jobs_recover

    recovered = import_jobs_recover()
    if recovered:
        logger.warning("%s import job(s) left by a stopped worker were set back", recovered)
    job_files_expire()
    worker = Worker(
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
    worker.run()
