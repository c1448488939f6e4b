"""Employers, government staff and ASN family members: office headers, spellings and the rules of each source."""

from __future__ import annotations

from pathlib import Path

import pytest

from cakupan.core.regions import RegionIndex, load_province
from cakupan.ingest.headers import layout_for
from cakupan.ingest.readers import UnreadableFile, read_table
from cakupan.ingest.schemas import ASN_FAMILY, EMPLOYERS, STAFF, STAFF_STATUS_ALIASES, STAFF_STATUSES
from cakupan.ingest.source_rules import alias_key, clean_digits, validate_source
from cakupan.ingest.validate import Validation

NIK_A = "1302054107850003"  # woman born 1985-07-01
NIK_B = "1302051203900001"  # man born 1990-03-12
NIK_C = "1302055505920002"  # woman born 1992-05-15


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex.of(load_province("13"))


def _check(tmp_path: Path, source: str, text: str, regions: RegionIndex) -> Validation:
    path = tmp_path / f"{source}.csv"
    path.write_text(text, encoding="utf-8")
    layout, result = validate_source(read_table(path), source, regions=regions)
    assert layout is {"employers": EMPLOYERS, "staff": STAFF, "asn-family": ASN_FAMILY}[source]
    return result


def _codes(result: Validation) -> list[tuple[int, str, str, str]]:
    return [(p.row, p.column, p.problem.code, p.problem.severity) for p in result.problems]


def test_employers_with_office_headers(tmp_path: Path, regions: RegionIndex) -> None:
    result = _check(
        tmp_path,
        "employers",
        "NIB;NPP;Nama Perusahaan;KBLI;Kode Wilayah;Jumlah TK;TK Terdaftar;Total Upah;Program\n"
        "9120 3012 34567;12345678;CV MAJU;47111;13.02.05;12;12;Rp 37.730.316;JKK, JKM, JHT\n"
        "1234000567890.0;;KOPERASI SAWIT;01262;1302;45;;;\n",
        regions,
    )
    assert result.problems == ()
    rows = result.valid.rows(named=True)
    assert [(r["nib"], r["kbli"], r["kode_wilayah"]) for r in rows] == [
        ("9120301234567", "47111", "13.02.05"),
        ("1234000567890", "01262", "13.02"),
    ]
    assert (rows[0]["total_upah_dilaporkan"], rows[0]["program"], rows[1]["npp"]) == (
        37730316,
        "JKK;JKM;JHT",
        None,
    )


def test_nomor_induk_berusaha_is_a_variant_of_nib(tmp_path: Path, regions: RegionIndex) -> None:
    result = _check(
        tmp_path,
        "employers",
        "Nomor Induk Berusaha,Nama Pemberi Kerja,Kode KBLI,kode_wilayah,Jumlah Pekerja\n9120301234567,PT A,47111,13.71,3\n",
        regions,
    )
    assert result.problems == () and result.valid.get_column("nib").to_list() == ["9120301234567"]
    assert "npp" not in result.columns_present  # an absent optional column never overwrites stored values


def test_employer_rules(tmp_path: Path, regions: RegionIndex) -> None:
    result = _check(
        tmp_path,
        "employers",
        "nib,npp,nama,kbli,kode_wilayah,jumlah_tenaga_kerja,tenaga_kerja_terdaftar,total_upah_dilaporkan,program\n"
        "912030123456,1,A,47111,13.02,5,,,\n"  # row 2: 12 digits
        "9,12E+12,2,B,47111,13.02,5,,,\n".replace(
            "9,12E+12", '"9,12E+12"'
        )  # row 3: Excel scientific notation
        + "9120301234569,3,C,1262,13.02,5,,,\n"  # row 4: KBLI lost its leading 0
        "9120301234570,4,D,47111,13,5,,,\n"  # row 5: a province is too coarse
        "9120301234571,5,E,47111,13.02,5,9,,JKK\n"  # row 6: more registered than employed (warning)
        "9120301234572,,F,47111,13.02,5,3,,JKK\n"  # row 7: registered but no NPP (warning)
        "9120301234573,6,G,47111,13.02,5,5,,\n"  # row 8: fine
        "9120-3012-34573,7,H,47111,13.02,5,5,,\n",  # row 9: the same NIB as row 8, written differently
        regions,
    )
    assert _codes(result) == [
        (2, "nib", "bad_digits", "error"),
        (3, "nib", "digits_scientific", "error"),
        (4, "kbli", "bad_digits", "error"),
        (5, "kode_wilayah", "region_level", "error"),
        (6, "tenaga_kerja_terdaftar", "registered_exceeds_workforce", "warning"),
        (7, "npp", "registration_without_npp", "warning"),
        (9, "nib", "duplicate_in_file", "error"),
    ]
    assert result.valid.get_column("_row").to_list() == [6, 7, 8]
    messages = {p.row: p.problem.message() for p in result.problems}
    assert messages[2] == (
        "NIB harus 13 digit angka (bila Excel membuang angka 0 di depan, jadikan kolom itu Teks)."
    )
    assert messages[5] == "Kode wilayah harus tingkat kabupaten/kota, kecamatan atau kelurahan/desa."


