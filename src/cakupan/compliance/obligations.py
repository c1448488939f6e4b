"""The regional obligations checklist (``obligations.yaml``): what a Pemda is instructed to do (Inpres 2/2021,
SE Mendagri 842.2/5193/SJ), each item with its legal source and the evidence it asks for. Read strictly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from cakupan.compliance.errors import ComplianceError, ComplianceFileError
from cakupan.core.dated import Strict, read, shipped

PATH = Path(__file__).with_name("obligations.yaml")
Evidence = Literal["regulation", "budget_line"]


class _Item(Strict):
    code: str = Field(pattern=r"^[a-z][a-z_]{1,30}$")
    id: str = Field(min_length=5)
    en: str = Field(min_length=5)
    source: str = Field(min_length=3)
    evidence: list[Evidence]


class _File(Strict):
    items: list[_Item] = Field(min_length=1)


@dataclass(frozen=True)
class Obligation:
    code: str
    indonesian: str
    english: str
    source: str
    evidence: tuple[str, ...]  # what the officer records besides the date: a regulation number, a budget line


def parse_obligations(text: str, *, file: str = "obligations.yaml") -> tuple[Obligation, ...]:
    raw = read(text, _File, file=file, refuse=ComplianceFileError)
    codes = [item.code for item in raw.items]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise ComplianceError(f"Berkas {file}: kode ganda {twice}.", f"File {file}: codes repeated {twice}.")
    return tuple(Obligation(i.code, i.id, i.en, i.source, tuple(i.evidence)) for i in raw.items)


obligations = shipped(PATH, parse_obligations)
