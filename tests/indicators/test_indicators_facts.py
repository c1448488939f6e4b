"""The coverage facts on three engines (SQLite, PostgreSQL, DuckDB over Parquet) give identical results, and
those results are the definitions' own: a plain Python count, person by person and month by month, agrees.

Registries are random (seeded, and fuzzed by hypothesis on SQLite and DuckDB): people in a few desa with
overlapping, adjacent, open, ended and future memberships, so that the several-memberships path, new
enrolments and lapses are all exercised.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import ibis
import polars as pl
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cakupan.indicators.definitions import definitions
from cakupan.indicators.facts import NUMERATOR, REGISTERED, Period, compute_facts, periods_ending
from cakupan.indicators.measures import Measure, measures_of
from cakupan.indicators.snapshot import snapshot_backend, snapshot_write

AS_OF = dt.date(2025, 6, 17)
PERIODS = periods_ending(AS_OF, months=6)
DESA = ["13.02.05.2001", "13.02.05.2002", "13.71.01.1001"]
SEGMENTS = ["PU", "BPU", "JAKON", "PMI"]
PROGRAMMES = ["JKK;JKM", "JKK;JKM;JHT", "JKK;JKM;JHT;JP;JKP", "JKK;JKM;JHT;JP"]
PAYERS = ["mandiri", "pemberi_kerja", "apbd", "apb_nagari", "dbh_sawit"]
POSTGRES_URL = os.environ.get("CAKUPAN_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
POSTGRES_URL = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"


def random_registry(seed: int, people: int = 120) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = random.Random(seed)
    persons = pl.DataFrame(
        {
            "id": list(range(1, people + 1)),
            "kode_wilayah": [rng.choice(DESA) for _ in range(people)],
            "sector": [rng.choice(["formal", "informal", ""]) for _ in range(people)],
            "decile": [rng.choice([None, *range(1, 11)]) for _ in range(people)],
        },
        schema={"id": pl.Int64, "kode_wilayah": pl.Utf8, "sector": pl.Utf8, "decile": pl.Int64},
    )
    rows = []
    first_day = PERIODS[0].month - dt.timedelta(days=60)
    for person in range(1, people + 1):
        for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 3])):
            start = first_day + dt.timedelta(days=rng.randrange(0, 330))
            end = None if rng.random() < 0.4 else start + dt.timedelta(days=rng.randrange(0, 200))
            rows.append(
                {
                    "person_id": person,
                    "segment": rng.choice(SEGMENTS),
                    "programmes": rng.choice(PROGRAMMES),
                    "start_date": start,
                    "end_date": end,
                    "payer": rng.choice(PAYERS),
                }
            )
    memberships = pl.DataFrame(
        rows,
        schema={
            "person_id": pl.Int64,
            "segment": pl.Utf8,
            "programmes": pl.Utf8,
            "start_date": pl.Date,
            "end_date": pl.Date,
            "payer": pl.Utf8,
        },
    )
    return persons, memberships


# --- the definitions, counted plainly -------------------------------------------------------------------


def _matches(measure: Measure, person: dict[str, object], membership: dict[str, object]) -> bool:
    rule = measure.filter
    programmes = str(membership["programmes"]).split(";")
    checks = [
        _person_matches(measure, person),
        rule.segments is None or membership["segment"] in rule.segments,
        all(p in programmes for p in rule.programmes or ()),
        rule.payers is None or membership["payer"] in rule.payers,
        measure.breakdown != "segment" or membership["segment"] == measure.group,
        measure.breakdown != "programme" or measure.group in programmes,
        measure.breakdown != "sector" or person["sector"] == measure.group,
    ]
    return all(checks)


def _active(membership: dict[str, object], day: dt.date) -> bool:
    start, end = membership["start_date"], membership["end_date"]
    assert isinstance(start, dt.date)
    return start <= day and (end is None or (isinstance(end, dt.date) and end >= day))


def expected_facts(
    persons: pl.DataFrame, memberships: pl.DataFrame, periods: tuple[Period, ...]
) -> pl.DataFrame:
    by_id = {p["id"]: p for p in persons.iter_rows(named=True)}
    held: dict[int, list[dict[str, object]]] = defaultdict(list)
    for m in memberships.iter_rows(named=True):
        held[m["person_id"]].append(m)
    defs = definitions()
    rows = []
    for measure in measures_of(defs):
        for period in periods:
            counts: dict[str, int] = defaultdict(int)
            for person_id, person in by_id.items():
                mine = held.get(person_id, [])

                def flagged(
                    day: dt.date,
                    person: dict[str, object] = person,
                    mine: list = mine,
                    measure: Measure = measure,
                ) -> bool:
                    return any(_active(m, day) and _matches(measure, person, m) for m in mine)

                def any_active(day: dt.date, mine: list = mine) -> bool:
                    return any(_active(m, day) for m in mine)

                if measure.counts == "pendaftaran_baru":
                    hit = (
                        period.index >= 1
                        and flagged(period.as_of)
                        and not any_active(periods[period.index - 1].as_of)
                    )
                elif measure.counts == "kepesertaan_berhenti":
                    hit = (
                        period.index >= 1
                        and flagged(periods[period.index - 1].as_of)
                        and not any_active(period.as_of)
                    )
                else:
                    hit = flagged(period.as_of)
                if hit:
                    counts[str(person["kode_wilayah"])] += 1
            for desa, count in counts.items():
                value = min(count, 1) if measure.counts == "nagari_peserta" else count
                rows.append((measure.indicator, measure.group, desa, period.month, NUMERATOR, value))
            spec = defs[measure.indicator]
            if spec.denominator is not None and spec.denominator.kind == "terdata" and not measure.is_event:
                registered: dict[str, int] = defaultdict(int)
                for person in by_id.values():
                    if _person_matches(measure, person):
                        registered[str(person["kode_wilayah"])] += 1
                rows.extend(
                    (measure.indicator, measure.group, d, period.month, REGISTERED, n)
                    for d, n in registered.items()
                )
    frame = pl.DataFrame(
        rows,
        schema={
            "indicator": pl.Utf8,
            "group": pl.Utf8,
            "kode_wilayah": pl.Utf8,
            "period": pl.Date,
            "measure": pl.Utf8,
            "value": pl.Int64,
        },
        orient="row",
    )
    return frame.filter(pl.col("value") != 0)


def _person_matches(measure: Measure, person: dict[str, object]) -> bool:
    """The 'terdata' count looks at the person only: sector and desil."""
    rule, decile = measure.filter, person["decile"]
    return (rule.sectors is None or person["sector"] in rule.sectors) and (
        rule.max_decile is None or (decile is not None and int(str(decile)) <= rule.max_decile)
    )


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(["indicator", "group", "kode_wilayah", "period", "measure"])


# --- engines ----------------------------------------------------------------------------------------------


def run_duckdb(persons: pl.DataFrame, memberships: pl.DataFrame, folder: Path) -> pl.DataFrame:
    """Through the project's own snapshot: written from an in-memory DuckDB, read back from Parquet."""
    source = ibis.duckdb.connect()
    p, m = ibis.memtable(persons.to_arrow()), ibis.memtable(memberships.to_arrow())
    snapshot_write(backend=source, persons=p, memberships=m, folder=folder, created="test")
    backend, p2, m2 = snapshot_backend(folder)
    return compute_facts(
        backend=backend, persons=p2, memberships=m2, periods=PERIODS, definitions=definitions()
    )


