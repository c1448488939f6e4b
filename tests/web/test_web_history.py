"""An updated file updates the changed records and keeps their history: who, when, which import, old -> new."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cakupan.core.access import Role
from cakupan.ingest.schemas import PERSONS
from cakupan.web.accounts.services import user_create
from cakupan.web.history.models import RecordChange
from cakupan.web.history.selectors import record_history
from cakupan.web.imports.services import import_batch_create
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person
from factories import membership_row, person_row, write_csv, write_memberships, write_persons

pytestmark = pytest.mark.django_db
DESA = "13.02.05.2001"
OTHER_DESA = "13.02.05.2002"


def _people(n: int) -> list[dict[str, str]]:
    return [person_row(kecamatan=DESA[:8], desa=DESA, serial=i + 1) for i in range(n)]


def test_first_import_records_no_history(sumbar_regions: None, tmp_path: Path) -> None:
    outcome = import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", _people(3)))
    assert outcome.batch.rows_created == 3
    assert not RecordChange.objects.exists()


def test_updated_file_records_old_and_new_values(sumbar_regions: None, tmp_path: Path) -> None:
    user = User.objects.create_user("operator")
    rows = _people(3)
    import_batch_create(source="persons", path=write_persons(tmp_path / "v1.csv", rows))
    rows[0] = {**rows[0], "nama": "NAMA BARU", "desil": "3"}
    rows[1] = {**rows[1], "kode_wilayah": OTHER_DESA}
    outcome = import_batch_create(source="persons", path=write_persons(tmp_path / "v2.csv", rows), user=user)

    assert (outcome.batch.rows_created, outcome.batch.rows_updated) == (0, 3)
    first = Person.objects.get(nik=rows[0]["nik"])
    moved = Person.objects.get(nik=rows[1]["nik"])
    assert first.name == "NAMA BARU" and moved.region_id == OTHER_DESA
    [change] = record_history(entity="persons", object_id=first.pk)
    assert change.changes == {"name": ["WARGA UJI", "NAMA BARU"], "decile": [None, "3"]}
    assert change.batch == outcome.batch and change.changed_by == user
    [move] = record_history(entity="persons", object_id=moved.pk)
    assert move.changes == {"region": [DESA, OTHER_DESA]}
    unchanged = Person.objects.get(nik=rows[2]["nik"])
    assert not record_history(entity="persons", object_id=unchanged.pk).exists()


def test_columns_absent_from_the_file_are_neither_overwritten_nor_recorded(
    sumbar_regions: None, tmp_path: Path
) -> None:
    rows = [{**r, "desil": "2"} for r in _people(1)]
    import_batch_create(source="persons", path=write_persons(tmp_path / "v1.csv", rows))
    without_decile = [c for c in PERSONS.names if c != "desil"]
    update = [{k: v for k, v in rows[0].items() if k != "desil"} | {"pekerjaan": "Pedagang"}]
    import_batch_create(source="persons", path=write_csv(tmp_path / "v2.csv", without_decile, update))

    person = Person.objects.get()
    assert person.decile == 2
    assert [c.changes for c in record_history(entity="persons", object_id=person.pk)] == [
        {"occupation": ["Petani/Pekebun", "Pedagang"]}
    ]


def test_membership_end_date_change_is_recorded(sumbar_regions: None, tmp_path: Path) -> None:
    rows = _people(1)
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", rows))
    nik = rows[0]["nik"]
    import_batch_create(
        source="memberships", path=write_memberships(tmp_path / "m1.csv", [membership_row(nik=nik)])
    )
    import_batch_create(
        source="memberships",
        path=write_memberships(tmp_path / "m2.csv", [membership_row(nik=nik, end="2025-03-31")]),
    )
    membership = Membership.objects.get()
    [change] = record_history(entity="memberships", object_id=membership.pk)
    assert change.changes == {"end_date": [None, "2025-03-31"]}


def test_person_page_shows_history_with_personal_values_masked(sumbar_regions: None, tmp_path: Path) -> None:
    rows = _people(1)
    import_batch_create(source="persons", path=write_persons(tmp_path / "v1.csv", rows))
    rows[0] = {**rows[0], "nama": "NAMA RAHASIA", "pekerjaan": "Nelayan"}
    import_batch_create(source="persons", path=write_persons(tmp_path / "v2.csv", rows))
    user = user_create(
        username="pemda1", password="sandi-yang-panjang-1", role=Role.PEMDA_ADMIN, region_codes=["13"]
    )
    client = Client()
    client.force_login(user)
    page = client.get(f"/penduduk/{Person.objects.get().pk}/").content.decode()
    assert "Riwayat perubahan" in page and "v2.csv" in page
    assert "Petani/Pekebun" in page and "Nelayan" in page  # occupation is not masked
    assert "WARGA UJI" not in page.split("Riwayat perubahan")[1]  # the old name stays masked


def test_data_subject_report_holds_the_history(sumbar_regions: None, tmp_path: Path) -> None:
    import io

    import polars as pl

    rows = _people(1)
    import_batch_create(source="persons", path=write_persons(tmp_path / "v1.csv", rows))
    rows[0] = {**rows[0], "alamat": "Jorong Baru"}
    outcome = import_batch_create(source="persons", path=write_persons(tmp_path / "v2.csv", rows))
    user = user_create(
        username="pemda2", password="sandi-yang-panjang-1", role=Role.PEMDA_ADMIN, region_codes=["13"]
    )
    client = Client()
    client.force_login(user)
    response = client.get(f"/penduduk/{Person.objects.get().pk}/laporan-subjek/")
    history = pl.read_excel(io.BytesIO(response.content), sheet_name="Riwayat perubahan", engine="calamine")
    assert history.select("Impor #", "Kolom", "Lama", "Baru").rows() == [
        (outcome.batch.pk, "Alamat", "Jorong Koto", "Jorong Baru")
    ]


def test_a_changed_boundary_is_recorded_by_digest_not_by_polygon(
    sumbar_regions: None, tmp_path: Path
) -> None:
    import json

    def square(size: float) -> dict[str, object]:
        ring = [[100.6, -0.9], [100.6 + size, -0.9], [100.6 + size, -0.9 + size], [100.6, -0.9 + size]]
        geometry = {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
        properties = {"kode": "13.02", "nama": "Solok"}
        return {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": properties, "geometry": geometry}],
        }

    (tmp_path / "v1.geojson").write_text(json.dumps(square(0.1)))
    (tmp_path / "v2.geojson").write_text(json.dumps(square(0.2)))
    import_batch_create(source="boundaries", path=tmp_path / "v1.geojson")
    import_batch_create(source="boundaries", path=tmp_path / "v2.geojson")
    [change] = RecordChange.objects.filter(entity="boundaries")
    old, new = change.changes["geometry"]
    assert old.startswith("sha256:") and new.startswith("sha256:") and old != new
    assert "coordinates" not in json.dumps(change.changes)
