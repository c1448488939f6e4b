"""Which programmes an employer of each business scale must register (``mandatory_programmes.yaml``), read strictly:
an unknown scale or programme, a missing reference or unsorted dates fail at load."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cakupan.compliance.errors import ComplianceError, ComplianceFileError
from cakupan.core.dated import Entry, Values, in_force, read, shipped
from cakupan.core.labels import Label
from cakupan.rules import PROGRAMMES

PATH = Path(__file__).with_name("mandatory_programmes.yaml")
Scale = Literal["mikro", "kecil", "menengah", "besar"]
SCALES: tuple[Scale, ...] = ("mikro", "kecil", "menengah", "besar")
SCALE_LABELS: dict[str, Label] = {
    "mikro": Label("Usaha mikro", "Micro enterprise"),
    "kecil": Label("Usaha kecil", "Small enterprise"),
    "menengah": Label("Usaha menengah", "Medium enterprise"),
    "besar": Label("Usaha besar", "Large enterprise"),
}


class _Entry(Entry):
    value: dict[Scale, list[str]]


@dataclass(frozen=True)
class Mandatory:
    start: dt.date
    reference: str
    by_scale: dict[str, tuple[str, ...]]


def parse_mandatory(text: str, *, file: str = "mandatory_programmes.yaml") -> tuple[Mandatory, ...]:
    raw = read(text, Values[_Entry], file=file, refuse=ComplianceFileError)
    entries = []
    for entry in raw.values:
        unknown = sorted({p for ps in entry.value.values() for p in ps} - set(PROGRAMMES))
        missing = [scale for scale in SCALES if scale not in entry.value]
        if unknown or missing:
            raise ComplianceError(
                f"Berkas {file}, nilai mulai {entry.from_}: program tak dikenal {unknown}, skala tanpa daftar {missing}.",
                f"File {file}, value from {entry.from_}: unknown programmes {unknown}, scales without a list {missing}.",
            )
        entries.append(Mandatory(entry.from_, entry.reference, {k: tuple(v) for k, v in entry.value.items()}))
    return tuple(entries)


_shipped = shipped(PATH, parse_mandatory)


def mandatory_on(on: dt.date, table: tuple[Mandatory, ...] | None = None) -> Mandatory | None:
    """The list in force on ``on`` (None before the first one)."""
    return in_force(table or _shipped(), on)
