"""The operational database as an Ibis backend, on Django's own connection (same transaction, same data)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import ibis
from django.db import connection
from ibis.backends.sqlite import Backend as SQLiteBackend
from ibis.backends.sqlite.udf import register_all

from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person


class _InDjangoTransaction(SQLiteBackend):  # type: ignore[misc]
    """Ibis's SQLite backend as a guest on Django's connection. Ibis commits after its own statements
    (which would end Django's transaction, leaving later writes outside it) and turns on case-sensitive LIKE
    (which Django's case-insensitive lookups rely on being off); here it does neither."""

    @contextlib.contextmanager
    def begin(self) -> Iterator[Any]:
        cursor = self.con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def _post_connect(self, type_map: dict[str, Any] | None = None) -> None:
        self._type_map = {k.lower(): ibis.dtype(v) for k, v in (type_map or {}).items()}
        register_all(self.con)


def operational_backend() -> ibis.BaseBackend:
    """Ibis over the connection Django uses now: what this transaction wrote is what the facts count."""
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "sqlite":
        backend: ibis.BaseBackend = _InDjangoTransaction.from_connection(raw)
        return backend
    if connection.vendor == "postgresql":
        return ibis.postgres.from_connection(raw)
    raise NotImplementedError(f"no Ibis backend for {connection.vendor}")


def registry_tables(backend: ibis.BaseBackend) -> tuple[ibis.Table, ibis.Table]:
    """(persons, memberships) as Ibis tables of ``backend``."""
    return backend.table(Person._meta.db_table), backend.table(Membership._meta.db_table)
