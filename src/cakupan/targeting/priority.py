"""The priority score: who goes first among the eligible, as a sum of parts anyone can recompute by hand.

score = decile weight × (11 − desil) (0 when not in DTSEN)
      + occupational-risk weight × risk level 1..5 of the occupation
      + head-of-household weight (when the person heads the household)
      + dependants weight × min(dependants, max_dependants)
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from cakupan.core.labels import Label
from cakupan.targeting.candidates import Candidate
from cakupan.targeting.errors import field_error
from cakupan.targeting.risk import RiskTable, load_risk_table

DECILE_CEILING = 11  # decile d gives weight × (11 − d): desil 1 most, desil 10 least
MAX_WEIGHT = 1000


@dataclass(frozen=True)
class PriorityWeights:
    decile: int = 10  # points per step below desil 11; unknown decile gives 0
    occupational_risk: int = 5  # points per risk level 1..5 of the occupation
    head_of_household: int = 10
    dependants: int = 3  # per dependant, counting at most max_dependants
    max_dependants: int = 5

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if type(value) is not int or not 0 <= value <= MAX_WEIGHT:
                raise field_error(
                    spec.name,
                    f"bobot harus bilangan bulat 0 sampai {MAX_WEIGHT}, bukan {value!r}.",
                    f"a weight must be an integer from 0 to {MAX_WEIGHT}, not {value!r}.",
                )


WEIGHT_FIELDS = tuple(spec.name for spec in fields(PriorityWeights))


def priority_weights(**raw: object) -> PriorityWeights:
    """Validated weights; a field left out keeps its default, an unknown one is refused."""
    for name in raw:
        if name not in WEIGHT_FIELDS:
            listed = ", ".join(WEIGHT_FIELDS)
            raise field_error(
                name,
                f"bobot tidak dikenal; pilihan: {listed}.",
                f"unknown weight; choices: {listed}.",
            )
    return PriorityWeights(**raw)  # type: ignore[arg-type]  # __post_init__ checks every value


@dataclass(frozen=True)
class PriorityPart:
    key: str  # decile | occupational_risk | head_of_household | dependants
    label: Label  # the rule with its weight
    value: str  # the person's input, language-neutral ("3", "—", "Nelayan (5)", "✓", "✗")
    points: int


@dataclass(frozen=True)
class Priority:
    score: int
    parts: tuple[PriorityPart, ...]


def priority(candidate: Candidate, weights: PriorityWeights, *, risk: RiskTable | None = None) -> Priority:
    """The score of one person and its four parts, always in the same order, zero parts included."""
    table = risk if risk is not None else load_risk_table()
    level = table.level(candidate.occupation)
    counted = min(candidate.dependants, weights.max_dependants)
    parts = (
        PriorityPart(
            "decile",
            Label(
                f"Desil DTSEN: {weights.decile} poin × (11 − desil); tidak terdaftar 0",
                f"DTSEN decile: {weights.decile} points × (11 − decile); not in DTSEN 0",
            ),
            "—" if candidate.decile is None else str(candidate.decile),
            0 if candidate.decile is None else weights.decile * (DECILE_CEILING - candidate.decile),
        ),
        PriorityPart(
            "occupational_risk",
            Label(
                f"Risiko pekerjaan: {weights.occupational_risk} poin × tingkat risiko 1–5",
                f"Occupational risk: {weights.occupational_risk} points × risk level 1–5",
            ),
            f"{candidate.occupation.strip() or '—'} ({level})",
            weights.occupational_risk * level,
        ),
        PriorityPart(
            "head_of_household",
            Label(
                f"Kepala keluarga: {weights.head_of_household} poin",
                f"Head of household: {weights.head_of_household} points",
            ),
            "✓" if candidate.head_of_household else "✗",
            weights.head_of_household if candidate.head_of_household else 0,
        ),
        PriorityPart(
            "dependants",
            Label(
                f"Tanggungan: {weights.dependants} poin per orang, paling banyak {weights.max_dependants} orang",
                f"Dependants: {weights.dependants} points each, at most {weights.max_dependants}",
            ),
            str(candidate.dependants),
            weights.dependants * counted,
        ),
    )
    return Priority(sum(part.points for part in parts), parts)
