"""``python -m django cakupan_worker``: the background task worker (started by ``cakupan serve``)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run Cakupan's background tasks (imports from the browser)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--parent-pid", type=int, default=None, help="Stop when this process is gone.")
        parser.add_argument(
            "--interval", type=float, default=0.5, help="Seconds between looks for new tasks."
        )

    def handle(self, *args: Any, parent_pid: int | None, interval: float, **options: Any) -> None:
        from cakupan.web.imports.worker import run_worker

        run_worker(parent_pid=parent_pid, interval=interval)
