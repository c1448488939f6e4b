"""Targeting: who a scheme may cover (eligibility rules), who goes first (a priority score with visible weights),
and for any person whether they would be chosen, and why (not).

Pure: no Django here (import-linter enforces it). ``explain`` answers for one person; ``eligible_mask`` and
``priority_scores`` answer for a whole polars frame with the same semantics. Occupational risk levels are data
(``occupational_risk.yaml``), a stated assumption rather than a regulation.
"""

from __future__ import annotations

from cakupan.targeting.candidates import SECTORS, SPECIAL_GROUP_LABELS, SPECIAL_GROUPS, Candidate, age_on
from cakupan.targeting.errors import RiskTableError, TargetingError
from cakupan.targeting.explain import REASON_KEYS, Decision, Reason, explain
from cakupan.targeting.priority import Priority, PriorityPart, PriorityWeights, priority, priority_weights
from cakupan.targeting.risk import RiskTable, load_risk_table, parse_risk_table_text
from cakupan.targeting.rules import EligibilityRules, eligibility_rules
from cakupan.targeting.vectorised import CANDIDATE_COLUMNS, candidate_frame, eligible_mask, priority_scores

__all__ = [
    "CANDIDATE_COLUMNS",
    "REASON_KEYS",
    "SECTORS",
    "SPECIAL_GROUPS",
    "SPECIAL_GROUP_LABELS",
    "Candidate",
    "Decision",
    "EligibilityRules",
    "Priority",
    "PriorityPart",
    "PriorityWeights",
    "Reason",
    "RiskTable",
    "RiskTableError",
    "TargetingError",
    "age_on",
    "candidate_frame",
    "eligibility_rules",
    "eligible_mask",
    "explain",
    "load_risk_table",
    "parse_risk_table_text",
    "priority",
    "priority_scores",
    "priority_weights",
]
