"""A persons CSV of a million rows (about 2% bad) and a persons XLSX of 100,000 rows, imported end to end.

Per engine, each measured import runs in its own process, so its peak memory is its own (``os.wait4`` gives the
child's maximum resident set size); the time is the wall time of the import call inside that process.

- ours:  ``import_batch_create`` on the CSV: read, validate, commit (one transaction);
- floor: the same valid rows (pointing to an import batch, as ours) bulk-loaded by the raw driver with no
  validation, one transaction, the rows prepared before the clock starts: sqlite3 ``executemany`` of tuples /
  psycopg ``COPY`` of CSV bytes;
- naive: ``csv.DictReader`` and one ``Person.objects.create`` per row, each committed on its own (Django's
  default autocommit), on the first CAKUPAN_BENCH_NAIVE_ROWS rows (default 20,000), extrapolated linearly to the
  whole file; the same in one transaction is printed beside it;
- xlsx:  ``import_batch_create`` on a persons XLSX (written beforehand with xlsxwriter, not timed).

The budgets of issue 4 are printed with PASS or MISS; nothing is asserted. Environment: CAKUPAN_BENCH_IMPORT_ROWS
(default 1,000,000), CAKUPAN_BENCH_XLSX_ROWS (default 100,000), CAKUPAN_BENCH_NAIVE_ROWS (default 20,000),
CAKUPAN_BENCH_LARGE_REPEAT (default 1; the figures are medians). The files are synthetic
(``cakupan.synth.generate`` at the scale giving about that many rows), cached in CAKUPAN_BENCH_CACHE.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from _setup import (
    ENGINES,
    Data,
    attach_django,
    engine_version,
    run_engines,
    secs,
    setup_django,
    synthetic,
    timed,
    truncate,
)

ROWS = int(os.environ.get("CAKUPAN_BENCH_IMPORT_ROWS", "1000000"))
XLSX_ROWS = int(os.environ.get("CAKUPAN_BENCH_XLSX_ROWS", "100000"))
NAIVE_ROWS = int(os.environ.get("CAKUPAN_BENCH_NAIVE_ROWS", "20000"))
REPEAT = int(os.environ.get("CAKUPAN_BENCH_LARGE_REPEAT", "1"))
BUDGET_SECONDS, BUDGET_XLSX_SECONDS, BUDGET_MEMORY_MB = 15.0, 10.0, 2048
BUDGET_FLOOR_RATIO, BUDGET_NAIVE_RATIO = 2.0, 100.0
TASKS = ("ours", "floor", "naive", "naive-atomic", "xlsx")


# --- the files ---------------------------------------------------------------------------------------------------


def scale_for(rows: int) -> float:
    """The synthetic scale whose persons.csv has about ``rows`` rows (people plus the duplicated rows)."""
    from cakupan.synth import load_calibration
    from cakupan.synth.defects import DUPLICATE_SHARE

    people = sum(region.population for region in load_calibration().regions)
    return float(f"{rows / (people * (1 + DUPLICATE_SHARE)):.3g}")


def xlsx_path(data: Data) -> Path:
    return data.persons.with_suffix(".xlsx")


def write_xlsx(data: Data) -> Path:
    """persons.csv as an office would send it: NIK and KK as text, the birth date a date cell, the decile a number."""
    import xlsxwriter

    path = xlsx_path(data)
    if path.exists():
        return path
    print(f"Writing {path} ({data.persons_rows:,} rows) ...", flush=True)
    scratch = path.with_suffix(".xlsx.part")
    book = xlsxwriter.Workbook(str(scratch), {"constant_memory": True})
    sheet = book.add_worksheet("Penduduk")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    with data.persons.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        sheet.write_row(0, 0, header)
        born, decile = header.index("tanggal_lahir"), header.index("desil")
        for r, row in enumerate(reader, start=1):
            for c, cell in enumerate(row):
                if not cell:
                    continue
                if c == born:
                    try:
                        sheet.write_datetime(r, c, dt.datetime.fromisoformat(cell), date_format)
                    except ValueError:
                        sheet.write_string(r, c, cell)
                elif c == decile and cell.isdigit():
                    sheet.write_number(r, c, int(cell))
                else:
                    sheet.write_string(r, c, cell)
    book.close()
    scratch.rename(path)
    return path


def prepare() -> tuple[Data, Data]:
    csv_data = synthetic(scale_for(ROWS))
    xlsx_data = synthetic(scale_for(XLSX_ROWS))
    write_xlsx(xlsx_data)
    return csv_data, xlsx_data


# --- one measured import, in a child process ------------------------------------------------------------------------


def run_task(task: str, engine: str) -> dict[str, Any]:
    """Run ``task`` in this (child) process and return its figures."""
    attach_django()
    from cakupan.web.imports.services import import_batch_create
    from cakupan.web.registry.models import Person

    csv_data, xlsx_data = prepare()
    truncate()  # a fresh process: region and NIK-prefix lists load inside the timed import, as on the command line
    if task in ("ours", "xlsx"):
        path = csv_data.persons if task == "ours" else xlsx_path(xlsx_data)
        seconds, outcome = timed(lambda: import_batch_create(source="persons", path=path))
        batch = outcome.batch
        return {
            "seconds": seconds,
            "rows": batch.rows_total,
            "written": Person.objects.count(),
            "rejected": batch.rows_rejected,
        }
    if task == "floor":
        valid = _valid_persons(csv_data.persons)
        batch = _floor_batch(valid.height)
        seconds = _floor_copy(valid, batch) if engine == "postgres" else _floor_executemany(valid, batch)
        return {"seconds": seconds, "rows": valid.height, "written": Person.objects.count()}
    from bench_import import naive_load, person_saver

    seconds, done = naive_load(csv_data.persons, person_saver, NAIVE_ROWS, atomic=task == "naive-atomic")
    return {"seconds": seconds, "rows": done, "written": Person.objects.count()}


def _valid_persons(path: Path) -> Any:
    """The rows ours accepts, validated before any clock starts, with ids assigned up front."""
    import polars as pl

    from cakupan.ingest.readers import read_table
    from cakupan.ingest.schemas import PERSONS
    from cakupan.ingest.validate import validate
    from cakupan.web.registry.selectors import region_index

    valid = validate(read_table(path), PERSONS, regions=region_index()).valid
    return valid.with_columns(pl.int_range(1, valid.height + 1).alias("id"))


def _floor_batch(rows: int) -> int:
    """An import batch for the floor's rows to point to, as ours does (one foreign key checked per row)."""
    from cakupan.web.imports.models import ImportBatch

    return ImportBatch.objects.create(
        source="persons", file_name="floor", file_sha256="", rows_total=rows, rows_created=rows,
        rows_updated=0, rows_rejected=0, warnings=0,
    ).pk  # fmt: skip


