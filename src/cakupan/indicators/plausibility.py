"""Figures that cannot be true: a flag with its likely cause, never a silent number.

A percentage above 100 % (more active participants than the denominator counts), more active participants
than the region's working-age residents (the published ``potensi_tenaga_kerja``), or a published denominator
older than its validity is a figure to question, not to report as it is. ``flags_for`` returns the flags of one
figure; each has a ``kind`` and a cause text in both languages (``Flag.message``) that names the denominator's
source and period, so a reader knows what to check. Pages and exports show every flag next to its figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from cakupan.core.problems import Language
from cakupan.indicators.coverage import DENOMINATOR_LABELS, Coverage, Denominator
from cakupan.indicators.definitions import PUBLISHED_KINDS, Figure

FlagKind = Literal["above_100", "more_than_residents", "stale_denominator"]

# A percentage above this cannot be true: the numerator is part of what the denominator counts.
MAX_PERCENT = Decimal(100)
# The published kind that counts every resident of working age: active participants above it cannot be true.
RESIDENTS_KIND = "potensi_tenaga_kerja"
# How many months after the month it describes a published figure may still be used. BPS publishes the
# August Sakernas figures once a year, in November; 24 months allows one missed release before a figure is
# called out of date.
DENOMINATOR_VALID_MONTHS: dict[str, int] = dict.fromkeys(PUBLISHED_KINDS, 24)

MESSAGES: dict[FlagKind, dict[Language, str]] = {
    "above_100": {
        "id": "Peserta aktif ({numerator}) melebihi {kind} ({denominator}): {kind} wilayah ini mungkin terlalu "
        "kecil atau usang (sumber {source}, periode {period}), atau peserta terdaftar dengan domisili yang "
        "salah.",
        "en": "Active participants ({numerator}) exceed the {kind} ({denominator}): this region's {kind} may be "
        "too small or out of date (source {source}, period {period}), or participants are registered with the "
        "wrong domicile.",
    },
    "more_than_residents": {
        "id": "Peserta aktif ({numerator}) melebihi penduduk usia kerja wilayah ini ({denominator}; sumber "
        "{source}, periode {period}): kemungkinan peserta terdaftar dengan domisili yang salah, atau angka "
        "penduduk terlalu kecil atau usang.",
        "en": "Active participants ({numerator}) exceed this region's working-age residents ({denominator}; "
        "source {source}, period {period}): participants are probably registered with the wrong domicile, or "
        "the resident figure is too small or out of date.",
    },
    "stale_denominator": {
        "id": "Penyebut usang: {kind} periode {period} (sumber {source}) berumur {age} bulan pada {as_of}, "
        "lebih dari masa berlakunya {valid} bulan; impor angka yang lebih baru.",
        "en": "Out-of-date denominator: the {kind} of {period} (source {source}) is {age} months old on "
        "{as_of}, beyond its validity of {valid} months; import a newer figure.",
    },
}


@dataclass(frozen=True, slots=True)
class Flag:
    """One reason to doubt a figure; ``values`` fill the cause text (numbers already printed)."""

    kind: FlagKind
    values: tuple[tuple[str, str], ...]

    def message(self, language: Language = "id") -> str:
        values = dict(self.values)
        kind = values.get("kind_code", "")
        values["kind"] = DENOMINATOR_LABELS[kind].text(language) if kind in DENOMINATOR_LABELS else kind
        return MESSAGES[self.kind][language].format(**values)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # Indonesian grouping, the same in both languages


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def flags_for(
    *,
    numerator: int,
    percent: Decimal | None,
    denominator: Denominator | None,
    as_of: dt.date,
    residents: Denominator | None = None,
) -> tuple[Flag, ...]:
    """The flags of one figure: ``percent`` computed from ``numerator`` ÷ ``denominator``, taken on ``as_of``;
    ``residents`` the region's published working-age population, when there is one."""
    found: list[Flag] = []
    if denominator is not None:
        described = (
            ("kind_code", denominator.kind),
            ("source", denominator.source),
            ("period", f"{denominator.period:%Y-%m}"),
        )
        if percent is not None and percent > MAX_PERCENT:
            found.append(
                Flag(
                    "above_100",
                    (
                        ("numerator", _number(numerator)),
                        ("denominator", _number(denominator.value)),
                        *described,
                    ),
                )
            )
        valid = DENOMINATOR_VALID_MONTHS.get(denominator.kind)
        age = months_between(denominator.period, as_of)
        if valid is not None and age > valid:
            found.append(
                Flag(
                    "stale_denominator",
                    (("age", str(age)), ("valid", str(valid)), ("as_of", as_of.isoformat()), *described),
                )
            )
    if residents is not None and numerator > residents.value > 0:
        already = denominator is not None and denominator.kind == residents.kind
        if not already:  # the same comparison is the 'above_100' flag already
            found.append(
                Flag(
                    "more_than_residents",
                    (
                        ("numerator", _number(numerator)),
                        ("denominator", _number(residents.value)),
                        ("source", residents.source),
                        ("period", f"{residents.period:%Y-%m}"),
                    ),
                )
            )
    return tuple(found)


def coverage_flags(coverage: Coverage, *, residents: Denominator | None = None) -> tuple[Flag, ...]:
    """The flags of a region's UCJ figure."""
    return flags_for(
        numerator=coverage.active_participants,
        percent=coverage.percent,
        denominator=coverage.denominator,
        as_of=coverage.as_of,
        residents=residents,
    )


def figure_flags(
    figure: Figure, *, denominator: Denominator | None, as_of: dt.date, residents: Denominator | None = None
) -> tuple[Flag, ...]:
    """The flags of an indicator figure. ``denominator``: the published figure it used (None for a counted
    denominator such as all nagari or the registered persons, which cannot be out of date)."""
    return flags_for(
        numerator=figure.numerator,
        percent=figure.value if figure.denominator is not None else None,
        denominator=denominator,
        as_of=as_of,
        residents=residents,
    )
