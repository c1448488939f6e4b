"""Is an employer compliant? PWBD (obliged but not registered) and the three kinds of PDS (registered in part:
workers, wages, programmes), every finding with its reason and the figures behind it (BRIEF §9).

An employer can be PDS in several ways at once; a PWBD employer has no BPJSTK data to be PDS about. The business
scale comes from OSS ("skala usaha"), else from the declared business capital (PP 7/2021 Pasal 35); when neither is
known the review says so and checks the programmes every employer needs (those of a micro enterprise). Wages are
compared with the minimum wage of the employer's region (UMK, else the province's UMP) only for medium and large
enterprises and employers of unknown scale: the minimum wage does not bind micro and small enterprises.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from cakupan.compliance.errors import ComplianceError
from cakupan.compliance.programmes import SCALE_LABELS, SCALES, mandatory_on
from cakupan.compliance.sectors import kbli_matches
from cakupan.core.labels import Label
from cakupan.core.regions import is_within
from cakupan.rules.loader import ParameterTree, ParameterValue, default_tree


class FindingKind(StrEnum):
    PWBD = "pwbd"  # pemberi kerja wajib belum daftar
    PDS_WORKERS = "pds_workers"  # perusahaan daftar sebagian: tenaga kerja
    PDS_WAGES = "pds_wages"  # ... upah
    PDS_PROGRAMMES = "pds_programmes"  # ... program


FINDING_LABELS: dict[FindingKind, Label] = {
    FindingKind.PWBD: Label("PWBD: wajib daftar, belum terdaftar", "PWBD: obliged, not registered"),
    FindingKind.PDS_WORKERS: Label("PDS tenaga kerja", "PDS: workers"),
    FindingKind.PDS_WAGES: Label("PDS upah", "PDS: wages"),
    FindingKind.PDS_PROGRAMMES: Label("PDS program", "PDS: programmes"),
}


@dataclass(frozen=True)
class EmployerFacts:
    nib: str
    region: str  # Kemendagri code of the business location
    workforce: int  # tenaga kerja declared in OSS
    npp: str = ""  # BPJSTK employer number; empty = not registered
    workers_registered: int | None = None  # BPJSTK
    wages_reported: int | None = None  # total monthly wages reported to BPJSTK, whole Rupiah
    programmes: tuple[str, ...] = ()  # registered with BPJSTK
    scale: str = ""  # OSS skala usaha: mikro | kecil | menengah | besar
    capital: int | None = None  # declared business capital (modal usaha), whole Rupiah
    declared_payroll: int | None = None  # total monthly payroll declared elsewhere (licensing), whole Rupiah
    kbli: str = ""  # main business activity, KBLI 2020 (OSS); picks a sectoral minimum wage


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    indonesian: str
    english: str
    gap: int  # workers not registered, Rupiah per month under-reported, or programmes missing
    reference: str = ""


@dataclass(frozen=True)
class EmployerReview:
    facts: EmployerFacts
    scale: str  # "" when unknown
    notes: tuple[tuple[str, str], ...]  # how the scale and the minimum wage were decided (id, en)
    findings: tuple[Finding, ...]

    @property
    def status(self) -> str:
        """``patuh`` (compliant), ``pwbd`` or ``pds``."""
        if any(f.kind is FindingKind.PWBD for f in self.findings):
            return "pwbd"
        return "pds" if self.findings else "patuh"

    def kinds(self) -> tuple[FindingKind, ...]:
        return tuple(f.kind for f in self.findings)


def _rp(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


@dataclass(frozen=True)
class MinimumWage:
    """The minimum wage an employer's wages are compared with, which one it is and the decree that sets it."""

    amount: int
    kind: str  # UMSK | UMSP (sectoral, kab/kota or province) | UMK | UMP
    key: str  # the parameter's key: a region code, or "region/KBLI prefix" for a sectoral minimum
    used: ParameterValue

    @property
    def label(self) -> tuple[str, str]:
        """What to call it in a finding (id, en), e.g. ``UMSP sektor KBLI 01262``."""
        if "/" in self.key:
            prefix = self.key.split("/", 1)[1]
            return f"{self.kind} sektor KBLI {prefix}", f"{self.kind} (sector KBLI {prefix})"
        return self.kind, self.kind


