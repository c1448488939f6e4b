"""Coverage facts refresh (every indicator per desa × month), three ways, per engine, and on DuckDB.

- ours:  ``facts_refresh`` (Ibis: compute, then delete and rewrite the facts table); also ``compute_facts``
  alone, so the write's share is visible;
- floor: one hand-written SQL query, the same algorithm as ``cakupan.indicators.facts`` (membership ->
  range of period indexes; single-membership persons counted from ranges, the others expanded), on the raw
  driver; it only returns the counts, it does not write them;
- naive: per month the obvious query (COUNT(DISTINCT person) of active memberships per desa), UCJ only.

DuckDB runs in the SQLite process, over a Parquet snapshot exported from the SQLite database. The floor's
counts must equal the facts ``facts_refresh`` stored, row for row (checked); the naive counts must equal the
floor's UCJ counts. Each figure is the median of the repeats, after one untimed call.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _setup import (
    ENGINES,
    Data,
    header,
    median_of,
    raw_connection,
    run_engines,
    secs,
    setup_django,
    synthetic,
    timed,
)

BUDGET = {"sqlite": 10.0, "postgres": 3.0, "duckdb": 1.0}  # seconds, issue 5
RATIO_BUDGET = 1.5
Facts = dict[tuple[str, str, str, dt.date, str], int]  # (indicator, group, desa, month, measure) -> value


# --- the floor: hand-written SQL -------------------------------------------------------------------------


def _day(engine: str, day: dt.date) -> str:
    return f"'{day.isoformat()}'" if engine == "sqlite" else f"DATE '{day.isoformat()}'"


def _contains(engine: str, text: str, part: str) -> str:
    return {"sqlite": "instr", "postgres": "strpos", "duckdb": "strpos"}[engine] + f"({text}, '{part}') > 0"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def person_predicate(rule: Any) -> list[str]:
    terms = []
    if rule.sectors is not None:
        terms.append(_in("p.sector", rule.sectors))
    if rule.max_decile is not None:
        terms.append(f"p.decile IS NOT NULL AND p.decile <= {int(rule.max_decile)}")
    return terms


def membership_predicate(engine: str, measure: Any) -> str:
    """The SQL of one measure's yes/no question about a membership joined to its person."""
    rule, programmes = measure.filter, "';' || m.programmes || ';'"
    terms = person_predicate(rule)
    if rule.segments is not None:
        terms.append(_in("m.segment", rule.segments))
    terms += [_contains(engine, programmes, f";{code};") for code in rule.programmes or ()]
    if rule.payers is not None:
        terms.append(_in("m.payer", rule.payers))
    if measure.breakdown == "segment":
        terms.append(f"m.segment = '{measure.group}'")
    elif measure.breakdown == "programme":
        terms.append(_contains(engine, programmes, f";{measure.group};"))
    elif measure.breakdown == "sector":
        terms.append(f"p.sector = '{measure.group}'")
    return " AND ".join(terms) or "1 = 1"


def _kind(measure: Any) -> str:
    return {"pendaftaran_baru": "n", "kepesertaan_berhenti": "l"}.get(measure.counts, "a")


def floor_plan(engine: str, measures: tuple[Any, ...]) -> tuple[dict[str, str], dict[Any, str]]:
    """({flag column: predicate SQL}, {measure: output column}): measures asking the same question share it."""
    flags: dict[str, str] = {}
    output: dict[Any, str] = {}
    for measure in measures:
        predicate = membership_predicate(engine, measure)
        flag = next((f for f, p in flags.items() if p == predicate), None) or f"f{len(flags):02d}"
        flags[flag] = predicate
        output[measure] = f"{_kind(measure)}_{flag}"
    return flags, output


