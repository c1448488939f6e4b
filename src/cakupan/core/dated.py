"""Dated YAML files, read one way: the parameter tree (``cakupan.rules``) and the sanctions, programmes, Jakon
deadlines, holidays and obligations of ``cakupan.compliance``.

``read(text, Model, file=, refuse=)`` parses YAML into a strict pydantic model; a refusal names the file and the key,
in Bahasa Indonesia and English, through the caller's error ``refuse(file, key, indonesian, english)``. ``Entry`` and
``Values`` are the model pair of ``values: [{from, reference, ...}]`` (start dates increasing); ``in_force`` finds
the entry of a day; ``shipped`` reads a shipped file once. A file whose values change on a calendar states its
``cadence`` (``{every: year, month: 3, day: 1, id: batas upah JP, en: JP wage cap}``: a new value falls due each
1 March); ``overdue`` says when the next value was due and is not loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, Literal, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, model_validator

ROOT_KEY = "(akar)"
# Builds the caller's error from (file, key, Indonesian, English); e.g. ``ParameterError``.
Refuse = Callable[[str, str, str, str], Exception]


class Strict(BaseModel):
    """A strict schema: no unknown key, no type coercion (``"14"`` is not 14, ``0.5`` is not a string)."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class Cadence(Strict):
    """When a new value falls due: every year on ``month``/``day``. ``id``/``en`` name what falls due."""

    every: Literal["year"]
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    id: StrictStr = Field(min_length=3)
    en: StrictStr = Field(min_length=3)

    @model_validator(mode="after")
    def _a_real_day(self) -> Cadence:
        dt.date(2001, self.month, self.day)  # ValueError (refused) for 31 April or 29 February
        return self

    def next_due(self, after: dt.date) -> dt.date:
        """The first day after ``after`` on which a new value falls due (2025-03-01 → 2026-03-01)."""
        due = dt.date(after.year, self.month, self.day)
        return due if due > after else dt.date(after.year + 1, self.month, self.day)


class Entry(Strict):
    """One dated value: in force from ``from`` until the next entry's ``from``, with its legal reference."""

    from_: dt.date = Field(alias="from")
    reference: StrictStr = Field(min_length=3)


E = TypeVar("E", bound=Entry)
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class Values(Strict, Generic[E]):
    """A file of dated values, with its cadence when its values change on a calendar."""

    cadence: Cadence | None = None
    values: list[E] = Field(min_length=1)


def _explain(exc: ValidationError) -> tuple[str, str, str]:
    """The key at fault and what is wrong with it: an unknown key (a typo) first, else pydantic's first error."""
    errors = exc.errors()
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = list(first["loc"])
    if "value" in loc:  # drop the union member pydantic appends (…value.str)
        loc = loc[: loc.index("value") + 1]
    key = ".".join(str(part) for part in loc) or ROOT_KEY
    if isinstance(first.get("input"), float):
        return (
            key,
            'bilangan pecahan (float) tidak boleh: tulis tarif sebagai teks ("0.01"), rupiah sebagai bilangan bulat.',
            'floats are not allowed: write a rate as a string ("0.01"), rupiah as an integer.',
        )
    if first["type"] == "missing":
        return key, "wajib ada.", "is required."
    if first["type"] == "extra_forbidden":
        return key, "kunci tidak dikenal.", "unknown key."
    return key, f"nilai atau jenis tidak sah ({first['msg']}).", f"invalid value or type ({first['msg']})."


def parse_yaml(text: str, *, file: str, refuse: Refuse) -> Any:
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:  # PyYAML raises ValueError for a date like 2019-02-30
        raise refuse(file, ROOT_KEY, f"bukan YAML yang sah ({exc}).", f"not valid YAML ({exc}).") from None


def check_increasing(file: str, keyed: Iterable[tuple[str, Any]], refuse: Refuse) -> None:
    """Each value (a start date, a year) after the one before: sorted, none repeated."""
    previous: Any = None
    for key, value in keyed:
        if previous is not None and value <= previous:
            raise refuse(
                file,
                key,
                f"tanggal mulai harus urut dan tidak berulang: {value} harus sesudah {previous} (tanpa tumpang-tindih).",
                f"start dates must be sorted and distinct: {value} must come after {previous} (no overlap).",
            )
        previous = value


def validate(data: Any, model: type[M], *, file: str, refuse: Refuse) -> M:
    """``data`` (parsed YAML) as ``model``; a ``Values`` file's start dates must increase."""
    if not isinstance(data, dict):
        raise refuse(file, ROOT_KEY, "isi berkas harus berupa pemetaan.", "the file must hold a mapping.")
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        raise refuse(file, *_explain(exc)) from None
    if isinstance(parsed, Values):
        check_increasing(file, ((f"values.{i}.from", e.from_) for i, e in enumerate(parsed.values)), refuse)
    return parsed


def read(text: str, model: type[M], *, file: str, refuse: Refuse) -> M:
    """A YAML text read strictly as ``model``; ``refuse`` builds the error that names the file and the key."""
    return validate(parse_yaml(text, file=file, refuse=refuse), model, file=file, refuse=refuse)


class Dated(Protocol):
    @property
    def start(self) -> dt.date: ...


D = TypeVar("D", bound=Dated)


def in_force(table: Sequence[D], day: dt.date) -> D | None:
    """The entry of ``table`` (sorted by start) in force on ``day``; None before the first one."""
    found = None
    for entry in table:
        if entry.start > day:
            break
        found = entry
    return found


def shipped(path: Path, parse: Callable[..., T]) -> Callable[[], T]:
    """A function that reads the shipped file ``path`` with ``parse(text, file=name)`` once per process."""

    @lru_cache(maxsize=1)
    def load() -> T:
        return parse(path.read_text(encoding="utf-8"), file=path.name)

    return load


@dataclass(frozen=True)
class Due:
    """The next value of a dated file fell due on ``due`` and is not loaded: ``start``'s value is still used."""

    name: str  # the parameter (``pu/jp/wage_cap``) or file (``holidays.yaml``)
    cadence: Cadence
    start: dt.date  # the last value's start
    due: dt.date  # when the next value fell due
    reference: str  # the last value's legal reference

    @property
    def indonesian(self) -> str:
        return (
            f"{self.cadence.id} {self.due.year} belum dimuat; dipakai nilai {self.start.year} "
            f"({self.name}, mulai {self.start.isoformat()}: {self.reference})"
        )

    @property
    def english(self) -> str:
        return (
            f"{self.cadence.en} {self.due.year} is not loaded; the {self.start.year} value is used "
            f"({self.name}, from {self.start.isoformat()}: {self.reference})"
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "parameter": self.name,
            "since": self.start.isoformat(),
            "due": self.due.isoformat(),
            "reference": self.reference,
            "message": self.indonesian,
            "message_en": self.english,
        }


def overdue(name: str, cadence: Cadence | None, start: dt.date, reference: str, on: dt.date) -> Due | None:
    """``Due`` when the value from ``start`` is the last one loaded and the next fell due on or before ``on``."""
    if cadence is None:
        return None
    due = cadence.next_due(start)
    return Due(name, cadence, start, due, reference) if due <= on else None
