"""Indicators defined as data: one YAML file per indicator in ``definitions/``, its name is the file name.

A definition says what is counted (numerator: what, and a filter by segment, programme, sector, payer and
decile), over what (denominator kind: a published labour figure, or a count such as all nagari), the unit,
the rounding rule and the reference it follows. It says nothing about where the counting happens: the
computation (region × segment × month facts) reads these definitions.

Files are loaded strictly: an unknown key, a missing key or a value outside its list stops the load with a
message naming the file and the key (``DefinitionError``). Every figure produced carries its numerator,
denominator, denominator kind, period and source (``Figure``), never only a percentage.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cakupan.core.labels import Label
from cakupan.indicators.rounding import Rounding, round_figure

__all__ = [
    "Definition",
    "DefinitionError",
    "Figure",
    "Rounding",
    "definition",
    "definitions",
    "load_definition",
    "load_definitions",
    "round_figure",
]

Segment = Literal["PU", "BPU", "JAKON", "PMI"]
Programme = Literal["JKK", "JKM", "JHT", "JP", "JKP"]
Sector = Literal["formal", "informal"]
Payer = Literal[
    "mandiri", "pemberi_kerja", "apbd", "apbd_provinsi", "apb_nagari", "dbh_sawit", "csr", "baznas", "lainnya"
]
# What the numerator counts: persons active on the date, persons newly enrolled in the month, persons whose
# coverage lapsed in the month, or nagari/desa where at least one person is covered by the given payers.
Counted = Literal["peserta_aktif", "pendaftaran_baru", "kepesertaan_berhenti", "nagari_peserta"]
# Published kinds (a LabourForceStat figure) followed by counted kinds: all nagari/desa/kelurahan of the
# region, or every person in the registry who matches the numerator's filter, covered or not.
DenominatorKind = Literal[
    "angkatan_kerja", "penduduk_bekerja", "potensi_tenaga_kerja", "bpu", "nagari", "terdata"
]
PUBLISHED_KINDS: tuple[DenominatorKind, ...] = (
    "angkatan_kerja",
    "penduduk_bekerja",
    "potensi_tenaga_kerja",
    "bpu",
)
Breakdown = Literal["segment", "sector", "programme"]
Unit = Literal["percent", "count"]
Period = Literal["as_of", "month"]

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_PACKAGE_DIRECTORY = "definitions"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Filter(_Strict):
    """Which people count; a key left out does not restrict. ``programmes``: all of them on one membership."""

    segments: tuple[Segment, ...] | None = None
    programmes: tuple[Programme, ...] | None = None
    sectors: tuple[Sector, ...] | None = None
    payers: tuple[Payer, ...] | None = None
    max_decile: int | None = Field(default=None, ge=1, le=10)


class Numerator(_Strict):
    counts: Counted
    description_id: str = Field(min_length=1)
    description_en: str = Field(min_length=1)
    filter: Filter


class DenominatorSpec(_Strict):
    kind: DenominatorKind
    selectable: tuple[DenominatorKind, ...]  # the kinds a user may switch to; includes ``kind``
    description_id: str = Field(min_length=1)
    description_en: str = Field(min_length=1)

    @model_validator(mode="after")
    def _kind_is_selectable(self) -> DenominatorSpec:
        if self.kind not in self.selectable:
            raise ValueError(f"'{self.kind}' harus termasuk dalam selectable")
        counted = [k for k in self.selectable if k not in PUBLISHED_KINDS]
        if counted and len(self.selectable) > 1:
            raise ValueError("penyebut hitungan (nagari, terdata) tidak dapat dipilih bersama jenis lain")
        return self


class Definition(_Strict):
    name: str = Field(pattern=_NAME.pattern)
    label_id: str = Field(min_length=1)
    label_en: str = Field(min_length=1)
    numerator: Numerator
    denominator: DenominatorSpec | None  # None only for counts
    breakdown: Breakdown | None  # one figure per segment / sector / programme, or a single figure
    period: Period  # as_of: state on a date; month: events within a calendar month
    unit: Unit
    rounding: Rounding
    reference: str = Field(min_length=1)

    @property
    def label(self) -> Label:
        """The indicator's name in both languages (``label_id``/``label_en`` are the YAML keys)."""
        return Label(self.label_id, self.label_en)

    @model_validator(mode="after")
    def _consistent(self) -> Definition:
        if self.unit == "percent" and self.denominator is None:
            raise ValueError("unit 'percent' memerlukan denominator")
        if self.unit == "count" and (self.denominator is not None or self.rounding.decimals != 0):
            raise ValueError("unit 'count' memerlukan denominator: null dan rounding.decimals: 0")
        nagari_numerator = self.numerator.counts == "nagari_peserta"
        nagari_denominator = self.denominator is not None and self.denominator.kind == "nagari"
        if nagari_numerator != nagari_denominator:
            raise ValueError("pembilang 'nagari_peserta' dan penyebut 'nagari' hanya dipakai bersama")
        return self

    def figure(
        self,
        *,
        numerator: int,
        denominator: int | None,
        period: dt.date,
        source: str | None,
        denominator_kind: DenominatorKind | None = None,
        group: str | None = None,
    ) -> Figure:
        """The figure for counted values. No denominator (None or 0) gives ``value=None``, never a guess."""
        if self.denominator is None:
            if denominator is not None or denominator_kind is not None:
                raise ValueError(f"indikator '{self.name}' adalah hitungan tanpa penyebut")
            return Figure(self.name, group, numerator, None, None, Decimal(numerator), period, source)
        kind = denominator_kind or self.denominator.kind
        if kind not in self.denominator.selectable:
            raise ValueError(f"jenis penyebut '{kind}' tidak tersedia untuk indikator '{self.name}'")
        # None or 0: no percentage
        value = round_figure(numerator, denominator, self.rounding) if denominator else None
        return Figure(self.name, group, numerator, denominator, kind, value, period, source)


