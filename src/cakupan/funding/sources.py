"""Funding sources for vulnerable workers' contributions and the checks a plan needs before it runs (BRIEF §6).

A source is one budget line of one fiscal year (an APBD, an APB Nagari, the DBH Sawit share, a CSR pledge, a
BAZNAS grant) that buys ``months`` of cover per person at ``monthly_cost`` rupiah a month (or, where a discount
depends on who pays and on the worker's sector group, at ``costs`` per group: see ``funding.costs``), possibly
earmarked to regions, sectors, occupations or low DTSEN deciles. ``check_sources`` lists every problem at once, each naming
the source and the field, so a planner can fix them all in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cakupan.core.labels import Label
from cakupan.core.regions import is_region_code, is_within, level_of
from cakupan.funding.errors import FundingError

MAX_MONTHS = 12
DECILES = range(1, 11)
_SPACES = re.compile(r"\s+")


class SourceKind(StrEnum):
    APBD_KABKOTA = "apbd_kabkota"
    APBD_PROVINSI = "apbd_provinsi"
    APB_NAGARI = "apb_nagari"
    DBH_SAWIT = "dbh_sawit"
    CSR = "csr"
    BAZNAS = "baznas"


# Who pays, in the rules' terms (cakupan.rules.PAYER_KINDS): PP 50/2025's discount on BPU JKK and JKM is not for
# contributions paid through APBN or APBD (rules/parameters/relief/bpu_jkk_jkm_pp50_2025_excluded_payers.yaml says
# which payer kinds that excludes, with the reasoning for DBH Sawit and APB Nagari).
PAYER_OF: dict[SourceKind, str] = {
    SourceKind.APBD_KABKOTA: "apbd_kabkota",
    SourceKind.APBD_PROVINSI: "apbd_provinsi",
    SourceKind.APB_NAGARI: "apb_nagari",
    SourceKind.DBH_SAWIT: "dbh_sawit",
    SourceKind.CSR: "csr",
    SourceKind.BAZNAS: "baznas",
}

SOURCE_LABELS: dict[SourceKind, Label] = {
    SourceKind.APBD_KABKOTA: Label("APBD kabupaten/kota", "Regency/city budget (APBD kab/kota)"),
    SourceKind.APBD_PROVINSI: Label("APBD provinsi", "Provincial budget (APBD provinsi)"),
    SourceKind.APB_NAGARI: Label("APB Nagari/APB Desa", "Village budget (APB Nagari/APB Desa)"),
    SourceKind.DBH_SAWIT: Label("DBH Sawit", "Palm-oil revenue share (DBH Sawit)"),
    SourceKind.CSR: Label("CSR perusahaan", "Corporate social responsibility (CSR)"),
    SourceKind.BAZNAS: Label("BAZNAS (zakat, infak, sedekah)", "BAZNAS (zakat, alms)"),
}


def normalise_label(text: str) -> str:
    """Labels (occupations, sectors) compare without case and extra spaces: ' Buruh  SAWIT' → 'buruh sawit'."""
    return _SPACES.sub(" ", text).strip().casefold()


def rp(amount: int) -> str:
    """Rupiah as Indonesians write it: Rp 1.250.000."""
    return "Rp " + f"{amount:,}".replace(",", ".")


@dataclass(frozen=True)
class Earmark:
    """Who a source may pay for; every part given must hold. Empty parts do not restrict.

    ``regions``: Kemendagri codes; a candidate matches when its desa code equals one or lies inside it
    (starts with the code and a dot). Empty: the whole region of the scheme.
    """

    regions: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    occupations: frozenset[str] = frozenset()
    max_decile: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "regions": sorted(self.regions),
            "sectors": sorted(self.sectors),
            "occupations": sorted(self.occupations),
            "max_decile": self.max_decile,
        }


@dataclass(frozen=True)
class FundingSource:
    key: str
    kind: SourceKind
    name: str
    fiscal_year: int
    budget: int  # rupiah
    months: int  # months of cover bought per person, 1..12 (DBH Sawit: see dbh_months)
    monthly_cost: int  # rupiah per person per month, e.g. 16_800 for JKK + JKM at the lowest BPU income
    earmark: Earmark = field(default_factory=Earmark)
    # (cost group, rupiah for one person over ``months``): what this source really pays per group, e.g. less for
    # the months a discount covers (``funding.costs.priced``); a group not listed costs ``unit_cost``.
    costs: tuple[tuple[str, int], ...] = ()

    @property
    def unit_cost(self) -> int:
        """What one person costs this source: ``monthly_cost × months``."""
        return self.monthly_cost * self.months

    def cost_for(self, group: str | None) -> int:
        """What one person of cost group ``group`` costs this source over its months (None: ``unit_cost``)."""
        return dict(self.costs).get(group, self.unit_cost) if group is not None else self.unit_cost

    @property
    def earmarked(self) -> bool:
        """Whether the source may pay only for some (a region, sector, occupation or deciles): such money is
        spent on its own people before general money (see ``optimise``)."""
        earmark = self.earmark
        return bool(
            earmark.regions or earmark.sectors or earmark.occupations or earmark.max_decile is not None
        )

    @property
    def capacity(self) -> int:
        """How many persons the budget pays for, whole persons only (0 for a source that cannot pay)."""
        if self.unit_cost <= 0 or self.budget <= 0:
            return 0
        return self.budget // self.unit_cost

    def label(self, language: str = "id") -> str:
        return SOURCE_LABELS[self.kind].text("en" if language == "en" else "id")

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": str(self.kind),
            "name": self.name,
            "fiscal_year": self.fiscal_year,
            "budget": self.budget,
            "months": self.months,
            "monthly_cost": self.monthly_cost,
            "capacity": self.capacity,
            "costs": dict(self.costs),
            "earmark": self.earmark.as_dict(),
        }


@dataclass(frozen=True)
class FundingProblem:
    source: str  # the source's key
    field: str  # e.g. "budget", "earmark.regions"
    indonesian: str
    english: str

    def message(self, language: str = "id") -> str:
        return self.english if language == "en" else self.indonesian


def dbh_months(*, realised: int, workers: int, monthly_cost: int) -> int:
    """Whole months of cover the year's realised DBH Sawit pays for ``workers`` (0..12, rounded down).

    Pasaman Barat: Rp 389.239.200 realised for 7.723 workers at Rp 16.800 → 3 months.
    """
    if realised < 0:
        raise FundingError(
            f"Realisasi DBH Sawit tidak boleh negatif ({rp(realised)}).",
            f"Realised DBH Sawit cannot be negative ({rp(realised)}).",
            "realised",
        )
    if workers <= 0:
        raise FundingError(
            f"Jumlah pekerja sawit harus lebih dari nol, bukan {workers}.",
            f"The number of palm-oil workers must be above zero, not {workers}.",
            "workers",
        )
    if monthly_cost <= 0:
        raise FundingError(
            f"Iuran per orang per bulan harus lebih dari nol, bukan {monthly_cost}.",
            f"The monthly cost per person must be above zero, not {monthly_cost}.",
            "monthly_cost",
        )
    return min(MAX_MONTHS, realised // (workers * monthly_cost))


def _check_region_argument(region: str) -> None:
    if not is_region_code(region):
        raise FundingError(
            f"Wilayah skema {region!r} bukan kode wilayah Kemendagri (mis. 13.12).",
            f"The scheme region {region!r} is not a Kemendagri region code (e.g. 13.12).",
            "region",
        )


def _check_amounts(source: FundingSource, fiscal_year: int) -> list[FundingProblem]:
    key, found = source.key, []
    if source.budget <= 0:
        found.append(
            FundingProblem(
                key,
                "budget",
                f"Sumber {key}: anggaran harus lebih dari nol, bukan {rp(source.budget)}.",
                f"Source {key}: the budget must be above zero, not {rp(source.budget)}.",
            )
        )
    if not 1 <= source.months <= MAX_MONTHS:
        found.append(
            FundingProblem(
                key,
                "months",
                f"Sumber {key}: lama perlindungan harus 1 sampai 12 bulan, bukan {source.months}.",
                f"Source {key}: months of cover must be 1 to 12, not {source.months}.",
            )
        )
    if source.monthly_cost <= 0:
        found.append(
            FundingProblem(
                key,
                "monthly_cost",
                f"Sumber {key}: iuran per orang per bulan harus lebih dari nol, bukan {rp(source.monthly_cost)}.",
                f"Source {key}: the monthly cost per person must be above zero, not {rp(source.monthly_cost)}.",
            )
        )
    if source.fiscal_year != fiscal_year:
        found.append(
            FundingProblem(
                key,
                "fiscal_year",
                f"Sumber {key}: tahun anggaran {source.fiscal_year}, padahal rencana untuk tahun {fiscal_year}.",
                f"Source {key}: fiscal year {source.fiscal_year}, but the plan is for {fiscal_year}.",
            )
        )
    return found


def _check_regions(source: FundingSource, region: str) -> list[FundingProblem]:
    key, found = source.key, []
    codes = sorted(source.earmark.regions)
    valid = [code for code in codes if is_region_code(code)]
    for code in codes:
        if code not in valid:
            found.append(
                FundingProblem(
                    key,
                    "earmark.regions",
                    f"Sumber {key}: {code!r} di peruntukan wilayah bukan kode wilayah Kemendagri.",
                    f"Source {key}: {code!r} in the region earmark is not a Kemendagri region code.",
                )
            )
        elif not is_within(code, region):
            found.append(
                FundingProblem(
                    key,
                    "earmark.regions",
                    f"Sumber {key}: wilayah peruntukan {code} berada di luar wilayah skema {region}.",
                    f"Source {key}: earmarked region {code} lies outside the scheme region {region}.",
                )
            )
    for inner in valid:
        for outer in valid:
            if inner != outer and is_within(inner, outer):
                found.append(
                    FundingProblem(
                        key,
                        "earmark.regions",
                        f"Sumber {key}: wilayah peruntukan {inner} sudah termasuk dalam {outer}; "
                        "sebutkan salah satunya saja.",
                        f"Source {key}: earmarked region {inner} already lies inside {outer}; give only one.",
                    )
                )
    return found


def _check_kind(source: FundingSource, region: str) -> list[FundingProblem]:
    key, earmark, found = source.key, source.earmark, []
    if source.kind == SourceKind.APB_NAGARI:
        codes = sorted(earmark.regions)
        nagari = (
            len(codes) == 1
            and is_region_code(codes[0])
            and level_of(codes[0]) == 4
            and is_within(codes[0], region)
        )
        if not nagari:
            shown = ", ".join(codes) or "kosong"
            found.append(
                FundingProblem(
                    key,
                    "earmark.regions",
                    f"Sumber {key}: APB Nagari hanya membiayai warga nagari itu sendiri; peruntukan wilayah harus "
                    f"tepat satu nagari/desa (kode PP.KK.CC.DDDD) di dalam {region}, bukan {shown}.",
                    f"Source {key}: an APB Nagari pays only for that nagari's residents; the region earmark must be "
                    f"exactly one nagari/desa (code PP.KK.CC.DDDD) inside {region}, not "
                    f"{', '.join(codes) or 'empty'}.",
                )
            )
        elif codes[0].rsplit(".", 1)[1].startswith("1"):
            found.append(
                FundingProblem(
                    key,
                    "earmark.regions",
                    f"Sumber {key}: {codes[0]} adalah kelurahan (kode 1xxx), yang tidak mempunyai APB Nagari/APB "
                    "Desa; pilih kode nagari/desa (2xxx).",
                    f"Source {key}: {codes[0]} is a kelurahan (code 1xxx), which has no APB Nagari/APB Desa; "
                    "choose a nagari/desa code (2xxx).",
                )
            )
    if source.kind == SourceKind.DBH_SAWIT and not {normalise_label(o) for o in earmark.occupations} - {""}:
        found.append(
            FundingProblem(
                key,
                "earmark.occupations",
                f"Sumber {key}: DBH Sawit hanya untuk pekerja perkebunan sawit; sebutkan pekerjaan yang dibiayai "
                "(mis. Buruh Kebun Sawit).",
                f"Source {key}: DBH Sawit is only for palm-plantation workers; name the occupations it pays for "
                "(e.g. Buruh Kebun Sawit).",
            )
        )
    if earmark.max_decile is not None and earmark.max_decile not in DECILES:
        found.append(
            FundingProblem(
                key,
                "earmark.max_decile",
                f"Sumber {key}: batas desil harus 1 sampai 10, bukan {earmark.max_decile}.",
                f"Source {key}: the decile limit must be 1 to 10, not {earmark.max_decile}.",
            )
        )
    return found


def check_sources(sources: Sequence[FundingSource], *, region: str, fiscal_year: int) -> list[FundingProblem]:
    """Every problem with ``sources`` for a scheme in ``region`` and ``fiscal_year``, in source order."""
    _check_region_argument(region)
    found: list[FundingProblem] = []
    seen: set[str] = set()
    for source in sources:
        key = source.key
        if not key.strip():
            found.append(
                FundingProblem(
                    key,
                    "key",
                    f"Sumber {source.name!r} tidak punya kunci (kode singkat).",
                    f"Source {source.name!r} has no key (short code).",
                )
            )
        elif key in seen:
            found.append(
                FundingProblem(
                    key,
                    "key",
                    f"Kunci sumber {key} dipakai lebih dari sekali; setiap sumber perlu kunci sendiri.",
                    f"Source key {key} is used more than once; every source needs its own key.",
                )
            )
        seen.add(key)
        found += _check_amounts(source, fiscal_year)
        found += _check_regions(source, region)
        found += _check_kind(source, region)
    return found
