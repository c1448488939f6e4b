"""Insert-or-update many rows at once, on SQLite and PostgreSQL alike, without a model instance per row.

Rows come as a polars frame. The keys already stored are looked up first: the other rows go in as plain inserts
(``executemany`` on SQLite, ``COPY`` straight into the table on PostgreSQL), and only the stored ones go through
``INSERT ... ON CONFLICT (key) DO UPDATE SET col = excluded.col``, the same SQL on both engines. Only date and
datetime values need adapting to the engine, once per distinct value with Django's own adapter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
from django.db import connection, models, transaction

CHUNK = 5000
COPY_CHUNK = 50_000
_ISO = "%Y-%m-%d %H:%M:%S%.6f%:z"  # timezone-aware datetimes as PostgreSQL reads them


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
    rows: pl.DataFrame,
    conflict: Sequence[str],
    update: Sequence[str],
    stored: pl.Series | None = None,
) -> None:
    """Write ``rows`` (a frame whose columns are, in order, the model fields ``columns``) into ``model``'s table.

    ``stored`` (as ``stored_mask`` gives it) tells, row by row, whether the key is in the table already; it is
    looked up when not given."""
    meta = model._meta
    fields = [_concrete(model, name) for name in columns]
    quote = connection.ops.quote_name
    names = [quote(_column(f)) for f in fields]
    key = [quote(_column(_concrete(model, name))) for name in conflict]
    updates = [quote(_column(_concrete(model, name))) for name in update]
    on_conflict = (
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in updates)}"
    )
    key_columns = [rows.columns[list(columns).index(name)] for name in conflict]
    if rows.select(key_columns).is_duplicated().any():  # a key twice: the later row wins, on both engines
        last = rows.with_row_index("_position").unique(subset=key_columns, keep="last", maintain_order=True)
        rows = last.drop("_position")
        stored = None if stored is None else stored.gather(last.get_column("_position"))
    frame = _adapted(rows, fields)
    # Rows whose key is not stored yet go in as plain inserts (COPY straight into the table on PostgreSQL; on
    # SQLite an upsert checks the foreign keys its update would set on every row, which doubles a row's cost).
    if stored is None:
        stored = stored_mask(
            model, key=conflict, rows=rows.rename(dict(zip(rows.columns, columns, strict=True)))
        )
    new, old = frame.filter(~stored), frame.filter(stored)
    if connection.vendor == "postgresql":
        _upsert_by_copy(meta.db_table, names, new, old, on_conflict)
        return
    insert = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})"
    )
    with connection.cursor() as cursor:
        for part, sql in ((new, insert), (old, f"{insert} {on_conflict}")):
            for chunk in part.iter_slices(CHUNK):  # rows zipped from whole columns: no polars call per row
                cursor.executemany(sql, list(zip(*(c.to_list() for c in chunk.get_columns()), strict=True)))


def stored_mask(model: type[models.Model], *, key: Sequence[str], rows: pl.DataFrame) -> pl.Series:
    """Row by row, whether ``model``'s table holds the key of ``rows`` (key columns named after the fields ``key``).

    One query per CHUNK keys, with the keys bound as plain parameters (one array on PostgreSQL): the ORM's
    ``__in`` prepares each value in Python, which costs more than the lookup itself on a million keys.
    """
    fields = [_concrete(model, name) for name in key]
    quote = connection.ops.quote_name
    select = (
        f"SELECT {', '.join(quote(_column(f)) for f in fields)} FROM {quote(model._meta.db_table)} WHERE "
    )
    first = _adapted(rows.select(key[0]).unique().drop_nulls(), fields[:1]).get_column(key[0])
    found: list[tuple[Any, ...]] = []
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            # Rows this transaction wrote are not in the planner's statistics yet, so it would scan the whole
            # table for every chunk of keys; a lookup of a few thousand keys belongs on the key's index.
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)"
            )
            seqscan = cursor.fetchone()[0]
        for start in range(0, first.len(), CHUNK):
            values = first.slice(start, CHUNK).to_list()
            if postgres:
                array = f"%s::{fields[0].db_type(connection)}[]"
                cursor.execute(f"{select}{quote(_column(fields[0]))} = ANY({array})", [values])
            else:
                marks = ", ".join(["%s"] * len(values))
                cursor.execute(f"{select}{quote(_column(fields[0]))} IN ({marks})", values)
            found.extend(cursor.fetchall())
        if postgres:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [seqscan])
    stored = pl.DataFrame(found, schema={name: rows.schema[name] for name in key}, orient="row")
    flagged = stored.unique().with_columns(pl.lit(True).alias("_stored"))
    joined = rows.select(key).join(flagged, on=list(key), how="left", nulls_equal=True, maintain_order="left")
    return joined.get_column("_stored").fill_null(False)


def _upsert_by_copy(
    table: str, names: list[str], new: pl.DataFrame, old: pl.DataFrame, on_conflict: str
) -> None:
    """PostgreSQL: COPY the new rows into the table; COPY the others into a temporary table, then one
    INSERT ... SELECT ... ON CONFLICT. The temporary table has the target's column types and is dropped."""
    quote = connection.ops.quote_name
    staging = quote("cakupan_staging")
    columns = ", ".join(names)
    with transaction.atomic(), connection.cursor() as cursor:
        _copy(cursor, f"{quote(table)} ({columns})", new)
        if old.is_empty():
            return
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS SELECT {columns} FROM {quote(table)} WITH NO DATA"
        )
        _copy(cursor, f"{staging} ({columns})", old)
        cursor.execute(
            f"INSERT INTO {quote(table)} ({columns}) SELECT {columns} FROM {staging} {on_conflict}"
        )
        cursor.execute(f"DROP TABLE {staging}")


