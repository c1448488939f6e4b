"""Who may do what: roles, their permissions, and region scope as plain rules (no Django).

A user has one role and one or more scope regions; they see what lies inside any of those regions.
Aggregate figures of the regions above their scope are visible too (they carry no personal data).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from cakupan.core.regions import ancestors_of, is_within


class Role(StrEnum):
    PEMDA_ADMIN = "pemda_admin"  # Disnaker, Bappeda: targets, budgets, plans, reports
    LICENSING_OFFICER = "licensing_officer"  # DPMPTSP: employer lists, compliance
    REGION_OPERATOR = "region_operator"  # kecamatan or nagari staff
    BPJSTK_OFFICER = "bpjstk_officer"  # BPJS Ketenagakerjaan branch: memberships, reconciliation, claims
    VIEWER = "viewer"  # provincial office, DPRD, auditors: read-only aggregates and the audit log
    SYSTEM_ADMIN = "system_admin"  # user accounts; no access to personal data


class Permission(StrEnum):
    VIEW_COVERAGE = "view_coverage"  # aggregate figures
    VIEW_PERSONS = "view_persons"  # person lists and records, identifiers masked
    REVEAL_IDENTIFIERS = "reveal_identifiers"  # the full NIK/KK of one person, with a reason, audited
    EXPORT_PERSONS = "export_persons"  # XLSX of persons, masked, audited
    IMPORT_DATA = "import_data"  # upload and commit files; rows outside the user's regions are rejected
    REVIEW_LINKS = "review_links"  # record-linkage review queue: confirm, dismiss, merge two persons
    SUBJECT_REPORT = "subject_report"  # everything held about one person, for their right of access (UU PDP)
    MANAGE_TARGETS = "manage_targets"  # create, edit and delete coverage targets of regions in scope, audited
    PLAN_ENROLMENT = "plan_enrolment"  # funding sources, schemes, the optimiser, draft and verify batches
    APPROVE_ENROLMENT = "approve_enrolment"  # approve a batch someone else made and verified (maker-checker)
    RECONCILE_ENROLMENT = "reconcile_enrolment"  # export the BPJSTK file and apply BPJSTK's answer
    REPORT_EVENTS = (
        "report_events"  # report a death or work accident with its heirs; tick the documents received
    )
    PROCESS_CLAIMS = "process_claims"  # submit claims to BPJSTK and record payments and rejections
    MANAGE_COMPLIANCE = "manage_compliance"  # record the regional obligations and their evidence, audited
    ISSUE_LETTERS = "issue_letters"  # warning letters to employers (PP 86/2013), their templates, close cases
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_USERS = "manage_users"


ROLE_LABELS: dict[Role, str] = {
    Role.PEMDA_ADMIN: "Admin Pemda (Disnaker/Bappeda)",
    Role.LICENSING_OFFICER: "Petugas perizinan (DPMPTSP)",
    Role.REGION_OPERATOR: "Operator kecamatan/nagari",
    Role.BPJSTK_OFFICER: "Petugas BPJS Ketenagakerjaan",
    Role.VIEWER: "Pemantau/auditor",
    Role.SYSTEM_ADMIN: "Admin sistem",
}

_P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.PEMDA_ADMIN: frozenset(
        {
            _P.VIEW_COVERAGE,
            _P.VIEW_PERSONS,
            _P.REVEAL_IDENTIFIERS,
            _P.EXPORT_PERSONS,
            _P.IMPORT_DATA,
            _P.SUBJECT_REPORT,
            _P.REVIEW_LINKS,
            _P.MANAGE_TARGETS,
            _P.PLAN_ENROLMENT,
            _P.APPROVE_ENROLMENT,
            _P.RECONCILE_ENROLMENT,
            _P.REPORT_EVENTS,
            _P.PROCESS_CLAIMS,
            _P.MANAGE_COMPLIANCE,
            _P.ISSUE_LETTERS,
        }
    ),
    Role.LICENSING_OFFICER: frozenset({_P.VIEW_COVERAGE}),
    Role.REGION_OPERATOR: frozenset(
        {
            _P.VIEW_COVERAGE,
            _P.VIEW_PERSONS,
            _P.REVEAL_IDENTIFIERS,
            _P.IMPORT_DATA,
            _P.PLAN_ENROLMENT,
            _P.REPORT_EVENTS,
        }
    ),
    Role.BPJSTK_OFFICER: frozenset(
        {
            _P.VIEW_COVERAGE,
            _P.VIEW_PERSONS,
            _P.REVEAL_IDENTIFIERS,
            _P.EXPORT_PERSONS,
            _P.IMPORT_DATA,
            _P.REVIEW_LINKS,
            _P.RECONCILE_ENROLMENT,
            _P.REPORT_EVENTS,
            _P.PROCESS_CLAIMS,
            _P.ISSUE_LETTERS,
        }
    ),
    Role.VIEWER: frozenset({_P.VIEW_COVERAGE, _P.VIEW_AUDIT_LOG}),
    Role.SYSTEM_ADMIN: frozenset({_P.VIEW_COVERAGE, _P.MANAGE_USERS, _P.VIEW_AUDIT_LOG}),
}


def has_permission(role: Role | str | None, permission: Permission) -> bool:
    if role is None:
        return False
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


def in_scope(code: str, scope: Iterable[str]) -> bool:
    """True when region ``code`` lies inside one of the scope regions (personal data may be shown)."""
    return any(is_within(code, s) for s in scope)


def aggregate_visible(code: str, scope: Iterable[str]) -> bool:
    """True when the aggregate figures of ``code`` may be shown: inside the scope, or above it."""
    scope = list(scope)
    return in_scope(code, scope) or any(code in ancestors_of(s) for s in scope)


def scope_roots(scope: Iterable[str]) -> tuple[str, ...]:
    """The scope regions that lie inside no other scope region, in code order: a user's own regions, without
    a kecamatan listed beside its kab/kota. One root: the user's home page is that region's page."""
    codes = sorted(set(scope))
    return tuple(c for c in codes if not any(c != other and is_within(c, other) for other in codes))
