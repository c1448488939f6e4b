"""What the Pemda's money bought: the claims of the events reported, per kab/kota and per scheme, the Rupiah that
reached families against the contributions each scheme paid, the beneficiaries per year of payment, and what the
families of workers who were not covered lost.

Aggregates only (counts and sums, no person), computed in the database over the claims the user may see.
Withdrawn reports are left out everywhere. With a year, only the events of that year count (and the contribution
months of that year), so the ratio compares like with like.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, Substr

from cakupan import claims
from cakupan.claims import ClaimState
from cakupan.web.accounts.scope import scope_q, user_scope
from cakupan.web.benefits.models import Claim, ScholarshipPayment
from cakupan.web.benefits.selectors import NonCoverage, non_coverage_of
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch, EnrolmentMonth, Scheme
from cakupan.web.enrolment.schedule import COMMITTED_STATES, member_month_cost
from cakupan.web.registry.models import Region

KAB_CODE_LENGTH = 5  # "13.02": the kab/kota part of a region code
CENT = Decimal("0.01")
_PAID = ClaimState.PAID.value
_OPEN = [s.value for s in claims.OPEN_STATES]


@dataclass(frozen=True)
class ClaimCounts:
    """Events reported (withdrawn ones excepted); of them covered, and of the covered ones paid, rejected or still
    open (covered = paid + rejected + open). Rupiah paid: the one-off amounts plus every scholarship year."""

    events: int = 0
    covered: int = 0
    paid: int = 0
    rejected: int = 0
    open: int = 0
    paid_amount: int = 0  # one-off Rp BPJSTK paid on the paid claims
    scholarships: int = 0  # Rp of every scholarship year paid to the children of those claims

    @property
    def to_families(self) -> int:
        return self.paid_amount + self.scholarships


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    counts: ClaimCounts


@dataclass(frozen=True)
class SchemeRow:
    scheme_id: int | None  # None: no scheme (self-paid, employers, other payers)
    name: str
    fiscal_year: int | None
    counts: ClaimCounts
    contributions: int | None  # Rp the scheme's funding paid for months begun; None for "no scheme"
    ratio: Decimal | None  # Rp to families per Rp of contributions, 2 places; None without contributions


@dataclass(frozen=True)
class YearRow:
    year: int
    families: int  # claims paid that year
    children: int  # children with a scholarship payment that year
    claims_paid: int  # Rp of the claims paid that year
    scholarships_paid: int  # Rp of the scholarships paid that year

    @property
    def total(self) -> int:
        return self.claims_paid + self.scholarships_paid


@dataclass(frozen=True)
class Impact:
    year: int | None
    today: dt.date
    total: ClaimCounts
    regions: list[RegionRow]
    schemes: list[SchemeRow]  # every scheme with claims or contributions, by name
    all_schemes: SchemeRow  # the schemes together (without "no scheme")
    no_scheme: SchemeRow | None  # claims of workers no scheme paid for, when there are any
    years: list[YearRow]
    non_coverage: NonCoverage


def ratio(to_families: int, contributions: int | None) -> Decimal | None:
    """Rupiah paid to families per Rupiah of contributions, rounded half up to 2 places."""
    if not contributions:
        return None
    return (Decimal(to_families) / Decimal(contributions)).quantize(CENT, rounding=ROUND_HALF_UP)


def impact_claims(*, user: Any, year: int | None = None) -> QuerySet[Claim]:
    """The claims the figures are made of: visible to ``user``, not withdrawn, of events in ``year`` if given."""
    found = Claim.objects.visible_to(user).exclude(state=ClaimState.WITHDRAWN.value)
    if year is not None:
        found = found.filter(event_date__year=year)
    return found.order_by()


def _count_expressions() -> dict[str, Any]:
    """Named apart from the model's fields (an aggregate may not shadow a field another one filters on)."""
    return {
        "n_events": Count("pk"),
        "n_covered": Count("pk", filter=Q(covered=True)),
        "n_paid": Count("pk", filter=Q(state=_PAID)),
        "n_rejected": Count("pk", filter=Q(state=ClaimState.REJECTED.value)),
        "n_open": Count("pk", filter=Q(covered=True, state__in=_OPEN)),
        "rp_paid": Sum("paid_amount", filter=Q(state=_PAID)),
    }


def _counts(row: Any, scholarships: int = 0) -> ClaimCounts:
    """``row``: the values of ``_count_expressions`` (a dict from ``values()`` or ``aggregate()``)."""
    return ClaimCounts(
        events=int(row.get("n_events") or 0),
        covered=int(row.get("n_covered") or 0),
        paid=int(row.get("n_paid") or 0),
        rejected=int(row.get("n_rejected") or 0),
        open=int(row.get("n_open") or 0),
        paid_amount=int(row.get("rp_paid") or 0),
        scholarships=scholarships,
    )


def _scholarships(found: QuerySet[Claim]) -> QuerySet[ScholarshipPayment]:
    """The scholarship payments of the paid claims among ``found``."""
    return ScholarshipPayment.objects.filter(heir__claim__in=found.filter(state=_PAID)).order_by()


