"""Import persons.csv then memberships.csv, three ways, on each engine.

- ours:  ``import_batch_create`` (read + validate + upsert, one transaction per file);
- floor: the raw driver inserting the rows ours accepts, as pre-built tuples: executemany (SQLite), COPY (PostgreSQL)
  and one transaction, no validation and no lookups (person ids are assigned up front);
- naive: csv.DictReader and ``Model.objects.create`` row by row in one transaction, with a simple check.

Each repeat empties the tables and runs the three in turn; the figures are medians. A naive run that would
take longer than CAKUPAN_BENCH_NAIVE_BUDGET seconds (default 120) is timed on its first rows and extrapolated.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _setup import (
    ENGINES,
    REPEAT,
    header,
    raw_connection,
    run_engines,
    secs,
    setup_django,
    synthetic,
    timed,
    truncate,
)

NAIVE_BUDGET = float(os.environ.get("CAKUPAN_BENCH_NAIVE_BUDGET", "120"))
SOURCES = ("persons", "memberships")
Saver = Callable[[dict[str, str]], None]


def _tuples(frame: Any, batch_id: int | None = None) -> list[tuple[Any, ...]]:
    """Rows as the raw driver takes them, plus import_batch, created_at and updated_at (as bulk.upsert adapts)."""
    from django.db import connection
    from django.utils import timezone

    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    adapt = ops.adapt_datefield_value  # str on SQLite, unchanged on PostgreSQL
    return [
        (*(adapt(v) if isinstance(v, dt.date) else v for v in row), batch_id, now, now)
        for row in frame.iter_rows()
    ]


def _target(model: Any, fields: list[str]) -> str:
    columns = [model._meta.get_field(f).column for f in fields]
    return f"{model._meta.db_table} ({', '.join(columns)})"


def person_columns(persons: Any) -> Any:
    """The valid person rows ``persons`` (validated, with an ``id`` column) in the table's column order."""
    import polars as pl

    empty = pl.lit("")
    return persons.select(
        "id", "nik", pl.col("no_kk").fill_null(empty), "nama", "tanggal_lahir", "jenis_kelamin",
        "kode_wilayah", pl.col("alamat").fill_null(empty), pl.col("pekerjaan").fill_null(empty),
        pl.col("sektor").fill_null(empty), "desil",
    )  # fmt: skip


def person_target() -> str:
    from cakupan.web.imports.writers import PERSONS
    from cakupan.web.registry.models import Person

    return _target(Person, ["id", *PERSONS.fields.values(), "import_batch", "created_at", "updated_at"])


def person_floor(persons: Any, batch_id: int | None = None) -> tuple[str, list[tuple[Any, ...]]]:
    """INSERT target and tuples of the valid person rows ``persons`` (a validated frame, with an ``id`` column)."""
    return person_target(), _tuples(person_columns(persons), batch_id)


def floor_rows() -> dict[str, tuple[str, list[tuple[Any, ...]]]]:
    """INSERT statement and pre-built tuples per source: exactly the rows import_batch_create writes."""
    import polars as pl

    from cakupan.ingest.readers import read_table
    from cakupan.ingest.schemas import LAYOUTS
    from cakupan.ingest.validate import validate
    from cakupan.web.imports.writers import MEMBERSHIPS
    from cakupan.web.membership.models import Membership
    from cakupan.web.registry.selectors import region_index

    data, regions = synthetic(), region_index()
    persons = validate(read_table(data.persons), LAYOUTS["persons"], regions=regions).valid
    persons = persons.with_columns(pl.int_range(1, persons.height + 1).alias("id"))
    memberships = validate(read_table(data.memberships), LAYOUTS["memberships"], regions=regions).valid
    memberships = memberships.join(persons.select("nik", person_id="id"), on="nik", maintain_order="left")
    empty = pl.lit("")
    membership_tuples = _tuples(
        memberships.select(
            "person_id", "kpj", "segmen", "program", "tanggal_mulai", "tanggal_akhir", "dasar_upah",
            "pembayar", pl.col("npp").fill_null(empty),
        )
    )  # fmt: skip
    tail = ["import_batch", "created_at", "updated_at"]
    return {
        "persons": person_floor(persons),
        "memberships": (_target(Membership, [*MEMBERSHIPS.fields.values(), *tail]), membership_tuples),
    }


