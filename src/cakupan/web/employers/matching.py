"""Which stored employer each row of BPJSTK's employer data belongs to (reads only).

BPJSTK's employer data (source ``employers-bpjstk``) and the OSS list (source ``employers``) are imported as
separate files, in either order, onto one record per employer. A BPJSTK row meets a record by its NIB (when the
row has one) or by its NPP; a row that meets none is kept as a record of its own, listed as not in the OSS list,
and met by the OSS list later through the NIB. Whatever is ambiguous is a row problem, never a guess:

- one NIB on several rows of the file (one business, two NPPs);
- an NPP recorded for more than one employer;
- a NIB and an NPP that point to two different employers, or an NPP recorded for another NIB;
- two rows of the file that meet the same employer.

A row that creates a record needs its region: its ``kode_wilayah``, else the importing officer's one region.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from cakupan.core.access import in_scope
from cakupan.core.problems import Problem
from cakupan.ingest.validate import ROW, RowProblem
from cakupan.web.employers.models import Employer

EMPLOYER_ID = "employer_id"  # the stored employer a row updates; null for a new record
CHUNK = 5000


@dataclass(frozen=True)
class _Stored:
    pk: int
    nib: str | None
    npp: str
    in_oss: bool
    region: str

    @property
    def label(self) -> str:
        return f"NIB {self.nib}" if self.nib else f"NPP {self.npp}"


def _stored(nibs: list[str], npps: list[str]) -> list[_Stored]:
    found: dict[int, _Stored] = {}
    for values, field in ((nibs, "nib"), (npps, "npp")):
        for start in range(0, len(values), CHUNK):
            rows = Employer.objects.filter(**{f"{field}__in": values[start : start + CHUNK]}).values_list(
                "pk", "nib", "npp", "workforce", "region_id"
            )
            for pk, nib, npp, workforce, region in rows:
                found[pk] = _Stored(pk, nib, npp, workforce is not None, region)
    return list(found.values())


def bpjstk_rows_match(
    valid: pl.DataFrame, *, scope: Sequence[str] | None = None
) -> tuple[pl.DataFrame, list[RowProblem]]:
    """``valid`` (validated BPJSTK rows) with ``employer_id``, and the problems found matching them.

    Rows with an error problem are left out of the frame. ``scope`` (an officer's regions) fills an empty
    ``kode_wilayah`` when it is one region, and refuses rows that meet a record outside it."""
    if scope is not None and len(scope) == 1:
        valid = valid.with_columns(pl.col("kode_wilayah").fill_null(pl.lit(scope[0])))
    rows = list(valid.select(ROW, "npp", "nib", "kode_wilayah").iter_rows())
    stored = _stored(sorted({r[2] for r in rows if r[2]}), sorted({r[1] for r in rows}))
    by_npp: dict[str, list[_Stored]] = defaultdict(list)
    for s in stored:
        if s.npp:
            by_npp[s.npp].append(s)
    nib_rows: dict[str, list[int]] = defaultdict(list)
    for row, _npp, nib, _region in rows:
        if nib:
            nib_rows[nib].append(row)
    index = _Index({s.nib: s for s in stored if s.nib}, by_npp, nib_rows)
    problems: list[RowProblem] = []
    targets: dict[int, _Stored | None] = {}
    for row, npp, nib, region in rows:
        found = index.match(row, npp, nib)
        if isinstance(found, RowProblem):
            problems.append(found)
            continue
        if found is None and region is None:
            problems.append(RowProblem(row, "kode_wilayah", None, Problem("employer_region_unknown")))
            continue
        if found is not None and scope is not None and not in_scope(found.region, tuple(scope)):
            outside = Problem("record_outside_scope", params={"column": "npp"})
            problems.append(RowProblem(row, "npp", npp, outside))
            continue
        targets[row] = found
    problems.extend(_same_record(targets, valid))
    rejected = {p.row for p in problems if p.problem.severity == "error"}
    ids = {row: (t.pk if t else None) for row, t in targets.items() if row not in rejected}
    problems.extend(
        RowProblem(row, "nib", None, Problem("employer_not_in_oss", severity="warning"))
        for row, target in targets.items()
        if row not in rejected and (target is None or not target.in_oss)
    )
    matched = valid.filter(pl.col(ROW).is_in(list(ids))).with_columns(
        pl.col(ROW).replace_strict(ids, default=None, return_dtype=pl.Int64()).alias(EMPLOYER_ID)
    )
    return matched, sorted(problems, key=lambda p: p.row)


@dataclass(frozen=True)
class _Index:
    by_nib: dict[str, _Stored]
    by_npp: dict[str, list[_Stored]]
    nib_rows: dict[str, list[int]]  # rows of the file, by NIB

    def match(self, row: int, npp: str, nib: str | None) -> _Stored | RowProblem | None:
        if nib and len(self.nib_rows[nib]) > 1:
            listed = ", ".join(str(r) for r in self.nib_rows[nib])
            return RowProblem(
                row, "nib", nib, Problem("employer_nib_rows", params={"nib": nib, "rows": listed})
            )
        with_npp = self.by_npp.get(npp, [])
        if len(with_npp) > 1:
            labels = ", ".join(s.label for s in with_npp)
            return RowProblem(
                row, "npp", npp, Problem("employer_npp_ambiguous", params={"npp": npp, "employers": labels})
            )
        by_this_nib = self.by_nib.get(nib) if nib else None
        by_this_npp = with_npp[0] if with_npp else None
        other = by_this_npp if by_this_npp is not None and by_this_npp != by_this_nib else None
        # The NPP is another employer's: the one with this NIB, or one recorded with another NIB.
        if other is not None and (by_this_nib is not None or (nib and other.nib and other.nib != nib)):
            params = {"nib": nib or "", "npp": npp, "other": other.label}
            return RowProblem(row, "nib", nib, Problem("employer_match_conflict", params=params))
        return by_this_nib or by_this_npp


def _same_record(targets: dict[int, _Stored | None], valid: pl.DataFrame) -> list[RowProblem]:
    """Two rows of the file meeting one stored employer: neither is written."""
    counts = Counter(t.pk for t in targets.values() if t is not None)
    twice: dict[int, list[int]] = defaultdict(list)
    for row, target in targets.items():
        if target is not None and counts[target.pk] > 1:
            twice[target.pk].append(row)
    found: list[RowProblem] = []
    labels = {t.pk: t.label for t in targets.values() if t is not None}
    npps = dict(valid.select(ROW, "npp").iter_rows())
    for pk, rows in twice.items():
        for row in rows:
            others = ", ".join(str(r) for r in rows if r != row)
            params = {"rows": others, "employer": labels[pk]}
            found.append(RowProblem(row, "npp", npps[row], Problem("employer_same_record", params=params)))
    return found
