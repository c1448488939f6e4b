"""``cakupan compliance employers`` on imported employers: counts per KBLI sector, an unknown region refused."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cakupan.cli import main
from cakupan.web.employers.models import Employer

pytestmark = pytest.mark.django_db


def _employer(nib: str, kbli: str, region: str, workforce: int, **bpjstk: object) -> None:
    Employer.objects.create(
        nib=nib, name=f"PT {nib}", kbli=kbli, region_id=region, workforce=workforce, **bpjstk
    )


def test_employers_counted_per_sector(sumbar_regions: None) -> None:
    _employer("1000000000001", "47111", "13.71.01.1001", 12)  # PWBD, trade
    _employer(
        "1000000000002",
        "47111",
        "13.71.01.1001",
        50,
        npp="N2",
        workers_registered=30,
        wages_reported=60_000_000,
        programmes="JKK",
    )  # PDS in three ways (scale unknown: JKK, JKM needed; wages compared with the UMP)
    _employer(
        "1000000000003",
        "41011",
        "13.71.02.1001",
        5,
        npp="N3",
        workers_registered=5,
        wages_reported=16_000_000,
        programmes="JKK;JKM",
    )  # compliant, construction
    _employer("1000000000004", "01262", "13.02.05.2001", 9)  # Kab. Solok: outside 13.71
    result = CliRunner().invoke(
        main, ["compliance", "employers", "--region", "13.71", "--as-of", "2025-06-30", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    sectors = json.loads(result.output)["sectors"]
    assert set(sectors) == {"*", "F", "G"}
    every = sectors["*"]
    assert (every["employers"], every["compliant"], every["pwbd"], every["pds"]) == (3, 1, 1, 1)
    assert every["by_kind"] == {"pwbd": 1, "pds_workers": 1, "pds_wages": 1, "pds_programmes": 1}
    assert every["workers_unregistered"] == 12 + 20
    table = CliRunner().invoke(
        main, ["compliance", "employers", "--region", "13.71", "--as-of", "2025-06-30"]
    )
    assert "G Perdagangan besar dan eceran" in table.output


def test_an_unknown_region_is_a_sentence(sumbar_regions: None) -> None:
    result = CliRunner().invoke(main, ["compliance", "employers", "--region", "99.99"])
    assert result.exit_code != 0 and "Kode wilayah '99.99' tidak dikenal" in result.output
    assert "Traceback" not in result.output


def test_scale_and_capital_from_the_oss_file_decide_the_programmes(
    sumbar_regions: None, tmp_path: object
) -> None:
    from pathlib import Path

    from cakupan.web.imports.services import import_batch_create

    path = Path(str(tmp_path)) / "oss.csv"
    path.write_text(
        "nib,npp,nama,kbli,kode_wilayah,jumlah_tenaga_kerja,tenaga_kerja_terdaftar,total_upah_dilaporkan,program,"
        "skala_usaha,modal_usaha\n"
        "2000000000001,N1,CV KECIL,47111,13.71,6,6,Rp 18.000.000,JKK;JKM;JHT,Usaha Kecil,\n"
        "2000000000002,N2,PT MODAL,47111,13.71,6,6,Rp 19.000.000,JKK;JKM;JHT,,Rp 12.000.000.000\n",
        encoding="utf-8",
    )
    batch = import_batch_create(source="employers", path=path).batch
    assert batch.rows_created == 2
    kecil, modal = Employer.objects.order_by("nib")
    assert (kecil.scale, kecil.capital, modal.scale, modal.capital) == ("kecil", None, "", 12_000_000_000)
    result = CliRunner().invoke(
        main, ["compliance", "employers", "--region", "13.71", "--as-of", "2025-06-30", "--format", "json"]
    )
    every = json.loads(result.output)["sectors"]["*"]
    # The small enterprise needs no JP; the large one (by capital) does.
    assert (every["compliant"], every["pds"], every["by_kind"]["pds_programmes"]) == (1, 1, 1)


def test_staff_covered_per_status_and_asn_family_members(sumbar_regions: None) -> None:
    import datetime as dt

    from cakupan.web.membership.models import Membership
    from cakupan.web.staff.models import AsnFamilyMember, Staff
    from enrolment_world import person_create

    covered, lapsed = person_create(1), person_create(2)
    Membership.objects.create(
        person=covered,
        kpj="1",
        segment="BPU",
        programmes="JKK;JKM",
        start_date=dt.date(2025, 1, 1),
        wage_basis=1_000_000,
        payer="apb_nagari",
    )
    Membership.objects.create(
        person=lapsed,
        kpj="2",
        segment="BPU",
        programmes="JKK;JKM",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 12, 31),
        wage_basis=1_000_000,
        payer="apb_nagari",
    )
    nagari = "NAGARI SUPAYANG"
    for person, nik in ((covered, covered.nik), (lapsed, lapsed.nik), (None, "1302050000000009")):
        Staff.objects.create(
            nik=nik,
            name="X",
            agency=nagari,
            status="perangkat_nagari",
            region_id="13.02.05.2001",
            person=person,
        )
    Staff.objects.create(nik="1302050000000010", name="A", agency="DISNAKER", status="ASN", region_id="13.02")
    Staff.objects.create(nik="1302050000000011", name="B", agency="DISNAKER", status="ASN", region_id="13.02")
    AsnFamilyMember.objects.create(
        asn_nik="1302050000000010",
        asn_name="A",
        agency="DISNAKER",
        member_nik="1302050000000012",
        member_name="C",
        relation="istri",
        registered_on=dt.date(2025, 3, 1),
        region_id="13.02",
    )
    result = CliRunner().invoke(
        main, ["compliance", "staff", "--region", "13.02", "--as-of", "2025-06-30", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["staff"] == [
        {"status": "ASN", "agency": "DISNAKER", "total": 2, "linked": 0, "covered": 0},
        {"status": "perangkat_nagari", "agency": nagari, "total": 3, "linked": 2, "covered": 1},
    ]
    assert payload["asn_family"] == [{"agency": "DISNAKER", "asn": 2, "with_family_member": 1}]
    before = CliRunner().invoke(main, ["compliance", "staff", "--region", "13.02", "--as-of", "2025-02-01"])
    assert "ASN DISNAKER: 0 dari 2 mendaftarkan anggota keluarga." in before.output
    assert "Belum terlindungi: 4 pegawai." in before.output
