"""Reads about employers: who is registered with BPJS Ketenagakerjaan, and how many of their workers are."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from cakupan.web.employers.models import Employer
from cakupan.web.membership.models import Membership


def employer_registered_workers(*, as_of: dt.date, user: object | None = None) -> QuerySet[Employer]:
    """Employers annotated with ``members_active``: the distinct persons with a PU membership active on ``as_of``
    whose ``npp`` is the employer's NPP (0 for an employer without NPP, a PWBD candidate).

    The count comes from the memberships Cakupan holds, so it can be set beside the employer's own figures
    (``workforce`` from OSS, ``workers_registered`` from BPJSTK). ``user`` limits to the employers they may see.
    """
    active = (
        Membership.objects.filter(employer_npp=OuterRef("npp"), segment="PU", start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
        .exclude(employer_npp="")
        .order_by()
        .values("employer_npp")
        .annotate(n=Count("person", distinct=True))
        .values("n")
    )
    employers = Employer.objects.all() if user is None else Employer.objects.visible_to(user)
    return employers.annotate(
        members_active=Coalesce(Subquery(active, output_field=IntegerField()), Value(0))
    ).order_by("name", "nib")


def employer_counts(*, user: object | None = None) -> dict[str, int]:
    """How many employers there are, and how many have no NPP (PWBD candidates)."""
    employers = Employer.objects.all() if user is None else Employer.objects.visible_to(user)
    return employers.aggregate(total=Count("id"), without_npp=Count("id", filter=Q(npp="")))
