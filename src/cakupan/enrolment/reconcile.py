"""Read the file BPJS Ketenagakerjaan returns for an exported batch: who was registered (with a KPJ number) and
who was rejected (with a reason).

The file is CSV or XLSX, read by ``cakupan.ingest.readers.read_table``; headers are compared after
``normalize_header`` and several spellings are accepted (``COLUMNS``). When the first row does not hold the NIK
and status columns, the first rows below it are searched for the header (a report often starts with a title).
Nothing raises: a file that cannot be used as a whole gives one file-level problem (row 0), and every cell
that cannot be used gives a problem naming its row (the header is row 1), column and value. Rows with an error
are neither accepted nor rejected; their members stay pending, like the batch NIKs the file does not mention
(``missing``). The web app should apply a reconciliation only when it is ``ok``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cakupan.core.nik import check_nik, normalize_nik
from cakupan.core.problems import Problem
from cakupan.ingest.readers import UnreadableFile, normalize_header, read_table
from cakupan.ingest.validate import RowProblem
from cakupan.ingest.values import parse_date

__all__ = [
    "ACCEPTED_STATUSES",
    "COLUMNS",
    "KPJ_LENGTH",
    "REJECTED_STATUSES",
    "Accepted",
    "Reconciliation",
    "Rejected",
    "read_reconciliation",
]

Outcome = Literal["accepted", "rejected"]

# Canonical column, then the spellings accepted for it (normalised headers), the canonical one first. When a
# file has two spellings of one column, the one listed first is read.
COLUMNS: dict[str, tuple[str, ...]] = {
    "nik": ("nik", "nik_ktp", "no_nik", "nomor_nik", "nik_peserta", "nomor_induk_kependudukan"),
    "kpj": ("kpj", "no_kpj", "nomor_kpj", "nomor_peserta", "no_peserta"),
    "status": ("status", "status_pendaftaran", "status_kepesertaan", "hasil_pendaftaran"),
    "alasan": ("alasan", "alasan_penolakan", "alasan_ditolak", "keterangan"),
    "tanggal_efektif": ("tanggal_efektif", "tgl_efektif", "tanggal_aktif", "tgl_aktif", "tmt"),
}
ACCEPTED_STATUSES = ("diterima", "berhasil", "sukses", "aktif", "accepted")
REJECTED_STATUSES = ("ditolak", "gagal", "rejected")
_STATUS: dict[str, Outcome] = {
    **{spelling: "accepted" for spelling in ACCEPTED_STATUSES},
    **{spelling: "rejected" for spelling in REJECTED_STATUSES},
}
# UNVERIFIED: the real KPJ format. Public sources show 11-digit numbers; 8 to 20 letters or digits accepts those
# and refuses what is clearly not a participant number (a name, a date, a number Excel shortened).
KPJ_LENGTH = (8, 20)
_KPJ = re.compile(rf"[0-9A-Z]{{{KPJ_LENGTH[0]},{KPJ_LENGTH[1]}}}")
_EXCEL_WHOLE = re.compile(r"([0-9]+)[.,]0+")
_SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?[eE][+-]?[0-9]{1,3}")
_DATE_TIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?")
_PLACEHOLDERS = frozenset({"-", "–", "—"})  # an office's way of writing "nothing" in an optional cell
_SPACES = re.compile(r"\s+")
_HEADER_SEARCH = 10  # rows below the first in which a header under a title is looked for
_SHOWN_HEADERS, _SHOWN_HEADER = 20, 40  # headers named in a message, and their length
FIRST_DATA_ROW = 2


@dataclass(frozen=True)
class Accepted:
    row: int
    nik: str
    kpj: str
    start_date: dt.date | None


@dataclass(frozen=True)
class Rejected:
    row: int
    nik: str
    reason: str


@dataclass(frozen=True)
class Reconciliation:
    accepted: tuple[Accepted, ...]
    rejected: tuple[Rejected, ...]
    problems: tuple[RowProblem, ...]
    missing: tuple[str, ...]  # batch NIKs the file does not mention: they stay pending

    @property
    def ok(self) -> bool:
        return not any(p.problem.severity == "error" for p in self.problems)


@dataclass(frozen=True)
class _Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str | None, ...]], ...]  # file row number, cells


def read_reconciliation(path: Path, *, batch_niks: Collection[str]) -> Reconciliation:
    """Read BPJSTK's returned file ``path`` for the batch whose members have ``batch_niks``."""
    batch = frozenset(normalize_nik(nik) for nik in batch_niks)
    try:
        frame = read_table(path)
    except UnreadableFile as refused:
        return _refused(refused.problem, batch)
    body = [(index + FIRST_DATA_ROW, tuple(cells)) for index, cells in enumerate(frame.rows())]
    table = _find_header(tuple(frame.columns), body)
    table = _Table(table.headers, tuple(r for r in table.rows if any(c is not None for c in r[1])))
    if not table.rows:
        return _refused(Problem("file_empty"), batch)
    return _Reader(table, batch).read()


