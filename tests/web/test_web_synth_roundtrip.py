"""The synthetic population, imported through the user's importers, gives exactly the coverage it was built with."""

from __future__ import annotations

from pathlib import Path

import pytest

from cakupan.synth import generate
from cakupan.web.imports.services import import_batch_create
from cakupan.web.indicators.selectors import coverage_children, coverage_get, fact_period


@pytest.mark.django_db
def test_imported_synthetic_population_matches_its_manifest(sumbar_regions: None, tmp_path: Path) -> None:
    summary = generate(out_dir=tmp_path, scale=0.002, seed=3)
    persons = import_batch_create(source="persons", path=summary.persons.path).batch
    memberships = import_batch_create(source="memberships", path=summary.memberships.path).batch
    labour = import_batch_create(source="labour-force", path=summary.labour_force.path).batch

    d = summary.defects
    assert persons.rows_rejected == (
        d.persons_bad_nik
        + d.persons_unknown_region
        + d.persons_birth_date_mismatch
        + d.persons_duplicate_rows
    )
    assert memberships.rows_rejected == d.memberships_of_defective_persons + d.memberships_end_before_start
    assert labour.rows_rejected == 0

    period = fact_period(as_of=summary.reference_date)
    assert period is not None and period.as_of == summary.reference_date
    children = {c.region_code: c for c in coverage_children(region_code="13", period=period)}
    assert len(children) == 19
    for region in summary.regions:
        figure = children[region.code]
        assert figure.active_participants == region.expected_active, region.name
        assert figure.denominator is not None and figure.denominator.value == region.labour_force

    province = coverage_get(region_code="13", period=period)
    assert province.active_participants == summary.expected_active
