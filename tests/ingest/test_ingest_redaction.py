"""Rows outside the uploader's regions keep only their row number and the reason (cakupan.ingest.redaction)."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from cakupan.core.problems import Problem
from cakupan.ingest.redaction import (
    OUTSIDE,
    outside_rows,
    redact_cells,
    redact_problem_records,
    redact_problems,
    region_column,
)
from cakupan.ingest.validate import RowProblem

SCOPE = ("13.02.05.2001", "13.72")


def _cells() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "nik_ktp": ["1302050107850001", "1371010107850002", "1371010107850003", "x", "y", "z", "w"],
            "nama": ["SOLOK", "PADANG", "PADANG LAGI", "SOLOK OK", "KOSONG", "SAMPAH", "SOLOK KOTA"],
            # variant header of kode_wilayah; undotted, dotted, blank, malformed and a city in scope
            "desa_kelurahan": [
                "13.02.05.2001",
                "1371011001",
                " 13.71 ",
                "1302052001",
                None,
                "Padang",
                "13.72.01",
            ],
        }
    )


def test_rows_outside_are_found_from_the_raw_region_cell() -> None:
    assert region_column(_cells().columns) == "desa_kelurahan"
    assert outside_rows(_cells(), SCOPE) == {3, 4}  # frame rows 1 and 2 are file rows 3 and 4
    assert outside_rows(_cells(), SCOPE, first_row=10) == {11, 12}
    assert outside_rows(_cells(), None) == frozenset()  # the command line: no limit
    assert outside_rows(_cells().drop("desa_kelurahan"), SCOPE) == frozenset()


def test_cells_of_outside_rows_are_blanked_and_row_positions_kept() -> None:
    redacted = redact_cells(_cells(), {3, 4})
    assert redacted.shape == _cells().shape and redacted.schema == _cells().schema
    assert redacted.row(1) == (None, None, None) and redacted.row(2) == (None, None, None)
    assert redacted.row(0) == _cells().row(0) and redacted.row(6) == _cells().row(6)


def test_problems_of_outside_rows_become_one_without_value() -> None:
    problems = [
        RowProblem(2, "nik", "1302", Problem("nik_format")),
        RowProblem(3, "tanggal_lahir", "31/02/1985", Problem("bad_date")),
        RowProblem(3, "nik", "1371010107850002", Problem("nik_format")),
        RowProblem(4, "jenis_kelamin", "X", Problem("bad_choice", "warning", {"choices": "L, P"})),
    ]
    redacted = redact_problems(problems, {3, 4, 5})
    assert [(p.row, p.problem.code, p.value) for p in redacted] == [
        (2, "nik_format", "1302"),
        (3, OUTSIDE, None),
        (4, OUTSIDE, None),
        (5, OUTSIDE, None),
    ]
    assert all(p.problem.severity == "error" and not p.problem.params for p in redacted[1:])
    assert "di luar wilayah kerja" in redacted[1].problem.message("id")


def test_stored_samples_are_redacted_too() -> None:
    """Samples stored before the rule carried the region code and the row's other problems."""
    sample = [
        {"row": 3, "column": "nik", "value": "1371010107850002", "code": "nik_format", "params": {}},
        {
            "row": 3,
            "column": "kode_wilayah",
            "value": "13.71.01.1001",
            "code": OUTSIDE,
            "params": {"code": "13.71"},
        },
        {"row": 4, "column": "nik", "value": "1302", "code": "nik_format", "params": {}},
    ]
    shown = redact_problem_records(sample)
    assert [(r["row"], r["code"], r["value"], r["params"]) for r in shown] == [
        (3, OUTSIDE, None, {}),
        (4, "nik_format", "1302", {}),
    ]
    assert "13.71" not in str(shown) and "1371010107850002" not in str(shown)


@given(
    st.lists(st.sampled_from(["13.02.05.2001", "13.71.01.1001", "1372011001", "", "abc", "13"]), max_size=30)
)
def test_exactly_the_rows_outside_are_blanked(codes: list[str]) -> None:
    cells = pl.DataFrame({"kode_wilayah": codes, "nama": [f"N{i}" for i in range(len(codes))]})
    outside = outside_rows(cells, SCOPE)
    redacted = redact_cells(cells, outside)
    for i, (code, name) in enumerate(redacted.iter_rows()):
        if i + 2 in outside:
            assert (code, name) == (None, None)
        else:
            assert name == f"N{i}"
    expected = {i + 2 for i, c in enumerate(codes) if c in ("13.71.01.1001", "13")}
    assert outside == expected