def _refused(problem: Problem, batch: frozenset[str]) -> Reconciliation:
    """Nothing from the file can be used: one file-level problem, and every member stays pending."""
    return Reconciliation((), (), (RowProblem(0, "", None, problem),), tuple(sorted(batch)))


def _resolve(headers: tuple[str, ...]) -> dict[str, int]:
    """Canonical column -> its position in ``headers``, for the columns present."""
    found: dict[str, int] = {}
    for name, spellings in COLUMNS.items():
        for spelling in spellings:
            if spelling in headers:
                found[name] = headers.index(spelling)
                break
    return found


def _has_keys(headers: tuple[str, ...]) -> bool:
    return {"nik", "status"} <= set(_resolve(headers))


def _find_header(headers: tuple[str, ...], body: list[tuple[int, tuple[str | None, ...]]]) -> _Table:
    if not _has_keys(headers):
        for position, (_, cells) in enumerate(body[:_HEADER_SEARCH]):
            candidate = tuple(
                normalize_header(cell) if cell else f"unnamed__{index}" for index, cell in enumerate(cells)
            )
            if _has_keys(candidate):
                return _Table(candidate, tuple(body[position + 1 :]))
    return _Table(headers, tuple(body))


def _missing_columns(names: list[str], headers: tuple[str, ...]) -> Problem:
    columns = "; ".join(f"{name} ({', '.join(COLUMNS[name][1:])})" for name in names)
    named = [
        h if len(h) <= _SHOWN_HEADER else f"{h[:_SHOWN_HEADER]}…"
        for h in headers
        if not h.startswith("unnamed__")
    ]
    found = ", ".join(named[:_SHOWN_HEADERS]) or "-"
    if len(named) > _SHOWN_HEADERS:
        found += f", … (+{len(named) - _SHOWN_HEADERS})"
    return Problem("reconcile_missing_columns", params={"columns": columns, "found": found})


def _present(text: str | None) -> str | None:
    """The trimmed text of an optional cell; None when it is empty or a placeholder such as ``-``."""
    if text is None or text.strip() in _PLACEHOLDERS:
        return None
    return text.strip() or None


