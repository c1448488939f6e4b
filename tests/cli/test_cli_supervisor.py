"""The worker supervisor of `cakupan serve`, with a stand-in worker (`sleep`): started again when it ends, not
after `stop`; and the busy-database test the worker relies on."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from django.db import OperationalError

from cakupan.cli.supervisor import WorkerSupervisor
from cakupan.web.busy import is_busy

WAIT_SECONDS = 30


def _until(condition: object, failure: str) -> None:
    assert callable(condition)
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, failure
        time.sleep(0.05)


def test_a_worker_that_ends_is_started_again_and_stop_ends_it() -> None:
    said: list[str] = []
    supervisor = WorkerSupervisor(["sleep", "600"], dict(os.environ), echo=said.append)
    supervisor.start()
    try:
        first = supervisor.process
        assert first is not None
        os.kill(first.pid, signal.SIGKILL)
        _until(lambda: supervisor.process is not first, "the worker was not started again")
        assert any("dijalankan lagi" in line and str(first.pid) in line for line in said), said
    finally:
        supervisor.stop()
    second = supervisor.process
    assert second is not None and second.poll() is not None
    time.sleep(1.5)  # longer than the supervisor's first pause: nothing is started after stop
    assert supervisor.process is second


def test_database_busy_is_told_from_other_errors(tmp_path: Path) -> None:
    holder = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(tmp_path / "db.sqlite3", timeout=0)
    with pytest.raises(sqlite3.OperationalError) as raised:
        other.execute("BEGIN IMMEDIATE")
    try:
        raise OperationalError(*raised.value.args) from raised.value
    except OperationalError as wrapped:
        assert is_busy(wrapped)
        try:
            raise RuntimeError("while handling it") from wrapped
        except RuntimeError as outer:
            assert is_busy(outer)
    assert not is_busy(OperationalError("no such table: t"))
    assert not is_busy(ValueError("database is locked"))
