"""A small world for the enrolment tests: Nagari Supayang (Kab. Solok) with workers, an APB Nagari budget, a
scheme, and the officers of the maker-checker chain. Shared by the web enrolment tests (not a test module)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cakupan.core.access import Role
from cakupan.core.nik import make_nik
from cakupan.web.accounts.services import user_create
from cakupan.web.enrolment.models import FundingSource, Scheme
from cakupan.web.enrolment.services import funding_source_save, scheme_save
from cakupan.web.registry.models import Person, Region

SOLOK = "13.02"
KECAMATAN = "13.02.05"
SUPAYANG = "13.02.05.2001"
PASSWORD = "kata-sandi-uji-123"


@dataclass
class World:
    maker: Any
    checker: Any
    bpjs: Any
    persons: list[Person]
    source: FundingSource
    scheme: Scheme


def person_create(
    serial: int,
    *,
    decile: int | None = 2,
    occupation: str = "Petani/Pekebun",
    sector: str = "informal",
    birth: dt.date = dt.date(1985, 7, 1),
    kk: str = "",
    region: str = SUPAYANG,
) -> Person:
    nik = make_nik(kecamatan_code=KECAMATAN, birth_date=birth, sex="L", serial=serial)  # type: ignore[arg-type]
    return Person.objects.create(
        nik=nik,
        kk_number=kk,
        name=f"WARGA {serial}",
        birth_date=birth,
        sex="L",
        region_id=region,
        address="Jorong Koto",
        occupation=occupation,
        sector=sector,
        decile=decile,
    )


def world_create(*, workers: int = 4, budget: int | None = None) -> World:
    maker = user_create(username="operator", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=[SOLOK])
    checker = user_create(username="kadis", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=[SOLOK])
    bpjs = user_create(username="bpjs", password=PASSWORD, role=Role.BPJSTK_OFFICER, region_codes=[SOLOK])
    persons = [person_create(k + 1, decile=(k % 10) + 1) for k in range(workers)]
    source = funding_source_save(
        values={
            "region": Region.objects.get(code=SUPAYANG),
            "kind": "apb_nagari",
            "name": "APB Nagari Supayang 2026",
            "fiscal_year": 2026,
            "budget": budget if budget is not None else 16_800 * 12 * workers,
            "months": 12,
            "earmark_regions": "",
            "earmark_sectors": "",
            "earmark_occupations": "",
            "earmark_max_decile": None,
            "legal_basis": "Perbup Solok 2/2025",
        },
        by=maker,
    )
    scheme = scheme_save(
        values={
            "region": Region.objects.get(code=SUPAYANG),
            "name": "Pekerja rentan Supayang 2026",
            "fiscal_year": 2026,
            "start_date": dt.date(2026, 1, 1),
            "programmes": "JKK;JKM",
            "income_basis": 1_000_000,
            "min_age": 15,
            "max_age": None,
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
        },
        sources=[source],
        by=maker,
    )
    return World(maker, checker, bpjs, persons, source, scheme)


def batch_exported(world: World) -> Any:
    """A batch of every worker, verified, approved and exported for BPJSTK (ready for BPJSTK's answer)."""
    from cakupan.web.enrolment import batches
    from cakupan.web.enrolment.bpjstk_files import batch_export

    batch = batches.batch_create(
        scheme=world.scheme,
        source=world.source,
        name="Batch uji",
        members=[(p.pk, 10) for p in world.persons],
        by=world.maker,
    )
    batches.batch_verify(batch=batch, by=world.maker)
    batches.batch_approve(batch=batch, by=world.checker)
    batch_export(batch=batch, by=world.bpjs)
    batch.refresh_from_db()
    return batch
