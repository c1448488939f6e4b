"""Writes of the coverage facts: recompute them whole, set-based, after a change to the registry."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import ibis
import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from cakupan.indicators.definitions import definitions
from cakupan.indicators.facts import compute_facts, facts_last_day, periods_ending
from cakupan.indicators.snapshot import snapshot_backend
from cakupan.web.imports.bulk import insert_all
from cakupan.web.indicators.engine import operational_backend, registry_tables
from cakupan.web.indicators.models import CoverageFact, FactsRefresh
from cakupan.web.membership.models import Membership

FIELDS = ("indicator", "group", "region_code", "period", "measure", "value")


def facts_as_of() -> dt.date:
    """The day the facts' last month is taken on: CAKUPAN_COVERAGE_AS_OF when set, else the end of the latest
    month in which a membership starts, never past today (``facts_last_day``): today in real use."""
    configured: dt.date | None = settings.CAKUPAN_COVERAGE_AS_OF
    if configured:
        return configured
    today = timezone.localdate()
    latest = Membership.objects.filter(start_date__lte=today).aggregate(latest=Max("start_date"))["latest"]
    return facts_last_day(latest_start=latest, today=today)


@transaction.atomic
def facts_refresh(
    *, as_of: dt.date | None = None, months: int | None = None, snapshot: Path | None = None
) -> FactsRefresh:
    """Recompute every coverage fact from the registry (or from a Parquet snapshot, on DuckDB) and replace
    the stored ones in one transaction: readers see the old facts or the new ones, never a mix."""
    started = time.perf_counter()
    day = as_of or facts_as_of()
    periods = periods_ending(day, months=months or settings.CAKUPAN_COVERAGE_MONTHS)
    backend: ibis.BaseBackend
    if snapshot is None:
        backend = operational_backend()
        persons, memberships = registry_tables(backend)
        engine = connection.vendor
    else:
        backend, persons, memberships = snapshot_backend(snapshot)
        engine = "duckdb"
    facts = compute_facts(
        backend=backend, persons=persons, memberships=memberships, periods=periods, definitions=definitions()
    )
    shown = facts.filter(pl.col("period") >= periods[1].month)  # the base month only serves the first changes
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(CoverageFact._meta.db_table)}")
    insert_all(CoverageFact, columns=FIELDS, rows=shown)
    FactsRefresh.objects.all().delete()
    return FactsRefresh.objects.create(
        as_of=day,
        first_period=periods[1].month,
        last_period=periods[-1].month,
        engine=engine,
        rows=shown.height,
        duration_ms=round((time.perf_counter() - started) * 1000),
    )


def facts_refresh_enqueue() -> None:
    """Have the background worker refresh the facts once the surrounding transaction commits."""
    from cakupan.web.indicators.tasks import refresh_facts

    transaction.on_commit(refresh_facts.enqueue)
