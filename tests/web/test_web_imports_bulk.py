"""bulk.upsert: new rows inserted plainly, stored ones updated, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from django.db import connection
from django.utils import timezone

from cakupan.web.imports.bulk import stored_mask, upsert
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person

DESA, KOTA = "13.02.05.2001", "13.71.01.1001"
COLUMNS = [
    "nik",
    "kk_number",
    "name",
    "birth_date",
    "sex",
    "region",
    "address",
    "occupation",
    "sector",
    "decile",
    "created_at",
    "updated_at",
]
UPDATE = ["kk_number", "name", "birth_date", "sex", "region", "address", "decile", "updated_at"]


def persons(rows: list[tuple[object, ...]], now: dt.datetime) -> pl.DataFrame:
    """Rows of (nik, name, birth date, region, address, decile) as the writers hand them to upsert."""
    frame = pl.DataFrame(
        rows,
        schema={
            "nik": pl.String,
            "nama": pl.String,
            "tanggal_lahir": pl.Date,
            "kode_wilayah": pl.String,
            "alamat": pl.String,
            "desil": pl.Int8,
        },
        orient="row",
    )
    return frame.select(
        "nik",
        pl.lit("").alias("no_kk"),
        "nama",
        "tanggal_lahir",
        pl.lit("P").alias("jenis_kelamin"),
        "kode_wilayah",
        "alamat",
        pl.lit("").alias("pekerjaan"),
        pl.lit("").alias("sektor"),
        "desil",
        pl.lit(now).alias("_created_at"),
        pl.lit(now).alias("_updated_at"),
    )


def stored(nik: str) -> tuple[object, ...]:
    return Person.objects.values_list("name", "birth_date", "region_id", "address", "decile").get(nik=nik)


@pytest.mark.django_db
def test_new_rows_are_inserted_and_stored_rows_updated_in_one_call(sumbar_regions: None) -> None:
    before = timezone.now() - dt.timedelta(days=1)
    kept = Person.objects.create(
        nik="1302054107850003", name="SITI", birth_date=dt.date(1985, 7, 1), sex="P", region_id=DESA
    )
    Person.objects.filter(pk=kept.pk).update(created_at=before, updated_at=before)
    now = timezone.now()
    frame = persons(
        [
            ("1302051507900001", "BUDI", dt.date(1990, 7, 15), DESA, "", None),  # new: empty text, no decile
            ("1302054107850003", "SITI RAHMAH", dt.date(1985, 7, 1), KOTA, "Jorong Koto", 3),  # stored
            ("1371010101000002", "ANI", dt.date(2000, 1, 1), KOTA, 'Jl. "Baru"\nNo. 1', 10),  # new
        ],
        now,
    )
    upsert(Person, columns=COLUMNS, rows=frame, conflict=["nik"], update=UPDATE)

    assert Person.objects.count() == 3
    assert stored("1302051507900001") == ("BUDI", dt.date(1990, 7, 15), DESA, "", None)
    assert stored("1302054107850003") == ("SITI RAHMAH", dt.date(1985, 7, 1), KOTA, "Jorong Koto", 3)
    assert stored("1371010101000002") == ("ANI", dt.date(2000, 1, 1), KOTA, 'Jl. "Baru"\nNo. 1', 10)
    siti = Person.objects.get(nik="1302054107850003")
    assert siti.pk == kept.pk
    assert siti.created_at == before  # an update keeps when the record was created
    assert siti.updated_at == now
    assert Person.objects.get(nik="1371010101000002").created_at == now


@pytest.mark.django_db
def test_a_key_twice_in_one_call_leaves_the_later_row(sumbar_regions: None) -> None:
    now = timezone.now()
    frame = persons(
        [
            ("1302051507900001", "BUDI", dt.date(1990, 7, 15), DESA, "lama", 1),
            ("1302051507900001", "BUDI SANTOSO", dt.date(1990, 7, 15), DESA, "baru", 2),
        ],
        now,
    )
    upsert(Person, columns=COLUMNS, rows=frame, conflict=["nik"], update=UPDATE)
    assert stored("1302051507900001") == ("BUDI SANTOSO", dt.date(1990, 7, 15), DESA, "baru", 2)


@pytest.mark.django_db
def test_stored_mask_flags_each_row_by_its_whole_key(sumbar_regions: None) -> None:
    person = Person.objects.create(
        nik="1302054107850003", name="SITI", birth_date=dt.date(1985, 7, 1), sex="P", region_id=DESA
    )
    Membership.objects.create(
        person=person,
        kpj="1",
        segment="BPU",
        programmes="JKK;JKM",
        start_date=dt.date(2024, 1, 1),
        wage_basis=1_000_000,
        payer="apbd",
    )
    rows = pl.DataFrame(
        {
            "person": [person.pk, person.pk, person.pk, person.pk + 1000],
            "segment": ["BPU", "PU", "BPU", "BPU"],
            "start_date": [
                dt.date(2024, 1, 1),
                dt.date(2024, 1, 1),
                dt.date(2024, 2, 1),
                dt.date(2024, 1, 1),
            ],
        }
    )
    mask = stored_mask(Membership, key=("person", "segment", "start_date"), rows=rows)
    assert mask.to_list() == [True, False, False, False]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan')")
            assert cursor.fetchone()[0] == "on"  # the lookup's planner setting does not outlive it


@pytest.mark.django_db
def test_stored_mask_of_no_rows() -> None:
    rows = pl.DataFrame({"nik": []}, schema={"nik": pl.String})
    assert stored_mask(Person, key=("nik",), rows=rows).to_list() == []
