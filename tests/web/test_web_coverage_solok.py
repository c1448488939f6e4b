"""The issue's acceptance case: Kab. Solok, June 2025, 31,442 ÷ 226,964 = 13.85 %, through importers and CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cakupan.cli import main
from cakupan.web.registry.models import Region
from factories import membership_row, person_row, write_labour_force, write_memberships, write_persons

ACTIVE_IN_SOLOK = 31_442
AS_OF = "2025-06-30"


def _solok_files(tmp_path: Path) -> tuple[Path, Path]:
    desa = list(Region.objects.filter(level=4, code__startswith="13.02.").values_list("code", flat=True))
    persons, memberships = [], []
    for i in range(ACTIVE_IN_SOLOK - 2):
        code = desa[i % len(desa)]
        birth = dt.date(1960 + (i // 336) % 40, 1 + (i // 28) % 12, 1 + i % 28)  # unique for 13,440 people
        row = person_row(kecamatan=code[:8], desa=code, serial=1 + i // 13_440, birth=birth)
        persons.append(row)
        memberships.append(membership_row(nik=row["nik"], start="2025-02-01"))
    # Lives in Kab. Solok with a NIK first issued in Kota Padang: counts (domicile decides, not the NIK prefix).
    moved_in = person_row(kecamatan="13.71.01", desa=desa[0], serial=1, birth=dt.date(1990, 5, 5))
    # Two active memberships (BPU, then JAKON): counts once.
    twice = person_row(kecamatan=desa[1][:8], desa=desa[1], serial=1, birth=dt.date(1991, 6, 6), sex="P")
    # Solok NIK but lives in Kota Padang: does not count for Solok.
    moved_out = person_row(kecamatan=desa[2][:8], desa="13.71.01.1001", serial=2, birth=dt.date(1991, 6, 6))
    # Lapsed before the date, and started after it: do not count.
    lapsed = person_row(kecamatan=desa[3][:8], desa=desa[3], serial=3, birth=dt.date(1991, 6, 6))
    future = person_row(kecamatan=desa[4][:8], desa=desa[4], serial=4, birth=dt.date(1991, 6, 6))
    persons += [moved_in, twice, moved_out, lapsed, future]
    memberships += [
        membership_row(nik=moved_in["nik"]),
        membership_row(nik=twice["nik"], start="2024-01-01"),
        membership_row(nik=twice["nik"], start="2025-03-01", segment="JAKON", payer="pemberi_kerja"),
        membership_row(nik=moved_out["nik"]),
        membership_row(nik=lapsed["nik"], start="2025-01-01", end="2025-03-31", payer="dbh_sawit"),
        membership_row(nik=future["nik"], start="2025-07-01"),
    ]
    return write_persons(tmp_path / "penduduk.csv", persons), write_memberships(
        tmp_path / "peserta.csv", memberships
    )


@pytest.mark.django_db(transaction=True)
def test_kab_solok_june_2025_is_13_85_percent(sumbar_regions: None, tmp_path: Path) -> None:
    persons, memberships = _solok_files(tmp_path)
    labour = write_labour_force(
        tmp_path / "angkatan_kerja.csv",
        [
            {
                "kode_wilayah": "13.02",
                "periode": "2025-06",
                "jenis": "angkatan_kerja",
                "nilai": "226964",
                "sumber": "BPS Kabupaten Solok, Sakernas",
            }
        ],
    )
    runner = CliRunner()
    for source, path in (("persons", persons), ("memberships", memberships), ("labour-force", labour)):
        result = runner.invoke(main, ["import", source, str(path)])
        assert result.exit_code == 0, result.output

    result = runner.invoke(main, ["coverage", "--region", "13.02", "--as-of", AS_OF, "--format", "json"])
    assert result.exit_code == 0, result.output
    figure = json.loads(result.stdout)
    assert figure["ucj_percent"] == 13.85
    assert figure["numerator"]["active_participants"] == ACTIVE_IN_SOLOK
    assert figure["denominator"] == {
        "kind": "angkatan_kerja",
        "value": 226964,
        "period": "2025-06",
        "source": "BPS Kabupaten Solok, Sakernas",
    }
    assert figure["region"] == {"code": "13.02", "name": "Kabupaten Solok", "level": 2}

    # The same people, counted per kecamatan, add up to the kab/kota figure; no kecamatan has a denominator.
    result = runner.invoke(
        main, ["coverage", "--region", "13.02", "--as-of", AS_OF, "--level", "child", "--format", "json"]
    )
    children = json.loads(result.stdout)
    assert sum(c["numerator"]["active_participants"] for c in children) == ACTIVE_IN_SOLOK
    assert all(c["denominator"] is None and c["ucj_percent"] is None for c in children)

    # Before the labour-force period there is no denominator: no made-up figure, no division by zero.
    result = runner.invoke(
        main, ["coverage", "--region", "13.02", "--as-of", "2025-05-31", "--format", "json"]
    )
    assert json.loads(result.stdout)["denominator"] is None
