"""Construction projects (Jakon) of a region reviewed by the pure core (``cakupan.compliance.jakon``): registered
with BPJS Ketenagakerjaan in time, late, within the deadline, past it, or finished without registration."""

from __future__ import annotations

import datetime as dt

from cakupan.compliance import ProjectFacts, ProjectReview, review_project
from cakupan.web.accounts.scope import scope_q
from cakupan.web.employers.models import ConstructionProject


def project_facts(project: ConstructionProject) -> ProjectFacts:
    return ProjectFacts(
        code=project.code,
        region=project.region_id,
        spk_date=project.spk_date,
        contract_value=project.contract_value,
        finished_on=project.finished_on,
        registration_number=project.registration_number,
        registered_on=project.registered_on,
    )


def project_reviews(*, region_code: str, on: dt.date) -> list[tuple[ConstructionProject, ProjectReview]]:
    """Every project located inside ``region_code`` whose SPK was signed by ``on``, with its review on ``on``
    (oldest SPK first). A project signed after ``on`` did not exist yet on that day and is left out."""
    projects = ConstructionProject.objects.filter(
        scope_q("region__code", (region_code,)), spk_date__lte=on
    ).order_by("spk_date", "code")
    return [(project, review_project(project_facts(project), on=on)) for project in projects]
