"""The UCJ coverage indicator: active participants ÷ working population × 100, per region, as of a date.

The numerator counts distinct people domiciled in the region (their kelurahan/desa, not their NIK prefix)
with at least one membership active on the date: started on or before it and not ended before it.
The denominator is a published figure with its kind, period and source; it is never estimated here, and a
region without one gets no percentage rather than a made-up one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from cakupan.core.labels import Label
from cakupan.indicators.definitions import definition
from cakupan.indicators.rounding import round_figure

DEFAULT_DENOMINATOR = "angkatan_kerja"
DENOMINATOR_LABELS: dict[str, Label] = {
    "angkatan_kerja": Label("angkatan kerja", "labour force (angkatan kerja)"),
    "penduduk_bekerja": Label("penduduk bekerja", "employed population (penduduk bekerja)"),
    "potensi_tenaga_kerja": Label("potensi tenaga kerja", "potential workforce (potensi tenaga kerja)"),
    "bpu": Label("pekerja bukan penerima upah (BPU)", "non-wage workers (BPU)"),
}


@dataclass(frozen=True, slots=True)
class Denominator:
    kind: str
    value: int
    period: dt.date  # first day of the month the figure describes
    source: str


@dataclass(frozen=True, slots=True)
class Coverage:
    region_code: str
    region_name: str
    region_level: int
    as_of: dt.date
    active_participants: int
    denominator: Denominator | None

    @property
    def percent(self) -> Decimal | None:
        return ucj_percent(self.active_participants, self.denominator.value if self.denominator else None)

    def as_dict(self) -> dict[str, object]:
        """A plain view for JSON and templates; the percentage stays a Decimal (2 places) until printed."""
        percent = self.percent
        return {
            "region": {"code": self.region_code, "name": self.region_name, "level": self.region_level},
            "as_of": self.as_of.isoformat(),
            "numerator": {
                "active_participants": self.active_participants,
                "definition": "orang berdomisili di wilayah ini dengan minimal satu kepesertaan aktif pada tanggal",
            },
            "denominator": None
            if self.denominator is None
            else {
                "kind": self.denominator.kind,
                "value": self.denominator.value,
                "period": f"{self.denominator.period:%Y-%m}",
                "source": self.denominator.source,
            },
            "ucj_percent": percent,
        }


def ucj_percent(active: int, denominator: int | None) -> Decimal | None:
    """Percentage rounded by the ``ucj`` definition (half-up, 2 decimals); None without a usable denominator."""
    if denominator is None or denominator <= 0:
        return None
    return round_figure(active, denominator, definition("ucj").rounding)


def is_active(start: dt.date, end: dt.date | None, on: dt.date) -> bool:
    """The membership rule the database queries also implement (tests check they agree)."""
    return start <= on and (end is None or end >= on)
