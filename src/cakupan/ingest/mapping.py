"""Column mappings a user makes once: which header of their file is which canonical column, or none.

A mapping is applied to the frame ``read_table`` returns (headers already normalised) BEFORE validation: it
renames the mapped headers to canonical names and drops the headers mapped to nothing. Headers it does not
mention are left alone, so the automatic header variants (``cakupan.ingest.headers``) still apply to them.

A mapping is saved as a small YAML file the CLI takes with ``--mapping``::

    source: persons
    columns:
      No Induk Kependudukan: nik
      Kerja Sekarang: pekerjaan
      No: null          # ignore this column

Keys are compared after ``normalize_header``, so they may be written as the file shows them.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import polars.selectors as cs
import yaml

from cakupan.core.problems import Problem
from cakupan.ingest.headers import SYNONYMS
from cakupan.ingest.readers import UnreadableFile, normalize_header
from cakupan.ingest.schemas import Layout

IGNORE_WORDS = frozenset({"", "-", "abaikan", "ignore"})
SUGGEST_CUTOFF = 0.6  # a suggestion needs most words in common with a column's name or a known variant
WORD_CUTOFF = 0.8  # two words count as the same ("kelurahan", "keluarahan")
TYPO_CUTOFF = 0.85  # two headers count as the same text with a typo


class MappingError(Exception):
    """A mapping file that cannot be used; ``problem`` says why in Bahasa Indonesia or English."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message())
        self.problem = problem


@dataclass(frozen=True)
class ColumnMap:
    """``columns``: normalised file header -> canonical column name, or None to ignore the column."""

    source: str
    columns: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class HeaderReport:
    """How the headers of a file meet a layout before any user mapping."""

    automatic: dict[str, str]  # header -> canonical name, recognised by name or known variant
    unknown: tuple[str, ...]  # headers neither canonical nor a known variant
    missing: tuple[str, ...]  # required columns no header supplies

    @property
    def complete(self) -> bool:
        return not self.unknown and not self.missing


def header_signature(headers: Iterable[str]) -> str:
    """The same set of (normalised) headers gives the same signature, in any order."""
    names = sorted({normalize_header(h) for h in headers})
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()


def automatic_targets(headers: Iterable[str], layout: Layout) -> dict[str, str]:
    """Headers recognised without help: a canonical name, else the first known variant of an absent column."""
    headers = list(headers)
    found: dict[str, str] = {h: h for h in headers if h in layout.names}
    for name in layout.names:
        if name in found.values():
            continue
        variant = next((h for h in SYNONYMS.get(name, ()) if h in headers and h not in found), None)
        if variant is not None:
            found[variant] = name
    return found


def header_report(headers: Iterable[str], layout: Layout) -> HeaderReport:
    headers = list(headers)
    automatic = automatic_targets(headers, layout)
    unknown = tuple(h for h in headers if h not in automatic)
    supplied = set(automatic.values())
    missing = tuple(c.name for c in layout.columns if c.required and c.name not in supplied)
    return HeaderReport(automatic=automatic, unknown=unknown, missing=missing)


def _similarity(header: str, variant: str) -> float:
    """How alike two normalised headers are: nearly the same text (a typo), or mostly the same words."""
    whole = difflib.SequenceMatcher(None, header, variant).ratio()
    words_h = [w for w in header.split("_") if w]
    words_v = [w for w in variant.split("_") if w]
    if not words_h or not words_v:
        return 0.0
    matched = sum(
        1 for w in words_h if any(difflib.SequenceMatcher(None, w, v).ratio() >= WORD_CUTOFF for v in words_v)
    )
    return max(whole if whole >= TYPO_CUTOFF else 0.0, matched / max(len(words_h), len(words_v)))


def suggest_target(header: str, layout: Layout, *, taken: Iterable[str] = ()) -> str | None:
    """The layout column ``header`` most probably means (by its name and known variants), or None."""
    header = normalize_header(header)
    taken = set(taken)
    best: tuple[float, str] | None = None
    for name in layout.names:
        if name in taken:
            continue
        score = max(_similarity(header, v) for v in (name, *SYNONYMS.get(name, ())))
        if score >= SUGGEST_CUTOFF and (best is None or score > best[0]):
            best = (score, name)
    return best[1] if best else None


