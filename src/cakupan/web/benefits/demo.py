"""Example claims for the demo, in Kab. Solok (where claims paid are already reported): a paid death with two
children at school, a death with its documents complete, a work accident submitted to BPJSTK, and deaths of
workers who were not protected (the cost of non-coverage). Persons and memberships are the synthetic registry's;
the events, heirs and payments are invented and said to be."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from cakupan import claims
from cakupan.claims import ClaimAction, EventKind, Relation
from cakupan.web.benefits.models import Claim
from cakupan.web.benefits.services import (
    claim_documents_set,
    claim_move,
    claim_report,
    claim_required_documents,
)
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person

SOLOK = "13.02"
EVENT = dt.date(2025, 3, 15)
NOTE = "Contoh demo: peristiwa dan ahli waris rekaan."


def _family(person: Person) -> list[claims.Heir]:
    surname = person.name.split()[-1] if person.name.split() else "DEMO"
    return [
        claims.Heir(name=f"ISTRI {surname}", relation=Relation.SPOUSE, birth_date=dt.date(1988, 4, 2)),
        claims.Heir(
            name=f"ANAK SATU {surname}",
            relation=Relation.CHILD,
            birth_date=dt.date(2008, 9, 1),
            school_level="SMA",
        ),
        claims.Heir(
            name=f"ANAK DUA {surname}",
            relation=Relation.CHILD,
            birth_date=dt.date(2016, 5, 1),
            school_level="SD",
        ),
    ]


def _complete(claim: Claim) -> Claim:
    codes = {d.code for d in claim_required_documents(claim)}
    claim = claim_documents_set(claim=claim, received=codes, by=None)
    return claim_move(claim=claim, action=ClaimAction.COMPLETE, by=None, on=dt.date(2025, 4, 1))


def benefits_demo_seed() -> int:
    """Report the example events once (a second demo run leaves them); returns how many claims were made."""
    if Claim.objects.filter(description=NOTE).exists():
        return 0
    active = Q(start_date__lte=EVENT) & (Q(end_date__isnull=True) | Q(end_date__gte=EVENT))
    covered_ids = (
        Membership.objects.filter(
            active, programmes__contains="JKM", person__region__code__startswith=SOLOK + "."
        )
        .order_by("start_date", "person_id")  # the longest-protected first: the paid death has scholarships
        .values_list("person_id", flat=True)
    )
    chosen = list(dict.fromkeys(covered_ids[:10]))[:3]
    by_pk = Person.objects.in_bulk(chosen)
    covered = [by_pk[pk] for pk in chosen]
    uncovered = list(
        Person.objects.filter(
            region__code__startswith=SOLOK + ".", sector="informal", birth_date__lt=dt.date(1990, 1, 1)
        )
        .exclude(memberships__isnull=False)
        .order_by("pk")[:2]
    )
    made = 0
    for number, person in enumerate(covered):
        kind = EventKind.WORK_ACCIDENT if number == 2 else EventKind.DEATH
        claim = claim_report(
            person=person,
            kind=kind,
            event_date=EVENT,
            heirs=[] if kind is EventKind.WORK_ACCIDENT else _family(person),
            unable_days=45 if kind is EventKind.WORK_ACCIDENT else None,
            description=NOTE,
            by=None,
        )
        made += 1
        claim = _complete(claim)
        if number == 0 and claim.covered:
            claim = claim_move(
                claim=claim, action=ClaimAction.SUBMIT, by=None, on=dt.date(2025, 4, 7), reference="DEMO-1"
            )
            claim_move(
                claim=claim, action=ClaimAction.PAY, by=None, on=dt.date(2025, 5, 2), amount=claim.due_total
            )
        elif number == 2 and claim.covered:
            claim_move(
                claim=claim, action=ClaimAction.SUBMIT, by=None, on=dt.date(2025, 4, 7), reference="DEMO-2"
            )
    for person in uncovered:
        claim_report(
            person=person,
            kind=EventKind.DEATH,
            event_date=EVENT,
            heirs=_family(person),
            description=NOTE,
            by=None,
        )
        made += 1
    return made