def floor_sql(engine: str, persons: str, memberships: str, days: list[dt.date], measures: Any) -> str:
    flags, output = floor_plan(engine, measures)
    last = len(days) - 1
    first_case = " ".join(f"WHEN m.start_date <= {_day(engine, d)} THEN {i}" for i, d in enumerate(days))
    last_case = " ".join(
        f"WHEN m.end_date >= {_day(engine, d)} THEN {i}" for i, d in reversed(list(enumerate(days)))
    )
    columns = sorted(set(output.values()))

    def part(source: str, key: str, kind: str, where: str = "") -> str:
        sums = ", ".join(f"sum({c[2:]}) AS {c}" if c[0] == kind else f"0 AS {c}" for c in columns)
        return f"SELECT kode_wilayah, {key} AS idx, {sums} FROM {source} {where} GROUP BY kode_wilayah, {key}"

    return f"""
WITH periods(idx) AS (VALUES {", ".join(f"({i})" for i in range(len(days)))}),
rows_ AS (
  SELECT m.person_id, p.kode_wilayah,
    CASE {first_case} ELSE {len(days)} END AS lo,
    CASE WHEN m.end_date IS NULL THEN {last} {last_case} ELSE -1 END AS hi,
    {", ".join(f"CASE WHEN {p} THEN 1 ELSE 0 END AS {f}" for f, p in flags.items())}
  FROM {memberships} m JOIN {persons} p ON p.id = m.person_id
),
covering AS (SELECT *, count(*) OVER (PARTITION BY person_id) AS n FROM rows_ WHERE lo <= hi),
ranges AS (
  SELECT kode_wilayah, lo, hi, {", ".join(f"sum({f}) AS {f}" for f in flags)}
  FROM covering WHERE n = 1 GROUP BY kode_wilayah, lo, hi
),
spread AS (SELECT r.*, q.idx FROM ranges r JOIN periods q ON q.idx BETWEEN r.lo AND r.hi),
state AS (
  SELECT c.person_id, c.kode_wilayah, q.idx, {", ".join(f"max({f}) AS {f}" for f in flags)}
  FROM covering c JOIN periods q ON q.idx BETWEEN c.lo AND c.hi
  WHERE c.n > 1 GROUP BY c.person_id, c.kode_wilayah, q.idx
),
arrived AS (
  SELECT s.* FROM state s WHERE s.idx >= 1
  AND NOT EXISTS (SELECT 1 FROM state e WHERE e.person_id = s.person_id AND e.idx = s.idx - 1)
),
departed AS (
  SELECT s.* FROM state s WHERE s.idx < {last}
  AND NOT EXISTS (SELECT 1 FROM state e WHERE e.person_id = s.person_id AND e.idx = s.idx + 1)
),
parts AS (
  {part("spread", "idx", "a")}
  UNION ALL {part("ranges", "lo", "n", "WHERE lo >= 1")}
  UNION ALL {part("ranges", "hi + 1", "l", f"WHERE hi < {last}")}
  UNION ALL {part("state", "idx", "a")}
  UNION ALL {part("arrived", "idx", "n")}
  UNION ALL {part("departed", "idx + 1", "l")}
)
SELECT kode_wilayah, idx, {", ".join(f"CAST(sum({c}) AS BIGINT) AS {c}" for c in columns)}
FROM parts GROUP BY kode_wilayah, idx
"""


def registered_sql(persons: str, measures: Any) -> str | None:
    """Registered persons per desa for the 'terdata' denominators (the person part of the filter only)."""
    rules = {m.column: " AND ".join(person_predicate(m.filter)) or "1 = 1" for m in measures}
    if not rules:
        return None
    sums = ", ".join(f"CAST(sum(CASE WHEN {r} THEN 1 ELSE 0 END) AS BIGINT) AS {c}" for c, r in rules.items())
    return f"SELECT p.kode_wilayah, {sums} FROM {persons} p GROUP BY p.kode_wilayah"


def _registered(measures: Any, defs: Any) -> list[Any]:
    return [
        m
        for m in measures
        if not m.is_event
        and defs[m.indicator].denominator is not None
        and defs[m.indicator].denominator.kind == "terdata"
    ]


def floor_counts(conn: Any, engine: str, tables: tuple[str, str], periods: Any, defs: Any) -> Any:
    """The floor itself (timed): its two queries run and fetched, rows as the driver gives them."""
    from cakupan.indicators.measures import measures_of

    measures = measures_of(defs)
    days = [p.as_of for p in periods]
    counts = _query(conn, floor_sql(engine, tables[0], tables[1], days, measures))
    sql = registered_sql(tables[0], _registered(measures, defs))
    return counts, _query(conn, sql) if sql else []


def floor_facts(engine: str, result: Any, periods: Any, defs: Any) -> Facts:
    """The floor's counts shaped as the facts table holds them (not timed: only for the comparison)."""
    from cakupan.indicators.measures import measures_of

    measures = measures_of(defs)
    registered = _registered(measures, defs)
    _, output = floor_plan(engine, measures)
    counts, per_desa = result
    shown = {p.index: p.month for p in periods[1:]}
    facts: Facts = {}
    for row in counts:
        if row["idx"] not in shown:
            continue
        for m in measures:
            value = int(row[output[m]])
            value = int(value > 0) if m.counts == "nagari_peserta" else value
            if value:
                facts[(m.indicator, m.group, row["kode_wilayah"], shown[row["idx"]], "numerator")] = value
    for row in per_desa:
        for m in registered:
            if row[m.column]:
                for month in shown.values():
                    facts[(m.indicator, m.group, row["kode_wilayah"], month, "terdata")] = int(row[m.column])
    return facts


