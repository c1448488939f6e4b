"""``cakupan serve``'s background worker, kept running: started with the server, started again when it ends.

The worker (``python -m django cakupan_worker``) runs the browser's imports. Should it end while the server runs
(killed, out of memory, a crash), uploads would wait for it forever; the supervisor notices within a second, says
so, and starts a new one after a pause that grows while it keeps ending quickly (1 s, 2 s, 4 s, ... 30 s). The new
worker first sets back the jobs the old one left half done. When the server stops, the worker is stopped too.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Sequence

from cakupan.cli.common import say

FIRST_PAUSE_SECONDS = 1.0
LONGEST_PAUSE_SECONDS = 30.0
STEADY_SECONDS = (
    60.0  # a worker that ran this long ended "unexpectedly", not in a loop: the pause starts over
)
LOOK_SECONDS = 0.5
STOP_SECONDS = 20


class WorkerSupervisor:
    """Runs ``command`` as a child process and starts it again whenever it ends before ``stop``."""

    def __init__(self, command: Sequence[str], env: dict[str, str], echo: Callable[[str], None]) -> None:
        self.command = list(command)
        self.env = env
        self.echo = echo
        self.process: subprocess.Popen[bytes] | None = None
        self._started = 0.0
        self._pause = FIRST_PAUSE_SECONDS
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._watcher = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def start(self) -> None:
        with self._lock:
            self._spawn()
        self._watcher.start()

    def _spawn(self) -> None:
        self.process = subprocess.Popen(self.command, env=self.env)
        self._started = time.monotonic()
        self.echo(
            say(
                f"Pekerja latar berjalan (pid {self.process.pid}).",
                f"Background worker running (pid {self.process.pid}).",
            )
        )

    def _watch(self) -> None:
        while not self._stopping.wait(LOOK_SECONDS):
            process = self.process
            if process is None or process.poll() is None:
                continue
            if time.monotonic() - self._started >= STEADY_SECONDS:
                self._pause = FIRST_PAUSE_SECONDS
            pause, self._pause = self._pause, min(self._pause * 2, LONGEST_PAUSE_SECONDS)
            if self._stopping.wait(pause):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                self.echo(
                    say(
                        f"Pekerja latar (pid {process.pid}) berhenti tanpa diminta (kode {process.returncode}); "
                        "dijalankan lagi.",
                        f"The background worker (pid {process.pid}) ended unexpectedly (code "
                        f"{process.returncode}); starting it again.",
                    )
                )
                self._spawn()

    def stop(self) -> None:
        """Stop watching, then ask the worker to stop (a running import rolls back at its next chunk) and wait."""
        self._stopping.set()
        with self._lock:
            process = self.process
        if self._watcher.is_alive():
            self._watcher.join()
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
