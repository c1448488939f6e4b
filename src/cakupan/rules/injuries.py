"""Partial permanent disability from a work accident (JKK): percentage × 80 × wage (PP 44/2015 Lampiran III).

The percentage comes from the table (``benefits/jkk/partial_disability_table``: injury code → rate, dated, with its
reference) or, when the medical adviser (dokter penasihat) sets a different figure, from the adviser. The names of
the injury codes live beside this module in ``injuries.yaml``, read strictly here (the parameter loader takes
scalars only). An injury is given as ``CODE`` (the part is lost: the table's percentage) or ``CODE:NN`` (NN % of its
function is lost: the table's percentage × NN %). Several injuries of one accident add up, capped at
``benefits/jkk/partial_disability_sum_cap``. For a left-handed worker (kidal) the right and left rows swap.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, StrictStr

from cakupan.core.dated import Strict, read
from cakupan.core.labels import Label
from cakupan.rules.errors import ParameterError, RulesError
from cakupan.rules.items import Item, Source, rupiah
from cakupan.rules.loader import ParameterTree, ParameterValue

FILE = Path(__file__).with_name("injuries.yaml")
TABLE = "benefits/jkk/partial_disability_table"
SUM_CAP = "benefits/jkk/partial_disability_sum_cap"
MULTIPLE = "benefits/jkk/partial_disability_wage_multiple"
ADVISER_ID = "ditetapkan dokter penasihat"
SOURCE_LABELS = {
    "secondary": Label(
        "sumber sekunder, naskah resmi belum diperiksa", "secondary source, official text not checked"
    ),
    "not_found": Label("tidak ditemukan pada sumber yang dibaca", "not found in the sources read"),
}


class _Label(Strict):
    id: StrictStr = Field(min_length=2)
    en: StrictStr = Field(min_length=2)


class _Row(_Label):
    code: StrictStr = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    group: StrictStr
    mirror: StrictStr
    source: Literal["secondary", "not_found"]


class _File(Strict):
    groups: dict[StrictStr, _Label] = Field(min_length=1)
    rows: list[_Row] = Field(min_length=1)


@dataclass(frozen=True)
class Injury:
    code: str
    group: str
    label: Label
    mirror: str  # the same injury on the other side ("" when there is none)
    source: str  # secondary | not_found


@dataclass(frozen=True)
class Injuries:
    groups: dict[str, Label]
    rows: dict[str, Injury]  # in the file's order


def parse_injuries(text: str, *, file: str = "injuries.yaml") -> Injuries:
    """Read the names file; ``ParameterError`` names the file and the key at fault."""
    model = read(text, _File, file=file, refuse=ParameterError)
    groups = {code: Label(g.id, g.en) for code, g in model.groups.items()}
    rows: dict[str, Injury] = {}
    for index, row in enumerate(model.rows):
        key = f"rows.{index}"
        if row.code in rows:
            raise ParameterError(file, f"{key}.code", f"kode {row.code} ganda.", f"code {row.code} repeated.")
        if row.group not in groups:
            raise ParameterError(
                file,
                f"{key}.group",
                f"kelompok {row.group!r} tidak dikenal.",
                f"unknown group {row.group!r}.",
            )
        rows[row.code] = Injury(row.code, row.group, Label(row.id, row.en), row.mirror, row.source)
    for index, injury in enumerate(rows.values()):
        if injury.mirror and rows.get(injury.mirror, injury).mirror != injury.code:
            raise ParameterError(
                file,
                f"rows.{index}.mirror",
                f"{injury.mirror!r} bukan pasangan {injury.code} (pasangan harus saling menunjuk).",
                f"{injury.mirror!r} is not {injury.code}'s pair (pairs must point at each other).",
            )
    return Injuries(groups, rows)


@lru_cache(maxsize=1)
def injuries() -> Injuries:
    """The names shipped with Cakupan, read once per process."""
    return parse_injuries(FILE.read_text(encoding="utf-8"), file=FILE.name)


@dataclass(frozen=True)
class InjurySpec:
    code: str
    function_percent: int | None = None  # % of the part's function lost; None: the part itself is lost

    @property
    def text(self) -> str:
        return self.code if self.function_percent is None else f"{self.code}:{self.function_percent}"


_SPEC = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*(?::\s*(\d{1,3})\s*)?$")


def parse_spec(spec: str) -> InjurySpec:
    """``CODE`` or ``CODE:NN`` (NN = percentage of function lost, 1-100); the code is checked against the table
    when the benefit is computed."""
    found = _SPEC.match(spec or "")
    percent = int(found.group(2)) if found and found.group(2) else None
    if found is None or (percent is not None and not 1 <= percent <= 100):
        raise RulesError(
            f"Cedera {spec!r} tidak sah: tulis KODE (bagian tubuh hilang) atau KODE:NN (NN % fungsi hilang, 1-100), "
            "mis. IBU_JARI_TANGAN_KANAN atau IBU_JARI_TANGAN_KANAN:50.",
            f"Injury {spec!r} is invalid: write CODE (the part is lost) or CODE:NN (NN % of its function lost, "
            "1-100), e.g. IBU_JARI_TANGAN_KANAN or IBU_JARI_TANGAN_KANAN:50.",
        )
    return InjurySpec(found.group(1).upper(), percent)


def percent_text(rate: Decimal) -> str:
    """A rate as an Indonesian percentage: 0.045 → "4,5 %"."""
    text = f"{(rate * 100).quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


def table_rate(
    table: ParameterValue, spec: InjurySpec, *, left_handed: bool = False
) -> tuple[Decimal, str, str]:
    """The rate of one injury, the code whose table value it is (the mirror for a left-handed worker), and its
    Indonesian description for the item's detail."""
    names = injuries().rows
    if spec.code not in names or not isinstance(table.value, dict) or spec.code not in table.value:
        raise RulesError(
            f"Kode cedera {spec.code!r} tidak ada dalam tabel cacat sebagian yang berlaku (sejak {table.start.isoformat()}); "
            "daftar kode: cakupan rules injuries.",
            f"Injury code {spec.code!r} is not in the partial-disability table in force; list the codes with "
            "cakupan rules injuries.",
        )
    injury = names[spec.code]
    used = injury.mirror if left_handed and injury.mirror else injury.code
    rate = Decimal(table.lookup(used))
    text = f"{injury.label.id} {percent_text(rate)}"
    if used != injury.code:
        text += f" (kidal: nilai {names[used].label.id.lower()})"
    if spec.function_percent is not None:
        rate = rate * spec.function_percent / 100
        text += f" × {spec.function_percent} % fungsi = {percent_text(rate)}"
    return rate, used, text


