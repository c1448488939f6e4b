"""Rules as code: contribution and benefit parameters as a dated YAML tree, and pure calculators over it.

No Django here (import-linter enforces it). Money is integer rupiah, rates are Decimal.
"""

from __future__ import annotations

from cakupan.rules.benefits import EVENTS, LEVELS, SEGMENTS, Benefit, Scholarship, Waiting, benefit
from cakupan.rules.contributions import (
    BPU_PROGRAMMES,
    PAYER_KINDS,
    Contribution,
    PayerKind,
    bpu_contribution,
    lowest_bpu_contribution,
    pu_contribution,
)
from cakupan.rules.errors import ParameterError, RulesError
from cakupan.rules.items import PROGRAMMES, Item, Source
from cakupan.rules.loader import ParameterValue, load_tree, parameter, parse_parameter, parse_parameter_text

__all__ = [
    "BPU_PROGRAMMES",
    "EVENTS",
    "LEVELS",
    "PAYER_KINDS",
    "PROGRAMMES",
    "SEGMENTS",
    "Benefit",
    "Contribution",
    "Item",
    "ParameterError",
    "ParameterValue",
    "PayerKind",
    "RulesError",
    "Scholarship",
    "Source",
    "Waiting",
    "benefit",
    "bpu_contribution",
    "load_tree",
    "lowest_bpu_contribution",
    "parameter",
    "parse_parameter",
    "parse_parameter_text",
    "pu_contribution",
]
