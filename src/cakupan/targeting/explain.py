"""Would this person be chosen, and why (not): one reason per rule that applies, in a fixed order.

Order: region, age, sector, active, decile, occupation, special group. The region rule always applies; every
other rule applies only when the scheme sets it (an age bound, a sector list, ``exclude_active``, a decile
limit, an occupation list, a group list). A person is eligible when every reason passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from cakupan.core.labels import Language
from cakupan.targeting.candidates import SPECIAL_GROUP_LABELS, Candidate, age_on, occupation_key
from cakupan.targeting.priority import Priority, PriorityWeights, priority
from cakupan.targeting.risk import RiskTable
from cakupan.targeting.rules import EligibilityRules

REASON_KEYS = ("region", "age", "sector", "active", "decile", "occupation", "special_group")


@dataclass(frozen=True)
class Reason:
    key: str  # one of REASON_KEYS
    passed: bool
    indonesian: str
    english: str


@dataclass(frozen=True)
class Decision:
    eligible: bool
    reasons: tuple[Reason, ...]
    priority: Priority

    def failed(self) -> tuple[Reason, ...]:
        return tuple(reason for reason in self.reasons if not reason.passed)


def explain(
    candidate: Candidate,
    rules: EligibilityRules,
    weights: PriorityWeights,
    *,
    on: dt.date,
    risk: RiskTable | None = None,
) -> Decision:
    reasons = [_region(candidate, rules)]
    if rules.min_age is not None or rules.max_age is not None:
        reasons.append(_age(age_on(candidate.birth_date, on), rules.min_age, rules.max_age))
    if rules.sectors:
        reasons.append(_sector(candidate.sector, rules.sectors))
    if rules.exclude_active:
        reasons.append(_active(candidate.active, on))
    if rules.max_decile is not None:
        reasons.append(_decile(candidate.decile, rules.max_decile))
    if rules.occupations:
        reasons.append(_occupation(candidate.occupation, rules.occupations))
    if rules.special_groups:
        reasons.append(_special_group(candidate.special_groups, rules.special_groups))
    return Decision(
        eligible=all(reason.passed for reason in reasons),
        reasons=tuple(reasons),
        priority=priority(candidate, weights, risk=risk),
    )


def is_within(code: str, region: str) -> bool:
    return code == region or code.startswith(region + ".")


def _region(candidate: Candidate, rules: EligibilityRules) -> Reason:
    home, region = candidate.region, rules.region
    if not home.strip():
        return Reason(
            "region",
            False,
            f"Domisili tidak tercatat; skema untuk wilayah {region}.",
            f"No domicile recorded; the scheme is for region {region}.",
        )
    if is_within(home, region):
        return Reason(
            "region",
            True,
            f"Domisili {home} berada di wilayah {region}.",
            f"Domicile {home} lies within region {region}.",
        )
    return Reason(
        "region",
        False,
        f"Domisili {home} di luar wilayah {region}.",
        f"Domicile {home} lies outside region {region}.",
    )


def _age(age: int, low: int | None, high: int | None) -> Reason:
    if low is not None and age < low:
        return Reason(
            "age",
            False,
            f"Umur {age} tahun, di bawah batas {low}.",
            f"Age {age}, below the minimum of {low}.",
        )
    if high is not None and age > high:
        return Reason(
            "age",
            False,
            f"Umur {age} tahun, di atas batas {high}.",
            f"Age {age}, above the maximum of {high}.",
        )
    if low is not None and high is not None:
        return Reason(
            "age", True, f"Umur {age} tahun, dalam rentang {low}–{high}.", f"Age {age}, within {low}–{high}."
        )
    if low is not None:
        return Reason("age", True, f"Umur {age} tahun, paling rendah {low}.", f"Age {age}, at least {low}.")
    return Reason("age", True, f"Umur {age} tahun, paling tinggi {high}.", f"Age {age}, at most {high}.")


def _listed(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


def _sector(sector: str, sectors: frozenset[str]) -> Reason:
    wanted = _listed(sectors)
    if not sector:
        return Reason(
            "sector",
            False,
            f"Tidak bekerja; sektor sasaran: {wanted}.",
            f"Not working; targeted sectors: {wanted}.",
        )
    if sector in sectors:
        return Reason(
            "sector",
            True,
            f"Sektor {sector}, termasuk sasaran ({wanted}).",
            f"Sector {sector}, targeted ({wanted}).",
        )
    return Reason(
        "sector",
        False,
        f"Sektor {sector}, bukan sasaran ({wanted}).",
        f"Sector {sector}, not targeted ({wanted}).",
    )


def _active(active: bool, on: dt.date) -> Reason:
    day = on.isoformat()
    if active:
        return Reason(
            "active",
            False,
            f"Sudah peserta aktif BPJS Ketenagakerjaan pada {day}.",
            f"Already an active BPJS Ketenagakerjaan participant on {day}.",
        )
    return Reason(
        "active",
        True,
        f"Belum peserta aktif BPJS Ketenagakerjaan pada {day}.",
        f"Not an active BPJS Ketenagakerjaan participant on {day}.",
    )


def _decile(decile: int | None, limit: int) -> Reason:
    if decile is None:
        return Reason(
            "decile",
            False,
            f"Tidak terdaftar di DTSEN; skema mensyaratkan desil paling tinggi {limit}.",
            f"Not in DTSEN; the scheme requires decile {limit} or lower.",
        )
    if decile <= limit:
        return Reason(
            "decile",
            True,
            f"Desil DTSEN {decile}, dalam batas desil {limit}.",
            f"DTSEN decile {decile}, within the limit of decile {limit}.",
        )
    return Reason(
        "decile",
        False,
        f"Desil DTSEN {decile}, di atas batas desil {limit}.",
        f"DTSEN decile {decile}, above the limit of decile {limit}.",
    )


def _occupation(occupation: str, occupations: frozenset[str]) -> Reason:
    wanted = _listed(occupations)
    shown = occupation.strip()
    if not shown:
        return Reason(
            "occupation",
            False,
            f"Pekerjaan tidak tercatat; pekerjaan sasaran: {wanted}.",
            f"No occupation recorded; targeted occupations: {wanted}.",
        )
    if occupation_key(occupation) in {occupation_key(o) for o in occupations}:
        return Reason(
            "occupation",
            True,
            f"Pekerjaan {shown}, termasuk sasaran ({wanted}).",
            f"Occupation {shown}, targeted ({wanted}).",
        )
    return Reason(
        "occupation",
        False,
        f"Pekerjaan {shown}, bukan sasaran ({wanted}).",
        f"Occupation {shown}, not targeted ({wanted}).",
    )


def _group_names(groups: Iterable[str], language: Language) -> str:
    return ", ".join(
        SPECIAL_GROUP_LABELS[g].text(language) for g in sorted(groups) if g in SPECIAL_GROUP_LABELS
    )


def _special_group(groups: frozenset[str], wanted: frozenset[str]) -> Reason:
    matched = groups & wanted
    if matched:
        return Reason(
            "special_group",
            True,
            f"Termasuk kelompok sasaran: {_group_names(matched, 'id')}.",
            f"Belongs to a targeted group: {_group_names(matched, 'en')}.",
        )
    return Reason(
        "special_group",
        False,
        f"Tidak termasuk kelompok sasaran ({_group_names(wanted, 'id')}).",
        f"Belongs to none of the targeted groups ({_group_names(wanted, 'en')}).",
    )
