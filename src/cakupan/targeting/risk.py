"""Occupational risk as data: ``occupational_risk.yaml`` maps occupations to levels 1..5.

The levels are a stated ASSUMPTION (the file's ``source``): the five JKK risk classes of PU workplaces used as an
analogy, not a regulation. Loading is strict: an unknown or missing top-level key, a level that is not an integer
1..5, an empty name, a name repeated (also after ignoring case and spaces) raise ``RiskTableError`` naming the
file and the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from cakupan.targeting.candidates import occupation_key, tidy
from cakupan.targeting.errors import RiskTableError

DEFAULT_PATH = Path(__file__).parent / "occupational_risk.yaml"
MIN_LEVEL, MAX_LEVEL = 1, 5
_REQUIRED = ("source", "default", "occupations")
_OPTIONAL = ("note",)


@dataclass(frozen=True, eq=False)
class RiskTable:
    entries: Mapping[str, int]  # occupation as written in the file -> level
    default: int  # the level of an occupation the table does not list
    source: str
    note: str = ""
    _levels: Mapping[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        levels = {occupation_key(name): level for name, level in self.entries.items()}
        object.__setattr__(self, "entries", MappingProxyType(dict(self.entries)))
        object.__setattr__(self, "_levels", MappingProxyType(levels))

    def level(self, occupation: str) -> int:
        return self._levels.get(occupation_key(occupation), self.default)

    def is_listed(self, occupation: str) -> bool:
        return occupation_key(occupation) in self._levels


class _Mapping(dict[Any, Any]):
    """A YAML mapping that remembers keys written twice (PyYAML would keep the last silently)."""

    duplicates: list[Any]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping()
    mapping.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, f"unhashable key {key!r}", key_node.start_mark
            ) from None
        if key in mapping:
            mapping.duplicates.append(key)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _no_duplicates(file: str, prefix: str, mapping: dict[Any, Any]) -> None:
    for key in getattr(mapping, "duplicates", ()):
        raise RiskTableError(file, f"{prefix}{key}", "ditulis dua kali.", "is written twice.")


def _level(file: str, key: str, raw: object) -> int:
    if type(raw) is not int or not MIN_LEVEL <= raw <= MAX_LEVEL:
        raise RiskTableError(
            file,
            key,
            f"tingkat risiko harus bilangan bulat 1 sampai 5, bukan {raw!r}.",
            f"a risk level must be an integer from 1 to 5, not {raw!r}.",
        )
    return raw


def _text(file: str, key: str, raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise RiskTableError(file, key, "wajib berisi teks.", "must hold text.")
    return raw.strip()


def parse_risk_table(data: object, *, file: str) -> RiskTable:
    """Validate one parsed YAML document."""
    if not isinstance(data, dict):
        raise RiskTableError(
            file, "(akar)", "isi berkas harus berupa pemetaan.", "the file must hold a mapping."
        )
    _no_duplicates(file, "", data)
    for key in data:
        if key not in _REQUIRED + _OPTIONAL:
            raise RiskTableError(
                file,
                str(key),
                f"kunci tidak dikenal; yang boleh: {', '.join(_REQUIRED + _OPTIONAL)}.",
                f"unknown key; allowed: {', '.join(_REQUIRED + _OPTIONAL)}.",
            )
    for key in _REQUIRED:
        if key not in data:
            raise RiskTableError(file, key, "wajib ada.", "is required.")
    source = _text(file, "source", data["source"])
    note = _text(file, "note", data["note"]) if "note" in data else ""
    default = _level(file, "default", data["default"])
    raw = data["occupations"]
    if not isinstance(raw, dict) or not raw:
        raise RiskTableError(
            file,
            "occupations",
            "harus berupa pemetaan pekerjaan → tingkat yang tidak kosong.",
            "must be a non-empty mapping of occupation → level.",
        )
    _no_duplicates(file, "occupations.", raw)
    entries: dict[str, int] = {}
    first: dict[str, str] = {}
    for name, value in raw.items():
        key = f"occupations.{name}"
        if not isinstance(name, str) or not occupation_key(name):
            raise RiskTableError(file, key, "nama pekerjaan harus teks.", "an occupation name must be text.")
        shown = tidy(name)
        if occupation_key(name) in first:
            raise RiskTableError(
                file,
                key,
                f"sama dengan {first[occupation_key(name)]!r} (huruf besar/kecil dan spasi diabaikan).",
                f"the same as {first[occupation_key(name)]!r} (case and spaces are ignored).",
            )
        first[occupation_key(name)] = shown
        entries[shown] = _level(file, key, value)
    return RiskTable(entries=entries, default=default, source=source, note=note)


def parse_risk_table_text(text: str, *, file: str) -> RiskTable:
    try:
        data = yaml.load(text, Loader=_Loader)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:  # bad dates/tags raise ValueError
        raise RiskTableError(
            file, "(akar)", f"bukan YAML yang sah ({exc}).", f"not valid YAML ({exc})."
        ) from None
    return parse_risk_table(data, file=file)


@lru_cache(maxsize=1)
def _shipped() -> RiskTable:
    return parse_risk_table_text(DEFAULT_PATH.read_text(encoding="utf-8"), file=DEFAULT_PATH.name)


def load_risk_table(path: Path | None = None) -> RiskTable:
    """The table in ``path``, or the one shipped with Cakupan (read once per process)."""
    if path is None:
        return _shipped()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RiskTableError(
            str(path), "(akar)", f"tidak dapat dibaca ({exc}).", f"cannot be read ({exc})."
        ) from None
    return parse_risk_table_text(text, file=str(path))
