"""Shared types and constants of the synthetic-population tests (imported by conftest and the tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from cakupan.synth import SynthSummary

SCALE = 0.01
SEED = 1
REFERENCE = dt.date(2025, 6, 30)


@dataclass(frozen=True)
class Generated:
    summary: SynthSummary
    manifest: dict[str, object]
    persons: pl.DataFrame  # every column as text, as written
    memberships: pl.DataFrame
    labour_force: pl.DataFrame


@dataclass(frozen=True)
class Checked:
    """Row-by-row verdicts an importer would reach on persons.csv (rows in file order)."""

    nik_errors: list[tuple[str, ...]]
    nik_warnings: list[tuple[str, ...]]
    region_known: list[bool]
    repeated: list[bool]  # an exact copy of an earlier row
    accepted: dict[str, str]  # NIK -> kode_wilayah of every accepted person row


def read_text_csv(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)