def test_staff_status_spellings(tmp_path: Path, regions: RegionIndex) -> None:
    result = _check(
        tmp_path,
        "staff",
        "NIK,Nama Pegawai,Nama Instansi/OPD,Status Kepegawaian,Kode Wilayah\n"
        f"{NIK_A},SITI,Nagari  Supayang,Perangkat Nagari,13.02.05.2001\n"
        f"{NIK_B},AHMAD,Dinas Kesehatan,PPPK,13.02\n"
        f"{NIK_C},RINA,Dinas Kesehatan,Non-ASN,13.02\n"
        f"{NIK_A},SITI,Posyandu Melati,kader posyandu,13.02.05\n"
        f"{NIK_B},AHMAD,Sekretariat DPRD,Pegawai Swasta,13.02\n",
        regions,
    )
    assert _codes(result) == [(6, "status", "bad_choice", "error")]
    assert "ASN, non_ASN, perangkat_nagari, bamus, kader" in result.problems[0].problem.message()
    assert result.valid.select("instansi", "status").rows() == [
        ("Nagari Supayang", "perangkat_nagari"),
        ("Dinas Kesehatan", "ASN"),
        ("Dinas Kesehatan", "non_ASN"),
        ("Posyandu Melati", "kader"),
    ]


def test_unit_kerja_is_a_variant_of_instansi(tmp_path: Path, regions: RegionIndex) -> None:
    result = _check(
        tmp_path, "staff", f"nik,nama,Unit Kerja,status,kode_wilayah\n{NIK_B},A,BKPSDM,PNS,13.02\n", regions
    )
    assert result.problems == () and result.valid.row(0, named=True)["instansi"] == "BKPSDM"


def test_staff_key_is_nik_and_instansi(tmp_path: Path, regions: RegionIndex) -> None:
    result = _check(
        tmp_path,
        "staff",
        "nik,nama,instansi,status,kode_wilayah\n"
        f"{NIK_B},A,Dinas Kesehatan,ASN,13.02\n"
        f"{NIK_B},A,Dinas  Kesehatan,ASN,13.02\n"  # the same instansi with two spaces: a duplicate
        f"{NIK_B},A,Bamus Nagari Supayang,bamus,13.02.05.2001\n",  # another instansi: a second row
        regions,
    )
    assert _codes(result) == [(3, "nik", "duplicate_in_file", "error")]


def test_every_status_alias_reads_as_a_status() -> None:
    assert set(STAFF_STATUS_ALIASES.values()) == set(STAFF_STATUSES)
    assert all(alias_key(k) == k for k in STAFF_STATUS_ALIASES)
    assert STAFF_STATUS_ALIASES["pppk"] == "ASN" and STAFF_STATUS_ALIASES["non asn"] == "non_ASN"


def test_asn_family(tmp_path: Path, regions: RegionIndex) -> None:
    result = _check(
        tmp_path,
        "asn-family",
        "NIK ASN,Nama ASN,Instansi,NIK Anggota Keluarga,Nama Anggota Keluarga,Hubungan Keluarga,KPJ,"
        "Tgl Daftar,kode_wilayah\n"
        f"{NIK_B},AHMAD,Dinkes,{NIK_C},RINA,Isteri,,01/02/2025,13.02\n"  # row 2
        f"{NIK_B},AHMAD,Dinkes,{NIK_B},AHMAD,suami,,2025-02-01,13.02\n"  # row 3: himself
        f"{NIK_B},AHMAD,Dinkes,1302051002180000,RAFI,Anak Kandung,,2025-02-01,13.02\n"  # row 4: serial 0000
        f"{NIK_B},AHMAD,Dinkes,1302051002180002,RAFA,sepupu,,2025-02-01,13.02\n"  # row 5: unknown relation
        f"{NIK_B},AHMAD,Dinkes,1302051002180001,RAFI,Anak,,2025-02-01,13.02\n",  # row 6
        regions,
    )
    assert _codes(result) == [
        (3, "nik_keluarga", "family_is_self", "error"),
        (4, "nik_keluarga", "nik_serial", "error"),
        (5, "hubungan", "bad_choice", "error"),
    ]
    assert result.valid.select("_row", "hubungan").rows() == [(2, "istri"), (6, "anak")]


def test_layout_for_an_unknown_source_is_a_key_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a\n1\n")
    with pytest.raises(KeyError):
        layout_for("nothing", read_table(path))


def test_missing_required_columns_refuse_the_file(tmp_path: Path, regions: RegionIndex) -> None:
    path = tmp_path / "e.csv"
    path.write_text("nib,nama\n9120301234567,PT A\n")
    with pytest.raises(UnreadableFile) as caught:
        validate_source(read_table(path), "employers", regions=regions)
    assert caught.value.problem.code == "missing_columns"
    assert "kbli, kode_wilayah, jumlah_tenaga_kerja" in caught.value.problem.message()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("9120 3012 34567", "9120301234567"), ("9120301234567.0", "9120301234567"), ("01.262", "01262")],
)
def test_clean_digits(raw: str, clean: str) -> None:
    assert clean_digits(raw) == clean
