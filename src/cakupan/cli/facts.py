"""``cakupan facts``: recompute the coverage facts, or export the Parquet snapshot they can be computed from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from cakupan.cli.common import UserError, _require_database, _setup_django, date_option, friendly_errors, say


@click.group(
    help=say(
        "Fakta cakupan (wilayah × bulan) yang dibaca dasbor dan API: hitung ulang, atau ekspor snapshot Parquet.",
        "Coverage facts (region × month) read by the dashboard and the API: recompute, or export a Parquet snapshot.",
    )
)
def facts() -> None:
    pass


@facts.command(
    help=say(
        "Hitung ulang semua fakta cakupan dari registri (atau dari snapshot Parquet dengan DuckDB).",
        "Recompute every coverage fact from the registry (or from a Parquet snapshot with DuckDB).",
    )
)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    callback=date_option,
    help=say(
        "Tanggal keadaan bulan terakhir, YYYY-MM-DD (bawaan: CAKUPAN_COVERAGE_AS_OF, atau akhir bulan terakhir "
        "yang berdata, tidak melewati hari ini).",
        "Day the last month's state is taken, YYYY-MM-DD (default: CAKUPAN_COVERAGE_AS_OF, or the end of the "
        "latest month with data, never past today).",
    ),
)
@click.option(
    "--months",
    type=click.IntRange(1, 120),
    default=None,
    help=say(
        "Jumlah bulan (bawaan: CAKUPAN_COVERAGE_MONTHS).",
        "Number of months (default: CAKUPAN_COVERAGE_MONTHS).",
    ),
)
@click.option(
    "--snapshot",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=say(
        "Folder snapshot Parquet (dihitung dengan DuckDB).", "Parquet snapshot folder (computed with DuckDB)."
    ),
)
@friendly_errors
def refresh(as_of: dt.date | None, months: int | None, snapshot: Path | None) -> None:
    _setup_django()
    _require_database()
    from cakupan.indicators.snapshot import SnapshotError
    from cakupan.web.indicators.services import facts_refresh

    try:
        done = facts_refresh(as_of=as_of, months=months, snapshot=snapshot)
    except SnapshotError as exc:
        raise UserError(str(exc)) from exc
    click.echo(
        say(
            f"Fakta cakupan {done.first_period:%Y-%m} s.d. {done.last_period:%Y-%m} (per {done.as_of}) dihitung "
            f"dengan {done.engine}: {done.rows:,} baris dalam {done.duration_ms / 1000:.1f} detik.".replace(
                ",", "."
            ),
            f"Coverage facts {done.first_period:%Y-%m} to {done.last_period:%Y-%m} (as of {done.as_of}) computed "
            f"with {done.engine}: {done.rows:,} rows in {done.duration_ms / 1000:.1f} s.",
        )
    )


@facts.command(
    help=say(
        "Ekspor snapshot Parquet (tanpa NIK, nama, tanggal lahir, alamat) dari kolom yang dibaca fakta cakupan.",
        "Export a Parquet snapshot (no NIK, names, birth dates, addresses) of the columns the coverage facts read.",
    )
)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@friendly_errors
def snapshot(folder: Path) -> None:
    _setup_django()
    _require_database()
    from django.utils import timezone

    from cakupan.indicators.snapshot import snapshot_write
    from cakupan.web.indicators.engine import operational_backend, registry_tables

    backend = operational_backend()
    persons, memberships = registry_tables(backend)
    manifest = snapshot_write(
        backend=backend,
        persons=persons,
        memberships=memberships,
        folder=folder,
        created=timezone.now().isoformat(timespec="seconds"),
    )
    click.echo(
        say(
            f"Snapshot ditulis ke {folder}: {manifest['persons']} orang, {manifest['memberships']} kepesertaan.",
            f"Snapshot written to {folder}: {manifest['persons']} persons, {manifest['memberships']} memberships.",
        )
    )
