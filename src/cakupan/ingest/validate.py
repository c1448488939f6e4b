"""Validate a frame of text cells against a layout: typed valid rows out, every problem explained.

Work is per column, not per row: the common spellings (16-digit NIK and KK numbers, ISO dates) are typed and
checked by polars expressions that give exactly what the Python parsers and ``check_nik`` give, and the Python
functions run only on the rest, once per distinct value (a column of a million rows with a few thousand
distinct odd dates costs a few thousand parser calls). Python objects are built for problem rows only.
Row numbers are the file's own (header = row 1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from cakupan.core.nik import INEXACT_NUMBER_MARK
from cakupan.core.problems import Problem
from cakupan.core.regions import LEVEL_NAMES, RegionIndex, level_of, national_issuing_codes, normalize_code
from cakupan.ingest import values
from cakupan.ingest.headers import map_headers
from cakupan.ingest.nik_frame import SIXTEEN_DIGITS, nik_problems, normalize_niks
from cakupan.ingest.readers import UnreadableFile
from cakupan.ingest.region_codes import explain_unknown_region
from cakupan.ingest.schemas import Column, Layout

ROW = "_row"
FIRST_DATA_ROW = 2  # row 1 is the header, as a spreadsheet numbers it
JAKARTA = ZoneInfo("Asia/Jakarta")
BIRTH_DATE = "tanggal_lahir"  # a date that cannot lie in the future
_DATE_YEARS = (1900, 2100)  # the years values.parse_date accepts


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
        return explain_unknown_region(raw, regions)
    return Problem(code, params=params)


def _fast_typed(kind: str, texts: pl.Series) -> pl.Series | None:
    """The typed value of the texts in the common spelling that polars parses exactly as the Python parser would,
    null for every other text (those go through the parser); None when the kind has no such spelling."""
    if kind == "kk":
        return pl.select(
            pl.when(texts.str.contains(SIXTEEN_DIGITS)).then(texts).otherwise(pl.lit(None, pl.String()))
        ).to_series()
    if kind == "date":
        iso = texts.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
        parsed = pl.select(
            pl.when(iso).then(texts.str.to_date("%Y-%m-%d", strict=False)).otherwise(pl.lit(None, pl.Date()))
        ).to_series()
        year = parsed.dt.year()
        return pl.select(pl.when(year.is_between(*_DATE_YEARS)).then(parsed)).to_series()
    return None


def _typed(texts: pl.Series, kind: str, parse: Parser, dtype: pl.DataType) -> pl.Series:
    """The typed value of every text: the fast spelling in polars, each other distinct text parsed once."""
    fast = _fast_typed(kind, texts)
    rest = texts if fast is None else texts.filter(fast.is_null())
    distinct = rest.drop_nulls().unique()
    parsed = texts.replace_strict(
        distinct, pl.Series([parse(v) for v in distinct], dtype=dtype), default=None, return_dtype=dtype
    )
    return parsed if fast is None else pl.select(pl.coalesce(fast.cast(dtype), parsed)).to_series()


def _parse_column(frame: pl.DataFrame, column: Column, regions: RegionIndex) -> pl.DataFrame:
    """Add the typed value of a text column as ``_typed_<name>``."""
    parse, dtype = _parser_for(column, regions)
    texts = frame.get_column(column.name)
    if column.kind == "date":  # a few thousand distinct dates in a million rows: type the distinct ones
        distinct = texts.drop_nulls().unique()
        typed = texts.replace_strict(
            distinct, _typed(distinct, "date", parse, dtype), default=None, return_dtype=dtype
        )
    else:
        typed = _typed(texts, column.kind, parse, dtype)
    return frame.with_columns(typed.alias(f"_typed_{column.name}"))


def validate(
    frame: pl.DataFrame, layout: Layout, *, regions: RegionIndex, today: dt.date | None = None
) -> Validation:
    """Check every cell of ``frame`` against ``layout``; raise UnreadableFile when columns are missing.

    ``today`` (default: the date in Jakarta) is the last day a birth date may fall on.
    """
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
    frame, inexact = _inexact_numbers(frame, layout)
    problems.extend(inexact)
    inexact_rows = {(p.row, p.column) for p in inexact}

    for column in layout.columns:
        if column.required:
            for row in frame.filter(pl.col(column.name).is_null()).get_column(ROW):
                if (row, column.name) not in inexact_rows:
                    problems.append(RowProblem(row, column.name, None, Problem("required")))
        if column.max_length is not None:
            problems.extend(_length_problems(frame, column.name, column.max_length))
        if column.kind in ("text", "nik"):
            if column.kind == "nik":
                frame = frame.with_columns(normalize_niks(frame.get_column(column.name)))
            continue
        frame = _parse_column(frame, column, regions)
        typed = f"_typed_{column.name}"
        failed = frame.filter(pl.col(column.name).is_not_null() & pl.col(typed).is_null())
        explained: dict[str, Problem] = {}
        for row, raw in failed.select(ROW, column.name).iter_rows():
            if raw not in explained:
                explained[raw] = _failure(column, raw, regions)
            problems.append(RowProblem(row, column.name, raw, explained[raw]))
        frame = frame.drop(column.name).rename({typed: column.name})

    problems.extend(_nik_problems(frame, layout))
    problems.extend(_future_birth_problems(frame, layout, today or dt.datetime.now(JAKARTA).date()))
    problems.extend(_date_order_problems(frame, layout))
    problems.extend(_duplicate_problems(frame, layout))

    rejected = {p.row for p in problems if p.problem.severity == "error"}
    valid = frame.filter(~pl.col(ROW).is_in(list(rejected))).select(ROW, *layout.names)
    order = {name: index for index, name in enumerate(layout.names)}
    problems.sort(key=lambda p: (p.row, order[p.column]))
    return Validation(valid=valid, problems=tuple(problems), rows_total=frame.height, columns_present=present)


def _inexact_numbers(frame: pl.DataFrame, layout: Layout) -> tuple[pl.DataFrame, list[RowProblem]]:
    """Empty the number cells the reader marked as possibly changed by Excel (``INEXACT_NUMBER_MARK``): an error
    in a required column, a warning in an optional one (the row keeps its other values)."""
    problems: list[RowProblem] = []
    emptied: list[pl.Expr] = []
    for column in layout.columns:
        marked = pl.col(column.name).str.starts_with(INEXACT_NUMBER_MARK).fill_null(False)
        found = frame.filter(marked).select(ROW, column.name)
        if found.is_empty():
            continue
        for row, text in found.iter_rows():
            shown = text.removeprefix(INEXACT_NUMBER_MARK)
            params = {"value": shown}
            problem = (
                Problem("number_inexact", params=params)
                if column.required
                else Problem("number_inexact_optional", "warning", params)
            )
            problems.append(RowProblem(row, column.name, shown, problem))
        emptied.append(pl.when(marked).then(None).otherwise(pl.col(column.name)).alias(column.name))
    return (frame.with_columns(emptied) if emptied else frame), problems


def _nik_problems(frame: pl.DataFrame, layout: Layout) -> list[RowProblem]:
    if "nik" not in layout.names:
        return []
    has_identity = BIRTH_DATE in layout.names and "jenis_kelamin" in layout.names
    found = nik_problems(
        frame.get_column("nik"),
        known_regions=national_issuing_codes(),
        birth_dates=frame.get_column(BIRTH_DATE) if has_identity else None,
        sexes=frame.get_column("jenis_kelamin") if has_identity else None,
    )
    rows = frame.get_column(ROW).gather([position for position, _, _ in found]).to_list()
    return [
        RowProblem(row, "nik", nik, problem)
        for row, (_, nik, problems) in zip(rows, found, strict=True)
        for problem in problems
    ]


def _future_birth_problems(frame: pl.DataFrame, layout: Layout, today: dt.date) -> list[RowProblem]:
    if BIRTH_DATE not in layout.names:
        return []
    future = frame.filter(pl.col(BIRTH_DATE) > today).select(ROW, BIRTH_DATE)
    return [
        RowProblem(
            row,
            BIRTH_DATE,
            born.isoformat(),
            Problem("birth_date_future", params={"date": born.isoformat(), "today": today.isoformat()}),
        )
        for row, born in future.iter_rows()
    ]


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
