"""Progress of ``cakupan import`` on a terminal, and Ctrl-C as a clean cancel.

On a TTY the import says what it is doing (reading, checking N rows) and draws a bar of the rows written. The
first Ctrl-C (SIGINT) asks the import to stop: it stops before its next chunk, inside its transaction, which
rolls back, so nothing is changed; a second Ctrl-C interrupts at once (the transaction still rolls back).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import click

from cakupan.cli.common import say

CANCELLED_EXIT_CODE = 130  # 128 + SIGINT, what shells report for a command stopped by Ctrl-C


class CliProgress:
    """The ImportProgress of the command line (``cakupan.web.imports.services.ImportProgress``)."""

    def __init__(self, *, tty: bool | None = None) -> None:
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.cancel_requested = False
        self._bar: Any = None
        self._shown = 0

    def stage(self, name: str, total: int | None = None) -> None:
        if not self.tty:
            return
        if name == "read":
            click.echo(say("Membaca berkas...", "Reading the file..."), err=True)
        elif name == "validated":
            click.echo(
                say(f"  {total or 0:,} baris sah.".replace(",", "."), f"  {total or 0:,} valid rows."),
                err=True,
            )
        elif name == "validate" and total:
            click.echo(
                say(f"Memeriksa {total:,} baris...".replace(",", "."), f"Checking {total:,} rows..."),
                err=True,
            )

    def written(self, done: int, total: int) -> None:
        if not self.tty or total == 0:
            return
        if self._bar is None:
            self._bar = click.progressbar(
                length=total,
                label=say("Menyimpan", "Saving"),
                file=sys.stderr,
                show_pos=True,
                show_percent=True,
            )
            self._bar.__enter__()
        self._bar.update(done - self._shown)
        self._shown = done

    def check(self) -> None:
        if self.cancel_requested:
            from cakupan.web.imports.progress import ImportCancelled

            raise ImportCancelled()

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@contextmanager
def cancel_on_interrupt(progress: CliProgress) -> Iterator[None]:
    """While the import runs, the first SIGINT asks it to stop between chunks; a second one interrupts."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if progress.cancel_requested:
            raise KeyboardInterrupt
        progress.cancel_requested = True
        click.echo(
            say(
                "\nMembatalkan... (Ctrl+C sekali lagi untuk segera berhenti; tidak ada yang diubah)",
                "\nCancelling... (Ctrl+C again to stop at once; nothing is changed)",
            ),
            err=True,
        )

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        progress.finish()


def cancelled_exit() -> click.exceptions.Exit:
    click.echo(say("Dibatalkan, tidak ada yang berubah.", "Cancelled; nothing was changed."), err=True)
    return click.exceptions.Exit(CANCELLED_EXIT_CODE)