def _per_region(found: QuerySet[Claim]) -> list[RegionRow]:
    kab = Substr("region_id", 1, KAB_CODE_LENGTH)
    rows = found.annotate(kab=kab).values("kab").annotate(**_count_expressions())
    scholarships = {
        r["kab"]: int(r["rupiah"] or 0)
        for r in _scholarships(found)
        .annotate(kab=Substr("heir__claim__region_id", 1, KAB_CODE_LENGTH))
        .values("kab")
        .annotate(rupiah=Sum("amount"))
    }
    counts = {r["kab"]: _counts(r, scholarships.get(r["kab"], 0)) for r in rows}
    names = dict(Region.objects.filter(code__in=counts).values_list("code", "name"))
    return [RegionRow(code, names.get(code, code), counts[code]) for code in sorted(counts)]


def scheme_contributions(*, user: Any, today: dt.date, year: int | None = None) -> dict[int, int]:
    """Rp each scheme's funding paid: per month begun by ``today`` (of ``year`` if given) and per worker of an
    approved, exported or reconciled batch not rejected by BPJSTK, what that worker costs the source in that month
    (PP 50/2025 discounts depend on the payer, the sector group and the month). Only the workers
    living in the user's regions count, as only their claims do."""
    months = (
        EnrolmentMonth.objects.filter(
            scope_q("person__region__code", user_scope(user)),
            member__batch__state__in=COMMITTED_STATES,
            month__lte=today,
        )
        .exclude(member__status=BatchMember.Status.REJECTED)
        .order_by()
    )
    if year is not None:
        months = months.filter(month__year=year)
    rows = months.values("member__batch_id", "member__cost_group", "month").annotate(workers=Count("pk"))
    batches = EnrolmentBatch.objects.in_bulk({r["member__batch_id"] for r in rows})
    paid: dict[int, int] = defaultdict(int)
    for r in rows:
        batch = batches[r["member__batch_id"]]
        k = (r["month"].year - batch.start_date.year) * 12 + r["month"].month - batch.start_date.month
        paid[batch.scheme_id] += r["workers"] * member_month_cost(batch, r["member__cost_group"], k)
    return dict(paid)


def _per_scheme(
    found: QuerySet[Claim], contributions: dict[int, int]
) -> tuple[list[SchemeRow], SchemeRow, SchemeRow | None]:
    rows: dict[int | None, Any] = {
        r["scheme_id"]: r for r in found.values("scheme_id").annotate(**_count_expressions())
    }
    scholarships: dict[int | None, int] = {
        r["heir__claim__scheme_id"]: int(r["rupiah"] or 0)
        for r in _scholarships(found).values("heir__claim__scheme_id").annotate(rupiah=Sum("amount"))
    }
    ids = {pk for pk in rows if pk is not None} | set(contributions)
    schemes = {s.pk: s for s in Scheme.objects.filter(pk__in=ids).only("name", "fiscal_year")}
    listed = []
    for pk in ids:
        counts = _counts(rows.get(pk, {}), scholarships.get(pk, 0))
        paid = contributions.get(pk, 0)
        scheme = schemes.get(pk)
        listed.append(
            SchemeRow(
                pk,
                scheme.name if scheme else str(pk),
                scheme.fiscal_year if scheme else None,
                counts,
                paid,
                ratio(counts.to_families, paid),
            )
        )
    listed.sort(key=lambda s: (s.name, s.scheme_id or 0))
    schemed = found.filter(scheme__isnull=False).aggregate(**_count_expressions())
    schemed_counts = _counts(schemed, sum(v for k, v in scholarships.items() if k is not None))
    total_paid = sum(contributions.values())
    together = SchemeRow(
        None, "", None, schemed_counts, total_paid, ratio(schemed_counts.to_families, total_paid)
    )
    none = rows.get(None)
    no_scheme = (
        SchemeRow(None, "", None, _counts(none, scholarships.get(None, 0)), None, None) if none else None
    )
    return listed, together, no_scheme


def _per_year(found: QuerySet[Claim]) -> list[YearRow]:
    families = (
        found.filter(state=_PAID, decided_on__isnull=False)
        .annotate(year=ExtractYear("decided_on"))
        .values("year")
        .annotate(families=Count("pk"), rupiah=Sum("paid_amount"))
    )
    children = (
        _scholarships(found)
        .annotate(year=ExtractYear("paid_on"))
        .values("year")
        .annotate(children=Count("heir_id", distinct=True), rupiah=Sum("amount"))
    )
    by_year: dict[int, dict[str, int]] = defaultdict(dict)
    for r in families:
        by_year[int(r["year"])].update(families=int(r["families"]), claims=int(r["rupiah"] or 0))
    for c in children:
        by_year[int(c["year"])].update(children=int(c["children"]), scholarships=int(c["rupiah"] or 0))
    return [
        YearRow(
            year,
            v.get("families", 0),
            v.get("children", 0),
            v.get("claims", 0),
            v.get("scholarships", 0),
        )
        for year, v in sorted(by_year.items())
    ]


def impact_of_claims(*, user: Any, today: dt.date, year: int | None = None) -> Impact:
    """Every table of the impact view for ``user`` (their regions), optionally for the events of ``year``."""
    found = impact_claims(user=user, year=year)
    total = found.aggregate(**_count_expressions())
    total_scholarships = _scholarships(found).aggregate(rupiah=Sum("amount"))["rupiah"]
    schemes, together, no_scheme = _per_scheme(found, scheme_contributions(user=user, today=today, year=year))
    return Impact(
        year=year,
        today=today,
        total=_counts(total, int(total_scholarships or 0)),
        regions=_per_region(found),
        schemes=schemes,
        all_schemes=together,
        no_scheme=no_scheme,
        years=_per_year(found),
        non_coverage=non_coverage_of(found),
    )