def run_sqlite(persons: pl.DataFrame, memberships: pl.DataFrame, path: Path) -> pl.DataFrame:
    """Tables declared as Django declares them (dates as ISO text, decile a small integer)."""
    import sqlite3

    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE registry_person (id integer PRIMARY KEY, kode_wilayah varchar(13), sector varchar(10),"
            " decile smallint unsigned NULL);"
            "CREATE TABLE membership_membership (id integer PRIMARY KEY, person_id bigint, segment varchar(5),"
            " programmes varchar(30), start_date date, end_date date NULL, payer varchar(20));"
        )
        db.executemany("INSERT INTO registry_person VALUES (?, ?, ?, ?)", persons.rows())
        db.executemany(
            "INSERT INTO membership_membership (person_id, segment, programmes, start_date, end_date, payer)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (a, b, c, d.isoformat(), e.isoformat() if e else None, f)
                for a, b, c, d, e, f in memberships.rows()
            ],
        )
    backend = ibis.sqlite.connect(path)
    return compute_facts(
        backend=backend,
        persons=backend.table("registry_person"),
        memberships=backend.table("membership_membership"),
        periods=PERIODS,
        definitions=definitions(),
    )


@pytest.fixture(scope="module")
def postgres_schema() -> Iterator[str]:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        if os.environ.get("CAKUPAN_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip("PostgreSQL tidak terjangkau")
    schema = f"facts_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    yield schema
    with psycopg.connect(POSTGRES_URL, autocommit=True) as db:
        db.execute(f"DROP SCHEMA {schema} CASCADE")


def run_postgres(persons: pl.DataFrame, memberships: pl.DataFrame, schema: str) -> pl.DataFrame:
    """Tables declared as Django declares them on PostgreSQL."""
    with psycopg.connect(POSTGRES_URL, autocommit=True) as db:
        db.execute(f"SET search_path = {schema}")
        db.execute("DROP TABLE IF EXISTS registry_person, membership_membership")
        db.execute(
            "CREATE TABLE registry_person (id bigint PRIMARY KEY, kode_wilayah varchar(13), sector varchar(10),"
            " decile smallint NULL CHECK (decile >= 0))"
        )
        db.execute(
            "CREATE TABLE membership_membership (id bigserial PRIMARY KEY, person_id bigint, segment varchar(5),"
            " programmes varchar(30), start_date date, end_date date NULL, payer varchar(20))"
        )
        with db.cursor() as cursor:
            cursor.executemany("INSERT INTO registry_person VALUES (%s, %s, %s, %s)", persons.rows())
            cursor.executemany(
                "INSERT INTO membership_membership (person_id, segment, programmes, start_date, end_date, payer)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                memberships.rows(),
            )
    url = POSTGRES_URL.removeprefix("postgres://")
    user, rest = url.split("@", 1)
    host, database = rest.split("/", 1)
    backend = ibis.postgres.connect(
        user=user, host=host.split(":")[0], port=int(host.split(":")[1]), database=database, schema=schema
    )
    try:
        return compute_facts(
            backend=backend,
            persons=backend.table("registry_person"),
            memberships=backend.table("membership_membership"),
            periods=PERIODS,
            definitions=definitions(),
        )
    finally:
        backend.disconnect()


# --- tests ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_three_engines_agree_with_each_other_and_with_the_definitions(
    seed: int, tmp_path: Path, postgres_schema: str
) -> None:
    persons, memberships = random_registry(seed)
    expected = _sorted(expected_facts(persons, memberships, PERIODS))
    on_sqlite = _sorted(run_sqlite(persons, memberships, tmp_path / "db.sqlite3"))
    on_duckdb = _sorted(run_duckdb(persons, memberships, tmp_path / "snapshot"))
    on_postgres = _sorted(run_postgres(persons, memberships, postgres_schema))
    assert on_sqlite.equals(expected), _diff(on_sqlite, expected)
    assert on_duckdb.equals(expected), _diff(on_duckdb, expected)
    assert on_postgres.equals(expected), _diff(on_postgres, expected)
    # Every indicator is there, and the several-memberships path was exercised.
    assert set(expected["indicator"]) == set(definitions())
    assert memberships.group_by("person_id").len().filter(pl.col("len") > 1).height > 0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=10_000), people=st.integers(min_value=0, max_value=40))
