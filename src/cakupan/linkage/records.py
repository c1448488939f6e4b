"""A file of person-like records to link (``cakupan link FILE``): read its columns, say what is wrong where.

Columns (headers normalised, with the usual variants such as "Nama Lengkap", "Tgl Lahir", "NIK KTP"):
``nik`` (optional), ``nama``, ``tanggal_lahir``, ``jenis_kelamin``, ``kode_wilayah``. Only the name is required
in every row: a row without one is skipped with an error. A birth date, sex or NIK that cannot be read is
reported as a warning and treated as missing, so the row is still linked on what it has (a NIK that is not 16
digits sends the row to probabilistic linkage, which is the point).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cakupan.core.nik import normalize_nik
from cakupan.core.problems import Problem
from cakupan.ingest.headers import SYNONYMS
from cakupan.ingest.validate import RowProblem
from cakupan.ingest.values import parse_date, parse_sex
from cakupan.linkage.engine import COLUMNS

FILE_COLUMNS = ("nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah")
REQUIRED_COLUMNS = ("nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah")
FIRST_ROW = 2  # the header is row 1


class LinkFileError(ValueError):
    """The file as a whole cannot be linked; carries a Problem for the message."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message())
        self.problem = problem


@dataclass(frozen=True)
class LinkRecords:
    records: pl.DataFrame  # cakupan.linkage.engine.COLUMNS, record_id = row number in the file
    problems: tuple[RowProblem, ...]  # in row order
    rows_total: int

    @property
    def rows_skipped(self) -> int:
        return self.rows_total - self.records.height


def _canonical(frame: pl.DataFrame) -> pl.DataFrame:
    renames: dict[str, str] = {}
    for name in FILE_COLUMNS:
        if name in frame.columns:
            continue
        found = [h for h in SYNONYMS.get(name, ()) if h in frame.columns]
        if len(found) > 1:
            reason = f"kolom {' dan '.join(found)} sama-sama berarti {name}; hapus salah satunya"
            raise LinkFileError(Problem("file_unreadable", params={"reason": reason}))
        if found:
            renames[found[0]] = name
    return frame.rename(renames)


def link_records(frame: pl.DataFrame) -> LinkRecords:
    """Records to link from a frame of text columns as ``cakupan.ingest.readers.read_table`` returns it."""
    frame = _canonical(frame)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise LinkFileError(
            Problem(
                "missing_columns", params={"columns": ", ".join(missing), "found": ", ".join(frame.columns)}
            )
        )
    if "nik" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("nik"))
    problems: list[RowProblem] = []
    rows: dict[str, list[object]] = {name: [] for name in COLUMNS}
    for index, row in enumerate(frame.select(FILE_COLUMNS).iter_rows(named=True)):
        number = index + FIRST_ROW
        cells = {k: (v or "").strip() for k, v in row.items()}
        if not cells["nama"]:
            problems.append(RowProblem(number, "nama", None, Problem("required")))
            continue
        nik = normalize_nik(cells["nik"]) if cells["nik"] else ""
        if cells["nik"] and not (len(nik) == 16 and nik.isdigit()):
            problems.append(RowProblem(number, "nik", cells["nik"], Problem("nik_format", "warning")))
            nik = ""
        birth = parse_date(cells["tanggal_lahir"]) if cells["tanggal_lahir"] else None
        if cells["tanggal_lahir"] and birth is None:
            problems.append(
                RowProblem(number, "tanggal_lahir", cells["tanggal_lahir"], Problem("bad_date", "warning"))
            )
        sex = parse_sex(cells["jenis_kelamin"]) if cells["jenis_kelamin"] else None
        if cells["jenis_kelamin"] and sex is None:
            problems.append(
                RowProblem(
                    number,
                    "jenis_kelamin",
                    cells["jenis_kelamin"],
                    Problem("bad_choice", "warning", {"choices": "L, P"}),
                )
            )
        rows["record_id"].append(number)
        rows["nik"].append(nik or None)
        rows["nama"].append(cells["nama"])
        rows["tanggal_lahir"].append(birth)
        rows["jenis_kelamin"].append(sex)
        rows["kode_wilayah"].append(cells["kode_wilayah"] or None)
    records = pl.DataFrame(
        rows,
        schema={
            "record_id": pl.Int64,
            "nik": pl.String,
            "nama": pl.String,
            "tanggal_lahir": pl.Date,
            "jenis_kelamin": pl.String,
            "kode_wilayah": pl.String,
        },
    )
    return LinkRecords(records=records, problems=tuple(problems), rows_total=frame.height)
