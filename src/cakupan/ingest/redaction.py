"""Rows outside the uploader's regions: reported by row number and reason, never with their cells.

An officer may upload a file holding rows of regions outside their own (a list of a whole kabupaten, say).
Those rows are refused, and since the import's files and pages are seen by other users too (everyone whose
regions cover the uploader's), nothing of such a row may stay but its row number and the reason: every cell is
blanked in the copies kept of the upload (the staged rows, the error report, a link job's result file) and
every problem of the row is replaced by one, ``outside_scope``, without its value.

A row is outside when its region cell (``kode_wilayah`` or a header variant of it) holds a well-formed region
code, as written or after normalising ``1371011001`` to ``13.71.01.1001``, that lies outside every scope region.
This is read from the raw cell, not from the validated row, so a row outside with another error too (a bad
date, a short NIK) is caught as well. A blank or malformed region cell says nothing about where the row
belongs; such a row keeps its cells and its own problems.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

import polars as pl

from cakupan.core.access import in_scope
from cakupan.core.problems import Problem
from cakupan.core.regions import is_region_code, normalize_code
from cakupan.ingest.headers import SYNONYMS
from cakupan.ingest.validate import FIRST_DATA_ROW, RowProblem

REGION = "kode_wilayah"
OUTSIDE = "outside_scope"


def region_column(columns: Iterable[str]) -> str | None:
    """The column holding a row's region: ``kode_wilayah`` or the first header variant of it present."""
    names = list(columns)
    for name in (REGION, *SYNONYMS.get(REGION, ())):
        if name in names:
            return name
    return None


def _outside(raw: str, scope: Sequence[str]) -> bool:
    code = normalize_code(raw)
    return is_region_code(code) and not in_scope(code, scope)


def outside_rows(
    cells: pl.DataFrame, scope: Sequence[str] | None, *, first_row: int = FIRST_DATA_ROW
) -> frozenset[int]:
    """The file row numbers (frame row ``i`` is file row ``i + first_row``) of the rows outside ``scope``;
    none when ``scope`` is None (the command line, no limit)."""
    column = region_column(cells.columns)
    if scope is None or column is None or cells.height == 0:
        return frozenset()
    region = pl.col(column).cast(pl.String).str.strip_chars()
    distinct = cells.select(region.drop_nulls().unique()).to_series().to_list()
    outside = [raw for raw in distinct if raw and _outside(raw, scope)]
    if not outside:
        return frozenset()
    found = (
        cells.select(region.alias(column))
        .with_row_index("_index")
        .filter(pl.col(column).is_in(outside))
        .get_column("_index")
    )
    return frozenset(int(i) + first_row for i in found)


def redact_cells(
    cells: pl.DataFrame, rows: Collection[int], *, first_row: int = FIRST_DATA_ROW
) -> pl.DataFrame:
    """``cells`` with every cell of ``rows`` (file row numbers) made null; columns and row positions stay, so
    the row numbers of every other row still hold."""
    if not rows or cells.height == 0:
        return cells
    hit = (pl.int_range(pl.len(), dtype=pl.Int64) + first_row).is_in(list(rows))
    return cells.with_columns(
        pl.when(hit).then(pl.lit(None, dtype)).otherwise(pl.col(name)).alias(name)
        for name, dtype in cells.schema.items()
    )


def outside_problem(row: int) -> RowProblem:
    return RowProblem(row, REGION, None, Problem(OUTSIDE))


def redact_problems(problems: Iterable[RowProblem], rows: Collection[int]) -> tuple[RowProblem, ...]:
    """``problems`` where each row of ``rows`` has exactly one problem left: ``outside_scope``, without value."""
    wanted = set(rows)
    kept = [p for p in problems if p.row not in wanted]
    return tuple(sorted([*kept, *(outside_problem(r) for r in wanted)], key=lambda p: p.row))


def redact_problem_records(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored problems (dicts with ``row``, ``code``, ``value``, ``params``, as a page shows them) with the same
    rule: a row with an ``outside_scope`` problem keeps only that one, without value or parameters. Kept for
    samples stored before the rule (their ``outside_scope`` problems still carried the region code)."""
    outside = {r.get("row") for r in records if r.get("code") == OUTSIDE}
    if not outside:
        return list(records)
    shown: list[dict[str, Any]] = []
    done: set[Any] = set()
    for record in records:
        row = record.get("row")
        if row not in outside:
            shown.append(record)
        elif row not in done:
            done.add(row)
            problem = Problem(OUTSIDE)
            shown.append(
                {
                    **record,
                    "column": REGION,
                    "value": None,
                    "code": OUTSIDE,
                    "severity": "error",
                    "params": {},
                    "message": problem.message(),
                }
            )
    return shown
