"""Employers of a region reviewed by the pure core (``cakupan.compliance``): PWBD and PDS per employer, counted per
sector and kab/kota. The business scale comes from the OSS columns ``skala_usaha`` or ``modal_usaha`` when imported.

Only employers the OSS list has brought are reviewed: one known only from BPJSTK's data has no workforce or sector
to review against, and is counted apart (``employers_not_in_oss``) until the OSS list meets it."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from cakupan.compliance import ComplianceError, EmployerFacts, EmployerReview, review_employer
from cakupan.web.accounts.scope import scope_q
from cakupan.web.employers.models import Employer


def employer_facts(employer: Employer) -> EmployerFacts:
    """The facts the review reads. Raises ComplianceError for an employer not in the OSS list yet."""
    if employer.workforce is None:
        raise ComplianceError(
            f"Pemberi kerja NPP {employer.npp} belum ada di daftar OSS, jadi belum dapat dinilai.",
            f"Employer NPP {employer.npp} is not in the OSS list yet, so it cannot be reviewed.",
        )
    return EmployerFacts(
        nib=employer.nib or "",
        region=employer.region_id,
        workforce=employer.workforce,
        npp=employer.npp,
        workers_registered=employer.workers_registered,
        wages_reported=employer.wages_reported,
        programmes=tuple(p for p in employer.programmes.split(";") if p),
        scale=employer.scale,
        capital=employer.capital,
        kbli=employer.kbli,
    )


def employer_reviews(*, region_code: str, on: dt.date) -> list[tuple[Employer, EmployerReview]]:
    """Every employer located inside ``region_code``, with its review on ``on``."""
    employers = Employer.objects.filter(scope_q("region__code", (region_code,)), workforce__isnull=False)
    return [
        (employer, review_employer(employer_facts(employer), on=on)) for employer in employers.order_by("nib")
    ]


def employers_not_in_oss(*, region_code: str) -> QuerySet[Employer]:
    """Employers located inside ``region_code`` known only from BPJSTK's data (not reviewed), by name."""
    return Employer.objects.filter(scope_q("region__code", (region_code,)), workforce__isnull=True).order_by(
        "name", "npp"
    )