class _Reader:
    """One pass over the rows of a located table."""

    def __init__(self, table: _Table, batch: frozenset[str]) -> None:
        self.table = table
        self.batch = batch
        self.columns = _resolve(table.headers)
        self.problems: list[RowProblem] = []
        self.accepted: list[Accepted] = []
        self.rejected: list[Rejected] = []
        self.nik_rows: dict[str, int] = {}
        self.kpj_rows: dict[str, int] = {}
        self.mentioned: set[str] = set()

    def read(self) -> Reconciliation:
        required = [name for name in ("nik", "status") if name not in self.columns]
        if not required:
            outcomes = {self._outcome(cells) for _, cells in self.table.rows}
            if "accepted" in outcomes and "kpj" not in self.columns:
                required.append("kpj")
            if "rejected" in outcomes and "alasan" not in self.columns:
                required.append("alasan")
        if required:
            problem = _missing_columns(required, self.table.headers)
            return _refused(problem, self.batch)
        for row, cells in self.table.rows:
            self._row(row, cells)
        missing = tuple(sorted(self.batch - self.mentioned))
        return Reconciliation(tuple(self.accepted), tuple(self.rejected), tuple(self.problems), missing)

    def _cell(self, cells: tuple[str | None, ...], name: str) -> str | None:
        position = self.columns.get(name)
        return None if position is None or position >= len(cells) else cells[position]

    def _header(self, name: str) -> str:
        return self.table.headers[self.columns[name]]

    def _outcome(self, cells: tuple[str | None, ...]) -> Outcome | None:
        text = self._cell(cells, "status")
        return None if text is None else _STATUS.get(_SPACES.sub(" ", text.strip()).casefold())

    def _problem(self, row: int, name: str, cell: str | None, code: str, **params: str) -> None:
        self.problems.append(RowProblem(row, self._header(name), cell, Problem(code, params=params)))

    def _row(self, row: int, cells: tuple[str | None, ...]) -> None:
        before = len(self.problems)
        nik = self._nik(row, self._cell(cells, "nik"))
        outcome = self._outcome(cells)
        status = self._cell(cells, "status")
        if status is None:
            self._problem(row, "status", None, "required")
        elif outcome is None:
            self._problem(
                row,
                "status",
                status,
                "reconcile_status_unknown",
                value=status,
                accepted=", ".join(ACCEPTED_STATUSES),
                rejected=", ".join(REJECTED_STATUSES),
            )
        kpj, reason, start = None, "", None
        if outcome == "accepted":
            kpj = self._kpj(row, self._cell(cells, "kpj"))
            start = self._date(row, self._cell(cells, "tanggal_efektif"))
        elif outcome == "rejected":
            reason = self._reason(row, self._cell(cells, "alasan"))
        if nik is None or len(self.problems) > before:
            return
        if outcome == "accepted" and kpj is not None:
            self.accepted.append(Accepted(row=row, nik=nik, kpj=kpj, start_date=start))
        elif outcome == "rejected":
            self.rejected.append(Rejected(row=row, nik=nik, reason=reason))

    def _nik(self, row: int, raw: str | None) -> str | None:
        if raw is None:
            self._problem(row, "nik", None, "required")
            return None
        checked = check_nik(raw, known_regions=frozenset())
        if checked.nik is None:  # not 16 digits: nik_format, or nik_scientific for Excel's 1.30201E+15
            self.problems.append(RowProblem(row, self._header("nik"), raw, checked.problems[0]))
            return None
        nik = checked.nik
        self.mentioned.add(nik)
        if nik not in self.batch:
            self._problem(row, "nik", raw, "reconcile_nik_not_in_batch", nik=nik)
            return None
        if nik in self.nik_rows:
            self._problem(row, "nik", raw, "reconcile_nik_twice", nik=nik, first_row=str(self.nik_rows[nik]))
            return None
        self.nik_rows[nik] = row
        return nik

    def _kpj(self, row: int, raw: str | None) -> str | None:
        text = _present(raw)
        if text is None:
            self._problem(row, "kpj", raw, "reconcile_kpj_missing")
            return None
        text = text.lstrip("'").strip()
        if _SCIENTIFIC.fullmatch(text):
            self._problem(row, "kpj", raw, "reconcile_kpj_scientific", value=text)
            return None
        whole = _EXCEL_WHOLE.fullmatch(text)
        kpj = (whole.group(1) if whole else text).upper()
        if not text.isascii() or not _KPJ.fullmatch(kpj):  # upper() makes ASCII of some letters (ﬀ)
            self._problem(
                row,
                "kpj",
                raw,
                "reconcile_kpj_format",
                value=text,
                min_length=str(KPJ_LENGTH[0]),
                max_length=str(KPJ_LENGTH[1]),
            )
            return None
        if kpj in self.kpj_rows:
            self._problem(row, "kpj", raw, "reconcile_kpj_twice", kpj=kpj, first_row=str(self.kpj_rows[kpj]))
            return None
        self.kpj_rows[kpj] = row
        return kpj

    def _reason(self, row: int, raw: str | None) -> str:
        text = _present(raw)
        if text is None:
            self._problem(row, "alasan", raw, "reconcile_reason_missing")
            return ""
        return _SPACES.sub(" ", text)

    def _date(self, row: int, raw: str | None) -> dt.date | None:
        text = _present(raw)
        if text is None:
            return None
        with_time = _DATE_TIME.fullmatch(text)
        parsed = parse_date(with_time.group(1) if with_time else text)
        if parsed is None:
            self._problem(row, "tanggal_efektif", raw, "reconcile_bad_date", value=text)
        return parsed
