"""Coverage of the province and each of its kab/kota on the synthetic reference date, three ways, per engine.

- ours:  ``coverage_get`` + ``coverage_children`` (two ORM queries plus region and denominator reads);
- floor: one hand-written SQL query on the raw driver connection;
- naive: every person and membership loaded through the ORM (``values_list``) and counted in a Python loop.

The three must give identical counts (checked, not timed); each figure is the median of the repeats, after
one untimed call whose result is the one compared.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from _setup import (
    ENGINES,
    PROVINCE,
    header,
    median_of,
    raw_connection,
    run_engines,
    secs,
    setup_django,
    synthetic,
)

Counts = tuple[int, dict[str, int]]  # province total, active participants per kab/kota

FLOOR_SQL = """
SELECT substr(p.kode_wilayah, 1, 5) AS kabkota, count(*)
FROM registry_person p
WHERE p.kode_wilayah LIKE {mark}
  AND EXISTS (
    SELECT 1 FROM membership_membership m
    WHERE m.person_id = p.id AND m.start_date <= {mark} AND (m.end_date IS NULL OR m.end_date >= {mark})
  )
GROUP BY substr(p.kode_wilayah, 1, 5)
"""


def ours(as_of: dt.date) -> Counts:
    from cakupan.web.indicators.selectors import coverage_children, coverage_get

    total = coverage_get(region_code=PROVINCE, as_of=as_of).active_participants
    children = coverage_children(region_code=PROVINCE, as_of=as_of)
    return total, {c.region_code: c.active_participants for c in children}


def floor(conn: Any, as_of: dt.date, kabkota: list[str]) -> Counts:
    sqlite = isinstance(conn, sqlite3.Connection)
    sql = FLOOR_SQL.format(mark="?" if sqlite else "%s")
    day = as_of.isoformat() if sqlite else as_of  # SQLite keeps dates as ISO text
    rows = conn.execute(sql, (PROVINCE + ".%", day, day)).fetchall()
    counts = dict.fromkeys(kabkota, 0) | dict(rows)
    return sum(counts.values()), counts


def naive(as_of: dt.date, kabkota: list[str]) -> Counts:
    from cakupan.web.membership.models import Membership
    from cakupan.web.registry.models import Person

    region_of = dict(Person.objects.values_list("id", "region_id"))
    active = set()
    for person_id, start, end in Membership.objects.values_list("person_id", "start_date", "end_date"):
        if start <= as_of and (end is None or end >= as_of):
            active.add(person_id)
    counts = dict.fromkeys(kabkota, 0)
    for person_id in active:
        code = region_of[person_id]
        if code.startswith(PROVINCE + "."):
            counts[code[:5]] += 1
    return sum(counts.values()), counts


def main(engine: str) -> None:
    setup_django(engine)
    from cakupan.web.imports.services import import_batch_create
    from cakupan.web.membership.models import Membership
    from cakupan.web.registry.models import Person
    from cakupan.web.registry.selectors import region_children

    data = synthetic()
    header("bench_coverage", engine, data)
    for source, path in (
        ("persons", data.persons),
        ("memberships", data.memberships),
        ("labour-force", data.labour_force),
    ):
        import_batch_create(source=source, path=path)
    as_of = data.reference_date
    kabkota = list(region_children(code=PROVINCE).values_list("code", flat=True))
    persons, memberships = Person.objects.count(), Membership.objects.count()

    results: dict[str, Counts] = {}
    results["ours"] = ours(as_of)
    ours_s, _ = median_of(lambda: ours(as_of))
    with raw_connection() as conn:
        results["floor"] = floor(conn, as_of, kabkota)
        floor_s, _ = median_of(lambda: floor(conn, as_of, kabkota))
    results["naive"] = naive(as_of, kabkota)
    naive_s, _ = median_of(lambda: naive(as_of, kabkota))

    assert results["floor"] == results["ours"], f"floor differs from ours: {results}"
    assert results["naive"] == results["ours"], f"naive differs from ours: {results}"
    total, per_kabkota = results["ours"]
    driver = "psycopg" if engine == "postgres" else "sqlite3"
    print(
        f"\ncoverage of {PROVINCE} and its {len(kabkota)} kab/kota on {as_of} "
        f"({persons:,} persons, {memberships:,} memberships imported), {ENGINES[engine]}"
    )
    line = "  {:<42} {:>9}   {}"
    print(line.format("ours   (coverage_get + coverage_children)", secs(ours_s), "").rstrip())
    print(
        line.format(f"floor  (one SQL query, {driver})", secs(floor_s), f"ours/floor {ours_s / floor_s:.1f}x")
    )
    print(
        line.format(
            "naive  (ORM values_list + Python loop)", secs(naive_s), f"naive/ours {naive_s / ours_s:.1f}x"
        )
    )
    expected = sum(data.expected_active.values())
    print(
        f"  counts identical in all three: {total:,} active in the province, "
        f"{min(per_kabkota.values()):,} to {max(per_kabkota.values()):,} per kab/kota; "
        f"generator expected {expected:,} ({'same' if per_kabkota == data.expected_active else 'DIFFERENT'})"
    )


if __name__ == "__main__":
    run_engines(__file__, main)
