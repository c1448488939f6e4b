"""What the coverage facts count: one measure per indicator and breakdown group, read from the definitions.

A measure is a yes/no question about one membership row joined to its person ("is this an active PU
membership of an informal worker with desil ≤ 4?"). Facts count, per kelurahan/desa and month, the distinct
persons for whom the answer is yes on at least one membership. The predicate is built here once, as an Ibis
expression, so every engine evaluates the same rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import get_args

import ibis
import ibis.expr.types as ir

from cakupan.indicators.definitions import (
    Breakdown,
    Counted,
    Definition,
    Filter,
    Programme,
    Sector,
    Segment,
)

# The breakdown groups, in display order; "" is the indicator's total (every group together, each person once).
GROUPS: dict[Breakdown, tuple[str, ...]] = {
    "segment": get_args(Segment),
    "programme": get_args(Programme),
    "sector": get_args(Sector),
}
TOTAL = ""


@dataclass(frozen=True, slots=True)
class Measure:
    indicator: str
    group: str  # a breakdown value ("BPU"), or TOTAL
    counts: Counted
    filter: Filter
    breakdown: Breakdown | None
    column: str  # the result column that carries it, e.g. "m07"

    @property
    def is_event(self) -> bool:
        """New enrolments and lapses are changes between two month ends, not a state on one day."""
        return self.counts in ("pendaftaran_baru", "kepesertaan_berhenti")


def measures_of(definitions: Mapping[str, Definition]) -> tuple[Measure, ...]:
    """Every (indicator, group) pair the facts carry, in a stable order (definition name, then group)."""
    found: list[Measure] = []
    for name in sorted(definitions):
        definition = definitions[name]
        groups = (TOTAL, *GROUPS[definition.breakdown]) if definition.breakdown else (TOTAL,)
        for group in groups:
            found.append(
                Measure(
                    indicator=name,
                    group=group,
                    counts=definition.numerator.counts,
                    filter=definition.numerator.filter,
                    breakdown=definition.breakdown if group else None,
                    column=f"m{len(found):02d}",
                )
            )
    return tuple(found)


def _has_programme(programmes: ir.StringValue, code: str) -> ir.BooleanValue:
    # Programmes are stored canonically as "JKK;JKM;JHT": match whole codes only.
    return (ibis.literal(";") + programmes + ibis.literal(";")).contains(f";{code};")


def person_flag(table: ir.Table, measure_filter: Filter) -> ir.BooleanValue:
    """The person part of a filter (sector, desil): also the test for who is 'terdata' in a denominator."""
    condition: ir.BooleanValue = ibis.literal(True)
    if measure_filter.sectors is not None:
        condition &= table.sector.isin(measure_filter.sectors)
    if measure_filter.max_decile is not None:
        condition &= table.decile.notnull() & (table.decile <= measure_filter.max_decile)
    return condition


def membership_flag(table: ir.Table, measure: Measure) -> ir.BooleanValue:
    """The whole predicate on a membership row joined to its person, the breakdown group included."""
    rule = measure.filter
    condition = person_flag(table, rule)
    if rule.segments is not None:
        condition &= table.segment.isin(rule.segments)
    for code in rule.programmes or ():
        condition &= _has_programme(table.programmes, code)
    if rule.payers is not None:
        condition &= table.payer.isin(rule.payers)
    if measure.breakdown == "segment":
        condition &= table.segment == measure.group
    elif measure.breakdown == "programme":
        condition &= _has_programme(table.programmes, measure.group)
    elif measure.breakdown == "sector":
        condition &= table.sector == measure.group
    return condition
