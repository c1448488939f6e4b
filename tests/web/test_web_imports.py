"""Importing files: all valid rows or nothing, bad rows explained, the same file never twice, updates in place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlsxwriter

from cakupan.ingest.readers import UnreadableFile
from cakupan.ingest.schemas import PERSONS
from cakupan.web.imports.models import ImportBatch
from cakupan.web.imports.services import NothingImported, import_batch_create
from cakupan.web.indicators.models import LabourForceStat
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person
from factories import (
    membership_row,
    person_row,
    write_csv,
    write_labour_force,
    write_memberships,
    write_persons,
)

pytestmark = pytest.mark.django_db
DESA = "13.02.05.2001"


def _people(n: int) -> list[dict[str, str]]:
    return [person_row(kecamatan=DESA[:8], desa=DESA, serial=i + 1) for i in range(n)]


def test_valid_rows_load_and_bad_rows_are_explained(sumbar_regions: None, tmp_path: Path) -> None:
    rows = _people(3)
    rows.append({**rows[0], "nik": "12345"})  # row 5: too short
    rows.append({**rows[1], "kode_wilayah": "13.02"})  # row 6: a kab/kota where a desa is needed
    rows.append(dict(rows[2]))  # row 7: duplicate of row 4
    outcome = import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", rows))

    assert Person.objects.count() == 3
    assert (outcome.batch.rows_total, outcome.batch.rows_created, outcome.batch.rows_rejected) == (6, 3, 3)
    by_row = {p.row: (p.column, p.problem.code) for p in outcome.problems}
    assert by_row == {
        5: ("nik", "nik_format"),
        6: ("kode_wilayah", "region_level"),
        7: ("nik", "duplicate_in_file"),
    }
    assert outcome.problems[0].problem.message() == "NIK harus 16 digit angka."


def test_same_file_twice_changes_nothing(sumbar_regions: None, tmp_path: Path) -> None:
    path = write_persons(tmp_path / "p.csv", _people(2))
    first = import_batch_create(source="persons", path=path)
    again = import_batch_create(source="persons", path=path)
    assert again.already_imported and again.batch.pk == first.batch.pk
    assert ImportBatch.objects.count() == 1 and Person.objects.count() == 2


def test_updated_file_updates_changed_records(sumbar_regions: None, tmp_path: Path) -> None:
    rows = _people(2)
    import_batch_create(source="persons", path=write_persons(tmp_path / "v1.csv", rows))
    rows[1] = {**rows[1], "nama": "NAMA BARU", "desil": "3"}
    outcome = import_batch_create(source="persons", path=write_persons(tmp_path / "v2.csv", rows))
    assert (outcome.batch.rows_created, outcome.batch.rows_updated) == (0, 2)
    person = Person.objects.get(nik=rows[1]["nik"])
    assert (person.name, person.decile, person.import_batch_id) == ("NAMA BARU", 3, outcome.batch.pk)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("", "file_empty"),
        ("nik,nama\n1302050107850001,BUDI\n", "missing_columns"),
    ],
)
def test_unusable_file_changes_nothing(sumbar_regions: None, tmp_path: Path, content: str, code: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text(content)
    with pytest.raises(UnreadableFile) as caught:
        import_batch_create(source="persons", path=path)
    assert caught.value.problem.code == code
    assert ImportBatch.objects.count() == 0 and Person.objects.count() == 0


def test_file_without_valid_rows_changes_nothing(sumbar_regions: None, tmp_path: Path) -> None:
    rows = [{**r, "tanggal_lahir": "31/02/1985"} for r in _people(2)]
    with pytest.raises(NothingImported) as caught:
        import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", rows))
    assert {p.problem.code for p in caught.value.problems} == {"bad_date"}
    assert ImportBatch.objects.count() == 0 and Person.objects.count() == 0


def test_membership_needs_a_registered_person(sumbar_regions: None, tmp_path: Path) -> None:
    people = _people(2)
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", people[:1]))
    outcome = import_batch_create(
        source="memberships",
        path=write_memberships(tmp_path / "m.csv", [membership_row(nik=p["nik"]) for p in people]),
    )
    assert Membership.objects.count() == 1
    assert [(p.row, p.problem.code) for p in outcome.problems] == [(3, "person_unknown")]
    membership = Membership.objects.get()
    assert (membership.wage_basis, membership.programmes, membership.end_date) == (1_000_000, "JKK;JKM", None)


def test_membership_reimport_with_end_date_closes_it(sumbar_regions: None, tmp_path: Path) -> None:
    person = _people(1)[0]
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", [person]))
    import_batch_create(
        source="memberships", path=write_memberships(tmp_path / "m1.csv", [membership_row(nik=person["nik"])])
    )
    closed = membership_row(nik=person["nik"], end="2025-03-31")
    outcome = import_batch_create(source="memberships", path=write_memberships(tmp_path / "m2.csv", [closed]))
    assert outcome.batch.rows_updated == 1
    assert Membership.objects.get().end_date == dt.date(2025, 3, 31)


def test_labour_force_from_xlsx(sumbar_regions: None, tmp_path: Path) -> None:
    path = tmp_path / "angkatan_kerja.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["Kode Wilayah", "Periode", "Jenis", "Nilai", "Sumber"])
    sheet.write_row(1, 0, ["13.02", "2025-06", "angkatan_kerja", 226964, "BPS"])
    sheet.write_row(2, 0, ["13.71", "2025-08", "angkatan_kerja", "493.647", "BPS Kota Padang"])
    book.close()
    outcome = import_batch_create(source="labour-force", path=path)
    assert outcome.batch.rows_created == 2 and not outcome.problems
    assert dict(LabourForceStat.objects.values_list("region_id", "value")) == {
        "13.02": 226964,
        "13.71": 493647,
    }
    again = write_labour_force(
        tmp_path / "lf.csv",
        [
            {
                "kode_wilayah": "13.02",
                "periode": "2025-06",
                "jenis": "angkatan_kerja",
                "nilai": "227000",
                "sumber": "BPS revisi",
            }
        ],
    )
    assert import_batch_create(source="labour-force", path=again).batch.rows_updated == 1
    assert LabourForceStat.objects.get(region_id="13.02").value == 227000


def test_absent_optional_column_leaves_stored_values_alone(sumbar_regions: None, tmp_path: Path) -> None:
    rows = [{**r, "desil": "2"} for r in _people(1)]
    import_batch_create(source="persons", path=write_persons(tmp_path / "v1.csv", rows))
    without_decile = [{k: v for k, v in r.items() if k != "desil"} | {"nama": "NAMA BARU"} for r in rows]
    path = tmp_path / "v2.csv"
    write_csv(path, [c for c in PERSONS.names if c != "desil"], without_decile)
    import_batch_create(source="persons", path=path)
    person = Person.objects.get()
    assert (person.name, person.decile) == ("NAMA BARU", 2)


def test_memberships_file_can_be_imported_again_once_its_persons_exist(
    sumbar_regions: None, tmp_path: Path
) -> None:
    people = _people(2)
    import_batch_create(source="persons", path=write_persons(tmp_path / "p1.csv", people[:1]))
    memberships = write_memberships(tmp_path / "m.csv", [membership_row(nik=p["nik"]) for p in people])
    first = import_batch_create(source="memberships", path=memberships)
    assert first.batch.rows_awaiting_person == 1 and Membership.objects.count() == 1

    import_batch_create(source="persons", path=write_persons(tmp_path / "p2.csv", people))
    second = import_batch_create(source="memberships", path=memberships)
    assert not second.already_imported and (second.batch.rows_created, second.batch.rows_updated) == (1, 1)
    assert Membership.objects.count() == 2
    assert import_batch_create(source="memberships", path=memberships).already_imported


def test_text_longer_than_the_column_is_rejected(sumbar_regions: None, tmp_path: Path) -> None:
    rows = _people(2)
    rows[1]["nama"] = "A" * 201
    outcome = import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", rows))
    assert [(p.row, p.column, p.problem.code) for p in outcome.problems] == [(3, "nama", "too_long")]
    assert "maksimal 200" in outcome.problems[0].problem.message()


def test_nik_issued_in_another_province_is_accepted(sumbar_regions: None, tmp_path: Path) -> None:
    from_jakarta = person_row(kecamatan="31.71.01", desa=DESA, serial=1)  # Gambir, Jakarta Pusat
    outcome = import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", [from_jakarta]))
    assert outcome.batch.rows_created == 1 and outcome.problems == ()


def test_every_import_is_audited(sumbar_regions: None, tmp_path: Path) -> None:
    from cakupan.web.audit.models import AuditEvent

    outcome = import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", _people(2)))
    event = AuditEvent.objects.get(action="import")
    assert (event.object_id, event.actor_name) == (str(outcome.batch.pk), "sistem (baris perintah)")
    assert event.changes["created"] == 2 and event.changes["file"] == "p.csv"


def test_a_mixed_encoding_is_reported_as_a_file_warning(sumbar_regions: None, tmp_path: Path) -> None:
    rows = _people(2)
    path = write_persons(tmp_path / "p.csv", rows)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b"Jorong Koto", "Jorong Kotë".encode())  # UTF-8 ...
    lines[2] = lines[2].replace(
        b"Jorong Koto", "Jorong Kotö".encode("cp1252")
    )  # ... and a row saved on Windows
    path.write_bytes(b"".join(lines))
    outcome = import_batch_create(source="persons", path=path)
    assert outcome.batch.rows_created == 2 and outcome.batch.warnings == 1
    [warning] = outcome.problems
    assert (warning.row, warning.column, warning.problem.code) == (1, "", "encoding_mixed")
    assert Person.objects.get(nik=rows[1]["nik"]).address == "Jorong Kotö"