def floor_load(target: str, rows: list[tuple[Any, ...]]) -> float:
    """The raw engine's bulk path: executemany on SQLite, COPY on PostgreSQL (what ours uses on each)."""
    with raw_connection() as conn:

        def write() -> None:
            if isinstance(conn, sqlite3.Connection):
                conn.execute("BEGIN IMMEDIATE")  # as Django's SQLite transaction_mode
                marks = ", ".join("?" * len(rows[0]))
                conn.cursor().executemany(f"INSERT INTO {target} VALUES ({marks})", rows)
            else:
                with conn.cursor().copy(f"COPY {target} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            conn.commit()

        return timed(write)[0]


def person_saver() -> Saver:
    from cakupan.web.registry.models import Person, Region

    regions = set(Region.objects.filter(level=4).values_list("code", flat=True))
    seen: set[str] = set()

    def save(r: dict[str, str]) -> None:
        nik = r["nik"]
        if len(nik) != 16 or not nik.isdigit() or nik in seen or r["kode_wilayah"] not in regions:
            return
        if r["jenis_kelamin"] not in ("L", "P"):
            return
        try:
            born = dt.date.fromisoformat(r["tanggal_lahir"])
        except ValueError:
            return
        seen.add(nik)
        Person.objects.create(
            nik=nik,
            kk_number=r["no_kk"],
            name=r["nama"],
            birth_date=born,
            sex=r["jenis_kelamin"],
            region_id=r["kode_wilayah"],
            address=r["alamat"],
            occupation=r["pekerjaan"],
            sector=r["sektor"],
            decile=int(r["desil"]) if r["desil"] else None,
        )

    return save


def membership_saver() -> Saver:
    from cakupan.web.membership.models import Membership
    from cakupan.web.registry.models import Person

    seen: set[tuple[int, str, dt.date]] = set()

    def save(r: dict[str, str]) -> None:
        person_id = Person.objects.filter(nik=r["nik"]).values_list("id", flat=True).first()
        try:
            start = dt.date.fromisoformat(r["tanggal_mulai"])
            end = dt.date.fromisoformat(r["tanggal_akhir"]) if r["tanggal_akhir"] else None
        except ValueError:
            return
        key = (person_id, r["segmen"], start)
        if person_id is None or key in seen or (end is not None and end < start):
            return
        seen.add(key)
        Membership.objects.create(
            person_id=person_id,
            kpj=r["kpj"],
            segment=r["segmen"],
            programmes=r["program"],
            start_date=start,
            end_date=end,
            wage_basis=int(r["dasar_upah"]),
            payer=r["pembayar"],
            employer_npp=r["npp"],
        )

    return save


def naive_load(
    path: Path, make_saver: Callable[[], Saver], limit: int | None, *, atomic: bool = True
) -> tuple[float, int]:
    """Seconds and rows read; without a limit it stops once NAIVE_BUDGET seconds have passed. With ``atomic``
    every row is written in one transaction; without, each ``create`` commits on its own (Django's default)."""
    from contextlib import nullcontext

    from django.db import transaction

    start, done = time.perf_counter(), 0
    with transaction.atomic() if atomic else nullcontext(), path.open(newline="", encoding="utf-8") as handle:
        save = make_saver()
        for row in csv.DictReader(handle):
            if done == limit or (
                limit is None and done % 200 == 0 and time.perf_counter() - start > NAIVE_BUDGET
            ):
                break
            save(row)
            done += 1
    return time.perf_counter() - start, done


def main(engine: str) -> None:
    setup_django(engine)
    from cakupan.web.imports.services import import_batch_create
    from cakupan.web.membership.models import Membership
    from cakupan.web.registry.models import Person

    data = synthetic()
    header("bench_import", engine, data)
    paths = {"persons": data.persons, "memberships": data.memberships}
    total = {"persons": data.persons_rows, "memberships": data.memberships_rows}
    models = {"persons": Person, "memberships": Membership}
    savers = {"persons": person_saver, "memberships": membership_saver}
    floor = floor_rows()
    times: dict[tuple[str, str], list[float]] = {}
    written: dict[tuple[str, str], int] = {}
    naive_rows: dict[str, int | None] = dict.fromkeys(SOURCES)

    def record(method: str, source: str, seconds: float) -> None:
        times.setdefault((method, source), []).append(seconds)
        written[method, source] = models[source].objects.count()

    for _ in range(REPEAT):
        truncate()
        for source in SOURCES:
            record("ours", source, timed(lambda s=source: import_batch_create(source=s, path=paths[s]))[0])
        truncate()
        for source in SOURCES:
            record("floor", source, floor_load(*floor[source]))
        truncate()
        for source in SOURCES:
            seconds, done = naive_load(paths[source], savers[source], naive_rows[source])
            naive_rows[source] = done
            record("naive", source, seconds)
            if source == "persons" and done < total[source]:  # the memberships need all their persons
                truncate()
                import_batch_create(source=source, path=paths[source])
    truncate()

    driver = "psycopg COPY" if engine == "postgres" else "sqlite3 executemany"
    for source in SOURCES:
        n = total[source]
        ours, flo, naive = (statistics.median(times[m, source]) for m in ("ours", "floor", "naive"))
        sampled = naive_rows[source] or n
        naive_total = naive * n / sampled
        print(f"\nimport {source} ({n:,} rows), {ENGINES[engine]}")
        line = "  {:<30} {:>9} {:>10,.0f} rows/s {:>9,} written   {}"
        print(
            line.format(
                "ours   (import_batch_create)", secs(ours), n / ours, written["ours", source], ""
            ).rstrip()
        )
        ratio = f"ours/floor {ours / flo:.1f}x"
        print(line.format(f"floor  ({driver})", secs(flo), n / flo, written["floor", source], ratio))
        label = "naive  (ORM row by row)" + ("*" if sampled < n else "")
        ratio = f"naive/ours {naive_total / ours:.1f}x"
        print(line.format(label, secs(naive_total), sampled / naive, written["naive", source], ratio))
        if sampled < n:
            print(
                f"  * naive timed on the first {sampled:,} rows only ({secs(naive)}) and extrapolated "
                f"linearly to {n:,} rows; its 'written' counts those rows only"
            )
    print(
        "\n'written' = rows in the table afterwards. floor writes exactly the rows ours accepts; naive's simple"
        "\ncheck (16 digits, known desa, ISO date, L/P, first copy) lets through rows the validator rejects."
    )


if __name__ == "__main__":
    run_engines(__file__, main)
