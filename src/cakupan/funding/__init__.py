"""Funding the contributions of vulnerable workers: sources and their earmarks, the budget optimiser, and the
multi-year trajectory to a coverage target (BRIEF §1, §6).

No Django here (import-linter enforces it). Money is integer rupiah, rates and percentages are Decimal.
"""

from __future__ import annotations

from cakupan.funding.costs import Pricing, priced, pricing, sector_group, sector_groups
from cakupan.funding.eligibility import eligible_matrix
from cakupan.funding.errors import FundingError
from cakupan.funding.optimiser import Allocation, Marginal, SourceResult, Stage, greedy, marginal, optimise
from cakupan.funding.sources import (
    PAYER_OF,
    SOURCE_LABELS,
    Earmark,
    FundingProblem,
    FundingSource,
    SourceKind,
    check_sources,
    dbh_months,
)
from cakupan.funding.trajectory import (
    Assumptions,
    ComparisonRow,
    Trajectory,
    YearPlan,
    compare,
    plan_by_count,
    plan_by_percent,
)

__all__ = [
    "PAYER_OF",
    "SOURCE_LABELS",
    "Allocation",
    "Assumptions",
    "ComparisonRow",
    "Earmark",
    "FundingError",
    "FundingProblem",
    "FundingSource",
    "Marginal",
    "Pricing",
    "SourceKind",
    "SourceResult",
    "Stage",
    "Trajectory",
    "YearPlan",
    "check_sources",
    "compare",
    "dbh_months",
    "eligible_matrix",
    "greedy",
    "marginal",
    "optimise",
    "plan_by_count",
    "plan_by_percent",
    "priced",
    "pricing",
    "sector_group",
    "sector_groups",
]
