"""Which programmes an employer of each business scale must register (``mandatory_programmes.yaml``), read strictly:
an unknown scale or programme, a missing reference or unsorted dates fail at load."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cakupan.compliance.errors import ComplianceError
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


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)
    from_: dt.date = Field(alias="from")
    reference: str = Field(min_length=3)
    value: dict[Scale, list[str]]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    values: list[_Entry] = Field(min_length=1)


@dataclass(frozen=True)
class Mandatory:
    start: dt.date
    reference: str
    by_scale: dict[str, tuple[str, ...]]


def parse_mandatory(text: str, *, file: str = "mandatory_programmes.yaml") -> tuple[Mandatory, ...]:
    try:
        raw = _File.model_validate(yaml.safe_load(text), strict=False)
    except (ValidationError, yaml.YAMLError) as exc:
        raise ComplianceError(f"Berkas {file} tidak sah: {exc}", f"File {file} is invalid: {exc}") from None
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
    starts = [e.start for e in entries]
    if starts != sorted(set(starts)):
        raise ComplianceError(
            f"Berkas {file}: tanggal mulai harus urut dan tidak berulang.",
            f"File {file}: start dates must be sorted and distinct.",
        )
    return tuple(entries)


@lru_cache(maxsize=1)
def _shipped() -> tuple[Mandatory, ...]:
    return parse_mandatory(PATH.read_text(encoding="utf-8"), file=PATH.name)


def mandatory_on(on: dt.date, table: tuple[Mandatory, ...] | None = None) -> Mandatory | None:
    """The list in force on ``on`` (None before the first one)."""
    in_force = [entry for entry in (table or _shipped()) if entry.start <= on]
    return in_force[-1] if in_force else None
