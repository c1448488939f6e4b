"""The BPJSTK registration file is complete: for a worker whose registry record has every field filled, every
column of the layout holds a value, except the columns the layout names as filled outside Cakupan (with the
reason). Read back cell by cell the way BPJSTK's side reads it (calamine through polars)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from django.db import models

from cakupan.enrolment.layout import FIELDS, FILLED_OUTSIDE, load_layout
from cakupan.web.enrolment import batches as svc
from cakupan.web.enrolment.bpjstk_files import batch_export
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch
from cakupan.web.enrolment.registration import SNAPSHOT, SOURCES
from cakupan.web.registry.models import Person
from enrolment_world import World, world_create

pytestmark = pytest.mark.django_db

KK = "1302050101850001"


@pytest.fixture
def world(sumbar_regions: None) -> World:
    world = world_create(workers=2)
    for serial, person in enumerate(world.persons, start=1):
        person.kk_number = f"{KK[:-1]}{serial}"
        person.save(update_fields=["kk_number"])
    return world


def _registry_fields_all_filled(person: Person) -> None:
    """The test is only honest if the person really has every registry field: fail loudly when one is empty."""
    for field in Person._meta.concrete_fields:
        if isinstance(field, models.AutoField) or field.name == "import_batch":
            continue
        assert getattr(person, field.attname) not in (None, ""), field.name


def _exported(world: World) -> tuple[EnrolmentBatch, pl.DataFrame]:
    batch = svc.batch_create(
        scheme=world.scheme,
        source=world.source,
        name="Batch lengkap",
        members=[(p.pk, 10) for p in world.persons],
        by=world.maker,
    )
    svc.batch_verify(batch=batch, by=world.maker)
    batch = svc.batch_approve(batch=batch, by=world.checker)
    content = batch_export(batch=batch, by=world.bpjs)
    layout = load_layout()
    frame = pl.read_excel(
        content,
        engine="calamine",
        sheet_name=layout.sheet,
        infer_schema_length=0,  # every cell as text, as written
    )
    return batch, frame


def test_every_layout_column_is_filled_for_a_person_with_every_registry_field(world: World) -> None:
    for person in world.persons:
        person.refresh_from_db()
        _registry_fields_all_filled(person)
    _batch, frame = _exported(world)
    layout = load_layout()
    assert frame.columns == [c.header for c in layout.columns]
    assert frame.height == len(world.persons)
    empty = [
        column.header
        for column in layout.columns
        if column.field not in FILLED_OUTSIDE
        and frame.get_column(column.header).fill_null("").str.strip_chars().eq("").any()
    ]
    assert empty == []


def test_the_kk_number_and_the_batch_columns_hold_the_registry_and_batch_values(world: World) -> None:
    batch, frame = _exported(world)
    by_nik = {row["NIK"]: row for row in frame.iter_rows(named=True)}
    for person in world.persons:
        row = by_nik[person.nik]
        assert row["NOMOR KK"] == person.kk_number
        assert row["NAMA SESUAI KTP"] == person.name
        assert row["ALAMAT"] == person.address
        assert row["KODE WILAYAH"] == person.region_id
        assert row["LOKASI KERJA"] == "Supayang"
        assert row["PROGRAM"] == "JKK, JKM"
        assert row["PENGHASILAN"] == "1000000"
        assert row["JUMLAH BULAN"] == "12"
        assert row["PEMBAYAR IURAN"] == "APB Nagari Supayang 2026"
        # dates are date cells shown as dd-mm-yyyy; read as text they must not be empty
        assert row["TANGGAL MULAI"] and row["TANGGAL AKHIR"] and row["TANGGAL LAHIR"]
    assert batch.start_date == dt.date(2026, 1, 1)


def test_the_kk_number_is_frozen_at_approval_like_the_other_identity_fields(world: World) -> None:
    batch, _frame = _exported(world)
    person = world.persons[0]
    frozen = BatchMember.objects.get(batch=batch, person=person)
    assert frozen.kk_number == person.kk_number
    Person.objects.filter(pk=person.pk).update(kk_number="9999999999999999")
    assert BatchMember.objects.get(pk=frozen.pk).kk_number == person.kk_number  # the snapshot does not follow


def test_one_mapping_covers_every_layout_field_and_names_why_a_column_stays_blank() -> None:
    assert set(SOURCES) | set(FILLED_OUTSIDE) == set(FIELDS)
    assert not set(SOURCES) & set(FILLED_OUTSIDE)
    assert all(reason.strip() for reason in FILLED_OUTSIDE.values())
    person_fields = {f.attname for f in Person._meta.concrete_fields}
    member_fields = {f.attname for f in BatchMember._meta.concrete_fields}
    for layout_field, person_field in SNAPSHOT.items():
        assert person_field in person_fields and layout_field in member_fields
    # every registry field a layout column can carry is carried: the KK number among them
    assert {"nik", "kk_number", "name", "birth_date", "sex", "occupation", "address"} <= set(SNAPSHOT)
