"""Validate a file of any source: the generic validator plus what one source's columns need besides.

Around ``cakupan.ingest.validate.validate``:

- before it, cells are cleaned the way offices write them: spellings of a choice (``PPPK``, ``Non ASN``,
  ``Isteri``) become the choice, digit codes (NIB, KBLI, BPS codes) lose spaces, dots and dashes and Excel's
  ``.0``, and runs of spaces in an instansi become one (so the duplicate check compares what is stored);
- after it, fixed-length digit codes, the least region depth, every NIK column other than ``nik`` (NIK rules),
  and cross-column rules (employers, ASN family members) are checked;
- a BPS labour-force table is translated to Kemendagri codes through the checked crosswalk.

Rows with a new error leave the valid frame; every problem keeps its file row number.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

from cakupan.core.problems import Problem
from cakupan.core.regions import LEVEL_NAMES, RegionIndex, level_of, national_issuing_codes
from cakupan.ingest import crosswalk
from cakupan.ingest.headers import layout_for, map_headers
from cakupan.ingest.nik_frame import nik_problems
from cakupan.ingest.schemas import LABOUR_FORCE, LABOUR_FORCE_BPS, Column, Layout
from cakupan.ingest.validate import ROW, RowProblem, Validation, validate

_ALIAS_SPACE = re.compile(r"[\s._/\-]+")
_SEPARATORS = re.compile(r"[\s.\-]")
_SPACES = re.compile(r"\s+")
_SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?[eE]\+?[0-9]+")
_DIGIT_NAMES = {"nib": "NIB", "kbli": "Kode KBLI", "kode_bps": "Kode BPS"}
_DEEPER = {2: "kabupaten/kota, kecamatan atau kelurahan/desa", 3: "kecamatan atau kelurahan/desa"}


def alias_key(text: str) -> str:
    """``" Non-ASN "`` -> ``non asn``: how choice spellings are compared."""
    return _ALIAS_SPACE.sub(" ", text.casefold()).strip()


def clean_digits(text: str) -> str:
    """``1234 5678 901.23`` -> ``123456789012``; Excel's trailing ``.0`` is dropped first."""
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    return _SEPARATORS.sub("", text)


def _keep_scientific(text: str) -> str:
    """Digits cleaned, except Excel's scientific notation, kept as written so the check can name it."""
    return text if _SCIENTIFIC.fullmatch(text.strip()) else clean_digits(text)


def _collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text)


def _alias_reader(aliases: tuple[tuple[str, str], ...]) -> Callable[[str], str]:
    table = {alias_key(spelling): choice for spelling, choice in aliases}

    def read(text: str) -> str:
        return table.get(alias_key(text), text)

    return read


def _cleaner(column: Column) -> Callable[[str], str] | None:
    if column.aliases:
        return _alias_reader(column.aliases)
    if column.digits is not None or column.name == "kode_bps":
        return _keep_scientific
    if column.name == "instansi":
        return _collapse_spaces
    return None