def test_fuzzed_registries_match_the_definitions(
    seed: int, people: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    persons, memberships = random_registry(seed, people)
    folder = tmp_path_factory.mktemp("fuzz")
    expected = _sorted(expected_facts(persons, memberships, PERIODS))
    assert _sorted(run_sqlite(persons, memberships, folder / "db.sqlite3")).equals(expected)
    assert _sorted(run_duckdb(persons, memberships, folder / "snapshot")).equals(expected)


def test_stock_and_flows_reconcile(tmp_path: Path) -> None:
    persons, memberships = random_registry(7, 200)
    facts = run_duckdb(persons, memberships, tmp_path / "snapshot")
    totals = facts.filter(pl.col("group") == "").group_by(["indicator", "period"]).agg(pl.col("value").sum())
    value = {(r["indicator"], r["period"]): r["value"] for r in totals.iter_rows(named=True)}
    for previous, current in itertools.pairwise(PERIODS):
        active_now = value.get(("ucj", current.month), 0)
        active_before = value.get(("ucj", previous.month), 0)
        new = value.get(("new_enrolments", current.month), 0)
        lapsed = value.get(("lapses", current.month), 0)
        assert active_now == active_before + new - lapsed


def test_periods_end_on_the_day_in_its_month() -> None:
    periods = periods_ending(dt.date(2025, 3, 10), months=3)
    assert [(p.month, p.as_of) for p in periods] == [
        (dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
        (dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
        (dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 10)),
    ]
    with pytest.raises(ValueError, match="minimal 1"):
        periods_ending(dt.date(2025, 3, 10), months=0)


def _diff(actual: pl.DataFrame, expected: pl.DataFrame) -> str:
    keys = ["indicator", "group", "kode_wilayah", "period", "measure"]
    joined = actual.join(expected, on=keys, how="full", suffix="_expected", coalesce=True)
    wrong = joined.filter(pl.col("value").ne_missing(pl.col("value_expected")))
    return f"{wrong.height} differing rows, e.g.\n{wrong.head(10)}"
