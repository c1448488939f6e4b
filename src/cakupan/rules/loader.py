"""The parameter tree: one YAML file per parameter, its name being its path (``bpu/jkk/rate``).

A file holds ``description``, ``unit`` (rupiah | rate | count | years | months), an optional ``note`` (e.g. what
is UNVERIFIED) and ``values``: a list of ``{from, value, reference}``, each value in force from its date until the
next one. Rates are strings read as Decimal, every other unit an integer, never a float; a value may also be a
mapping (per risk class, per school level) of such scalars. A parameter that changes on a calendar states its
``cadence`` (``{every: year, month: 3, day: 1, id: batas upah JP, en: JP wage cap}``: a new value falls due every
1 March), so that ``cakupan rules check`` lists it once the next value is due and missing, and a calculation that
uses the old value says so. Loading is strict (``cakupan.core.dated``): an unknown key, a missing reference, a
value of the wrong type, or dates that are unsorted or repeated raise ``ParameterError`` naming the file and the
key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, StrictInt, StrictStr

from cakupan.core.dated import Cadence, Due, Entry, Values, in_force, overdue, parse_yaml, validate
from cakupan.rules.errors import ParameterError, RulesError

ROOT = Path(__file__).parent / "parameters"
Unit = Literal["rupiah", "rate", "count", "years", "months"]
Scalar = Decimal | int
Value = Scalar | dict[str, Scalar]


class _Entry(Entry):
    value: StrictStr | StrictInt | dict[StrictStr | StrictInt, StrictStr | StrictInt]


class _File(Values[_Entry]):
    description: StrictStr = Field(min_length=3)
    unit: Unit
    note: StrictStr | None = None


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
    cadence: Cadence | None = None  # when a new value falls due (the JP wage cap: every 1 March)

    def on(self, day: dt.date) -> ParameterValue:
        used = in_force(self.values, day)
        if used is None:
            first = self.values[0].start.isoformat()
            raise RulesError(
                f"Parameter {self.name} belum berlaku pada {day.isoformat()} (nilai pertama mulai {first}).",
                f"Parameter {self.name} is not in force on {day.isoformat()} (its first value starts {first}).",
            )
        return used

    def due(self, on: dt.date) -> Due | None:
        """The next value fell due on or before ``on`` and is not loaded (None without a cadence)."""
        last = self.values[-1]
        return overdue(self.name, self.cadence, last.start, last.reference, on)


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
    model = validate(data, _File, file=file, refuse=ParameterError)
    values: list[ParameterValue] = []
    for index, entry in enumerate(model.values):
        key = f"values.{index}"
        value: Value
        if isinstance(entry.value, dict):
            if not entry.value:
                raise ParameterError(file, f"{key}.value", "tabel kosong.", "empty table.")
            value = {str(k): _scalar(file, f"{key}.value.{k}", model.unit, v) for k, v in entry.value.items()}
        else:
            value = _scalar(file, f"{key}.value", model.unit, entry.value)
        values.append(ParameterValue(name, value, model.unit, entry.from_, entry.reference.strip()))
    return Parameter(name, model.description, model.unit, model.note, tuple(values), model.cadence)


def parse_parameter_text(name: str, text: str, *, file: str | None = None) -> Parameter:
    file = file or f"{name}.yaml"
    return parse_parameter(name, parse_yaml(text, file=file, refuse=ParameterError), file=file)


@dataclass(frozen=True)
class ParameterTree:
    parameters: dict[str, Parameter]

    def get(self, name: str) -> Parameter:
        if name not in self.parameters:
            raise RulesError(f"Parameter {name} tidak ada.", f"There is no parameter {name}.")
        return self.parameters[name]

    def value(self, name: str, *, on: dt.date) -> ParameterValue:
        return self.get(name).on(on)

    def due(self, on: dt.date) -> list[Due]:
        """Every parameter whose next value fell due on or before ``on`` and is not loaded."""
        return [due for p in self.parameters.values() if (due := p.due(on)) is not None]

    def stale(self, name: str, since: dt.date, on: dt.date) -> Due | None:
        """``Due`` when the value of ``name`` (``pu/jkk/rate_by_risk_class[5]`` names its parameter too) that
        starts on ``since`` is the last one loaded and its next value fell due on or before ``on``."""
        found = self.parameters.get(name.split("[", 1)[0])
        if found is None or found.values[-1].start != since:
            return None
        return found.due(on)


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
