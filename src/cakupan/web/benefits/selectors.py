"""Reads of claims: the list a user may see, what falls due (JKK claims near expiry, yearly scholarships), and
the cost of non-coverage for the coverage dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from cakupan import claims
from cakupan.claims import ClaimState, EventKind
from cakupan.web.accounts.scope import scope_q
from cakupan.web.benefits.models import Claim, Heir


def claim_list(*, user: Any, state: str = "", kind: str = "") -> QuerySet[Claim]:
    found = Claim.objects.visible_to(user).select_related("person", "region", "scheme")
    if state:
        found = found.filter(state=state)
    if kind:
        found = found.filter(kind=kind)
    return found


@dataclass(frozen=True)
class ExpiryAlert:
    claim: Claim
    expires: dt.date
    days_left: int


def expiring_claims(*, user: Any, today: dt.date) -> list[ExpiryAlert]:
    """Open JKK claims whose right to claim ends within ``CAKUPAN_CLAIM_EXPIRY_ALERT_DAYS`` (or has ended)."""
    window = settings.CAKUPAN_CLAIM_EXPIRY_ALERT_DAYS
    alerts = []
    open_states = [s.value for s in (ClaimState.REPORTED, ClaimState.DOCUMENTS_COMPLETE)]
    jkk = [k.value for k in EventKind if claims.programme_of(k) == "JKK"]
    for claim in claim_list(user=user).filter(state__in=open_states, kind__in=jkk, covered=True):
        expires = claims.claim_expiry(EventKind(claim.kind), claim.event_date)
        if expires is not None and (expires - today).days <= window:
            alerts.append(ExpiryAlert(claim, expires, (expires - today).days))
    return sorted(alerts, key=lambda alert: alert.expires)


@dataclass(frozen=True)
class ScholarshipDue:
    heir: Heir
    due: dt.date
    last_paid: dt.date
    years_paid: int
    age_on_due: int | None


def scholarships_due(*, user: Any, today: dt.date, within_days: int = 60) -> list[ScholarshipDue]:
    """Children whose next yearly scholarship claim falls due within ``within_days`` (or is overdue), while they
    are still under the age limit and not working beyond what the rules allow on the due date."""
    heirs = (
        Heir.objects.visible_to(user)
        .filter(scholarship=True, stopped="", claim__state=ClaimState.PAID.value, married=False)
        .select_related("claim", "claim__region")
        .prefetch_related("payments")
    )
    due = []
    for heir in heirs:
        payments = sorted(heir.payments.all(), key=lambda p: p.paid_on)
        if not payments:
            continue
        next_due = claims.next_scholarship_claim(payments[-1].paid_on)
        if (next_due - today).days > within_days:
            continue
        limit = claims.scholarship_age_limit(next_due)
        age = claims.age_on(heir.birth_date, next_due) if heir.birth_date else None
        if age is not None and age >= limit:
            continue
        working = claims.Heir(
            heir.name, claims.Relation.CHILD, work=claims.Work(heir.work), work_months=heir.work_months
        )
        if claims.work_stop(working, on=next_due) is not None:
            continue
        due.append(ScholarshipDue(heir, next_due, payments[-1].paid_on, len(payments), age))
    return sorted(due, key=lambda d: d.due)


@dataclass(frozen=True)
class NonCoverage:
    events: int
    deaths: int
    forgone_total: int


def non_coverage_of(found: QuerySet[Claim]) -> NonCoverage:
    """Events of workers who were not protected among ``found`` (withdrawn reports left out): what their families
    lost."""
    totals = (
        found.filter(covered=False)
        .exclude(state=ClaimState.WITHDRAWN.value)
        .aggregate(
            events=Count("pk"),
            deaths=Count("pk", filter=Q(kind__in=[k.value for k in claims.DEATHS])),
            forgone=Sum("forgone_total"),
        )
    )
    return NonCoverage(int(totals["events"] or 0), int(totals["deaths"] or 0), int(totals["forgone"] or 0))


def non_coverage(*, code: str, user: Any) -> NonCoverage:
    """The cost of non-coverage inside region ``code`` and the user's regions (on a province page a kab/kota
    officer sees their own kab/kota's, as on the impact page). Aggregates only, no personal data."""
    return non_coverage_of(Claim.objects.visible_to(user).filter(scope_q("region__code", (code,))))
