"""Synthetic population of a province for demos, tests and benchmarks (no real person is in it).

``generate`` writes ``persons.csv``, ``memberships.csv``, ``labour_force.csv`` and ``manifest.json``. The
output depends only on the arguments (never on today's date) and is byte-identical for the same arguments.
Figures come from ``calibration.yaml``; a few percent of rows carry deliberate defects for the importers.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np

from cakupan.synth.calibration import Calibration, load_calibration
from cakupan.synth.defects import PersonDefect, PersonDefects, draw_defects
from cakupan.synth.demography import build_demography
from cakupan.synth.geography import Geography, kab_populations, place_people
from cakupan.synth.identity import build_identity
from cakupan.synth.memberships import CONSTRUCTION_WORKER, PALM_OIL_WORKER, Workforce, build_memberships
from cakupan.synth.sampling import (
    STAGE_DEFECTS,
    STAGE_GEOGRAPHY,
    STAGE_IDENTITY,
    STAGE_MEMBERSHIPS,
    STAGE_PEOPLE,
    STAGE_WORK,
    IntArray,
    stage_rng,
)
from cakupan.synth.summary import DefectCounts, FileSummary, RegionSummary, SynthSummary
from cakupan.synth.work import Occupations, build_work
from cakupan.synth.writer import (
    LABOUR_FORCE_FILE,
    MANIFEST_FILE,
    MEMBERSHIPS_FILE,
    PERSONS_FILE,
    labour_force_frame,
    memberships_frame,
    period_of,
    persons_frame,
    source_text,
    write_csv,
    write_manifest,
    written_niks,
)

__all__ = ["DefectCounts", "FileSummary", "RegionSummary", "SynthSummary", "generate", "load_calibration"]


# The day the synthetic population describes (calibrated to mid-2025 published figures).
REFERENCE_DATE = dt.date(2025, 6, 30)


def _check_arguments(province: str, scale: float, seed: int, calibration: Calibration) -> None:
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not math.isfinite(scale):
        raise ValueError(f"Skala harus berupa angka, bukan {scale!r}.")
    if not 0 < scale <= 1:
        raise ValueError(
            f"Skala harus lebih dari 0 dan paling besar 1 (1 = seluruh provinsi), bukan {scale}."
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"Seed harus bilangan bulat tidak negatif, bukan {seed!r}.")
    if province != calibration.province_code:
        raise ValueError(
            f"Data sintetis hanya dapat dibuat untuk provinsi {calibration.province_code} "
            f"({calibration.province_name}); tabel kalibrasi untuk provinsi {province!r} belum ada."
        )


def generate(
    *,
    out_dir: Path,
    province: str = "13",
    scale: float = 0.05,
    seed: int = 1,
    reference_date: dt.date = REFERENCE_DATE,
) -> SynthSummary:
    """Write a synthetic population of ``scale`` times the province's residents into ``out_dir``."""
    calibration = load_calibration()
    _check_arguments(province, scale, seed, calibration)
    geo = Geography.load(province)
    kab_codes = geo.kab_codes()
    if sorted(r.code for r in calibration.regions) != kab_codes:
        raise ValueError("Tabel kalibrasi tidak memuat kabupaten/kota yang sama dengan daftar wilayah.")

    desa = place_people(geo, kab_populations(geo, calibration, scale), stage_rng(seed, STAGE_GEOGRAPHY))
    kab, kec = geo.desa_kab[desa], geo.desa_kec[desa]
    demography = build_demography(
        desa,
        geo.desa_kab,
        geo.kab_is_kota,
        calibration,
        reference_date=reference_date,
        rng=stage_rng(seed, STAGE_PEOPLE),
    )
    occupations = Occupations.of(calibration)
    work = build_work(
        kab,
        demography.age,
        demography.female,
        calibration,
        kab_codes=kab_codes,
        kab_is_kota=geo.kab_is_kota,
        occupations=occupations,
        rng=stage_rng(seed, STAGE_WORK),
    )
    identity = build_identity(
        kab=kab,
        kec=kec,
        demography_household=demography.household,
        household_first=demography.household_first,
        is_spouse=demography.is_spouse,
        female=demography.female,
        birth=demography.birth,
        desa_is_kelurahan=geo.desa_is_kelurahan,
        desa=desa,
        kab_codes=kab_codes,
        kab_is_kota=geo.kab_is_kota,
        kec_digits=geo.kec_digits,
        retired_digits=geo.retired_kecamatan_digits(),
        reference_date=reference_date,
        rng=stage_rng(seed, STAGE_IDENTITY),
    )
    defects = draw_defects([r.code for r in geo.desa], desa, geo.codes, stage_rng(seed, STAGE_DEFECTS))
    pu_eligible = np.array(occupations.pu_eligible, dtype=np.bool_)[work.occupation]
    workforce = Workforce(
        kab=kab,
        in_kelurahan=geo.desa_is_kelurahan[desa],
        labour_force=work.labour_force,
        worker=work.worker,
        formal=work.formal,
        pu_eligible=pu_eligible & work.formal,
        palm_oil_worker=work.worker & (work.occupation == occupations.index(PALM_OIL_WORKER)),
        construction_worker=work.worker & (work.occupation == occupations.index(CONSTRUCTION_WORKER)),
        desil=demography.desil,
        clean=defects.clean,
        defective=defects.defective,
    )
    memberships = build_memberships(
        workforce,
        calibration,
        kab_codes=kab_codes,
        scale=scale,
        reference_date=reference_date,
        rng=stage_rng(seed, STAGE_MEMBERSHIPS),
    )

    out_dir.mkdir(parents=True, exist_ok=True)
    nik = written_niks(identity, defects, demography.female)
    persons_table = persons_frame(
        geo=geo,
        desa=desa,
        demography=demography,
        work=work,
        identity=identity,
        defects=defects,
        occupations=occupations,
        nik=nik,
    )
    persons = write_csv(persons_table, out_dir / PERSONS_FILE)
    membership_file = write_csv(memberships_frame(memberships, nik), out_dir / MEMBERSHIPS_FILE)
    labour_table = labour_force_frame(
        geo,
        kab=kab,
        kec=kec,
        labour_force=work.labour_force,
        period=period_of(reference_date),
        source=source_text(seed, scale),
    )
    labour = write_csv(labour_table, out_dir / LABOUR_FORCE_FILE)

    active = (
        memberships.active_on(reference_date) & memberships.well_ordered & defects.clean[memberships.person]
    )
    active_people = np.unique(memberships.person[active])
    summary = SynthSummary(
        province=province,
        seed=seed,
        scale=scale,
        reference_date=reference_date,
        persons=persons,
        memberships=membership_file,
        labour_force=labour,
        manifest_path=out_dir / MANIFEST_FILE,
        people=int(desa.size),
        nik_moved=int(identity.moved.sum()),
        nik_retired_kecamatan=int(identity.retired_kecamatan.sum()),
        defects=_defect_counts(defects, memberships.person, memberships.well_ordered),
        regions=_regions(
            geo,
            calibration,
            kab=kab,
            labour_force=work.labour_force,
            informal=work.worker & ~work.formal,
            worker=work.worker,
            active_people=active_people,
        ),
    )
    write_manifest(summary.to_manifest(), summary.manifest_path)
    return summary


