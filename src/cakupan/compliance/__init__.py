"""Compliance as plain rules (no Django): employers' PWBD and PDS findings with their reasons, the programmes each
business scale must register, KBLI sectors. Issue 8 builds the meeting (Rapat Kepatuhan) and letters on this."""

from __future__ import annotations

from cakupan.compliance.actions import action_overdue
from cakupan.compliance.employers import (
    FINDING_LABELS,
    EmployerFacts,
    EmployerReview,
    Finding,
    FindingKind,
    MinimumWage,
    minimum_wage,
    review_employer,
)
from cakupan.compliance.errors import ComplianceError
from cakupan.compliance.jakon import (
    PROJECT_STATUS_LABELS,
    ProjectCount,
    ProjectFacts,
    ProjectReview,
    ProjectStatus,
    parse_deadlines,
    review_project,
    summarise_projects,
)
from cakupan.compliance.obligations import Obligation, obligations, parse_obligations
from cakupan.compliance.programmes import SCALE_LABELS, SCALES, mandatory_on, parse_mandatory
from cakupan.compliance.sectors import SECTION_LABELS, kbli_section
from cakupan.compliance.summary import ComplianceCount, summarise

__all__ = [
    "FINDING_LABELS",
    "PROJECT_STATUS_LABELS",
    "SCALES",
    "SCALE_LABELS",
    "SECTION_LABELS",
    "ComplianceCount",
    "ComplianceError",
    "EmployerFacts",
    "EmployerReview",
    "Finding",
    "FindingKind",
    "MinimumWage",
    "Obligation",
    "ProjectCount",
    "ProjectFacts",
    "ProjectReview",
    "ProjectStatus",
    "action_overdue",
    "kbli_section",
    "mandatory_on",
    "minimum_wage",
    "obligations",
    "parse_deadlines",
    "parse_mandatory",
    "parse_obligations",
    "review_employer",
    "review_project",
    "summarise",
    "summarise_projects",
]
