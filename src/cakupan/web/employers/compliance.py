"""Employers of a region reviewed by the pure core (``cakupan.compliance``): PWBD and PDS per employer, counted per
sector and kab/kota. The business scale comes from the OSS columns ``skala_usaha`` or ``modal_usaha`` when imported."""

from __future__ import annotations

import datetime as dt

from cakupan.compliance import EmployerFacts, EmployerReview, review_employer
from cakupan.web.accounts.scope import scope_q
from cakupan.web.employers.models import Employer


def employer_facts(employer: Employer) -> EmployerFacts:
    return EmployerFacts(
        nib=employer.nib,
        region=employer.region_id,
        workforce=employer.workforce,
        npp=employer.npp,
        workers_registered=employer.workers_registered,
        wages_reported=employer.wages_reported,
        programmes=tuple(p for p in employer.programmes.split(";") if p),
        scale=employer.scale,
        capital=employer.capital,
    )


def employer_reviews(*, region_code: str, on: dt.date) -> list[tuple[Employer, EmployerReview]]:
    """Every employer located inside ``region_code``, with its review on ``on``."""
    employers = Employer.objects.filter(scope_q("region__code", (region_code,))).order_by("nib")
    return [(employer, review_employer(employer_facts(employer), on=on)) for employer in employers]