def _copy(cursor: Any, target: str, rows: pl.DataFrame) -> None:
    """COPY ``rows`` as CSV written by polars: no Python work per row. Text is always quoted, so an empty text
    stays an empty text and only a missing value (an empty unquoted field) is NULL."""
    if rows.is_empty():
        return
    with cursor.cursor.copy(f"COPY {target} FROM STDIN (FORMAT csv)") as copy:
        for chunk in rows.iter_slices(COPY_CHUNK):
            copy.write(chunk.write_csv(include_header=False, quote_style="non_numeric", datetime_format=_ISO))


def _adapted(frame: pl.DataFrame, fields: list[models.Field[Any, Any]]) -> pl.DataFrame:
    """``frame`` with each date and datetime column as the engine takes it, adapted once per distinct value."""
    replaced = []
    for name, field in zip(frame.columns, fields, strict=True):
        adapt = _adapter(field)
        if adapt is None:
            continue
        distinct = frame.get_column(name).drop_nulls().unique()
        if distinct.is_empty():
            continue
        adapted = pl.Series([adapt(v) for v in distinct], strict=False)
        if distinct.len() == 1 and not frame.get_column(name).has_nulls():  # a stamp: one value for all rows
            replaced.append(pl.lit(adapted[0], adapted.dtype).alias(name))
            continue
        replaced.append(
            pl.col(name).replace_strict(distinct, adapted, default=None, return_dtype=adapted.dtype)
        )
    return frame.with_columns(replaced) if replaced else frame


def insert_all(model: type[models.Model], *, columns: Sequence[str], rows: pl.DataFrame) -> None:
    """Plain inserts of every row of ``rows`` (columns in the order of the fields ``columns``), no key lookup:
    COPY on PostgreSQL, ``executemany`` on SQLite. For tables rewritten whole, such as the coverage facts."""
    fields = [_concrete(model, name) for name in columns]
    quote = connection.ops.quote_name
    names = [quote(_column(f)) for f in fields]
    frame = _adapted(rows, fields)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            _copy(cursor, f"{quote(model._meta.db_table)} ({', '.join(names)})", frame)
        return
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})"
    with connection.cursor() as cursor:
        for chunk in frame.iter_slices(CHUNK):
            cursor.executemany(insert, list(zip(*(c.to_list() for c in chunk.get_columns()), strict=True)))