def partial_disability_item(
    tree: ParameterTree,
    *,
    on: dt.date,
    wage: int,
    injuries_given: Sequence[str],
    adviser_percent: int | None,
    left_handed: bool = False,
) -> Item:
    """The JKK item: the adviser's percentage when given (the table rows are then only named), else the sum of
    the table rows, capped."""
    specs = [parse_spec(spec) for spec in injuries_given]
    codes = [s.code for s in specs]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise RulesError(
            f"Cedera disebut lebih dari sekali: {', '.join(repeated)}.",
            f"Injury given more than once: {', '.join(repeated)}.",
        )
    if adviser_percent is not None and (isinstance(adviser_percent, bool) or not 0 < adviser_percent < 100):
        raise RulesError(
            f"Cacat sebagian: persentase cacat dari dokter penasihat {adviser_percent!r} tidak sah; sebutkan 1-99 %.",
            f"The medical adviser's disability percentage {adviser_percent!r} is invalid; give 1-99 %.",
        )
    if adviser_percent is None and not specs:
        raise RulesError(
            "Cacat sebagian memerlukan jenis cedera dari tabel (PP 44/2015 Lampiran III) atau persentase cacat yang "
            "ditetapkan dokter penasihat (1-99 %).",
            "A partial disability needs the injury from the table (PP 44/2015 Lampiran III) or the percentage set "
            "by the medical adviser (1-99 %).",
        )
    multiple = tree.value(MULTIPLE, on=on)
    times = int(multiple.scalar())
    table = tree.value(TABLE, on=on) if specs else None
    rows = [table_rate(table, s, left_handed=left_handed) for s in specs] if table else []
    if adviser_percent is not None:
        rate = Decimal(adviser_percent) / 100
        detail = f"{adviser_percent} % {ADVISER_ID}"
        if rows:
            detail += f" (tabel: {'; '.join(text for _r, _c, text in rows)})"
        sources: tuple[Source, ...] = (Source.of(multiple),)
    else:
        assert table is not None
        cap = tree.value(SUM_CAP, on=on)
        limit = Decimal(cap.scalar())
        total = sum((r for r, _c, _t in rows), Decimal(0))
        rate = min(total, limit)
        detail = " + ".join(text for _r, _c, text in rows)
        if len(rows) > 1:
            detail += f" = {percent_text(total)}"
        if total > limit:
            detail += f", dibatasi {percent_text(limit)}"
        sources = (*(Source.of(table, used) for _r, used, _t in rows), Source.of(multiple))
        if len(rows) > 1:
            sources = (*sources, Source.of(cap))
    detail += f" × {times} × upah"
    return Item("JKK", "jkk_partial_disability", "bpjstk", rupiah(rate * wage * times), wage, sources, detail)