def _defect_counts(defects: PersonDefects, person: IntArray, well_ordered: np.ndarray) -> DefectCounts:
    kind = defects.kind
    return DefectCounts(
        persons_bad_nik=int((kind == PersonDefect.BAD_NIK).sum()),
        persons_unknown_region=int((kind == PersonDefect.UNKNOWN_REGION).sum()),
        persons_birth_date_mismatch=int((kind == PersonDefect.BIRTH_DATE_MISMATCH).sum()),
        persons_duplicate_rows=int(defects.duplicate.sum()),
        memberships_of_defective_persons=int(defects.defective[person].sum()),
        memberships_end_before_start=int((~well_ordered).sum()),
    )


def _regions(
    geo: Geography,
    calibration: Calibration,
    *,
    kab: IntArray,
    labour_force: np.ndarray,
    informal: np.ndarray,
    worker: np.ndarray,
    active_people: IntArray,
) -> tuple[RegionSummary, ...]:
    n_kab = len(geo.kabkota)

    def count(values: IntArray) -> list[int]:
        return [int(v) for v in np.bincount(values, minlength=n_kab)]

    population, lf = count(kab), count(kab[labour_force])
    workers, informal_workers, active = count(kab[worker]), count(kab[informal]), count(kab[active_people])
    return tuple(
        RegionSummary(
            code=region.code,
            name=region.name,
            population=population[k],
            labour_force=lf[k],
            workers=workers[k],
            informal_workers=informal_workers[k],
            expected_active=active[k],
            coverage_target_percent=calibration.region(region.code).coverage_percent,
        )
        for k, region in enumerate(geo.kabkota)
    )