def initial_choices(
    headers: Iterable[str], layout: Layout, saved: Mapping[str, str | None]
) -> dict[str, str | None]:
    """What a mapping form shows first: the saved choice, else the automatic one, else a suggestion."""
    headers = list(headers)
    automatic = automatic_targets(headers, layout)
    choices: dict[str, str | None] = {}
    for h in headers:
        if h in saved:
            choices[h] = saved[h]
        elif h in automatic:
            choices[h] = automatic[h]
    for h in headers:
        if h not in choices:
            choices[h] = suggest_target(h, layout, taken={t for t in choices.values() if t})
    return choices


def check_columns(columns: Mapping[str, str | None], layout: Layout) -> None:
    """Refuse a target that is not a layout column, or one column chosen for two headers."""
    seen: dict[str, str] = {}
    for header, target in columns.items():
        if target is None:
            continue
        if target not in layout.names:
            raise MappingError(
                Problem(
                    "mapping_target",
                    params={"header": header, "target": target, "columns": ", ".join(layout.names)},
                )
            )
        if target in seen:
            raise MappingError(
                Problem("mapping_twice", params={"column": target, "headers": f"{seen[target]}, {header}"})
            )
        seen[target] = header


def apply_mapping(frame: pl.DataFrame, columns: Mapping[str, str | None]) -> pl.DataFrame:
    """Rename mapped headers to their canonical names and drop the ignored ones (before validation)."""
    mapping = {normalize_header(h): t for h, t in columns.items()}
    renames = {h: t for h, t in mapping.items() if h in frame.columns and t is not None and t != h}
    dropped = [h for h, t in mapping.items() if h in frame.columns and t is None]
    kept = [h for h in frame.columns if h not in renames and h not in dropped]
    for header, target in renames.items():
        clash = [h for h in kept if h == target]
        others = [h for h, t in renames.items() if t == target and h != header]
        if clash or others:
            names = ", ".join(sorted({header, *clash, *others}))
            raise UnreadableFile(Problem("mapping_twice", params={"column": target, "headers": names}))
    # by_name: a header is the user's text, and a bare name would read "*" or "^...$" as a pattern.
    return frame.drop(cs.by_name(dropped)).rename(renames)


def _target(raw: object) -> str | None:
    if raw is None:
        return None
    text = str(raw).strip()
    return None if text.lower() in IGNORE_WORDS else text


class _TextLoader(yaml.SafeLoader):
    """YAML where every plain scalar is text except ``null``/``~``: a header "No" or "On" is no boolean, and
    "01" keeps its zero (YAML 1.1 would read them as False, True and 1)."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_mapping(text: str, layouts: Mapping[str, Layout]) -> ColumnMap:
    """A mapping file's text -> ColumnMap; MappingError says what is wrong with it."""
    try:
        data = yaml.load(text, Loader=_TextLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        raise MappingError(Problem("mapping_file", params={"reason": str(exc).splitlines()[0]})) from exc
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        reason = "harus berisi 'source' dan 'columns' (judul kolom: nama baku)"
        raise MappingError(Problem("mapping_file", params={"reason": reason}))
    source = str(data.get("source", "")).strip()
    if source not in layouts:
        raise MappingError(
            Problem("mapping_source", params={"source": source or "(kosong)", "sources": ", ".join(layouts)})
        )
    columns: dict[str, str | None] = {}
    for raw_header, raw_target in data["columns"].items():
        header = normalize_header(str(raw_header))
        if header in columns:
            raise MappingError(
                Problem("mapping_file", params={"reason": f"judul {raw_header!r} ditulis dua kali"})
            )
        columns[header] = _target(raw_target)
    check_columns(columns, layouts[source])
    return ColumnMap(source=source, columns=columns)


def load_mapping(path: Path, layouts: Mapping[str, Layout]) -> ColumnMap:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(Problem("mapping_file", params={"reason": str(exc)})) from exc
    return parse_mapping(text, layouts)


def dump_mapping(mapping: ColumnMap) -> str:
    """The YAML text of a mapping file (``load_mapping`` reads it back to the same mapping)."""
    document = {"source": mapping.source, "columns": dict(mapping.columns)}
    header = (
        "# Pemetaan kolom Cakupan: judul kolom di berkas -> nama kolom baku (null = kolom diabaikan).\n"
        f"# Pakai: cakupan import {mapping.source} BERKAS --mapping FILE_INI\n"
    )
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
