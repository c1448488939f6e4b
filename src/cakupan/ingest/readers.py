"""Read a CSV or XLSX file into a frame of text columns, with headers normalised.

Every cell stays text here; typing is the validator's job, so a bad cell becomes a reported problem
instead of a crash or a silently guessed value.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polars as pl

from cakupan.core.problems import Problem

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_DELIMITERS = ",;\t|"
_HEADER_SPACE = re.compile(r"[\s\-/.]+")


class UnreadableFile(Exception):
    """The file as a whole cannot be used; nothing from it may be loaded."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message())
        self.problem = problem


def normalize_header(name: str) -> str:
    """``" Tanggal Lahir "`` -> ``tanggal_lahir``."""
    return _HEADER_SPACE.sub("_", name.strip().lstrip("\ufeff").lower()).strip("_")


def _refuse_repeated_headers(names: list[str]) -> None:
    headers = [normalize_header(n) for n in names]
    repeated = sorted({h for h in headers if headers.count(h) > 1})
    if repeated:
        reason = f"nama kolom ganda: {', '.join(repeated)}"
        raise UnreadableFile(Problem("file_unreadable", params={"reason": reason}))


def _promote_header(frame: pl.DataFrame) -> pl.DataFrame:
    """Use the first row as the header. Polars renames a repeated header (``nik_duplicated_0``, ``nik_1``),
    which would silently load one of two columns, so the header is read as data and checked here."""
    if frame.height == 0:
        raise UnreadableFile(Problem("file_empty"))
    names = [f"unnamed__{i}" if cell is None else str(cell) for i, cell in enumerate(frame.row(0))]
    _refuse_repeated_headers(names)
    return frame.slice(1).rename(dict(zip(frame.columns, names, strict=True)))


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" as Windows-1252; every byte sequence decodes, so this cannot fail.
        return raw.decode("cp1252", errors="replace")


def _sniff_delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def read_csv(path: Path) -> pl.DataFrame:
    text = _decode(path.read_bytes())
    if not text.strip():
        raise UnreadableFile(Problem("file_empty"))
    try:
        frame = pl.read_csv(
            text.encode("utf-8"),
            separator=_sniff_delimiter(text),
            has_header=False,
            infer_schema=False,
        )
    except (pl.exceptions.PolarsError, ValueError) as exc:
        raise UnreadableFile(Problem("file_unreadable", params={"reason": str(exc).splitlines()[0]})) from exc
    return _promote_header(frame)


def read_xlsx(path: Path, sheet: str | None = None) -> pl.DataFrame:
    try:
        if sheet is None:
            frame = pl.read_excel(path, engine="calamine", has_header=False, infer_schema_length=0)
        else:
            frame = pl.read_excel(
                path, engine="calamine", sheet_name=sheet, has_header=False, infer_schema_length=0
            )
    except Exception as exc:  # fastexcel raises its own hierarchy for corrupt or non-XLSX content
        raise UnreadableFile(Problem("file_unreadable", params={"reason": str(exc).splitlines()[0]})) from exc
    return _promote_header(frame)


def read_table(path: Path, sheet: str | None = None) -> pl.DataFrame:
    """Read ``path`` (CSV or XLSX) into text columns with normalised headers."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        frame = read_csv(path)
    elif suffix in XLSX_SUFFIXES:
        frame = read_xlsx(path, sheet)
    else:
        raise UnreadableFile(Problem("file_type", params={"suffix": suffix or "(tanpa akhiran)"}))
    _refuse_repeated_headers(frame.columns)
    headers = [normalize_header(c) for c in frame.columns]
    frame = frame.rename(dict(zip(frame.columns, headers, strict=True)))
    # Text cells, trimmed; an empty cell is a missing value.
    frame = frame.with_columns(
        pl.col(c).cast(pl.String).str.strip_chars().replace("", None) for c in frame.columns
    )
    if frame.height == 0:
        raise UnreadableFile(Problem("file_empty"))
    return frame
