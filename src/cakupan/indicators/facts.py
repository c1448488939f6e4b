"""Coverage facts: per kelurahan/desa and month, the count behind every indicator, written once with Ibis.

The same expressions run on the operational database (SQLite, PostgreSQL) and on DuckDB over a Parquet
snapshot; ``tests/indicators`` requires identical results from all three. Dashboards and the API read the
facts, never the registry.

Periods. Facts describe ``months`` month ends plus the current month (the state on the refresh day), preceded
by one base month that is used only to tell who is new or lapsed in the first shown month. A person is
*active* at a period when one of their memberships has started on or before its day and has not ended before
it. Between two consecutive periods a person is *new* (active now, not active at the previous period) or
*lapsed* (active at the previous period, not now), so that active(m) = active(m-1) + new(m) - lapsed(m).

Method (why it is fast). Each membership is turned into the range of period indexes it covers, with one
``CASE`` over the period days (no join). Persons with a single covering membership, nearly everyone, are
counted from ranges aggregated per desa; only persons with several covering memberships are expanded to one
row per period, so that each is counted once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import ibis
import ibis.expr.schema as sch
import ibis.expr.types as ir
import polars as pl
from ibis import _

from cakupan.indicators.definitions import Definition
from cakupan.indicators.measures import Measure, measures_of, membership_flag, person_flag

PERSON_COLUMNS = ("id", "kode_wilayah", "sector", "decile")
MEMBERSHIP_COLUMNS = ("person_id", "segment", "programmes", "start_date", "end_date", "payer")
FACT_COLUMNS = ("indicator", "group", "kode_wilayah", "period", "measure", "value")
NUMERATOR, REGISTERED = "numerator", "terdata"


@dataclass(frozen=True, slots=True)
class Period:
    index: int
    month: dt.date  # first day of the month
    as_of: dt.date  # the day the state is taken: the month's last day, or the refresh day in its month


def periods_ending(as_of: dt.date, *, months: int) -> tuple[Period, ...]:
    """The base month, ``months - 1`` full months, then ``as_of``'s month (state on ``as_of``), oldest first."""
    if months < 1:
        raise ValueError("jumlah bulan fakta minimal 1")
    firsts: list[dt.date] = []
    year, month = as_of.year, as_of.month
    for _step in range(months + 1):
        firsts.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    firsts.reverse()
    periods = []
    for index, first in enumerate(firsts):
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        day = as_of if index == months else following - dt.timedelta(days=1)
        periods.append(Period(index=index, month=first, as_of=day))
    return tuple(periods)