def _query(conn: Any, sql: str) -> list[dict[str, Any]]:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# --- the naive way: one COUNT(DISTINCT) query per month, UCJ only ----------------------------------------


def naive_ucj(conn: Any, engine: str, tables: tuple[str, str], periods: Any) -> dict[tuple[str, int], int]:
    found = {}
    for period in periods:
        day = _day(engine, period.as_of)
        sql = (
            f"SELECT p.kode_wilayah, count(DISTINCT m.person_id) FROM {tables[1]} m "
            f"JOIN {tables[0]} p ON p.id = m.person_id "
            f"WHERE m.start_date <= {day} AND (m.end_date IS NULL OR m.end_date >= {day}) "
            "GROUP BY p.kode_wilayah"
        )
        for desa, count in conn.execute(sql).fetchall():
            found[(desa, period.index)] = int(count)
    return found


# --- ours and the comparison -----------------------------------------------------------------------------


def stored_facts() -> Facts:
    with raw_connection() as conn:
        rows = conn.execute(
            'SELECT indicator, "group", kode_wilayah, period, measure, value FROM indicators_coveragefact'
        ).fetchall()
    return {
        (i, g, r, p if isinstance(p, dt.date) else dt.date.fromisoformat(p), m): int(v)
        for i, g, r, p, m, v in rows
    }


def compare(label: str, floor: Facts, stored: Facts) -> None:
    if floor == stored:
        print(f"  counts: {label} identical to the stored facts ({len(stored):,} rows, every desa × month)")
        return
    differ = sorted(k for k in floor.keys() | stored.keys() if floor.get(k) != stored.get(k))
    for key in differ[:10]:
        print(f"  DIFFERENT {key}: floor {floor.get(key)} stored {stored.get(key)}")
    raise SystemExit(f"{label}: {len(differ):,} fact rows differ from the stored facts")


def check_naive(naive: dict[tuple[str, int], int], floor: Facts, periods: Any) -> None:
    month_of = {p.index: p.month for p in periods}
    for (desa, idx), count in naive.items():
        if idx in month_of and idx > 0 and floor.get(("ucj", "", desa, month_of[idx], "numerator")) != count:
            raise SystemExit(f"naive UCJ differs from the floor at {desa} {month_of[idx]}: {count}")


@dataclass(frozen=True)
class Ours:
    rows: int  # fact rows written
    refresh: float  # facts_refresh: compute and write
    compute: float  # compute_facts: the queries and the reshaping to long rows, no write


def time_ours(tables: Callable[[], Any], refresh: Callable[[], Any], periods: Any, defs: Any) -> Ours:
    """Ours whole, then its computation alone, each after one untimed call; ``tables()`` gives (backend,
    persons, memberships)."""
    from django.db import transaction

    from cakupan.indicators.facts import compute_facts

    def compute() -> object:
        with transaction.atomic():  # as in facts_refresh
            backend, persons, memberships = tables()
            return compute_facts(
                backend=backend, persons=persons, memberships=memberships, periods=periods, definitions=defs
            )

    rows = refresh().rows
    refresh_s, _ = median_of(refresh)
    compute()
    compute_s, _ = median_of(compute)
    return Ours(rows=rows, refresh=refresh_s, compute=compute_s)


def report(name: str, ours: Ours, floor: float, naive: float) -> None:
    budget, write = BUDGET[name], ours.refresh - ours.compute
    line = "  {:<50} {:>9}   {}"
    print(line.format(f"ours   facts_refresh (compute, write {ours.rows:,} rows)", secs(ours.refresh), ""))
    print(line.format("       compute_facts alone (no write)", secs(ours.compute), f"write ≈ {secs(write)}"))
    print(line.format("floor  hand-written SQL, counts only (no write)", secs(floor), ""))
    print(line.format("naive  (UCJ only, one query per month)", secs(naive), ""))
    ratio, compute_ratio, fair_ratio = (
        ours.refresh / floor,
        ours.compute / floor,
        ours.refresh / (floor + write),
    )
    print(
        f"  ours {secs(ours.refresh)} | floor {secs(floor)} (ours/floor {ratio:.2f}×; compute alone/floor "
        f"{compute_ratio:.2f}×; ours/(floor + the same write) {fair_ratio:.2f}×) | naive {secs(naive)}"
    )
    verdict = {True: "met", False: "NOT met"}
    print(
        f"  budget ≤ {budget:g} s: {verdict[ours.refresh <= budget]}; ≤ {RATIO_BUDGET}× floor: "
        f"{verdict[ratio <= RATIO_BUDGET]} (compute alone: {verdict[compute_ratio <= RATIO_BUDGET]}; "
        f"with the write on both sides: {verdict[fair_ratio <= RATIO_BUDGET]})"
    )


