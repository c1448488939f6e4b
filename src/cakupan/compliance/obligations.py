"""The regional obligations checklist (``obligations.yaml``): what a Pemda is instructed to do (Inpres 2/2021,
SE Mendagri 842.2/5193/SJ), each item with its legal source and the evidence it asks for. Read strictly."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cakupan.compliance.errors import ComplianceError

PATH = Path(__file__).with_name("obligations.yaml")
Evidence = Literal["regulation", "budget_line"]


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    code: str = Field(pattern=r"^[a-z][a-z_]{1,30}$")
    id: str = Field(min_length=5)
    en: str = Field(min_length=5)
    source: str = Field(min_length=3)
    evidence: list[Evidence]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    items: list[_Item] = Field(min_length=1)


@dataclass(frozen=True)
class Obligation:
    code: str
    indonesian: str
    english: str
    source: str
    evidence: tuple[str, ...]  # what the officer records besides the date: a regulation number, a budget line


def parse_obligations(text: str, *, file: str = "obligations.yaml") -> tuple[Obligation, ...]:
    try:
        raw = _File.model_validate(yaml.safe_load(text), strict=False)
    except (ValidationError, yaml.YAMLError) as exc:
        raise ComplianceError(f"Berkas {file} tidak sah: {exc}", f"File {file} is invalid: {exc}") from None
    codes = [item.code for item in raw.items]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise ComplianceError(f"Berkas {file}: kode ganda {twice}.", f"File {file}: codes repeated {twice}.")
    return tuple(Obligation(i.code, i.id, i.en, i.source, tuple(i.evidence)) for i in raw.items)


@lru_cache(maxsize=1)
def obligations() -> tuple[Obligation, ...]:
    return parse_obligations(PATH.read_text(encoding="utf-8"), file=PATH.name)
