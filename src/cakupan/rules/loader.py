"""The parameter tree: one YAML file per parameter, its name being its path (``bpu/jkk/rate``).

A file holds ``description``, ``unit`` (rupiah | rate | count | years | months), an optional ``note`` (e.g. what
is UNVERIFIED) and ``values``: a list of ``{from, value, reference}``, each value in force from its date until the
next one. Rates are strings read as Decimal, every other unit an integer, never a float; a value may also be a
mapping (per risk class, per school level) of such scalars. Loading is strict: an unknown key, a missing
reference, a value of the wrong type, or dates that are unsorted or repeated raise ``ParameterError`` naming
the file and the key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from cakupan.rules.errors import ParameterError, RulesError

ROOT = Path(__file__).parent / "parameters"
Unit = Literal["rupiah", "rate", "count", "years", "months"]
Scalar = Decimal | int
Value = Scalar | dict[str, Scalar]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)
    from_: dt.date = Field(alias="from")
    value: StrictStr | StrictInt | dict[StrictStr | StrictInt, StrictStr | StrictInt]
    reference: StrictStr = Field(min_length=3)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    description: StrictStr = Field(min_length=3)
    unit: Unit
    note: StrictStr | None = None
    values: list[_Entry] = Field(min_length=1)


@dataclass(frozen=True)
class ParameterValue:
    """A value in force on a date, with the legal text that sets it."""

    name: str
    value: Value
    unit: Unit
    start: dt.date
    reference: str

    def scalar(self) -> Scalar:
        if isinstance(self.value, dict):
            raise RulesError(
                f"Parameter {self.name} berisi tabel, bukan satu nilai.",
                f"Parameter {self.name} holds a table, not a single value.",
            )
        return self.value

    def lookup(self, key: str) -> Scalar:
        if not isinstance(self.value, dict) or key not in self.value:
            raise RulesError(
                f"Parameter {self.name} tidak punya nilai untuk {key!r}.",
                f"Parameter {self.name} has no value for {key!r}.",
            )
        return self.value[key]


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: Unit
    note: str | None
    values: tuple[ParameterValue, ...]

    def on(self, day: dt.date) -> ParameterValue:
        in_force = [v for v in self.values if v.start <= day]
        if not in_force:
            first = self.values[0].start.isoformat()
            raise RulesError(
                f"Parameter {self.name} belum berlaku pada {day.isoformat()} (nilai pertama mulai {first}).",
                f"Parameter {self.name} is not in force on {day.isoformat()} (its first value starts {first}).",
            )
        return in_force[-1]


def _scalar(file: str, key: str, unit: Unit, raw: str | int) -> Scalar:
    if unit == "rate":
        if not isinstance(raw, str):
            raise ParameterError(
                file,
                key,
                'tarif harus ditulis sebagai teks, mis. "0.01".',
                'a rate must be a string, e.g. "0.01".',
            )
        try:
            rate = Decimal(raw.strip())
        except InvalidOperation:
            rate = Decimal("NaN")
        if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(1):
            raise ParameterError(
                file, key, f"{raw!r} bukan tarif antara 0 dan 1.", f"{raw!r} is not a rate between 0 and 1."
            )
        return rate
    if not isinstance(raw, int) or raw < 0:
        raise ParameterError(
            file,
            key,
            f"satuan {unit} memerlukan bilangan bulat tidak negatif, bukan {raw!r}.",
            f"unit {unit} needs a non-negative integer, not {raw!r}.",
        )
    return raw


def parse_parameter(name: str, data: object, *, file: str | None = None) -> Parameter:
    """Validate one parsed YAML document; ``ParameterError`` names the file and the key at fault."""
    file = file or f"{name}.yaml"
    if not isinstance(data, dict):
        raise ParameterError(
            file, "(akar)", "isi berkas harus berupa pemetaan.", "the file must hold a mapping."
        )
    try:
        model = _File.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = list(first["loc"])
        if "value" in loc:  # drop the union member pydantic appends (…value.str)
            loc = loc[: loc.index("value") + 1]
        key = ".".join(str(part) for part in loc) or "(akar)"
        kind = first["type"]
        if isinstance(first.get("input"), float):
            raise ParameterError(
                file,
                key,
                'bilangan pecahan (float) tidak boleh: tulis tarif sebagai teks ("0.01"), rupiah sebagai bilangan bulat.',
                'floats are not allowed: write a rate as a string ("0.01"), rupiah as an integer.',
            ) from None
        if kind == "missing":
            raise ParameterError(file, key, "wajib ada.", "is required.") from None
        if kind == "extra_forbidden":
            raise ParameterError(file, key, "kunci tidak dikenal.", "unknown key.") from None
        raise ParameterError(
            file,
            key,
            f"nilai atau jenis tidak sah ({first['msg']}).",
            f"invalid value or type ({first['msg']}).",
        ) from None
    values: list[ParameterValue] = []
    for index, entry in enumerate(model.values):
        key = f"values.{index}"
        if values and entry.from_ <= values[-1].start:
            raise ParameterError(
                file,
                f"{key}.from",
                f"tanggal {entry.from_} harus sesudah {values[-1].start} (urut, tanpa tumpang-tindih).",
                f"date {entry.from_} must come after {values[-1].start} (sorted, no overlap).",
            )
        value: Value
        if isinstance(entry.value, dict):
            if not entry.value:
                raise ParameterError(file, f"{key}.value", "tabel kosong.", "empty table.")
            value = {str(k): _scalar(file, f"{key}.value.{k}", model.unit, v) for k, v in entry.value.items()}
        else:
            value = _scalar(file, f"{key}.value", model.unit, entry.value)
        values.append(ParameterValue(name, value, model.unit, entry.from_, entry.reference.strip()))
    return Parameter(name, model.description, model.unit, model.note, tuple(values))


def parse_parameter_text(name: str, text: str, *, file: str | None = None) -> Parameter:
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:  # PyYAML raises ValueError for a date like 2019-02-30
        raise ParameterError(
            file or f"{name}.yaml", "(akar)", f"bukan YAML yang sah ({exc}).", f"not valid YAML ({exc})."
        ) from None
    return parse_parameter(name, data, file=file)


@dataclass(frozen=True)
class ParameterTree:
    parameters: dict[str, Parameter]

    def get(self, name: str) -> Parameter:
        if name not in self.parameters:
            raise RulesError(f"Parameter {name} tidak ada.", f"There is no parameter {name}.")
        return self.parameters[name]

    def value(self, name: str, *, on: dt.date) -> ParameterValue:
        return self.get(name).on(on)


def load_tree(root: Path = ROOT) -> ParameterTree:
    parameters: dict[str, Parameter] = {}
    for path in sorted(root.rglob("*.yaml")):
        name = path.relative_to(root).with_suffix("").as_posix()
        file = path.relative_to(root).as_posix()
        parameters[name] = parse_parameter_text(name, path.read_text(encoding="utf-8"), file=file)
    return ParameterTree(parameters)


@lru_cache(maxsize=1)
def default_tree() -> ParameterTree:
    """The tree shipped with Cakupan, read once per process."""
    return load_tree()


def parameter(name: str, *, on: dt.date) -> ParameterValue:
    """The value of ``name`` (e.g. ``bpu/jkk/rate``) in force on ``on``, with its legal reference."""
    return default_tree().value(name, on=on)
