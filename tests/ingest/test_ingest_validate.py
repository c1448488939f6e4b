"""Validating frames against the import layouts: every bad row explained, good rows typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.core.nik import Sex, make_nik
from cakupan.core.problems import MESSAGES
from cakupan.core.regions import RegionIndex, load_province
from cakupan.ingest import values
from cakupan.ingest.readers import UnreadableFile, read_table
from cakupan.ingest.schemas import LABOUR_FORCE, LAYOUTS, MEMBERSHIPS, PERSONS, Column, Layout
from cakupan.ingest.validate import ROW, Validation, _parse_column, validate

D = dt.date
DESA = "13.02.05.2001"  # Nagari Supayang, Kec. Payung Sekaki, Kab. Solok


def nik(born: dt.date, sex: Sex, serial: int, kecamatan: str = "13.02.05") -> str:
    return make_nik(kecamatan_code=kecamatan, birth_date=born, sex=sex, serial=serial)


SITI = nik(D(1985, 7, 1), "P", 3)
BUDI = nik(D(1990, 7, 15), "L", 1)


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex.of(load_province("13"))


def frame_of(layout: Layout, rows: list[dict[str, str | None]]) -> pl.DataFrame:
    """A frame as read_table gives it: every layout column, text cells, None for empty."""
    return pl.DataFrame(
        [{name: row.get(name) for name in layout.names} for row in rows],
        schema=dict.fromkeys(layout.names, pl.String),
        orient="row",
    )


def summary(result: Validation) -> list[tuple[Any, ...]]:
    return [(p.row, p.column, p.value, p.problem.code, p.problem.severity) for p in result.problems]


def valid_rows(result: Validation) -> list[int]:
    return result.valid.get_column("_row").to_list()


def person(**cells: str | None) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "nik": SITI,
        "no_kk": "1302050101010001",
        "nama": "Siti Rahmah",
        "tanggal_lahir": "1985-07-01",
        "jenis_kelamin": "P",
        "kode_wilayah": DESA,
        "alamat": "Jorong Koto",
        "pekerjaan": "Petani/Pekebun",
        "sektor": "informal",
        "desil": "3",
    }
    row.update(cells)
    return row


def membership(**cells: str | None) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "nik": SITI,
        "kpj": "90000001",
        "segmen": "BPU",
        "program": "JKK;JKM",
        "tanggal_mulai": "2024-01-01",
        "tanggal_akhir": None,
        "dasar_upah": "1000000",
        "pembayar": "apbd",
        "npp": None,
    }
    row.update(cells)
    return row


def labour(**cells: str | None) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "kode_wilayah": "13",
        "periode": "2024-08",
        "jenis": "angkatan_kerja",
        "nilai": "3.000.000",
        "sumber": "BPS Sakernas Agustus 2024",
    }
    row.update(cells)
    return row


# --- persons -----------------------------------------------------------------------------------------------------


def test_persons_good_and_bad_rows(regions: RegionIndex) -> None:
    retired = nik(D(1970, 3, 9), "L", 12, kecamatan="13.02.99")  # a kecamatan code from before a split
    assert "13.02.99" not in regions
    rows = [
        person(),  # 2: good
        person(nik=BUDI, tanggal_lahir="31/02/1990", jenis_kelamin="L"),  # 3: impossible date
        person(nik=nik(D(1991, 1, 1), "L", 2), tanggal_lahir="1991-01-01", jenis_kelamin="X"),  # 4
        person(
            nik=nik(D(1992, 1, 1), "L", 3),
            tanggal_lahir="1992-01-01",
            jenis_kelamin="L",
            kode_wilayah="13.02",
        ),
        person(
            nik=nik(D(1993, 1, 1), "L", 4),
            tanggal_lahir="1993-01-01",
            jenis_kelamin="L",
            kode_wilayah="13.02.05.9999",
        ),  # 6: unknown desa
        person(nik="12345"),  # 7: not a NIK
        person(nik=nik(D(1994, 1, 1), "P", 5), tanggal_lahir="1994-01-01", nama=None),  # 8: missing name
        person(nik=nik(D(1995, 1, 1), "P", 6), tanggal_lahir="1995-01-01", no_kk="123"),  # 9: bad KK
        person(nik=nik(D(1996, 1, 1), "P", 7), tanggal_lahir="1996-01-01", sektor="swasta"),  # 10
        person(nik=nik(D(1997, 1, 1), "P", 8), tanggal_lahir="1997-01-01", desil="11"),  # 11
        person(
            nik=nik(D(1998, 1, 1), "P", 9), tanggal_lahir="1998-01-01", jenis_kelamin="L"
        ),  # 12: sex mismatch
        person(nama="Siti (lagi)"),  # 13: duplicate NIK of row 2
        person(
            nik=retired, tanggal_lahir="1970-03-09", jenis_kelamin="L"
        ),  # 14: retired kecamatan: warning only
        person(
            nik="1302-0551-0799-0010",  # dashes, as typed
            tanggal_lahir="11-07-1999",
            jenis_kelamin="Perempuan",
            kode_wilayah="1302052001",  # undotted
            sektor="Formal",
            desil=None,
            no_kk=None,
            alamat=None,
        ),  # 15: good, written differently
        person(
            nik=nik(D(1988, 8, 8), "L", 20), tanggal_lahir="1988-08-09", jenis_kelamin="L"
        ),  # 16: date mismatch
        person(
            nik=nik(D(1989, 1, 1), "L", 21, kecamatan="13.50.01"),
            tanggal_lahir="1989-01-01",
            jenis_kelamin="L",
        ),
    ]
    result = validate(frame_of(PERSONS, rows), PERSONS, regions=regions)

    assert summary(result) == [
        (3, "tanggal_lahir", "31/02/1990", "bad_date", "error"),
        (4, "jenis_kelamin", "X", "bad_choice", "error"),
        (5, "kode_wilayah", "13.02", "region_level", "error"),
        (6, "kode_wilayah", "13.02.05.9999", "region_not_current", "error"),
        (7, "nik", "12345", "nik_format", "error"),
        (8, "nama", None, "required", "error"),
        (9, "no_kk", "123", "bad_kk", "error"),
        (10, "sektor", "swasta", "bad_choice", "error"),
        (11, "desil", "11", "bad_decile", "error"),
        (12, "nik", rows[10]["nik"], "nik_sex_mismatch", "error"),
        (13, "nik", SITI, "duplicate_in_file", "error"),
        (14, "nik", retired, "nik_kecamatan_retired", "warning"),
        (16, "nik", rows[14]["nik"], "nik_birth_date_mismatch", "error"),
        (17, "nik", rows[15]["nik"], "nik_kabkota", "error"),
    ]
    assert result.rows_total == 16
    assert result.rows_rejected == 13
    assert valid_rows(result) == [2, 14, 15]
    assert result.valid.height + result.rows_rejected == result.rows_total

    by_row = {p.row: p.problem for p in result.problems}
    assert by_row[4].params == {"choices": "L, P"}
    assert by_row[5].params == {"expected": "kelurahan/desa"}
    assert "kelurahan/desa" in by_row[5].message("id")
    assert by_row[6].params == {
        "code": "13.02.05.9999",
        "parent": "13.02.05 (Payung Sekaki, Kabupaten Solok, Sumatera Barat)",
    }
    assert by_row[10].params == {"choices": "formal, informal"}
    assert by_row[12].params == {"nik_sex": "P", "stated": "L"}
    assert by_row[13].params == {"first_row": "2"}
    assert by_row[13].message("id") == "Duplikat dalam berkas: sama dengan baris 2."
    assert by_row[13].message("en") == "Duplicate in the file: same as row 2."
    assert by_row[16].params == {"nik_date": "08-08-88", "stated": "1988-08-09"}


def test_persons_valid_rows_are_typed(regions: RegionIndex) -> None:
    rows = [
        person(),
        person(
            nik="1302-0551-0799-0010",
            tanggal_lahir="11-07-1999",
            jenis_kelamin="Perempuan",
            kode_wilayah="1302052001",
            sektor="Formal",
            desil=None,
            no_kk="1302 0501 0101 0002",
        ),
    ]
    result = validate(frame_of(PERSONS, rows), PERSONS, regions=regions)
    assert result.problems == ()
    valid = result.valid
    assert valid.columns == ["_row", *PERSONS.names]
    assert valid.schema["tanggal_lahir"] == pl.Date
    assert valid.schema["desil"] == pl.Int8
    first, second = valid.to_dicts()
    assert first == {
        "_row": 2,
        "nik": SITI,
        "no_kk": "1302050101010001",
        "nama": "Siti Rahmah",
        "tanggal_lahir": D(1985, 7, 1),
        "jenis_kelamin": "P",
        "kode_wilayah": DESA,
        "alamat": "Jorong Koto",
        "pekerjaan": "Petani/Pekebun",
        "sektor": "informal",
        "desil": 3,
    }
    assert second["nik"] == "1302055107990010"
    assert second["no_kk"] == "1302050101010002"
    assert second["tanggal_lahir"] == D(1999, 7, 11)
    assert second["jenis_kelamin"] == "P"
    assert second["kode_wilayah"] == DESA
    assert second["sektor"] == "formal"
    assert second["desil"] is None


@pytest.mark.parametrize(
    ("code", "level_name"),
    [
        ("13", "kelurahan/desa"),
        ("13.02", "kelurahan/desa"),
        ("13.02.05", "kelurahan/desa"),
        ("1302", "kelurahan/desa"),
    ],
)
def test_persons_need_a_village_code(regions: RegionIndex, code: str, level_name: str) -> None:
    result = validate(frame_of(PERSONS, [person(kode_wilayah=code)]), PERSONS, regions=regions)
    assert summary(result) == [(2, "kode_wilayah", code, "region_level", "error")]
    assert result.problems[0].problem.params == {"expected": level_name}
    assert result.valid.height == 0


def test_persons_kelurahan_code_is_accepted(regions: RegionIndex) -> None:
    kelurahan = "13.71.01.1001"
    assert kelurahan in regions
    result = validate(frame_of(PERSONS, [person(kode_wilayah=kelurahan)]), PERSONS, regions=regions)
    assert result.problems == ()


def test_region_code_with_an_extra_digit_is_unknown(regions: RegionIndex) -> None:
    result = validate(frame_of(PERSONS, [person(kode_wilayah="13020520019")]), PERSONS, regions=regions)
    assert summary(result) == [(2, "kode_wilayah", "13020520019", "unknown_region", "error")]


def test_retired_kecamatan_nik_is_a_warning_and_the_row_stays(regions: RegionIndex) -> None:
    retired = nik(D(1970, 3, 9), "L", 12, kecamatan="13.02.99")
    rows = [person(nik=retired, tanggal_lahir="09/03/1970", jenis_kelamin="laki-laki")]
    result = validate(frame_of(PERSONS, rows), PERSONS, regions=regions)
    assert summary(result) == [(2, "nik", retired, "nik_kecamatan_retired", "warning")]
    assert result.rows_rejected == 0
    assert valid_rows(result) == [2]
    assert result.valid.row(0, named=True)["nik"] == retired


def test_duplicate_niks_name_the_first_row(regions: RegionIndex) -> None:
    rows = [person(), person(nik=BUDI, tanggal_lahir="1990-07-15", jenis_kelamin="L"), person(), person()]
    result = validate(frame_of(PERSONS, rows), PERSONS, regions=regions)
    assert summary(result) == [
        (4, "nik", SITI, "duplicate_in_file", "error"),
        (5, "nik", SITI, "duplicate_in_file", "error"),
    ]
    assert [p.problem.params["first_row"] for p in result.problems] == ["2", "2"]
    assert valid_rows(result) == [2, 3]


def test_nik_written_with_separators_is_the_same_person(regions: RegionIndex) -> None:
    spaced = f"{SITI[:4]} {SITI[4:8]} {SITI[8:12]} {SITI[12:]}"
    result = validate(frame_of(PERSONS, [person(), person(nik=spaced)]), PERSONS, regions=regions)
    assert summary(result) == [(3, "nik", SITI, "duplicate_in_file", "error")]


def test_missing_required_columns_make_the_file_unreadable(regions: RegionIndex) -> None:
    frame = frame_of(PERSONS, [person()]).drop("nama", "tanggal_lahir")
    with pytest.raises(UnreadableFile) as caught:
        validate(frame, PERSONS, regions=regions)
    problem = caught.value.problem
    assert problem.code == "missing_columns"
    assert problem.params["columns"] == "nama, tanggal_lahir"
    assert "nik" in problem.params["found"]
    assert "nama" not in problem.params["found"].split(", ")
    assert "nama, tanggal_lahir" in str(caught.value)
    assert str(caught.value).startswith("Kolom wajib tidak ada")


@pytest.mark.parametrize("layout", [PERSONS, MEMBERSHIPS, LABOUR_FORCE], ids=lambda layout: layout.source)
def test_every_required_column_missing_is_listed(regions: RegionIndex, layout: Layout) -> None:
    required = [c.name for c in layout.columns if c.required]
    frame = pl.DataFrame({"lain": ["x"]}, schema={"lain": pl.String})
    with pytest.raises(UnreadableFile) as caught:
        validate(frame, layout, regions=regions)
    listed = caught.value.problem.params["columns"].split(", ")
    assert set(required) <= set(listed)


def test_extra_columns_are_ignored(regions: RegionIndex) -> None:
    frame = frame_of(PERSONS, [person()]).with_columns(pl.lit("abc").alias("catatan"))
    result = validate(frame, PERSONS, regions=regions)
    assert result.problems == ()
    assert "catatan" not in result.valid.columns


def test_a_birth_date_in_the_future_is_an_error(regions: RegionIndex) -> None:
    today = D(2025, 6, 30)
    born_today = nik(today, "L", 1)
    tomorrow = nik(D(2025, 7, 1), "P", 2)
    rows = [
        person(nik=born_today, tanggal_lahir="30/06/2025", jenis_kelamin="L"),  # 2: today is not the future
        person(nik=tomorrow, tanggal_lahir="2025-07-01"),  # 3
        person(nik=BUDI, tanggal_lahir="15/07/2090", jenis_kelamin="L"),  # 4: the NIK's 90 read as 2090
    ]
    result = validate(frame_of(PERSONS, rows), PERSONS, regions=regions, today=today)
    assert summary(result) == [
        (3, "tanggal_lahir", "2025-07-01", "birth_date_future", "error"),
        (4, "tanggal_lahir", "2090-07-15", "birth_date_future", "error"),
    ]
    first = result.problems[0].problem
    assert first.params == {"date": "2025-07-01", "today": "2025-06-30"}
    assert first.message() == "Tanggal lahir 2025-07-01 ada di masa depan (hari ini 2025-06-30)."
    assert first.message("en") == "The birth date 2025-07-01 lies in the future (today is 2025-06-30)."
    assert valid_rows(result) == [2]


def test_today_defaults_to_the_date_in_jakarta(regions: RegionIndex) -> None:
    jakarta = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()
    later = jakarta + dt.timedelta(days=1)
    rows = [
        person(nik=nik(later, "P", 1), tanggal_lahir=later.isoformat()),
        person(nik=nik(D(1985, 7, 1), "P", 2)),
    ]
    result = validate(frame_of(PERSONS, rows), PERSONS, regions=regions)
    assert summary(result) == [(2, "tanggal_lahir", later.isoformat(), "birth_date_future", "error")]
    assert result.problems[0].problem.params["today"] == jakarta.isoformat()


def test_region_codes_outside_the_registry_are_explained(regions: RegionIndex) -> None:
    rows = [
        person(kode_wilayah="1401011011"),  # 2: a real kelurahan of Riau
        person(nik=BUDI, tanggal_lahir="1990-07-15", jenis_kelamin="L", kode_wilayah="13.02.05.2999"),  # 3
        person(nik=nik(D(1991, 1, 1), "L", 2), tanggal_lahir="1991-01-01", jenis_kelamin="L",
               kode_wilayah="13.02.05.20O1"),  # 4: a letter O
        person(nik=nik(D(1992, 1, 1), "L", 3), tanggal_lahir="1992-01-01", jenis_kelamin="L",
               kode_wilayah="14.01"),  # 5: another province, and not a desa either
    ]  # fmt: skip
    result = validate(frame_of(PERSONS, rows), PERSONS, regions=regions)
    assert summary(result) == [
        (2, "kode_wilayah", "1401011011", "region_other_province", "error"),
        (3, "kode_wilayah", "13.02.05.2999", "region_not_current", "error"),
        (4, "kode_wilayah", "13.02.05.20O1", "unknown_region", "error"),
        (5, "kode_wilayah", "14.01", "region_other_province", "error"),
    ]
    assert result.problems[0].problem.message() == (
        "Kode wilayah 14.01.01.1011 milik provinsi lain (Riau), bukan wilayah yang dimuat."
    )
    assert result.valid.height == 0


# --- memberships ---------------------------------------------------------------------------------------------------


def test_memberships_good_and_bad_rows(regions: RegionIndex) -> None:
    retired = nik(D(1970, 3, 9), "L", 12, kecamatan="13.02.99")
    rows = [
        membership(program="jkk; jkm", dasar_upah="Rp 1.000.000", pembayar="APBD", segmen="bpu"),  # 2: good
        membership(
            nik=BUDI, tanggal_mulai="2024-03-01", tanggal_akhir="2024-02-29"
        ),  # 3: ends before it starts
        membership(kpj="X2", tanggal_mulai="01/01/2024", program="JKK;JKM;JHT"),  # 4: same key as row 2
        membership(segmen="PU", pembayar="pemberi_kerja", npp="NPP-1"),  # 5: other segment: not a duplicate
        membership(nik=BUDI, program="JKN"),  # 6
        membership(nik=BUDI, tanggal_mulai="2024-02-01", dasar_upah="satu juta"),  # 7
        membership(nik=BUDI, tanggal_mulai="2024-03-15", pembayar="pemda"),  # 8
        membership(nik=BUDI, tanggal_mulai="2024-04-01", kpj=None),  # 9
        membership(nik=SITI + "1"),  # 10: 17 digits
        membership(nik=retired),  # 11: warning only
        membership(nik="9902054107850003"),  # 12: unknown province
        membership(nik=BUDI, tanggal_mulai="2024-05-01", dasar_upah="99999999999999999999"),  # 13: too large
        membership(
            nik=BUDI, tanggal_mulai="2024-06-01", tanggal_akhir="2024-06-01", segmen="Jakon"
        ),  # 14: good
        membership(nik=BUDI, tanggal_mulai="2024-07-01", tanggal_akhir="bulan depan"),  # 15
        membership(nik=BUDI, tanggal_mulai=None),  # 16
    ]
    result = validate(frame_of(MEMBERSHIPS, rows), MEMBERSHIPS, regions=regions)
    assert summary(result) == [
        (3, "tanggal_akhir", "2024-02-29", "end_before_start", "error"),
        (4, "nik", SITI, "duplicate_in_file", "error"),
        (6, "program", "JKN", "bad_choice", "error"),
        (7, "dasar_upah", "satu juta", "bad_integer", "error"),
        (8, "pembayar", "pemda", "bad_choice", "error"),
        (9, "kpj", None, "required", "error"),
        (10, "nik", SITI + "1", "nik_format", "error"),
        (11, "nik", retired, "nik_kecamatan_retired", "warning"),
        (12, "nik", "9902054107850003", "nik_province", "error"),
        (13, "dasar_upah", "99999999999999999999", "bad_integer", "error"),
        (15, "tanggal_akhir", "bulan depan", "bad_date", "error"),
        (16, "tanggal_mulai", None, "required", "error"),
    ]
    assert result.problems[1].problem.params == {"first_row": "2"}
    assert valid_rows(result) == [2, 5, 11, 14]
    assert result.rows_total == 15
    assert result.rows_rejected == 11

    valid = result.valid
    assert valid.schema["tanggal_mulai"] == pl.Date
    assert valid.schema["tanggal_akhir"] == pl.Date
    assert valid.schema["dasar_upah"] == pl.Int64
    good = valid.row(0, named=True)
    assert good["program"] == "JKK;JKM"
    assert good["segmen"] == "BPU"
    assert good["pembayar"] == "apbd"
    assert good["dasar_upah"] == 1_000_000
    assert isinstance(good["dasar_upah"], int)
    assert good["tanggal_mulai"] == D(2024, 1, 1)
    assert good["tanggal_akhir"] is None
    jakon = valid.row(3, named=True)
    assert (jakon["segmen"], jakon["tanggal_mulai"], jakon["tanggal_akhir"]) == (
        "JAKON",
        D(2024, 6, 1),
        D(2024, 6, 1),
    )


def test_end_before_start_in_other_date_formats(regions: RegionIndex) -> None:
    rows = [membership(tanggal_mulai="15/03/2024", tanggal_akhir="14-03-2024")]
    result = validate(frame_of(MEMBERSHIPS, rows), MEMBERSHIPS, regions=regions)
    assert summary(result) == [(2, "tanggal_akhir", "2024-03-14", "end_before_start", "error")]


# --- labour force ------------------------------------------------------------------------------------------------


def test_labour_force_good_and_bad_rows(regions: RegionIndex) -> None:
    rows = [
        labour(),  # 2: province
        labour(kode_wilayah="1371", nilai="512.345"),  # 3: Kota Padang, undotted
        labour(kode_wilayah="13.71", nilai="1"),  # 4: same key as row 3
        labour(kode_wilayah="13.71", jenis="penduduk_bekerja", nilai="480,000"),  # 5
        labour(kode_wilayah="13.99"),  # 6
        labour(kode_wilayah="13.02", periode="2024-8"),  # 7
        labour(kode_wilayah="13.03", nilai="-5"),  # 8
        labour(kode_wilayah="13.04", jenis="bekerja"),  # 9
        labour(kode_wilayah="13.05", sumber=None),  # 10
        labour(kode_wilayah=DESA, jenis="bpu", nilai="226964.0"),  # 11: any level is fine here
        labour(kode_wilayah="13020520019"),  # 12: an extra digit is not Supayang
        labour(kode_wilayah="13", periode="2025-02"),  # 13: another period: not a duplicate
    ]
    result = validate(frame_of(LABOUR_FORCE, rows), LABOUR_FORCE, regions=regions)
    assert summary(result) == [
        (4, "kode_wilayah", "13.71", "duplicate_in_file", "error"),
        (6, "kode_wilayah", "13.99", "region_not_current", "error"),
        (7, "periode", "2024-8", "bad_period", "error"),
        (8, "nilai", "-5", "bad_integer", "error"),
        (9, "jenis", "bekerja", "bad_choice", "error"),
        (10, "sumber", None, "required", "error"),
        (12, "kode_wilayah", "13020520019", "unknown_region", "error"),
    ]
    assert result.problems[0].problem.params == {"first_row": "3"}
    assert result.problems[1].problem.params == {"code": "13.99", "parent": "13 (Sumatera Barat)"}
    assert valid_rows(result) == [2, 3, 5, 11, 13]
    valid = result.valid
    assert valid.schema["periode"] == pl.Date
    assert valid.schema["nilai"] == pl.Int64
    assert valid.select("kode_wilayah", "periode", "jenis", "nilai").rows() == [
        ("13", D(2024, 8, 1), "angkatan_kerja", 3_000_000),
        ("13.71", D(2024, 8, 1), "angkatan_kerja", 512_345),
        ("13.71", D(2024, 8, 1), "penduduk_bekerja", 480_000),
        (DESA, D(2024, 8, 1), "bpu", 226_964),
        ("13", D(2025, 2, 1), "angkatan_kerja", 3_000_000),
    ]


# --- from a real file ----------------------------------------------------------------------------------------------


def test_csv_file_row_numbers_are_the_spreadsheet_rows(tmp_path: Path, regions: RegionIndex) -> None:
    lines = [
        "  NIK ;No KK;Nama;Tanggal Lahir;Jenis Kelamin;Kode Wilayah;Alamat;Pekerjaan;Sektor;Desil",
        f"{SITI};;Siti;01/07/1985;P;{DESA};;;;",
        f"{BUDI};;Budi;15/07/1990;L;13.02;;;;",
        f"{SITI};;Siti lagi;01/07/1985;P;{DESA};;;;",
    ]
    path = tmp_path / "penduduk.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    result = validate(read_table(path), PERSONS, regions=regions)
    assert summary(result) == [
        (3, "kode_wilayah", "13.02", "region_level", "error"),
        (4, "nik", SITI, "duplicate_in_file", "error"),
    ]
    assert valid_rows(result) == [2]


# --- fuzzing -------------------------------------------------------------------------------------------------------

SAMPLE_CELLS: dict[str, list[str]] = {
    "nik": [SITI, BUDI, "1302994107850003", "9902054107850003", "1302054107850000", "1302057207850003", "12"],
    "kk": ["1302050101010001", "123", "1302-0501-0101-0001"],
    "text": ["Siti", "x", " "],
    "date": ["1985-07-01", "15/07/1990", "45306", "31/02/2024", "2024-01-01 00:00:00", "0"],
    "period": ["2024-08", "2024-13", "2024-8"],
    "sex": ["L", "P", "perempuan", "x"],
    "choice": ["BPU", "apbd", "informal", "angkatan_kerja", "penduduk_bekerja", "x"],
    "count": ["3", "1.000", "-1", "9" * 25, "0"],
    "rupiah": ["Rp 1.000.000", "1000000", "9" * 25, "x"],
    "decile": ["1", "10", "0", "11"],
    "region": ["13", "13.02", "1302", DESA, "1302052001", "13.99", "13020520019", "", "x"],
    "programs": ["JKK;JKM", "jkk jkm", "JKN", ";"],
}


def random_frame(layout: Layout) -> st.SearchStrategy[pl.DataFrame]:
    def cell(kind: str) -> st.SearchStrategy[str | None]:
        return st.one_of(st.none(), st.sampled_from(SAMPLE_CELLS[kind]), st.text(max_size=12))

    row = st.fixed_dictionaries({c.name: cell(c.kind) for c in layout.columns})
    return st.lists(row, max_size=8).map(lambda rows: frame_of(layout, rows))


TYPED = {"date": pl.Date, "period": pl.Date, "count": pl.Int64, "rupiah": pl.Int64, "decile": pl.Int8}


@pytest.mark.parametrize("source", sorted(LAYOUTS))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_random_frames_never_crash_and_every_row_is_accounted_for(
    source: str, data: st.DataObject, regions: RegionIndex
) -> None:
    layout = LAYOUTS[source]
    frame = data.draw(random_frame(layout))
    result = validate(frame, layout, regions=regions)

    # Rows with every cell empty are skipped (trailing blank lines), but keep the file's numbering.
    blank = {i + 2 for i, r in enumerate(frame.iter_rows()) if all(v is None for v in r)}
    assert result.rows_total == frame.height - len(blank)
    assert result.valid.height + result.rows_rejected == result.rows_total
    all_rows = set(range(2, frame.height + 2)) - blank
    rejected = {p.row for p in result.problems if p.problem.severity == "error"}
    assert rejected <= all_rows
    assert set(valid_rows(result)) == all_rows - rejected
    assert valid_rows(result) == sorted(valid_rows(result))

    assert result.valid.columns == ["_row", *layout.names]
    for column in layout.columns:
        assert result.valid.schema[column.name] == TYPED.get(column.kind, pl.String)
        if column.required:
            assert result.valid.get_column(column.name).null_count() == 0

    assert [p.row for p in result.problems] == sorted(p.row for p in result.problems)
    for found in result.problems:
        assert found.row in all_rows
        assert found.column in layout.names
        assert found.problem.code in MESSAGES
        assert found.problem.message("id")
        assert found.problem.message("en")


def test_optional_columns_may_be_absent_and_blank_rows_are_skipped(regions: RegionIndex) -> None:
    frame = pl.DataFrame(
        {
            "kode_wilayah": ["13.02", None, "13.71"],
            "periode": ["2025-06", None, "2025-08"],
            "jenis": ["angkatan_kerja", None, "angkatan_kerja"],
            "nilai": ["226964", None, "493647"],
            "sumber": ["BPS", None, "BPS"],
        }
    )
    result = validate(frame, LABOUR_FORCE, regions=regions)
    assert (result.rows_total, result.valid.height, result.problems) == (2, 2, ())
    assert result.valid.get_column(ROW).to_list() == [2, 4]

    persons = pl.DataFrame(
        {
            "nik": ["1302054107850003"],
            "nama": ["SITI"],
            "tanggal_lahir": ["1985-07-01"],
            "jenis_kelamin": ["Pr"],
            "kode_wilayah": ["13.02.05.2001"],
        }
    )
    typed = validate(persons, PERSONS, regions=regions).valid
    assert typed.height == 1 and typed.get_column("desil").to_list() == [None]
    assert typed.get_column("jenis_kelamin").to_list() == ["P"]


# --- the vectorised spellings parse as the parsers do ------------------------------------------------------------

DATE_LIKE = st.one_of(
    st.dates(min_value=D(1, 1, 1)).map(lambda d: d.isoformat()),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.from_regex(r"[0-9]{1,5}", fullmatch=True),
    st.from_regex(r"[0-9]{1,2}[/-][0-9]{1,2}[/-][0-9]{2,4}", fullmatch=True),
    st.text(max_size=14),
)
KK_LIKE = st.one_of(
    st.from_regex(r"[0-9]{14,18}", fullmatch=True),
    st.from_regex(r"[0-9 .\-]{16,20}", fullmatch=True),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(DATE_LIKE, max_size=20))
def test_dates_parse_in_polars_exactly_as_parse_date(texts: list[str]) -> None:
    column = Column("tanggal", "date")
    frame = pl.DataFrame({"tanggal": texts}, schema={"tanggal": pl.String})
    typed = _parse_column(frame, column, RegionIndex(frozenset())).get_column("_typed_tanggal").to_list()
    assert typed == [values.parse_date(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(KK_LIKE, max_size=20))
def test_kk_numbers_parse_in_polars_exactly_as_parse_kk(texts: list[str]) -> None:
    column = Column("no_kk", "kk")
    frame = pl.DataFrame({"no_kk": texts}, schema={"no_kk": pl.String})
    typed = _parse_column(frame, column, RegionIndex(frozenset())).get_column("_typed_no_kk").to_list()
    assert typed == [values.parse_kk(t) for t in texts]


def test_common_spellings_skip_the_python_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    parse_date = values.parse_date

    def counting(text: str) -> dt.date | None:
        calls.append(text)
        return parse_date(text)

    monkeypatch.setattr(values, "parse_date", counting)
    texts = ["1985-07-01", "2024-02-29", "15/07/1990", "2023-02-29", "1899-12-31"]
    frame = pl.DataFrame({"tanggal": texts})
    typed = _parse_column(frame, Column("tanggal", "date"), RegionIndex(frozenset())).get_column(
        "_typed_tanggal"
    )
    assert typed.to_list() == [D(1985, 7, 1), D(2024, 2, 29), D(1990, 7, 15), None, None]
    assert sorted(calls) == ["15/07/1990", "1899-12-31", "2023-02-29"]
