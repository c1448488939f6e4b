"""The new import sources end to end: employers, staff, ASN family members, BPS tables and boundaries.

Each goes through ``import_batch_create``: one ImportBatch per file, audited, the same file never twice, rows
upserted by their natural key with only the columns the file has.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cakupan.core.access import Role
from cakupan.ingest.readers import UnreadableFile
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.employers.models import Employer
from cakupan.web.employers.selectors import employer_counts, employer_registered_workers
from cakupan.web.imports.models import ImportBatch
from cakupan.web.imports.services import NothingImported, import_batch_create
from cakupan.web.imports.source_hooks import source_notes
from cakupan.web.indicators.models import LabourForceStat
from cakupan.web.registry.boundary_selectors import region_boundary_coverage
from cakupan.web.registry.models import Person, RegionBoundary
from cakupan.web.staff.models import AsnFamilyMember, Staff
from cakupan.web.staff.selectors import staff_counts_by_status
from factories import membership_row, person_row, write_memberships, write_persons
from shared_data import shared_file

pytestmark = pytest.mark.django_db
EMPLOYER_HEADER = "nib,npp,nama,kbli,kode_wilayah,jumlah_tenaga_kerja,tenaga_kerja_terdaftar,total_upah_dilaporkan,program\n"
NIK_A = "1302054107850003"  # SITI, 1985-07-01, P
NIK_B = "1302051203900001"  # AHMAD, 1990-03-12, L
NIK_C = "1302055505920002"  # RINA, 1992-05-15, P


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# Employers


def test_employers_upsert_by_nib_and_keep_absent_columns(sumbar_regions: None, tmp_path: Path) -> None:
    first = import_batch_create(
        source="employers",
        path=_write(
            tmp_path / "oss.csv",
            EMPLOYER_HEADER + "9120301234567,12345678,CV MAJU,47111,13.02.05,12,10,Rp 37.730.316,JKK;JKM\n"
            "1234000567890,,KOPERASI SAWIT,01262,13.02,45,,,\n",
        ),
    )
    assert (first.batch.source, first.batch.rows_created, first.batch.rows_updated) == ("employers", 2, 0)
    maju = Employer.objects.get(nib="9120301234567")
    assert (maju.npp, maju.kbli, maju.region_id, maju.workforce, maju.workers_registered) == (
        "12345678",
        "47111",
        "13.02.05",
        12,
        10,
    )
    assert (maju.wages_reported, maju.programmes, maju.import_batch_id) == (
        37730316,
        "JKK;JKM",
        first.batch.pk,
    )
    koperasi = Employer.objects.get(nib="1234000567890")
    assert (koperasi.npp, koperasi.workers_registered, koperasi.programmes) == ("", None, "")
    assert source_notes(batch=first.batch)[0][0].startswith("1 pemberi kerja tanpa NPP")

    # An OSS-only update (no BPJSTK columns) changes the workforce and leaves the BPJSTK figures alone.
    second = import_batch_create(
        source="employers",
        path=_write(
            tmp_path / "oss2.csv",
            "nib,nama,kbli,kode_wilayah,jumlah_tenaga_kerja\n9120301234567,CV MAJU,47111,13.02.05,15\n",
        ),
    )
    assert (second.batch.rows_created, second.batch.rows_updated) == (0, 1)
    maju.refresh_from_db()
    assert (maju.workforce, maju.workers_registered, maju.npp, maju.wages_reported) == (
        15,
        10,
        "12345678",
        37730316,
    )
    assert maju.import_batch_id == second.batch.pk
    assert AuditEvent.objects.filter(action="import", object_id=str(second.batch.pk)).exists()
    assert employer_counts() == {"total": 2, "without_npp": 1}


def test_same_employer_file_twice_changes_nothing(sumbar_regions: None, tmp_path: Path) -> None:
    path = _write(tmp_path / "oss.csv", EMPLOYER_HEADER + "9120301234567,,CV MAJU,47111,13.02,3,,,\n")
    first = import_batch_create(source="employers", path=path)
    again = import_batch_create(source="employers", path=path)
    assert again.already_imported and again.batch.pk == first.batch.pk
    assert ImportBatch.objects.filter(source="employers").count() == 1


def test_no_valid_employer_writes_nothing(sumbar_regions: None, tmp_path: Path) -> None:
    path = _write(tmp_path / "oss.csv", EMPLOYER_HEADER + "123,,CV MAJU,4711,13,3,,,\n")
    with pytest.raises(NothingImported) as caught:
        import_batch_create(source="employers", path=path)
    assert {p.problem.code for p in caught.value.problems} == {"bad_digits", "region_level"}
    assert not Employer.objects.exists() and not ImportBatch.objects.exists()


def test_registered_workers_are_counted_from_memberships(sumbar_regions: None, tmp_path: Path) -> None:
    people = [person_row(kecamatan="13.02.05", desa="13.02.05.2001", serial=i + 1) for i in range(4)]
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", people))
    memberships = [
        {**membership_row(nik=people[0]["nik"], segment="PU", payer="pemberi_kerja"), "npp": "12345678"},
        {**membership_row(nik=people[1]["nik"], segment="PU", payer="pemberi_kerja"), "npp": "12345678"},
        # ended before the date asked about
        {
            **membership_row(nik=people[2]["nik"], segment="PU", payer="pemberi_kerja", end="2025-03-31"),
            "npp": "12345678",
        },
        # the same person twice (two memberships) counts once
        {
            **membership_row(nik=people[0]["nik"], segment="PU", payer="pemberi_kerja", start="2025-02-01"),
            "npp": "12345678",
        },
        {**membership_row(nik=people[3]["nik"], segment="BPU"), "npp": ""},
    ]
    import_batch_create(source="memberships", path=write_memberships(tmp_path / "m.csv", memberships))
    import_batch_create(
        source="employers",
        path=_write(
            tmp_path / "oss.csv",
            EMPLOYER_HEADER + "9120301234567,12345678,CV MAJU,47111,13.02,12,3,,JKK;JKM;JHT\n"
            "1234000567890,,KOPERASI,01262,13.02,45,,,\n",
        ),
    )
    counted = {e.nib: e.members_active for e in employer_registered_workers(as_of=dt.date(2025, 6, 30))}
    assert counted == {"9120301234567": 2, "1234000567890": 0}
    earlier = {e.nib: e.members_active for e in employer_registered_workers(as_of=dt.date(2025, 1, 15))}
    assert earlier["9120301234567"] == 3


def test_employers_are_scoped_by_region(sumbar_regions: None, tmp_path: Path) -> None:
    import_batch_create(
        source="employers",
        path=_write(
            tmp_path / "oss.csv",
            EMPLOYER_HEADER + "9120301234567,,A,47111,13.02,1,,,\n9120301234568,,B,47111,13.71,1,,,\n",
        ),
    )
    padang = user_create(
        username="padang", password="rahasia-panjang-1", role=Role.VIEWER, region_codes=["13.71"]
    )
    assert [e.nib for e in employer_registered_workers(as_of=dt.date(2025, 6, 30), user=padang)] == [
        "9120301234568"
    ]


# Government staff and ASN family members


def test_staff_link_to_persons_by_nik_and_later(sumbar_regions: None, tmp_path: Path) -> None:
    siti = person_row(kecamatan="13.02.05", desa="13.02.05.2001", serial=3, sex="P", name="SITI")
    assert siti["nik"] == NIK_A
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", [siti]))
    outcome = import_batch_create(
        source="staff",
        path=_write(
            tmp_path / "pegawai.csv",
            "NIK,Nama,Nama Instansi/OPD,Status Kepegawaian,Kode Wilayah\n"
            f"{NIK_A},SITI,Nagari Supayang,Perangkat Nagari,13.02.05.2001\n"
            f"{NIK_B},AHMAD,Dinas Kesehatan,PPPK,13.02\n"
            f"{NIK_B},AHMAD,Bamus Nagari Supayang,bamus,13.02.05.2001\n",
        ),
    )
    assert (outcome.batch.rows_created, outcome.batch.rows_rejected) == (3, 0)
    assert Staff.objects.get(nik=NIK_A).person == Person.objects.get(nik=NIK_A)
    assert Staff.objects.filter(nik=NIK_B, person__isnull=True).count() == 2  # not in the DTSEN extract: kept
    assert source_notes(batch=outcome.batch)[0][0].startswith("2 pegawai belum tertaut")
    assert set(Staff.objects.values_list("status", flat=True)) == {"perangkat_nagari", "ASN", "bamus"}

    ahmad = person_row(
        kecamatan="13.02.05", desa="13.02.05.2001", serial=1, birth=dt.date(1990, 3, 12), name="AHMAD"
    )
    assert ahmad["nik"] == NIK_B
    import_batch_create(source="persons", path=write_persons(tmp_path / "p2.csv", [ahmad]))
    assert not Staff.objects.filter(person__isnull=True).exists()  # importing the person made the link


def test_staff_upsert_by_nik_and_instansi(sumbar_regions: None, tmp_path: Path) -> None:
    header = "nik,nama,instansi,status,kode_wilayah\n"
    import_batch_create(
        source="staff", path=_write(tmp_path / "a.csv", header + f"{NIK_B},AHMAD,Dinkes,honorer,13.02\n")
    )
    second = import_batch_create(
        source="staff", path=_write(tmp_path / "b.csv", header + f"{NIK_B},AHMAD,Dinkes,PPPK,13.02\n")
    )
    assert (second.batch.rows_created, second.batch.rows_updated) == (0, 1)
    assert list(Staff.objects.values_list("status", flat=True)) == ["ASN"]
    viewer = user_create(
        username="solok", password="rahasia-panjang-1", role=Role.VIEWER, region_codes=["13.02"]
    )
    padang = user_create(
        username="padang", password="rahasia-panjang-1", role=Role.VIEWER, region_codes=["13.71"]
    )
    assert staff_counts_by_status(user=viewer) == {"ASN": {"total": 1, "linked": 0}}
    assert staff_counts_by_status(user=padang) == {}


def test_asn_family_members(sumbar_regions: None, tmp_path: Path) -> None:
    rina = person_row(
        kecamatan="13.02.05", desa="13.02.05.2001", serial=2, sex="P", birth=dt.date(1992, 5, 15), name="RINA"
    )
    assert rina["nik"] == NIK_C
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", [rina]))
    outcome = import_batch_create(
        source="asn-family",
        path=_write(
            tmp_path / "keluarga.csv",
            "NIK ASN,Nama ASN,Instansi,NIK Keluarga,Nama Keluarga,Hubungan,KPJ,Tgl Daftar,Kode Wilayah\n"
            f"{NIK_B},AHMAD,Dinkes,{NIK_C},RINA,Isteri,,01/02/2025,13.02\n"
            f"{NIK_B},AHMAD,Dinkes,1302051002180001,RAFI,Anak Kandung,25012345999,2025-02-01,13.02\n"
            f"{NIK_B},AHMAD,Dinkes,{NIK_B},AHMAD,suami,,2025-02-01,13.02\n",
        ),
    )
    assert (outcome.batch.rows_created, outcome.batch.rows_rejected) == (2, 1)
    wife = AsnFamilyMember.objects.get(member_nik=NIK_C)
    assert (wife.relation, wife.registered_on, wife.member_person_id, wife.asn_person_id, wife.kpj) == (
        "istri",
        dt.date(2025, 2, 1),
        Person.objects.get(nik=NIK_C).pk,
        None,
        "",
    )
    assert AsnFamilyMember.objects.get(member_nik="1302051002180001").relation == "anak"
    assert source_notes(batch=outcome.batch)[0][0].startswith("1 anggota keluarga belum tertaut")


# Labour-force tables keyed by BPS code


def test_bps_table_is_stored_by_kemendagri_code(sumbar_regions: None, tmp_path: Path) -> None:
    outcome = import_batch_create(
        source="labour-force",
        path=_write(
            tmp_path / "bps.csv",
            "kode_bps,nama_wilayah,periode,jenis,nilai,sumber\n"
            "1301,Kepulauan Mentawai,2024-08,angkatan_kerja,51000,BPS\n"
            "1303,Kab. Solok,2024-08,angkatan_kerja,226964,BPS\n"
            "1303,Kota Solok,2024-08,penduduk_bekerja,215000,BPS\n",
        ),
    )
    assert (outcome.batch.source, outcome.batch.rows_created, outcome.batch.rows_rejected) == (
        "labour-force",
        2,
        1,
    )
    stored = dict(LabourForceStat.objects.values_list("region_id", "value"))
    assert stored == {"13.09": 51000, "13.02": 226964}  # never 13.01, which BPS 1301 would be read as
    assert outcome.problems[0].column == "nama_wilayah" and outcome.problems[0].row == 4


# Boundaries


def test_boundaries_from_the_shared_files(sumbar_regions: None) -> None:
    for name in ("sumbar_kabkota", "sumbar_kecamatan", "sumbar_desa_kelurahan"):
        outcome = import_batch_create(source="boundaries", path=shared_file(f"{name}.geojson"))
        assert outcome.batch.source == "boundaries" and outcome.batch.rows_rejected == 0
    assert RegionBoundary.objects.count() == 19 + 179 + 1159
    assert AuditEvent.objects.filter(action="import").count() == 3
    coverage = {c.level: c for c in region_boundary_coverage()}
    assert [(c.level, c.total, c.with_boundary) for c in coverage.values()] == [
        (1, 1, 0),
        (2, 19, 19),
        (3, 179, 179),
        (4, 1265, 1159),
    ]
    desa = coverage[4]
    assert len(desa.missing) == 106
    assert desa.missing_by_kabkota == {
        "Kabupaten Agam": 10,
        "Kabupaten Pasaman": 25,
        "Kabupaten Pasaman Barat": 71,
    }
    solok = RegionBoundary.objects.get(region_id="13.02")
    assert json.loads(solok.geometry)["type"] in ("Polygon", "MultiPolygon")
    assert 100 < solok.min_lng < solok.max_lng < 102 and -2 < solok.min_lat < solok.max_lat < 0
    within = {c.level: (c.total, c.with_boundary) for c in region_boundary_coverage(within="13.12")}
    assert within[4] == (90, 19)  # Pasaman Barat: 71 of its 90 nagari have no polygon upstream


def test_boundaries_same_file_twice_and_updates(sumbar_regions: None, tmp_path: Path) -> None:
    path = shared_file("sumbar_kabkota.geojson")
    first = import_batch_create(source="boundaries", path=path)
    assert import_batch_create(source="boundaries", path=path).already_imported
    document = json.loads(path.read_text(encoding="utf-8"))
    document["features"] = [f for f in document["features"] if f["properties"]["kode"] == "13.02"]
    ring = [[100.5, -1.0], [100.9, -1.0], [100.9, -0.6], [100.5, -1.0]]
    document["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    changed = tmp_path / "solok.geojson"
    changed.write_text(json.dumps(document), encoding="utf-8")
    second = import_batch_create(source="boundaries", path=changed)
    assert (first.batch.rows_created, second.batch.rows_created, second.batch.rows_updated) == (19, 0, 1)
    solok = RegionBoundary.objects.get(region_id="13.02")
    assert json.loads(solok.geometry) == {"type": "Polygon", "coordinates": [ring]}
    assert (solok.import_batch_id, RegionBoundary.objects.count()) == (second.batch.pk, 19)


def test_bad_boundary_features_are_skipped_and_a_bad_file_writes_nothing(
    sumbar_regions: None, tmp_path: Path
) -> None:
    square = [[100.0, -1.0], [100.1, -1.0], [100.1, -0.9], [100.0, -1.0]]
    good = {
        "type": "Feature",
        "properties": {"kode": "13.02"},
        "geometry": {"type": "Polygon", "coordinates": [square]},
    }
    bad = {
        "type": "Feature",
        "properties": {"kode": "14.71"},
        "geometry": {"type": "Polygon", "coordinates": [square]},
    }
    mixed = tmp_path / "mixed.geojson"
    mixed.write_text(json.dumps({"type": "FeatureCollection", "features": [good, bad]}), encoding="utf-8")
    outcome = import_batch_create(source="boundaries", path=mixed)
    assert (outcome.batch.rows_created, outcome.batch.rows_rejected) == (1, 1)
    assert [(p.row, p.problem.code) for p in outcome.problems] == [(3, "unknown_region")]

    only_bad = tmp_path / "bad.geojson"
    only_bad.write_text(json.dumps({"type": "FeatureCollection", "features": [bad]}), encoding="utf-8")
    with pytest.raises(NothingImported):
        import_batch_create(source="boundaries", path=only_bad)
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(UnreadableFile):
        import_batch_create(source="boundaries", path=broken)
    assert (
        ImportBatch.objects.filter(source="boundaries").count() == 1 and RegionBoundary.objects.count() == 1
    )
