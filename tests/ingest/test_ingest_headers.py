"""Header variants offices use ("NIK KTP", "Tgl. Lahir", "Desa/Kelurahan", "Nama Lengkap") map to the layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from cakupan.core.regions import RegionIndex, load_province
from cakupan.ingest.headers import SYNONYMS
from cakupan.ingest.readers import UnreadableFile, normalize_header, read_table
from cakupan.ingest.schemas import LAYOUTS, PERSONS
from cakupan.ingest.validate import validate


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex.of(load_province("13"))


def test_office_headers_are_understood(tmp_path: Path, regions: RegionIndex) -> None:
    path = tmp_path / "dtsen.csv"
    path.write_text(
        "NIK KTP;No. KK;Nama Lengkap;Tgl. Lahir;L/P;Desa/Kelurahan;Alamat;Pekerjaan;Sektor;Desil DTSEN\n"
        "1302054107850003;1302050101170001;SITI AMINAH;01/07/1985;P;13.02.05.2001;Jorong Koto;Petani;informal;3\n",
        encoding="utf-8",
    )
    result = validate(read_table(path), PERSONS, regions=regions)
    assert result.problems == () and result.valid.height == 1
    row = result.valid.row(0, named=True)
    assert (row["nik"], row["no_kk"], row["nama"], row["desil"]) == (
        "1302054107850003",
        "1302050101170001",
        "SITI AMINAH",
        3,
    )


def test_canonical_name_wins_over_a_variant(tmp_path: Path, regions: RegionIndex) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "nik,nama,nama_lengkap,tanggal_lahir,jenis_kelamin,kode_wilayah\n"
        "1302054107850003,SITI,SITI AMINAH BINTI AHMAD,1985-07-01,P,13.02.05.2001\n",
        encoding="utf-8",
    )
    assert validate(read_table(path), PERSONS, regions=regions).valid.get_column("nama").to_list() == ["SITI"]


def test_two_variants_of_one_column_are_refused(tmp_path: Path, regions: RegionIndex) -> None:
    path = tmp_path / "p.csv"
    path.write_text("NIK KTP,No NIK,nama,tanggal_lahir,jenis_kelamin,kode_wilayah\n", encoding="utf-8")
    path.write_text(path.read_text() + "1,2,A,1985-07-01,P,13.02.05.2001\n", encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        validate(read_table(path), PERSONS, regions=regions)
    assert "nik_ktp dan no_nik sama-sama berarti nik" in caught.value.problem.message()


def test_synonyms_are_normalised_and_never_a_canonical_name() -> None:
    canonical = {name for layout in LAYOUTS.values() for name in layout.names}
    assert set(SYNONYMS) <= canonical
    variants = [v for vs in SYNONYMS.values() for v in vs]
    assert all(normalize_header(v) == v for v in variants)
    assert not set(variants) & canonical and len(variants) == len(set(variants))
