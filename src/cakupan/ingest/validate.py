"""Validate a frame of text cells against a layout: typed valid rows out, every problem explained.

Cell parsers run once per distinct value and are joined back, so a column of a million rows with a few
thousand distinct dates costs a few thousand parser calls. Row numbers are the file's own (header = row 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from cakupan.core.nik import check_nik, normalize_nik
from cakupan.core.problems import Problem
from cakupan.core.regions import LEVEL_NAMES, RegionIndex, level_of, national_issuing_codes, normalize_code
from cakupan.ingest import values
from cakupan.ingest.headers import map_headers
from cakupan.ingest.readers import UnreadableFile
from cakupan.ingest.schemas import Column, Layout

ROW = "_row"
FIRST_DATA_ROW = 2  # row 1 is the header, as a spreadsheet numbers it


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    column: str
    value: str | None
    problem: Problem


@dataclass(frozen=True, slots=True)
class Validation:
    valid: pl.DataFrame  # typed columns of the layout plus _row, only rows without errors
    problems: tuple[RowProblem, ...]  # errors and warnings, in row order
    rows_total: int
    columns_present: tuple[str, ...]  # layout columns the file has (absent optional ones must not overwrite)

    @property
    def rows_rejected(self) -> int:
        return len({p.row for p in self.problems if p.problem.severity == "error"})


Parser = Callable[[str], Any]


def _parser_for(column: Column, regions: RegionIndex) -> tuple[Parser, pl.DataType]:
    kind = column.kind
    if kind == "date":
        return values.parse_date, pl.Date()
    if kind == "period":
        return values.parse_period, pl.Date()
    if kind in ("count", "rupiah"):
        return (values.parse_count if kind == "count" else values.parse_rupiah), pl.Int64()
    if kind == "decile":
        return values.parse_decile, pl.Int8()
    if kind == "sex":
        return values.parse_sex, pl.String()
    if kind == "programs":
        return values.parse_programmes, pl.String()
    if kind == "choice":
        return (lambda text: values.parse_choice(text, column.choices)), pl.String()
    if kind == "kk":
        return values.parse_kk, pl.String()
    if kind == "region":

        def parse_region(text: str) -> str | None:
            code = normalize_code(text)
            if code not in regions:
                return None
            return code if column.region_level in (None, level_of(code)) else None

        return parse_region, pl.String()
    if kind == "nik":
        return normalize_nik, pl.String()
    return (lambda text: text), pl.String()


_FAILURE_CODE = {
    "date": "bad_date",
    "period": "bad_period",
    "count": "bad_integer",
    "rupiah": "bad_integer",
    "decile": "bad_decile",
    "sex": "bad_choice",
    "programs": "bad_choice",
    "choice": "bad_choice",
    "kk": "bad_kk",
    "region": "unknown_region",
}


def _failure(column: Column, raw: str, regions: RegionIndex) -> Problem:
    code = _FAILURE_CODE[column.kind]
    params: dict[str, str] = {}
    if column.kind == "choice":
        params["choices"] = ", ".join(column.choices)
    elif column.kind == "sex":
        params["choices"] = "L, P"
    elif column.kind == "programs":
        params["choices"] = "JKK, JKM, JHT, JP, JKP (pisahkan dengan ;)"
    elif column.kind == "region":
        if normalize_code(raw) in regions and column.region_level is not None:
            return Problem("region_level", params={"expected": LEVEL_NAMES[column.region_level]})
        params["code"] = raw
    return Problem(code, params=params)


def _parse_column(frame: pl.DataFrame, column: Column, regions: RegionIndex) -> pl.DataFrame:
    """Replace the text column with its typed value, joined from the distinct texts."""
    parse, dtype = _parser_for(column, regions)
    distinct = frame.get_column(column.name).drop_nulls().unique(maintain_order=True)
    mapping = pl.DataFrame(
        {column.name: distinct, f"_typed_{column.name}": [parse(v) for v in distinct]},
        schema={column.name: pl.String(), f"_typed_{column.name}": dtype},
    )
    return frame.join(mapping, on=column.name, how="left", maintain_order="left")


def validate(frame: pl.DataFrame, layout: Layout, *, regions: RegionIndex) -> Validation:
    """Check every cell of ``frame`` against ``layout``; raise UnreadableFile when columns are missing."""
    frame = map_headers(frame, layout)
    missing = [c.name for c in layout.columns if c.required and c.name not in frame.columns]
    if missing:
        raise UnreadableFile(
            Problem(
                "missing_columns", params={"columns": ", ".join(missing), "found": ", ".join(frame.columns)}
            )
        )
    present = tuple(c for c in layout.names if c in frame.columns)
    absent = [pl.lit(None, pl.String()).alias(c) for c in layout.names if c not in present]
    frame = frame.with_columns(absent).select(layout.names).with_row_index(ROW, offset=FIRST_DATA_ROW)
    # A row with every cell empty (a spreadsheet's trailing blank lines) is no data; row numbers stay the file's.
    frame = frame.filter(~pl.all_horizontal(pl.col(c).is_null() for c in layout.names))
    problems: list[RowProblem] = []

    for column in layout.columns:
        if column.required:
            for row in frame.filter(pl.col(column.name).is_null()).get_column(ROW):
                problems.append(RowProblem(row, column.name, None, Problem("required")))
        if column.max_length is not None:
            problems.extend(_length_problems(frame, column.name, column.max_length))
        if column.kind in ("text", "nik"):
            if column.kind == "nik":
                frame = frame.with_columns(pl.col(column.name).map_elements(normalize_nik, pl.String()))
            continue
        frame = _parse_column(frame, column, regions)
        typed = f"_typed_{column.name}"
        failed = frame.filter(pl.col(column.name).is_not_null() & pl.col(typed).is_null())
        for row, raw in failed.select(ROW, column.name).iter_rows():
            problems.append(RowProblem(row, column.name, raw, _failure(column, raw, regions)))
        frame = frame.drop(column.name).rename({typed: column.name})

    problems.extend(_nik_problems(frame, layout))
    problems.extend(_date_order_problems(frame, layout))
    problems.extend(_duplicate_problems(frame, layout))

    rejected = {p.row for p in problems if p.problem.severity == "error"}
    valid = frame.filter(~pl.col(ROW).is_in(list(rejected))).select(ROW, *layout.names)
    problems.sort(key=lambda p: (p.row, layout.names.index(p.column)))
    return Validation(valid=valid, problems=tuple(problems), rows_total=frame.height, columns_present=present)


def _nik_problems(frame: pl.DataFrame, layout: Layout) -> list[RowProblem]:
    if "nik" not in layout.names:
        return []
    has_identity = "tanggal_lahir" in layout.names and "jenis_kelamin" in layout.names
    columns = [ROW, "nik", *(("tanggal_lahir", "jenis_kelamin") if has_identity else ())]
    issuing = national_issuing_codes()
    found: list[RowProblem] = []
    for record in frame.select(columns).iter_rows():
        row, nik = record[0], record[1]
        if nik is None:
            continue
        birth_date, sex = (record[2], record[3]) if has_identity else (None, None)
        check = check_nik(nik, known_regions=issuing, birth_date=birth_date, sex=sex)
        found.extend(RowProblem(row, "nik", nik, p) for p in check.problems)
    return found


def _length_problems(frame: pl.DataFrame, name: str, max_length: int) -> list[RowProblem]:
    too_long = frame.filter(pl.col(name).str.len_chars() > max_length).select(ROW, name)
    return [
        RowProblem(
            row,
            name,
            text,
            Problem("too_long", params={"length": str(len(text)), "max_length": str(max_length)}),
        )
        for row, text in too_long.iter_rows()
    ]


def _date_order_problems(frame: pl.DataFrame, layout: Layout) -> list[RowProblem]:
    if not {"tanggal_mulai", "tanggal_akhir"} <= set(layout.names):
        return []
    bad = frame.filter(pl.col("tanggal_akhir") < pl.col("tanggal_mulai"))
    return [
        RowProblem(row, "tanggal_akhir", str(end), Problem("end_before_start"))
        for row, end in bad.select(ROW, "tanggal_akhir").iter_rows()
    ]


def _duplicate_problems(frame: pl.DataFrame, layout: Layout) -> list[RowProblem]:
    keyed = frame.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in layout.key))
    first = keyed.with_columns(pl.col(ROW).min().over(layout.key).alias("_first"))
    repeats = first.filter(pl.col(ROW) != pl.col("_first"))
    column = layout.key[0]
    return [
        RowProblem(
            row, column, str(value), Problem("duplicate_in_file", params={"first_row": str(first_row)})
        )
        for row, value, first_row in repeats.select(ROW, column, "_first").iter_rows()
    ]
