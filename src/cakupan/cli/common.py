"""What every command shares: the language switch, one-sentence errors, and setting up Django.

Messages in Bahasa Indonesia (CAKUPAN_LANG=en: English). Every command catches what a user can get wrong and says
it in a sentence; no traceback reaches the screen unless CAKUPAN_DEBUG=1.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import click

from cakupan.core.problems import Language

F = TypeVar("F", bound=Callable[..., Any])
JAKARTA = ZoneInfo("Asia/Jakarta")


def language() -> Language:
    return "en" if os.environ.get("CAKUPAN_LANG", "id").lower().startswith("en") else "id"


def say(indonesian: str, english: str) -> str:
    return english if language() == "en" else indonesian


def _translate_click() -> None:
    """Click's own messages (usage errors, "Usage:", "Options") follow CAKUPAN_LANG too.

    Click translates through the standard ``gettext`` module; its Indonesian catalogue ships in
    ``cakupan/locale``. The language comes from CAKUPAN_LANG, never from the desktop's LANGUAGE.
    """
    gettext.bindtextdomain("messages", str(Path(__file__).parent.parent / "locale"))
    os.environ["LANGUAGE"] = language()


_translate_click()


def date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback for a YYYY-MM-DD option (None when not given), with the message in the user's language."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            say(f"{value!r} bukan tanggal YYYY-MM-DD.", f"{value!r} is not a YYYY-MM-DD date.")
        ) from exc


class UserError(click.ClickException):
    """A mistake the user can fix; shown as one sentence, exit code 1."""

    def show(self, file: Any = None) -> None:
        click.echo(say("Galat: ", "Error: ") + self.message, err=True)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.web.settings")
    import django

    django.setup()


def _require_database() -> None:
    """Stop with a clear sentence when the database is unreachable or not migrated."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor
    from django.db.utils import OperationalError

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except OperationalError as exc:
        raise UserError(
            say(f"Basis data tidak dapat dibuka: {exc}", f"The database cannot be opened: {exc}")
        ) from exc
    if pending:
        raise UserError(
            say(
                "Basis data belum disiapkan. Jalankan dahulu: cakupan migrate",
                "The database is not set up yet. Run first: cakupan migrate",
            )
        )


def friendly_errors(func: F) -> F:
    """Turn unexpected failures into one sentence (CAKUPAN_DEBUG=1 shows the traceback)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # output piped into `head`: not an error
            sys.stderr.close()
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            if os.environ.get("CAKUPAN_DEBUG") == "1":
                raise
            raise UserError(
                say(
                    f"Terjadi kesalahan tak terduga ({type(exc).__name__}: {exc}). "
                    "Jalankan lagi dengan CAKUPAN_DEBUG=1 untuk rinciannya.",
                    f"An unexpected error occurred ({type(exc).__name__}: {exc}). "
                    "Run again with CAKUPAN_DEBUG=1 for details.",
                )
            ) from exc

    return wrapper  # type: ignore[return-value]