def _most_specific(
    tree: ParameterTree, name: str, on: dt.date, specificity: Callable[[str], tuple[int, ...] | None]
) -> tuple[str, ParameterValue] | None:
    """The key of table ``name`` in force ``on`` with the highest specificity (None: the key does not apply)."""
    parameter = tree.get(name)
    if on < parameter.values[0].start:
        return None
    used = parameter.on(on)
    if not isinstance(used.value, dict):
        return None
    ranked = [(rank, key) for key in used.value if (rank := specificity(key)) is not None]
    if not ranked:
        return None
    return max(ranked)[1], used


def minimum_wage(
    region: str, *, on: dt.date, kbli: str = "", tree: ParameterTree | None = None
) -> MinimumWage | None:
    """The minimum wage for an employer in ``region`` of activity ``kbli`` on ``on``: the sectoral minimum of its
    KBLI code (UMSK, else UMSP) when one applies, else the region's (UMK, else UMP); the most specific region key
    that contains ``region`` wins. Should a regional minimum ever be higher than the sectoral one, it is used."""
    tree = tree or default_tree()

    def by_region(key: str) -> tuple[int, ...] | None:
        return (len(key),) if is_within(region, key) else None

    def by_region_and_sector(key: str) -> tuple[int, ...] | None:
        area, _, prefix = key.partition("/")
        return (len(area), len(prefix)) if is_within(region, area) and kbli_matches(kbli, prefix) else None

    found: list[MinimumWage] = []
    for name, specificity, kinds in (
        ("wages/minimum_wage", by_region, ("UMP", "UMK")),
        ("wages/sectoral_minimum_wage", by_region_and_sector, ("UMSP", "UMSK")),
    ):
        match = _most_specific(tree, name, on, specificity)
        if match is not None:
            key, used = match
            kind = kinds[0] if len(key.split("/")[0]) == 2 else kinds[1]
            found.append(MinimumWage(int(used.lookup(key)), kind, key, used))
    return max(found, key=lambda m: (m.amount, "/" in m.key), default=None)


def _scale(facts: EmployerFacts, on: dt.date, tree: ParameterTree) -> tuple[str, tuple[str, str]]:
    if facts.scale:
        if facts.scale not in SCALES:
            raise ComplianceError(
                f"Skala usaha {facts.scale!r} tidak dikenal (pilihan: {', '.join(SCALES)}).",
                f"Unknown business scale {facts.scale!r} (choices: {', '.join(SCALES)}).",
            )
        return facts.scale, (
            f"Skala usaha menurut OSS: {facts.scale}.",
            f"Business scale from OSS: {facts.scale}.",
        )
    if facts.capital is not None:
        bounds = tree.value("compliance/size_class_capital", on=on)
        for scale in ("mikro", "kecil", "menengah"):
            if facts.capital <= int(bounds.lookup(scale)):
                break
        else:
            scale = "besar"
        return scale, (
            f"Skala usaha dari modal usaha {_rp(facts.capital)}: {scale} ({bounds.reference}).",
            f"Business scale from capital {_rp(facts.capital)}: {scale} ({bounds.reference}).",
        )
    return "", (
        "Skala usaha tidak diketahui: diperiksa program yang wajib bagi setiap pemberi kerja (JKK, JKM).",
        "Business scale unknown: checked against the programmes every employer needs (JKK, JKM).",
    )


def _check(facts: EmployerFacts) -> None:
    numbers = {
        "workforce": facts.workforce,
        "workers_registered": facts.workers_registered,
        "wages_reported": facts.wages_reported,
        "capital": facts.capital,
        "declared_payroll": facts.declared_payroll,
    }
    bad = [
        name
        for name, value in numbers.items()
        if value is not None and (isinstance(value, bool) or value < 0)
    ]
    if bad:
        raise ComplianceError(
            f"Pemberi kerja {facts.nib}: nilai negatif atau tidak sah pada {', '.join(bad)}.",
            f"Employer {facts.nib}: negative or invalid values in {', '.join(bad)}.",
        )


