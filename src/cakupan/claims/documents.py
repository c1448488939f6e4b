"""The documents checklist of a claim, read strictly from ``documents.yaml`` (one list per event)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from cakupan.claims.errors import ClaimError
from cakupan.claims.events import EventKind

PATH = Path(__file__).with_name("documents.yaml")


class _Label(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    id: str
    en: str


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    documents: dict[str, _Label]
    events: dict[EventKind, list[str]]
    scholarship: list[str]


@dataclass(frozen=True)
class Document:
    code: str
    indonesian: str
    english: str


@dataclass(frozen=True)
class Checklist:
    labels: dict[str, Document]
    events: dict[EventKind, tuple[str, ...]]
    scholarship: tuple[str, ...]

    def required(self, kind: EventKind, *, scholarship: bool) -> tuple[Document, ...]:
        codes = self.events[kind] + (self.scholarship if scholarship else ())
        return tuple(self.labels[code] for code in codes)

    def missing(self, kind: EventKind, received: set[str], *, scholarship: bool) -> tuple[Document, ...]:
        return tuple(d for d in self.required(kind, scholarship=scholarship) if d.code not in received)


def parse_checklist(text: str, *, file: str = "documents.yaml") -> Checklist:
    try:
        raw = _File.model_validate(yaml.safe_load(text), strict=False)
    except (ValidationError, yaml.YAMLError) as exc:
        raise ClaimError(
            f"Berkas daftar dokumen {file} tidak sah: {exc}", f"Documents file {file} is invalid: {exc}"
        ) from None
    used = {code for codes in raw.events.values() for code in codes} | set(raw.scholarship)
    unknown = sorted(used - set(raw.documents))
    missing_events = [kind.value for kind in EventKind if kind not in raw.events]
    if unknown or missing_events:
        raise ClaimError(
            f"Berkas daftar dokumen {file}: dokumen tak dikenal {unknown}, peristiwa tanpa daftar {missing_events}.",
            f"Documents file {file}: unknown documents {unknown}, events without a list {missing_events}.",
        )
    labels = {code: Document(code, label.id, label.en) for code, label in raw.documents.items()}
    return Checklist(labels, {k: tuple(v) for k, v in raw.events.items()}, tuple(raw.scholarship))


@lru_cache(maxsize=1)
def checklist() -> Checklist:
    return parse_checklist(PATH.read_text(encoding="utf-8"), file=PATH.name)
