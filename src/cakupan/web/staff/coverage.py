"""Are the Pemda's own people protected? Government staff (non-ASN, perangkat nagari, Bamus, kader, ASN) covered on
a date, per status and agency, and ASN who registered a family member, per agency (BRIEF §9; Pasaman Barat counts
3,805 perangkat nagari, Bamus and cadres uncovered). Aggregates only: no names or NIKs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from cakupan.web.accounts.scope import scope_q
from cakupan.web.membership.models import Membership
from cakupan.web.staff.models import AsnFamilyMember, Staff


@dataclass(frozen=True)
class StaffCoverage:
    status: str
    agency: str
    total: int
    linked: int  # found in the person registry by NIK
    covered: int  # with a membership active on the date

    @property
    def uncovered(self) -> int:
        return self.total - self.covered


def _active_on(on: dt.date) -> Exists:
    return Exists(
        Membership.objects.filter(person=OuterRef("person"), start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )
    )


def staff_coverage(*, region_code: str, on: dt.date) -> list[StaffCoverage]:
    """Per status and agency inside ``region_code``: staff, how many are in the registry, how many are covered.
    Staff not in the registry count as not covered (their membership cannot be seen)."""
    rows = (
        Staff.objects.filter(scope_q("region__code", (region_code,)))
        .annotate(active=_active_on(on))
        .values("status", "agency")
        .annotate(
            total=Count("pk"),
            linked=Count("pk", filter=Q(person__isnull=False)),
            covered=Count("pk", filter=Q(active=True)),
        )
        .order_by("status", "agency")
    )
    return [StaffCoverage(r["status"], r["agency"], r["total"], r["linked"], r["covered"]) for r in rows]


@dataclass(frozen=True)
class AsnFamilyCompliance:
    agency: str
    asn: int
    with_family_member: int  # ASN who registered at least one family member by the date


def asn_family_compliance(*, region_code: str, on: dt.date) -> list[AsnFamilyCompliance]:
    """Per agency inside ``region_code``: ASN staff, and how many registered a family member by ``on``."""
    registered = AsnFamilyMember.objects.filter(asn_nik=OuterRef("nik"), registered_on__lte=on)
    rows = (
        Staff.objects.filter(scope_q("region__code", (region_code,)), status="ASN")
        .annotate(has_member=Exists(registered))
        .values("agency")
        .annotate(asn=Count("pk"), with_member=Count("pk", filter=Q(has_member=True)))
        .order_by("agency")
    )
    return [AsnFamilyCompliance(r["agency"], r["asn"], r["with_member"]) for r in rows]