def _floor_executemany(valid: Any, batch: int) -> float:
    from bench_import import floor_load, person_floor

    return floor_load(*person_floor(valid, batch))


def _floor_copy(valid: Any, batch: int) -> float:
    """PostgreSQL's fastest bulk path: the rows as CSV bytes built before the clock, COPY and commit timed."""
    import polars as pl
    from django.utils import timezone

    from _setup import raw_connection
    from bench_import import person_columns, person_target

    now = timezone.now()
    frame = person_columns(valid).with_columns(
        pl.lit(batch, pl.Int64).alias("import_batch"),
        pl.lit(now).alias("created_at"),
        pl.lit(now).alias("updated_at"),
    )
    blocks = [
        chunk.write_csv(
            include_header=False, quote_style="non_numeric", datetime_format="%Y-%m-%d %H:%M:%S%.6f%:z"
        )
        for chunk in frame.iter_slices(50_000)
    ]
    with raw_connection() as conn:

        def write() -> None:
            with conn.cursor().copy(f"COPY {person_target()} FROM STDIN (FORMAT csv)") as copy:
                for block in blocks:
                    copy.write(block)
            conn.commit()

        return timed(write)[0]


def measure(task: str, engine: str) -> dict[str, Any]:
    """Run ``task`` in a child process; its figures plus its peak resident memory (MB)."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--engine", engine, "--task", task], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{task} on {engine} failed (exit {child.returncode})")
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return result


# --- the report ----------------------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def main(engine: str) -> None:
    setup_django(engine)
    csv_data, xlsx_data = prepare()
    print(f"=== bench_import_large | {engine_version(engine)} | median of {REPEAT} ===")
    print(
        f"persons CSV {csv_data.persons_rows:,} rows ({csv_data.persons.stat().st_size / 1e6:.0f} MB, "
        f"synthetic scale {scale_for(ROWS):g}); persons XLSX {xlsx_data.persons_rows:,} rows "
        f"({xlsx_path(xlsx_data).stat().st_size / 1e6:.0f} MB)"
    )
    print(f"machine: {os.cpu_count()} CPUs, {load()} before (others may share the machine)", flush=True)
    runs: dict[str, list[dict[str, Any]]] = {task: [] for task in TASKS}
    for _ in range(REPEAT):
        for task in TASKS:
            runs[task].append(measure(task, engine))
    print(f"  ({load()} after)")

    def median(task: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[task])

    ours, floor, naive_sample, atomic_sample, xlsx = (median(t, "seconds") for t in TASKS)
    last = {task: runs[task][-1] for task in TASKS}
    n, sampled = last["ours"]["rows"], last["naive"]["rows"]
    naive, atomic = naive_sample * n / sampled, atomic_sample * n / last["naive-atomic"]["rows"]
    driver = "psycopg COPY, CSV" if engine == "postgres" else "sqlite3 executemany"
    line = "  {:<40} {:>9} {:>10,.0f} rows/s {:>10,} written {:>14}   {}"
    print(f"\nimport persons.csv ({n:,} rows, {last['ours']['rejected']:,} rejected), {ENGINES[engine]}")
    print(
        line.format(
            "ours   (import_batch_create)", secs(ours), n / ours, last["ours"]["written"],
            f"{median('ours', 'peak_mb'):,.0f} MB peak", "",
        ).rstrip()
    )  # fmt: skip
    print(
        line.format(
            f"floor  ({driver})", secs(floor), last["floor"]["rows"] / floor, last["floor"]["written"],
            "", f"ours/floor {ours / floor:.2f}x",
        )
    )  # fmt: skip
    print(
        line.format(
            "naive  (ORM create per row, autocommit)*", secs(naive), sampled / naive_sample, last["naive"]["written"],
            "", f"naive/ours {naive / ours:.0f}x",
        )
    )  # fmt: skip
    print(
        line.format(
            "naive  (the same, one transaction)*", secs(atomic), sampled / atomic_sample,
            last["naive-atomic"]["written"], "", f"naive/ours {atomic / ours:.0f}x",
        )
    )  # fmt: skip
    print(
        f"  * timed on the first {sampled:,} rows ({secs(naive_sample)}; {secs(atomic_sample)} in one "
        f"transaction) and extrapolated linearly to {n:,} rows; 'written' counts those rows only"
    )
    x = last["xlsx"]
    print(f"\nimport persons.xlsx ({x['rows']:,} rows, {x['rejected']:,} rejected), {ENGINES[engine]}")
    print(
        line.format(
            "ours   (import_batch_create)", secs(xlsx), x["rows"] / xlsx, x["written"],
            f"{median('xlsx', 'peak_mb'):,.0f} MB peak", "",
        ).rstrip()
    )  # fmt: skip
    peak = median("ours", "peak_mb")
    print("\nbudgets (issue 4):")
    print(f"  {verdict(ours <= BUDGET_SECONDS)}  {n:,}-row CSV in <= {BUDGET_SECONDS:.0f} s: {secs(ours)}")
    print(f"  {verdict(peak <= BUDGET_MEMORY_MB)}  peak memory <= 2 GB: {peak:,.0f} MB")
    print(
        f"  {verdict(ours <= BUDGET_FLOOR_RATIO * floor)}  ours <= {BUDGET_FLOOR_RATIO:.0f}x the floor: "
        f"{ours / floor:.2f}x"
    )
    print(
        f"  {verdict(naive >= BUDGET_NAIVE_RATIO * ours)}  >= {BUDGET_NAIVE_RATIO:.0f}x faster than naive: "
        f"{naive / ours:.0f}x ({atomic / ours:.0f}x against naive in one transaction)"
    )
    print(
        f"  {verdict(xlsx <= BUDGET_XLSX_SECONDS)}  {x['rows']:,}-row XLSX in <= {BUDGET_XLSX_SECONDS:.0f} s: "
        f"{secs(xlsx)}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--task", choices=TASKS)
    parser.add_argument("--engine", choices=list(ENGINES))
    known = parser.parse_known_args()[0]
    if known.task is not None:
        print(json.dumps(run_task(known.task, known.engine)), flush=True)
    else:
        run_engines(__file__, main, prepare=prepare)