def review_employer(
    facts: EmployerFacts, *, on: dt.date, tree: ParameterTree | None = None
) -> EmployerReview:
    """Every way ``facts`` falls short of the employer's obligations on ``on``."""
    tree = tree or default_tree()
    _check(facts)
    scale, scale_note = _scale(facts, on, tree)
    notes = [scale_note]
    findings: list[Finding] = []
    if facts.workforce == 0:
        notes.append(("Tidak ada tenaga kerja yang dilaporkan di OSS.", "No workforce declared in OSS."))
        return EmployerReview(facts, scale, tuple(notes), ())
    if not facts.npp.strip():
        findings.append(
            Finding(
                FindingKind.PWBD,
                f"Mempekerjakan {facts.workforce} orang (OSS) tetapi tidak terdaftar di BPJS Ketenagakerjaan (tanpa NPP).",
                f"Employs {facts.workforce} (OSS) but is not registered with BPJS Ketenagakerjaan (no NPP).",
                facts.workforce,
                "PP 86/2013 Pasal 3",
            )
        )
        return EmployerReview(facts, scale, tuple(notes), tuple(findings))
    registered = facts.workers_registered or 0
    if registered < facts.workforce:
        findings.append(
            Finding(
                FindingKind.PDS_WORKERS,
                f"Mendaftarkan {registered} dari {facts.workforce} tenaga kerja: {facts.workforce - registered} belum.",
                f"Registers {registered} of {facts.workforce} workers: {facts.workforce - registered} missing.",
                facts.workforce - registered,
                "PP 86/2013 Pasal 3",
            )
        )
    findings.extend(_wages(facts, scale, on, tree, notes))
    table = mandatory_on(on)
    if table is not None:
        needed = table.by_scale[scale or "mikro"]
        missing = [p for p in needed if p not in facts.programmes]
        if missing:
            findings.append(
                Finding(
                    FindingKind.PDS_PROGRAMMES,
                    f"Program wajib {SCALE_LABELS[scale or 'mikro'].id.lower()} yang belum diikuti: {', '.join(missing)}.",
                    f"Mandatory programmes of a {SCALE_LABELS[scale or 'mikro'].en.lower()} missing: {', '.join(missing)}.",
                    len(missing),
                    table.reference,
                )
            )
    return EmployerReview(facts, scale, tuple(notes), tuple(findings))


def _wages(
    facts: EmployerFacts, scale: str, on: dt.date, tree: ParameterTree, notes: list[tuple[str, str]]
) -> list[Finding]:
    found: list[Finding] = []
    registered = facts.workers_registered or 0
    if facts.wages_reported is None or registered == 0:
        notes.append(("Upah yang dilaporkan tidak diketahui.", "Reported wages unknown."))
        return found
    if facts.declared_payroll is not None and facts.wages_reported < facts.declared_payroll:
        gap = facts.declared_payroll - facts.wages_reported
        found.append(
            Finding(
                FindingKind.PDS_WAGES,
                f"Upah dilaporkan {_rp(facts.wages_reported)} per bulan, di bawah daftar gaji yang dinyatakan "
                f"{_rp(facts.declared_payroll)}.",
                f"Reported wages {_rp(facts.wages_reported)} a month, below the declared payroll "
                f"{_rp(facts.declared_payroll)}.",
                gap,
                "PP 86/2013 Pasal 3",
            )
        )
    if scale in ("mikro", "kecil"):
        notes.append(
            (
                "Upah minimum tidak mengikat usaha mikro dan kecil: upah tidak dibandingkan dengan UMP/UMK.",
                "The minimum wage does not bind micro and small enterprises: wages not compared with it.",
            )
        )
        return found
    minimum = minimum_wage(facts.region, on=on, kbli=facts.kbli, tree=tree)
    if minimum is None:
        notes.append(
            (
                f"Tidak ada upah minimum yang dimuat untuk wilayah {facts.region} pada {on.isoformat()}.",
                f"No minimum wage loaded for region {facts.region} on {on.isoformat()}.",
            )
        )
        return found
    amount, reference = minimum.amount, minimum.used.reference
    label_id, label_en = minimum.label
    notes.append(
        (
            f"Upah dibandingkan dengan {label_id} {_rp(amount)} ({reference}).",
            f"Wages compared with the {label_en} {_rp(amount)} ({reference}).",
        )
    )
    average = facts.wages_reported // registered
    if average < amount and not any(f.kind is FindingKind.PDS_WAGES for f in found):
        found.append(
            Finding(
                FindingKind.PDS_WAGES,
                f"Rata-rata upah dilaporkan {_rp(average)} per pekerja, di bawah upah minimum {label_id} "
                f"{_rp(amount)} ({reference}).",
                f"Average reported wage {_rp(average)} per worker, below the minimum wage ({label_en}) "
                f"{_rp(amount)} ({reference}).",
                (amount - average) * registered,
                reference,
            )
        )
    elif average < amount:
        notes.append(
            (
                f"Rata-rata upah {_rp(average)} juga di bawah upah minimum {label_id} {_rp(amount)} ({reference}).",
                f"The average wage {_rp(average)} is also below the minimum wage ({label_en}) {_rp(amount)} "
                f"({reference}).",
            )
        )
    return found