def main(engine: str) -> None:
    data = synthetic()
    os.environ["CAKUPAN_COVERAGE_AS_OF"] = data.reference_date.isoformat()
    setup_django(engine)
    header("bench_facts", engine, data)
    from cakupan.web.imports.services import import_batch_create

    imported, _ = timed(
        lambda: [
            import_batch_create(source=s, path=p)
            for s, p in (("persons", data.persons), ("memberships", data.memberships))
        ]
    )
    print(f"imports of persons and memberships (each refreshes the facts): {secs(imported)}")
    operational(engine, data)
    if engine == "sqlite":
        duckdb_snapshot(data)


def operational(engine: str, data: Data) -> None:
    from cakupan.indicators.definitions import definitions
    from cakupan.indicators.facts import periods_ending
    from cakupan.web.indicators.engine import operational_backend, registry_tables
    from cakupan.web.indicators.services import facts_refresh
    from cakupan.web.membership.models import Membership
    from cakupan.web.registry.models import Person

    as_of, defs = data.reference_date, definitions()
    periods = periods_ending(as_of, months=12)

    def tables() -> tuple[Any, Any, Any]:
        backend = operational_backend()
        return (backend, *registry_tables(backend))

    counts = f"{Person.objects.count():,} persons, {Membership.objects.count():,} memberships"
    ours = time_ours(tables, lambda: facts_refresh(as_of=as_of), periods, defs)
    stored = stored_facts()
    names = ("registry_person", "membership_membership")
    with raw_connection() as conn:
        floor_counts(conn, engine, names, periods, defs)
        floor_s, result = median_of(lambda: floor_counts(conn, engine, names, periods, defs))
        naive_s, naive = median_of(lambda: naive_ucj(conn, engine, names, periods))
    floor = floor_facts(engine, result, periods, defs)
    print(f"\nfacts refresh on {ENGINES[engine]}, {len(periods)} periods to {as_of} ({counts})")
    compare("floor", floor, stored)
    check_naive(naive, floor, periods)
    report(engine, ours, floor_s, naive_s)


def duckdb_snapshot(data: Data) -> None:
    import duckdb
    from django.utils import timezone

    from cakupan.indicators.definitions import definitions
    from cakupan.indicators.facts import periods_ending
    from cakupan.indicators.snapshot import MEMBERSHIPS_FILE, PERSONS_FILE, snapshot_backend, snapshot_write
    from cakupan.web.indicators.engine import operational_backend, registry_tables
    from cakupan.web.indicators.services import facts_refresh

    as_of, defs = data.reference_date, definitions()
    periods = periods_ending(as_of, months=12)
    scratch = tempfile.mkdtemp(prefix="cakupan-bench-snapshot-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    folder = Path(scratch) / "snapshot"

    def export() -> dict[str, object]:
        backend = operational_backend()
        persons, memberships = registry_tables(backend)
        created = timezone.now().isoformat(timespec="seconds")
        return snapshot_write(
            backend=backend, persons=persons, memberships=memberships, folder=folder, created=created
        )

    export_s, manifest = median_of(export)
    ours = time_ours(
        lambda: snapshot_backend(folder), lambda: facts_refresh(as_of=as_of, snapshot=folder), periods, defs
    )
    stored = stored_facts()
    conn = duckdb.connect()
    names = (f"read_parquet('{folder / PERSONS_FILE}')", f"read_parquet('{folder / MEMBERSHIPS_FILE}')")
    floor_counts(conn, "duckdb", names, periods, defs)
    floor_s, result = median_of(lambda: floor_counts(conn, "duckdb", names, periods, defs))
    naive_s, naive = median_of(lambda: naive_ucj(conn, "duckdb", names, periods))
    floor = floor_facts("duckdb", result, periods, defs)
    print(
        f"\nfacts refresh on DuckDB {duckdb.__version__} over the Parquet snapshot "
        f"({manifest['persons']:,} persons, {manifest['memberships']:,} memberships); "
        f"export from SQLite (snapshot_write) {secs(export_s)}"
    )
    print(
        "  ours writes the facts into the operational SQLite database; floor and naive read the Parquet files"
    )
    compare("floor", floor, stored)
    check_naive(naive, floor, periods)
    report("duckdb", ours, floor_s, naive_s)


if __name__ == "__main__":
    run_engines(__file__, main)
