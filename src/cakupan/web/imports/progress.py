"""Progress and cancellation of an import, kept in files beside the import rather than in the database.

While an import commits, its transaction holds SQLite's only write lock until the very end, so neither the
importer nor the page asking to cancel could write a progress row; on PostgreSQL the rows would stay invisible
until the commit. A small JSON file per job, replaced atomically (``os.replace``), and a flag file for
"cancel" work the same on both engines and need no database at all.

The file also names the process working on the job (host and pid), so a page can tell a job whose worker was
killed (nothing was written: its transaction died with it) from one that is still running.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

# Set when the worker process is asked to stop: a running import stops at its next chunk (and rolls back).
SHUTDOWN = threading.Event()


class ImportCancelled(Exception):
    """The user (or the worker's shutdown) asked to stop; raised between chunks, inside the transaction."""

    def __init__(self, *, shutdown: bool = False) -> None:
        super().__init__("impor dibatalkan")
        self.shutdown = shutdown


def jobs_root() -> Path:
    root = Path(settings.DATA_DIR) / "impor"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


@dataclass(frozen=True)
class JobFiles:
    """The files of one staged import, in ``<data dir>/impor/<job id>/`` (owner-only: they hold personal data)."""

    root: Path

    @classmethod
    def of(cls, job_id: object) -> JobFiles:
        return cls(jobs_root() / str(job_id))

    def create(self) -> None:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def upload(self, suffix: str) -> Path:
        return self.root / f"berkas{suffix}"

    def uploaded(self) -> Path | None:
        found = sorted(self.root.glob("berkas.*"))
        return found[0] if found else None

    @property
    def source_rows(self) -> Path:  # the file's cells as text, headers mapped (for the error report)
        return self.root / "baris.parquet"

    @property
    def valid_rows(self) -> Path:  # the typed rows without errors, as validated
        return self.root / "sah.parquet"

    @property
    def problems(self) -> Path:
        return self.root / "masalah.parquet"

    @property
    def error_report(self) -> Path:
        return self.root / "galat.xlsx"

    @property
    def progress_file(self) -> Path:
        return self.root / "kemajuan.json"

    @property
    def cancel_flag(self) -> Path:
        return self.root / "batal"

    # --- progress -------------------------------------------------------------------------------------

    def write_progress(self, **values: Any) -> None:
        """Replace the progress file atomically (a reader sees the old or the new content, never half)."""
        self.create()
        record = {**values, "host": socket.gethostname(), "pid": os.getpid(), "at": time.time()}
        partial = self.root / f".kemajuan.{os.getpid()}.{threading.get_ident()}"
        partial.write_text(json.dumps(record), encoding="utf-8")
        os.replace(partial, self.progress_file)

    def read_progress(self) -> dict[str, Any]:
        try:
            loaded = json.loads(self.progress_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def worker_gone(self) -> bool:
        """True when the process that last reported on this job is known to be dead (same host only)."""
        progress = self.read_progress()
        pid = progress.get("pid")
        if (
            not isinstance(pid, int)
            or progress.get("host") != socket.gethostname()
            or not progress.get("running")
        ):
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False

    # --- cancellation ---------------------------------------------------------------------------------

    def request_cancel(self) -> None:
        self.create()
        self.cancel_flag.touch()

    def clear_cancel(self) -> None:
        self.cancel_flag.unlink(missing_ok=True)

    def cancel_requested(self) -> bool:
        return self.cancel_flag.exists()

    def remove(self, *, keep: tuple[Path, ...] = ()) -> None:
        """Delete the job's files (all, or all but ``keep``)."""
        if not self.root.exists():
            return
        if not keep:
            shutil.rmtree(self.root, ignore_errors=True)
            return
        for path in self.root.iterdir():
            if path not in keep:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)


class JobProgress:
    """The ImportProgress a background task reports through: stages and rows written go to the job's file,
    and ``check`` raises ImportCancelled when the cancel flag is set or the worker is shutting down."""

    def __init__(self, files: JobFiles, *, phase: str) -> None:
        self.files = files
        self.phase = phase
        self._last = 0.0

    def stage(self, name: str, total: int | None = None) -> None:
        self.files.write_progress(phase=self.phase, stage=name, done=0, total=total or 0, running=True)

    def written(self, done: int, total: int) -> None:
        self.files.write_progress(phase=self.phase, stage="write", done=done, total=total, running=True)

    def check(self) -> None:
        if SHUTDOWN.is_set():
            raise ImportCancelled(shutdown=True)
        if self.files.cancel_requested():
            raise ImportCancelled()

    def finish(self, state: str) -> None:
        self.files.write_progress(phase=self.phase, stage=state, done=0, total=0, running=False)
