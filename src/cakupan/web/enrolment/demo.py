"""Example budgets and schemes for the demo, from BRIEF §1, with amounts scaled to the synthetic population:
Kota Padang's city budget for vulnerable workers (3,000 workers × Rp 16,800 × 12 = Rp 604,800,000 at full
scale) with a CSR contribution for traders, and Pasaman Barat's DBH Sawit cohort (7,723 palm-oil workers for
3 months) beside its APBD. Nothing is computed or enrolled: the user does that in the browser."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cakupan.rules import lowest_bpu_contribution
from cakupan.web.enrolment.models import FundingSource, Scheme
from cakupan.web.enrolment.services import funding_source_save, scheme_save
from cakupan.web.registry.models import Region

START = dt.date(2026, 1, 1)


def _source(
    *, region: str, kind: str, name: str, workers: int, months: int, note: str, **earmark: Any
) -> FundingSource:
    values = {
        "region": Region.objects.get(code=region),
        "kind": kind,
        "name": name,
        "fiscal_year": START.year,
        "budget": workers * lowest_bpu_contribution(on=START).total * months,
        "months": months,
        "earmark_regions": "",
        "earmark_sectors": "",
        "earmark_occupations": "",
        "earmark_max_decile": None,
        "legal_basis": note,
    } | earmark
    return funding_source_save(values=values, by=None)


def _scheme(*, region: str, name: str, sources: list[FundingSource], **rules: Any) -> Scheme:
    values = {
        "region": Region.objects.get(code=region),
        "name": name,
        "fiscal_year": START.year,
        "start_date": START,
        "programmes": "JKK;JKM",
        "income_basis": 1_000_000,
        "min_age": 15,
        "max_age": 65,
        "sectors": "informal",
        "max_decile": None,
        "occupations": "",
        "special_groups": "",
        "exclude_active": True,
        "weight_decile": 10,
        "weight_risk": 5,
        "weight_head": 10,
        "weight_dependants": 3,
        "max_dependants": 5,
    } | rules
    return scheme_save(values=values, sources=sources, by=None)


def enrolment_demo_seed(*, scale: float) -> int:
    """Create the example sources and schemes once (a second demo run leaves them); returns how many schemes
    were created."""
    if Scheme.objects.filter(name__startswith="Demo:").exists():
        return 0

    def scaled(workers: int) -> int:
        return max(1, round(workers * scale))

    demo = f"Demo: jumlah × skala {scale}"
    padang = _source(
        region="13.71",
        kind="apbd_kabkota",
        name="APBD Kota Padang 2026 (pekerja rentan)",
        workers=scaled(3_000),
        months=12,
        note=f"{demo}; 3.000 pekerja × Rp 16.800 × 12",
    )
    csr = _source(
        region="13.71",
        kind="csr",
        name="CSR untuk pedagang Kota Padang 2026",
        workers=scaled(500),
        months=12,
        note=demo,
        earmark_occupations="Pedagang",
    )
    sawit = _source(
        region="13.12",
        kind="dbh_sawit",
        name="DBH Sawit Pasaman Barat 2026",
        workers=scaled(7_723),
        months=3,
        note=f"{demo}; 7.723 pekerja sawit, 3 bulan",
        earmark_occupations="Buruh Kebun Sawit",
    )
    pasbar = _source(
        region="13.12",
        kind="apbd_kabkota",
        name="APBD Pasaman Barat 2026",
        workers=scaled(2_000),
        months=12,
        note=demo,
    )
    _scheme(region="13.71", name="Demo: Pekerja rentan Kota Padang 2026", sources=[padang, csr], max_decile=4)
    _scheme(region="13.12", name="Demo: Pekerja rentan Pasaman Barat 2026", sources=[sawit, pasbar])
    return 2
