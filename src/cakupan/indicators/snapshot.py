"""Parquet snapshots of the registry columns the coverage facts read, and DuckDB over them.

A snapshot holds no NIK, name, birth date or address: persons are an internal id, a kelurahan/desa code, a
work sector and a DTSEN decile; memberships are that id, segment, programmes, dates and payer. It is what the
facts need and nothing more, so it can be handed to an analysis machine. DuckDB reads the Parquet files
directly (no extension, nothing downloaded), with the same Ibis expressions as the operational database.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import ibis
import ibis.expr.types as ir

from cakupan.indicators.facts import MEMBERSHIP_COLUMNS, PERSON_COLUMNS

PERSONS_FILE, MEMBERSHIPS_FILE, MANIFEST_FILE = "persons.parquet", "memberships.parquet", "manifest.json"


class SnapshotError(ValueError):
    """A folder that does not hold a complete snapshot; the message says what is missing."""


def snapshot_write(
    *, backend: ibis.BaseBackend, persons: ir.Table, memberships: ir.Table, folder: Path, created: str
) -> dict[str, object]:
    """Write the snapshot into ``folder`` (created, or replaced whole: never half-written) and return its
    manifest (row counts, ``created`` stamp)."""
    folder = folder.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=folder.parent))
    try:
        person_rows = persons.select(*PERSON_COLUMNS)
        membership_rows = memberships.select(*MEMBERSHIP_COLUMNS)
        backend.to_parquet(person_rows, scratch / PERSONS_FILE)
        backend.to_parquet(membership_rows, scratch / MEMBERSHIPS_FILE)
        manifest: dict[str, object] = {
            "created": created,
            "persons": int(backend.execute(person_rows.count())),
            "memberships": int(backend.execute(membership_rows.count())),
        }
        (scratch / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        scratch.rename(folder)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return manifest


def snapshot_backend(folder: Path) -> tuple[ibis.BaseBackend, ir.Table, ir.Table]:
    """(an in-memory DuckDB, persons, memberships) reading the snapshot's Parquet files."""
    missing = [
        name for name in (PERSONS_FILE, MEMBERSHIPS_FILE, MANIFEST_FILE) if not (folder / name).is_file()
    ]
    if missing:
        raise SnapshotError(f"{folder}: bukan snapshot lengkap; tidak ada {', '.join(missing)}")
    backend = ibis.duckdb.connect()
    persons = backend.read_parquet(folder / PERSONS_FILE, table_name="registry_person")
    memberships = backend.read_parquet(folder / MEMBERSHIPS_FILE, table_name="membership_membership")
    return backend, persons, memberships
