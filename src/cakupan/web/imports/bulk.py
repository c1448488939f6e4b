"""Insert-or-update many rows with one prepared statement, on SQLite and PostgreSQL alike.

``INSERT ... ON CONFLICT (key) DO UPDATE SET col = excluded.col`` is the same SQL on both engines, so the
importers skip building one model instance per row (which costs several times the database work itself).
Only date and datetime values need adapting to the engine; everything else passes through as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models, transaction

CHUNK = 5000


def _concrete(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise ValueError(f"{model.__name__}.{name} is not a concrete column")
    return field


def _column(field: models.Field[Any, Any]) -> str:
    column = field.column
    if column is None:
        raise ValueError(f"{field.name} has no column")
    return column


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return None


def upsert(
    model: type[models.Model],
    *,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    conflict: Sequence[str],
    update: Sequence[str],
) -> None:
    """Write ``rows`` (tuples in the order of ``columns``, model field names) into ``model``'s table."""
    meta = model._meta
    fields = [_concrete(model, name) for name in columns]
    quote = connection.ops.quote_name
    names = [quote(_column(f)) for f in fields]
    key = [quote(_column(_concrete(model, name))) for name in conflict]
    updates = [quote(_column(_concrete(model, name))) for name in update]
    on_conflict = (
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in updates)}"
    )
    if connection.vendor == "postgresql":
        _upsert_by_copy(meta.db_table, names, rows, on_conflict)
        return
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))}) "
        + on_conflict
    )
    adapters = [(i, a) for i, f in enumerate(fields) if (a := _adapter(f)) is not None]
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, CHUNK)):
            if adapters:
                chunk = [_adapt(row, adapters) for row in chunk]
            cursor.executemany(sql, chunk)


def _upsert_by_copy(table: str, names: list[str], rows: Iterable[Sequence[Any]], on_conflict: str) -> None:
    """PostgreSQL: COPY the rows into a temporary table, then one INSERT ... SELECT ... ON CONFLICT.

    COPY is PostgreSQL's bulk path (several times faster than executemany); psycopg adapts dates and
    timezone-aware datetimes itself. The temporary table has the target's column types and disappears at commit.
    """
    quote = connection.ops.quote_name
    staging = quote("cakupan_staging")
    columns = ", ".join(names)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS SELECT {columns} FROM {quote(table)} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {quote(table)} ({columns}) SELECT {columns} FROM {staging} {on_conflict}"
        )
        cursor.execute(f"DROP TABLE {staging}")


def _adapt(row: Sequence[Any], adapters: list[tuple[int, Callable[[Any], Any]]]) -> list[Any]:
    values = list(row)
    for index, adapt in adapters:
        if values[index] is not None:
            values[index] = adapt(values[index])
    return values