def facts_last_day(*, latest_start: dt.date | None, today: dt.date) -> dt.date:
    """The day the facts' last month is taken on, when no day is configured: the end of the latest month in which
    a membership starts (``latest_start``: the latest start on or before ``today``), or ``today`` when that month
    is the current one or no membership has started. A registry whose data stops in a past month (an old BPJSTK
    extract, the synthetic demo data) is shown as of its last month, not as if nothing happened since; with
    memberships imported every month that is today. End dates do not count: many are set in advance (a budget
    year, a contract, a DBH Sawit cohort), so one passing says nothing about how recent the data is."""
    if latest_start is None or (latest_start.year, latest_start.month) >= (today.year, today.month):
        return today
    following = dt.date(latest_start.year + latest_start.month // 12, latest_start.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _first_index(start: ir.DateValue, periods: tuple[Period, ...]) -> ir.IntegerValue:
    """The first period whose day is on or after ``start``; len(periods) when none is."""
    cases = [(start <= ibis.literal(p.as_of), p.index) for p in periods]
    return ibis.cases(*cases, else_=len(periods))


def _last_index(end: ir.DateValue, periods: tuple[Period, ...]) -> ir.IntegerValue:
    """The last period whose day is on or before ``end`` (an open end: the last period); -1 when none is."""
    cases = [(end.isnull(), periods[-1].index)]
    cases += [(end >= ibis.literal(p.as_of), p.index) for p in reversed(periods)]
    return ibis.cases(*cases, else_=-1)


def _one_or_zero(condition: ir.BooleanValue) -> ir.IntegerValue:
    """1 or 0 for a condition (PostgreSQL does not cast a boolean to an integer)."""
    return condition.ifelse(ibis.literal(1, "int64"), ibis.literal(0, "int64"))


def _flag_key(measure: Measure) -> tuple[object, ...]:
    return (measure.filter, measure.breakdown, measure.group)


def output_column(measure: Measure, flags: dict[tuple[object, ...], str]) -> str:
    """The wide result column of a measure: a_ (active), n_ (new) or l_ (lapsed), then its flag."""
    prefix = {"pendaftaran_baru": "n_", "kepesertaan_berhenti": "l_"}.get(measure.counts, "a_")
    return prefix + flags[_flag_key(measure)]


def flag_columns(measures: tuple[Measure, ...]) -> dict[tuple[object, ...], str]:
    """One flag column per distinct predicate: many measures share one (every total is 'any membership')."""
    flags: dict[tuple[object, ...], str] = {}
    for measure in measures:
        flags.setdefault(_flag_key(measure), f"f{len(flags):02d}")
    return flags


def _shape(table: ir.Table, index: str, sums: dict[str, str], columns: list[str]) -> ir.Table:
    """Aggregate ``table`` per desa and ``index``: each output column is the sum of its flag, others 0."""
    grouped = table.group_by(["kode_wilayah", index]).aggregate(
        **{out: table[flag].sum().cast("int64") for out, flag in sums.items()}
    )
    return grouped.select(
        "kode_wilayah",
        idx=grouped[index].cast("int64"),
        **{c: grouped[c] if c in sums else ibis.literal(0, "int64") for c in columns},
    )


def facts_expressions(
    persons: ir.Table,
    memberships: ir.Table,
    periods: tuple[Period, ...],
    measures: tuple[Measure, ...],
    *,
    registered_indicators: frozenset[str] = frozenset(),
    period_table: ir.Table | None = None,
) -> tuple[ir.Table, ir.Table]:
    """(counts per desa × period, one column per ``output_column``; registered persons per desa and measure).

    ``period_table`` has one int64 column ``idx`` with every period's index (default: an Ibis memtable)."""
    last = periods[-1].index
    if period_table is None:
        period_table = ibis.memtable({"idx": [p.index for p in periods]}, schema={"idx": "int64"})
    flags = flag_columns(measures)
    flag_rule = {
        column: next(m for m in measures if flags[_flag_key(m)] == column) for column in flags.values()
    }
    wanted = {output_column(m, flags): flags[_flag_key(m)] for m in measures}
    columns = sorted(wanted)
    active = {out: flag for out, flag in wanted.items() if out.startswith("a_")}
    arrivals = {out: flag for out, flag in wanted.items() if out.startswith("n_")}
    departures = {out: flag for out, flag in wanted.items() if out.startswith("l_")}

    people = persons.select(*PERSON_COLUMNS)
    rows = memberships.select(*MEMBERSHIP_COLUMNS).join(people, _.person_id == people.id)
    rows = rows.select(
        "person_id",
        "kode_wilayah",
        first=_first_index(rows.start_date, periods),
        last=_last_index(rows.end_date, periods),
        **{column: _one_or_zero(membership_flag(rows, rule)) for column, rule in flag_rule.items()},
    )
    covering = rows.filter(_.first <= _.last)
    covering = covering.mutate(covering_count=_.person_id.count().over(group_by="person_id"))

    # Persons with one covering membership: ranges summed per desa, then spread over the periods they cover.
    single = covering.filter(_.covering_count == 1)
    ranges = single.group_by(["kode_wilayah", "first", "last"]).aggregate(
        **{c: single[c].sum().cast("int64") for c in flags.values()}
    )
    spread = ranges.join(period_table, [ranges.first <= period_table.idx, ranges.last >= period_table.idx])
    parts = [_shape(spread, "idx", active, columns)]
    if arrivals:
        parts.append(_shape(ranges.filter(_.first >= 1), "first", arrivals, columns))
    if departures:
        ended = ranges.filter(_.last < last).mutate(after=_.last + 1)
        parts.append(_shape(ended, "after", departures, columns))

    # Persons with several covering memberships: one row per person and period, each person counted once.
    several = covering.filter(_.covering_count > 1)
    expanded = several.join(
        period_table, [several.first <= period_table.idx, several.last >= period_table.idx]
    )
    state = expanded.group_by(["person_id", "kode_wilayah", "idx"]).aggregate(
        **{c: expanded[c].max().cast("int64") for c in flags.values()}
    )
    parts.append(_shape(state, "idx", active, columns))
    earlier = state.select("person_id", "idx").view()
    if arrivals:
        now = state.filter(_.idx >= 1)
        arrived = now.anti_join(earlier, [now.person_id == earlier.person_id, now.idx == earlier.idx + 1])
        parts.append(_shape(arrived, "idx", arrivals, columns))
    if departures:
        before = state.filter(_.idx < last)
        left = before.anti_join(
            earlier, [before.person_id == earlier.person_id, before.idx + 1 == earlier.idx]
        )
        parts.append(_shape(left.mutate(after=_.idx + 1), "after", departures, columns))

    union = ibis.union(*parts, distinct=False)
    counts = union.group_by(["kode_wilayah", "idx"]).aggregate(
        **{c: union[c].sum().cast("int64") for c in columns}
    )
    registered_measures = [m for m in measures if m.indicator in registered_indicators and not m.is_event]
    registered = people.group_by("kode_wilayah").aggregate(
        **{
            m.column: _one_or_zero(person_flag(people, m.filter)).sum().cast("int64")
            for m in registered_measures
        }
    )
    return counts, registered


PERIOD_TABLE = "cakupan_fact_periods"
# Compiled SQL per engine, periods, definitions and table names: compiling the expressions costs more than
# running them on a small registry, and the same facts are refreshed again and again with the same months.
COMPILED_KEPT = 8
_COMPILED: dict[tuple[object, ...], tuple[str, sch.Schema, str, sch.Schema]] = {}


def _execute(backend: ibis.BaseBackend, sql: str) -> None:
    result = backend.raw_sql(sql)
    # SQLite and PostgreSQL hand back a cursor to close; DuckDB hands back its connection, which must stay open.
    if result is not getattr(backend, "con", None) and hasattr(result, "close"):
        result.close()


def _compiled(
    backend: ibis.BaseBackend,
    persons: ir.Table,
    memberships: ir.Table,
    periods: tuple[Period, ...],
    definitions: Mapping[str, Definition],
) -> tuple[str, sch.Schema, str, sch.Schema]:
    key = (backend.name, periods, tuple(definitions.items()), persons.get_name(), memberships.get_name())
    if key not in _COMPILED:
        if len(_COMPILED) >= COMPILED_KEPT:  # a server refreshes with a new last day every day: keep a few
            _COMPILED.clear()
        registered_indicators = frozenset(
            name
            for name, d in definitions.items()
            if d.denominator is not None and d.denominator.kind == "terdata"
        )
        period_table = ibis.table({"idx": "int64"}, name=PERIOD_TABLE)
        counts, registered = facts_expressions(
            persons,
            memberships,
            periods,
            measures_of(definitions),
            registered_indicators=registered_indicators,
            period_table=period_table,
        )
        _COMPILED[key] = (
            str(backend.compile(counts)),
            counts.schema(),
            str(backend.compile(registered)),
            registered.schema(),
        )
    return _COMPILED[key]


def compute_facts(
    *,
    backend: ibis.BaseBackend,
    persons: ir.Table,
    memberships: ir.Table,
    periods: tuple[Period, ...],
    definitions: Mapping[str, Definition],
) -> pl.DataFrame:
    """Run the facts on ``backend`` and return them long: one row per non-zero count (FACT_COLUMNS).

    ``nagari_peserta`` measures become 1 per desa where the count is positive, so that summing over a region
    gives its number of participating nagari. Registered-person counts (for 'terdata' denominators) are
    repeated for every period, as the registry describes today. The period indexes live in a temporary
    table for the duration of the call (plain SQL, the same on every engine).
    """
    counts_sql, counts_schema, registered_sql, registered_schema = _compiled(
        backend, persons, memberships, periods, definitions
    )
    _execute(backend, f"DROP TABLE IF EXISTS {PERIOD_TABLE}")
    _execute(backend, f"CREATE TEMPORARY TABLE {PERIOD_TABLE} (idx BIGINT)")
    try:
        values = ", ".join(f"({p.index})" for p in periods)
        _execute(backend, f"INSERT INTO {PERIOD_TABLE} (idx) VALUES {values}")
        counts = pl.from_arrow(backend.to_pyarrow(backend.sql(counts_sql, schema=counts_schema)))
        registered = pl.from_arrow(backend.to_pyarrow(backend.sql(registered_sql, schema=registered_schema)))
    finally:
        _execute(backend, f"DROP TABLE IF EXISTS {PERIOD_TABLE}")
    assert isinstance(counts, pl.DataFrame) and isinstance(registered, pl.DataFrame)
    return _long(counts, registered, periods, measures_of(definitions))


def _long(
    counts: pl.DataFrame, registered: pl.DataFrame, periods: tuple[Period, ...], measures: tuple[Measure, ...]
) -> pl.DataFrame:
    flags = flag_columns(measures)
    month_of = pl.DataFrame(
        {"idx": [p.index for p in periods], "period": [p.month for p in periods]},
        schema={"idx": pl.Int64, "period": pl.Date},
    )
    frames = []
    for measure in measures:
        value = pl.col(output_column(measure, flags))
        if measure.counts == "nagari_peserta":
            value = (value > 0).cast(pl.Int64)
        frames.append(
            counts.select(
                indicator=pl.lit(measure.indicator),
                group=pl.lit(measure.group),
                kode_wilayah=pl.col("kode_wilayah"),
                idx=pl.col("idx").cast(pl.Int64),
                measure=pl.lit(NUMERATOR),
                value=value.cast(pl.Int64),
            )
        )
        if measure.column in registered.columns:
            frames.append(
                registered.join(month_of, how="cross").select(
                    indicator=pl.lit(measure.indicator),
                    group=pl.lit(measure.group),
                    kode_wilayah=pl.col("kode_wilayah"),
                    idx=pl.col("idx"),
                    measure=pl.lit(REGISTERED),
                    value=pl.col(measure.column).cast(pl.Int64),
                )
            )
    if not frames:
        return pl.DataFrame(schema=dict.fromkeys(FACT_COLUMNS, pl.Utf8))
    long = pl.concat(frames).filter(pl.col("value") != 0)
    long = long.join(month_of, on="idx").drop("idx")
    # In the order of the facts table's index, so that writing them appends to it.
    return long.select(FACT_COLUMNS).sort(["indicator", "period", "measure", "group", "kode_wilayah"])