def _clean(frame: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    cleaners = [
        pl.col(column.name).map_elements(cleaner, pl.String(), skip_nulls=True)
        for column in layout.columns
        if column.name in frame.columns and (cleaner := _cleaner(column)) is not None
    ]
    return frame.with_columns(cleaners) if cleaners else frame


def validate_source(frame: pl.DataFrame, source: str, *, regions: RegionIndex) -> tuple[Layout, Validation]:
    """The layout ``frame`` (as ``read_table`` gives it) is in, and its validation as ``source``.

    Raises UnreadableFile (missing columns, ambiguous headers) and KeyError for an unknown source.
    """
    layout = layout_for(source, frame)
    return layout, validate_layout(frame, layout, regions=regions)


def validate_layout(frame: pl.DataFrame, layout: Layout, *, regions: RegionIndex) -> Validation:
    """Validate ``frame`` in ``layout`` with every rule of its source. For a BPS labour-force table the valid
    frame has the canonical labour-force columns (``kode_wilayah`` from the crosswalk), ready to write like a
    Kemendagri-coded file. Raises UnreadableFile."""
    frame = _clean(map_headers(frame, layout), layout)
    validation = validate(frame, layout, regions=regions)
    problems = [
        *_column_problems(validation.valid, layout),
        *_row_problems(validation.valid, layout, validation.columns_present),
    ]
    if layout is LABOUR_FORCE_BPS:
        translated, more = _translate(_without_errors(validation.valid, problems), regions)
        problems.extend(more)
        return _merge(validation, layout, problems, translated, present=LABOUR_FORCE.names)
    return _merge(validation, layout, problems, None, present=validation.columns_present)


def _without_errors(valid: pl.DataFrame, problems: list[RowProblem]) -> pl.DataFrame:
    rejected = {p.row for p in problems if p.problem.severity == "error"}
    return valid.filter(~pl.col(ROW).is_in(list(rejected))) if rejected else valid


def _merge(
    validation: Validation,
    layout: Layout,
    problems: list[RowProblem],
    valid: pl.DataFrame | None,
    *,
    present: tuple[str, ...],
) -> Validation:
    if not problems and valid is None:
        return validation
    valid = _without_errors(validation.valid if valid is None else valid, problems)
    merged = [*validation.problems, *problems]
    merged.sort(key=lambda p: (p.row, layout.names.index(p.column)))
    return Validation(
        valid=valid, problems=tuple(merged), rows_total=validation.rows_total, columns_present=present
    )


def _column_problems(valid: pl.DataFrame, layout: Layout) -> list[RowProblem]:
    found: list[RowProblem] = []
    for column in layout.columns:
        if column.digits is not None:
            found.extend(_digit_problems(valid, column, column.digits))
        if column.min_region_level is not None:
            found.extend(_depth_problems(valid, column, column.min_region_level))
        if column.kind == "nik" and column.name != "nik":  # the validator checks the column named nik
            found.extend(_nik_problems(valid, column.name))
    return found


def _digit_problems(valid: pl.DataFrame, column: Column, count: int) -> list[RowProblem]:
    name = _DIGIT_NAMES.get(column.name, column.name)
    bad = valid.filter(
        pl.col(column.name).is_not_null() & ~pl.col(column.name).str.contains(f"^[0-9]{{{count}}}$")
    )
    found: list[RowProblem] = []
    for row, value in bad.select(ROW, column.name).iter_rows():
        if _SCIENTIFIC.fullmatch(value.strip()):
            problem = Problem("digits_scientific", params={"name": name, "value": value})
        else:
            problem = Problem("bad_digits", params={"name": name, "count": str(count)})
        found.append(RowProblem(row, column.name, value, problem))
    return found


def _depth_problems(valid: pl.DataFrame, column: Column, least: int) -> list[RowProblem]:
    expected = _DEEPER.get(least, LEVEL_NAMES.get(least, str(least)))
    return [
        RowProblem(row, column.name, code, Problem("region_level", params={"expected": expected}))
        for row, code in valid.select(ROW, column.name).iter_rows()
        if code is not None and level_of(code) < least
    ]


def _nik_problems(valid: pl.DataFrame, name: str) -> list[RowProblem]:
    """The same checks as the validator's ``nik`` column, set-based (``nik_frame``)."""
    rows = valid.get_column(ROW)
    return [
        RowProblem(rows[position], name, nik, problem)
        for position, nik, problems in nik_problems(
            valid.get_column(name), known_regions=national_issuing_codes()
        )
        for problem in problems
    ]


def _row_problems(valid: pl.DataFrame, layout: Layout, present: tuple[str, ...]) -> list[RowProblem]:
    names = set(layout.names)
    found: list[RowProblem] = []
    if {"jumlah_tenaga_kerja", "tenaga_kerja_terdaftar", "npp"} <= names:
        columns = [ROW, "npp", "jumlah_tenaga_kerja", "tenaga_kerja_terdaftar", "program"]
        for row, npp, workforce, registered, programmes in valid.select(columns).iter_rows():
            if registered is not None and workforce is not None and registered > workforce:
                params = {"registered": str(registered), "workforce": str(workforce)}
                problem = Problem("registered_exceeds_workforce", severity="warning", params=params)
                found.append(RowProblem(row, "tenaga_kerja_terdaftar", str(registered), problem))
            if "npp" in present and npp is None and (bool(registered) or programmes is not None):
                found.append(
                    RowProblem(row, "npp", None, Problem("registration_without_npp", severity="warning"))
                )
    if {"nik_asn", "nik_keluarga"} <= names:
        same = valid.filter(pl.col("nik_asn") == pl.col("nik_keluarga")).select(ROW, "nik_keluarga")
        found.extend(
            RowProblem(row, "nik_keluarga", nik, Problem("family_is_self")) for row, nik in same.iter_rows()
        )
    return found


def _translate(valid: pl.DataFrame, regions: RegionIndex) -> tuple[pl.DataFrame, list[RowProblem]]:
    """BPS rows -> canonical labour-force rows; rows whose code and name disagree, or whose region is not
    loaded, are reported on ``kode_bps`` or ``nama_wilayah``."""
    table = crosswalk.load_crosswalk()
    codes: dict[tuple[str, str], str | None] = {}
    problems: list[RowProblem] = []
    for row, code, name in valid.select(ROW, "kode_bps", "nama_wilayah").iter_rows():
        result = crosswalk.check_row(code, name, table)
        if isinstance(result, Problem):
            column = "kode_bps" if result.code == "bps_code_unknown" else "nama_wilayah"
            problems.append(RowProblem(row, column, code if column == "kode_bps" else name, result))
            codes[(code, name)] = None
        elif result.kemendagri_code not in regions:
            params = {"code": f"{result.kemendagri_code} (BPS {code})"}
            problems.append(RowProblem(row, "kode_bps", code, Problem("unknown_region", params=params)))
        else:
            codes[(code, name)] = result.kemendagri_code
    mapping = pl.DataFrame(
        {
            "kode_bps": [k[0] for k in codes],
            "nama_wilayah": [k[1] for k in codes],
            "kode_wilayah": list(codes.values()),
        },
        schema={"kode_bps": pl.String(), "nama_wilayah": pl.String(), "kode_wilayah": pl.String()},
    )
    rejected = [p.row for p in problems]
    translated = (
        valid.filter(~pl.col(ROW).is_in(rejected))
        .join(mapping, on=["kode_bps", "nama_wilayah"], how="left", maintain_order="left")
        .select(ROW, *LABOUR_FORCE.names)
    )
    return translated, problems
