"""Compare the rows of an import with the stored records they update, set-based.

The stored values of the affected keys are read once (in chunks), joined to the incoming frame on the natural
key in polars, and only the fields the file actually has are compared. A fresh import reads nothing back but
the keys it finds, so the history costs almost nothing when there is nothing to record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import models

CHUNK = 5000
ID = "_stored_id"


@dataclass(frozen=True)
class FieldChanges:
    existing: int  # incoming rows whose key is already stored
    changes: list[tuple[int, dict[str, list[str | None]]]]  # (stored primary key, {field: [old, new]})


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _digest(value: Any) -> str | None:
    """A short stand-in for a value too large to keep twice (a boundary polygon)."""
    if value is None:
        return None
    text = str(value)
    return f"sha256:{hashlib.sha256(text.encode()).hexdigest()[:12]} ({len(text)} chars)"


def _stored(
    model: type[models.Model], key: list[str], fields: list[str], frame: pl.DataFrame
) -> pl.DataFrame:
    """Stored rows whose natural key appears in ``frame`` (columns named after model fields), plus their id."""
    wanted = set(frame.select(key).iter_rows())
    first = sorted({k[0] for k in wanted})
    columns = ["pk", *key, *fields]
    records: list[tuple[Any, ...]] = []
    manager = model._default_manager
    for start in range(0, len(first), CHUNK):
        part = manager.filter(**{f"{key[0]}__in": first[start : start + CHUNK]}).values_list(*columns)
        records.extend(r for r in part if r[1 : 1 + len(key)] in wanted)
    schema = {ID: pl.Int64(), **{name: frame.schema[name] for name in [*key, *fields]}}
    return pl.DataFrame(records, schema=schema, orient="row")


def field_changes(
    model: type[models.Model],
    incoming: pl.DataFrame,
    *,
    key: list[str],
    compare: list[str],
    digested: tuple[str, ...] = (),
) -> FieldChanges:
    """``incoming`` has one column per model field (key fields and ``compare`` fields), as it will be written."""
    stored = _stored(model, key, compare, incoming)
    if stored.height == 0 or not compare:
        return FieldChanges(existing=stored.height, changes=[])
    joined = incoming.select(*key, *compare).join(stored, on=key, how="inner", suffix="_old")
    differs = [pl.col(f).ne_missing(pl.col(f"{f}_old")).alias(f"_d_{f}") for f in compare]
    flagged = joined.with_columns(differs).filter(pl.any_horizontal(f"_d_{f}" for f in compare))
    changes = []
    for row in flagged.iter_rows(named=True):
        show = {f: _digest if f in digested else _text for f in compare}
        diff = {f: [show[f](row[f"{f}_old"]), show[f](row[f])] for f in compare if row[f"_d_{f}"]}
        changes.append((int(row[ID]), diff))
    return FieldChanges(existing=stored.height, changes=changes)
