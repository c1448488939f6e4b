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
