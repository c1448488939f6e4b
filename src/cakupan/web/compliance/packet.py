"""The packet of a Rapat Kepatuhan: everything the meeting reviews for a region on a date, as plain JSON-ready
values (no names, no NIKs), built from the selectors of the other apps. Each section says when it has no data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from cakupan.claims import DEATHS, ClaimState
from cakupan.compliance import obligations, summarise
from cakupan.compliance.sectors import kbli_section
from cakupan.web.accounts.scope import scope_q
from cakupan.web.benefits.models import Claim, ScholarshipPayment
from cakupan.web.compliance.models import RegionObligation
from cakupan.web.compliance.packet_jakon import jakon_section
from cakupan.web.compliance.packet_letters import letters_section
from cakupan.web.employers.compliance import employer_reviews
from cakupan.web.enrolment.models import FundingSource
from cakupan.web.enrolment.schedule import committed_cost
from cakupan.web.indicators.selectors import coverage_get, fact_period, indicator_figures
from cakupan.web.registry.models import Region
from cakupan.web.staff.coverage import staff_coverage
from cakupan.web.targets.selectors import target_for_region


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _coverage(region: Region, on: dt.date) -> dict[str, Any]:
    period = fact_period(as_of=on)
    if period is None:
        return {"available": False}
    figure = coverage_get(region_code=region.code, period=period)
    nagari = indicator_figures(region_code=region.code, period=period).get("nagari_participation", [])
    target = target_for_region(region_code=region.code)
    return {
        "available": True,
        "as_of": period.as_of.isoformat(),
        "active": figure.active_participants,
        "denominator": figure.denominator.value if figure.denominator else None,
        "denominator_source": figure.denominator.source if figure.denominator else "",
        "percent": _text(figure.percent),
        "target": None
        if target is None
        else {
            "value": _text(target.target_value),
            "date": target.target_date.isoformat(),
            "source": target.source_document,
        },
        "nagari": None
        if not nagari
        else {
            "with_scheme": nagari[0].numerator,
            "all": nagari[0].denominator,
            "percent": _text(nagari[0].value),
        },
    }


def _employers(region: Region, on: dt.date) -> dict[str, Any]:
    reviews = employer_reviews(region_code=region.code, on=on)
    counts = summarise((kbli_section(employer.kbli), review) for employer, review in reviews)
    return {key: count.as_dict() for key, count in counts.items()}


def _staff(region: Region, on: dt.date) -> list[dict[str, Any]]:
    totals: dict[str, dict[str, int]] = {}
    for row in staff_coverage(region_code=region.code, on=on):
        total = totals.setdefault(row.status, {"total": 0, "covered": 0})
        total["total"] += row.total
        total["covered"] += row.covered
    return [{"status": status, **values} for status, values in sorted(totals.items())]


def _budget(region: Region, on: dt.date) -> list[dict[str, Any]]:
    sources = FundingSource.objects.filter(scope_q("region__code", (region.code,)), fiscal_year=on.year)
    return [
        {"name": s.name, "kind": s.kind, "budget": s.budget, "committed": committed_cost(s.pk)}
        for s in sources.order_by("region_id", "name")
    ]


def _claims(region: Region, on: dt.date) -> dict[str, Any]:
    found = Claim.objects.filter(scope_q("region__code", (region.code,)), event_date__lte=on).exclude(
        state=ClaimState.WITHDRAWN.value
    )
    totals = found.aggregate(
        n_events=Count("pk"),
        n_covered=Count("pk", filter=Q(covered=True)),
        n_paid=Count("pk", filter=Q(state=ClaimState.PAID.value)),
        rupiah_paid=Sum("paid_amount", filter=Q(state=ClaimState.PAID.value)),
        n_uncovered=Count("pk", filter=Q(covered=False)),
        n_uncovered_deaths=Count("pk", filter=Q(covered=False, kind__in=[k.value for k in DEATHS])),
        rupiah_lost=Sum("forgone_total", filter=Q(covered=False)),
    )
    names = {
        "n_events": "events",
        "n_covered": "covered",
        "n_paid": "paid",
        "rupiah_paid": "paid_rupiah",
        "n_uncovered": "uncovered",
        "n_uncovered_deaths": "uncovered_deaths",
        "rupiah_lost": "lost",
    }
    scholarships = ScholarshipPayment.objects.filter(heir__claim__in=found, paid_on__lte=on).aggregate(
        s=Sum("amount")
    )
    return {names[key]: int(value or 0) for key, value in totals.items()} | {
        "scholarships": int(scholarships["s"] or 0)
    }


def _obligations(region: Region) -> list[dict[str, Any]]:
    recorded = {row.code: row for row in RegionObligation.objects.filter(region=region)}
    return [
        {
            "code": item.code,
            "id": item.indonesian,
            "en": item.english,
            "status": recorded[item.code].status if item.code in recorded else "belum",
            "evidence": " · ".join(
                v for v in (recorded[item.code].regulation, recorded[item.code].budget_line) if v
            )
            if item.code in recorded
            else "",
        }
        for item in obligations()
    ]


def packet_build(*, region: Region, on: dt.date) -> dict[str, Any]:
    """Every section of the packet for ``region`` as of ``on`` (aggregates only)."""
    return {
        "region": {"code": region.code, "name": region.name},
        "as_of": on.isoformat(),
        "coverage": _coverage(region, on),
        "employers": _employers(region, on),
        "jakon": jakon_section(region, on),
        "letters": letters_section(region, on),
        "staff": _staff(region, on),
        "budget": _budget(region, on),
        "claims": _claims(region, on),
        "obligations": _obligations(region),
    }
