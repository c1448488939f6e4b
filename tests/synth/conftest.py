"""Fixtures for the synthetic-population tests: one generated data set per session, read back from the files,
and an importer-like check of every row with the project's own rules (NIK, region codes, duplicates)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from synth_support import REFERENCE, SCALE, SEED, Checked, Generated, read_text_csv

from cakupan.core.nik import check_nik
from cakupan.core.regions import RegionIndex, level_of, load_province
from cakupan.synth import generate


@pytest.fixture(scope="session")
def known_regions() -> RegionIndex:
    return RegionIndex.of(load_province("13"))


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    out = tmp_path_factory.mktemp("synth")
    summary = generate(out_dir=out, scale=SCALE, seed=SEED, reference_date=REFERENCE)
    return Generated(
        summary=summary,
        manifest=json.loads(summary.manifest_path.read_text(encoding="utf-8")),
        persons=read_text_csv(summary.persons.path),
        memberships=read_text_csv(summary.memberships.path),
        labour_force=read_text_csv(summary.labour_force.path),
    )


@pytest.fixture(scope="session")
def checked(generated: Generated, known_regions: RegionIndex) -> Checked:
    nik_errors: list[tuple[str, ...]] = []
    nik_warnings: list[tuple[str, ...]] = []
    region_known: list[bool] = []
    repeated: list[bool] = []
    accepted: dict[str, str] = {}
    seen: set[tuple[str | None, ...]] = set()
    for row in generated.persons.iter_rows():
        nik, birth, sex, region = row[0], dt.date.fromisoformat(row[3]), row[4], row[5]
        result = check_nik(nik, known_regions=known_regions, birth_date=birth, sex=sex)
        nik_errors.append(tuple(p.code for p in result.errors))
        nik_warnings.append(tuple(p.code for p in result.warnings))
        known = region in known_regions and level_of(region) == 4
        region_known.append(known)
        repeated.append(row in seen)
        if result.is_valid and known and row not in seen:
            accepted[nik] = region
        seen.add(row)
    return Checked(nik_errors, nik_warnings, region_known, repeated, accepted)