@dataclass(frozen=True, slots=True)
class Figure:
    """One computed figure with everything needed to check it; ``value`` is None without a denominator."""

    indicator: str
    group: str | None  # the breakdown value (e.g. "BPU"), None for an indicator without breakdown
    numerator: int
    denominator: int | None
    denominator_kind: DenominatorKind | None
    value: Decimal | None
    period: dt.date  # the as-of date, or the first day of the month for monthly indicators
    source: str | None  # where the denominator comes from


class DefinitionError(ValueError):
    """A definition file that cannot be used; the message names the file and the key."""


def _describe(error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"]) or "(berkas)"
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"kunci '{where}' tidak dikenal (unknown key)"
    if kind == "missing":
        return f"kunci '{where}' wajib ada (missing key)"
    if kind in ("literal_error", "enum"):
        expected = str(error.get("ctx", {}).get("expected", "")).replace(" or ", " atau ")
        return f"kunci '{where}': nilai {error['input']!r} tidak dikenal; pilih {expected}"
    if kind == "value_error":
        return f"kunci '{where}': {error.get('ctx', {}).get('error', error['msg'])}"
    return f"kunci '{where}': {error['msg']}"


def load_definition(text: str, *, name: str, file: str) -> Definition:
    """Parse one definition file's text; ``name`` is the file's name without ``.yaml``."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{file}: bukan YAML yang sah (invalid YAML): {exc}") from None
    if not isinstance(data, dict):
        raise DefinitionError(f"{file}: isi berkas harus berupa pemetaan kunci (a mapping of keys)")
    if "name" in data:
        raise DefinitionError(f"{file}: kunci 'name' tidak boleh ada; nama definisi diambil dari nama berkas")
    try:
        return Definition.model_validate({"name": name, **data})
    except ValidationError as exc:
        problems = "; ".join(_describe(error) for error in exc.errors())
        raise DefinitionError(f"{file}: {problems}") from None


def load_definitions(directory: Path | Traversable | None = None) -> dict[str, Definition]:
    """Every ``*.yaml`` in ``directory`` (default: the package's own definitions), by name."""
    folder = (
        directory
        if directory is not None
        else resources.files("cakupan.indicators").joinpath(_PACKAGE_DIRECTORY)
    )
    found: dict[str, Definition] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        name = entry.name.removesuffix(".yaml")
        if not _NAME.fullmatch(name):
            raise DefinitionError(f"{entry.name}: nama berkas harus huruf kecil, angka dan garis bawah")
        found[name] = load_definition(entry.read_text(encoding="utf-8"), name=name, file=entry.name)
    return found


@cache
def definitions() -> dict[str, Definition]:
    """The package's definitions, loaded once. Treat the result as read-only."""
    return load_definitions()


def definition(name: str) -> Definition:
    try:
        return definitions()[name]
    except KeyError:
        raise KeyError(f"indikator '{name}' tidak dikenal; ada: {', '.join(definitions())}") from None
