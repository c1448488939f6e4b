"""Column mappings: applied before validation, saved to and loaded from YAML, suggestions for unknown headers."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cakupan.core.regions import RegionIndex, load_province
from cakupan.ingest.mapping import (
    ColumnMap,
    MappingError,
    apply_mapping,
    dump_mapping,
    header_report,
    header_signature,
    initial_choices,
    load_mapping,
    parse_mapping,
    suggest_target,
)
from cakupan.ingest.readers import UnreadableFile, read_table
from cakupan.ingest.schemas import LAYOUTS, PERSONS
from cakupan.ingest.validate import validate

MESSY_HEADER = "No,NIK KTP,Nama Lengkap,Tgl Lahir,L/P,Desa/Kelurahan,Kerja Sekarang\n"
MESSY_ROW = "1,1302054107850003,SITI AMINAH,01/07/1985,P,13.02.05.2001,Petani\n"


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex.of(r.code for r in load_province("13"))


def _messy(tmp_path: Path) -> pl.DataFrame:
    path = tmp_path / "messy.csv"
    path.write_text(MESSY_HEADER + MESSY_ROW, encoding="utf-8")
    return read_table(path)


def test_report_names_unknown_headers_and_missing_columns(tmp_path: Path) -> None:
    frame = _messy(tmp_path)
    report = header_report(frame.columns, PERSONS)
    assert report.automatic == {
        "nik_ktp": "nik",
        "nama_lengkap": "nama",
        "tgl_lahir": "tanggal_lahir",
        "l_p": "jenis_kelamin",
        "desa_kelurahan": "kode_wilayah",
    }
    assert report.unknown == ("no", "kerja_sekarang")
    assert report.missing == () and not report.complete

    without_sex = header_report([c for c in frame.columns if c != "l_p"], PERSONS)
    assert without_sex.missing == ("jenis_kelamin",)


def test_mapping_renames_and_drops_before_validation(tmp_path: Path, regions: RegionIndex) -> None:
    frame = apply_mapping(_messy(tmp_path), {"No": None, "Kerja Sekarang": "pekerjaan"})
    assert "no" not in frame.columns and "pekerjaan" in frame.columns
    result = validate(frame, PERSONS, regions=regions)
    assert result.problems == ()
    assert result.valid.get_column("pekerjaan").to_list() == ["Petani"]
    assert "pekerjaan" in result.columns_present


def test_dropping_a_header_that_looks_like_a_pattern_drops_only_that_column() -> None:
    frame = pl.DataFrame({"*": ["x"], "^n+$": ["y"], "nama": ["Siti"]})
    assert apply_mapping(frame, {"*": None, "^n+$": "nik"}).columns == ["nik", "nama"]


def test_mapping_one_column_to_two_headers_is_refused(tmp_path: Path) -> None:
    frame = _messy(tmp_path)
    with pytest.raises(UnreadableFile) as caught:
        apply_mapping(frame, {"nama_lengkap": "nama", "kerja_sekarang": "nama"})
    assert caught.value.problem.code == "mapping_twice"
    assert "nama" in caught.value.problem.message()
    with pytest.raises(UnreadableFile):  # renaming onto a header the file keeps
        apply_mapping(frame.rename({"nama_lengkap": "nama"}), {"kerja_sekarang": "nama"})


def test_yaml_round_trip_with_headers_as_written(tmp_path: Path) -> None:
    path = tmp_path / "pemetaan.yaml"
    path.write_text(
        "source: persons\ncolumns:\n  No Induk Kependudukan: nik\n  Kerja Sekarang: pekerjaan\n  No: null\n  On: ~\n  01: abaikan\n"
        "  Catatan: '-'\n",
        encoding="utf-8",
    )
    loaded = load_mapping(path, LAYOUTS)
    assert loaded == ColumnMap(
        source="persons",
        columns={
            "no_induk_kependudukan": "nik",
            "kerja_sekarang": "pekerjaan",
            "no": None,
            "on": None,
            "01": None,
            "catatan": None,
        },
    )
    assert parse_mapping(dump_mapping(loaded), LAYOUTS) == loaded


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("source: persons\ncolumns: [1, 2]\n", "mapping_file"),
        ("source: persons\ncolumns:\n  a: [\n", "mapping_file"),
        ("source: penduduk\ncolumns:\n  NIK KTP: nik\n", "mapping_source"),
        ("source: persons\ncolumns:\n  NIK KTP: nomor\n", "mapping_target"),
        ("source: persons\ncolumns:\n  NIK KTP: nik\n  No NIK: nik\n", "mapping_twice"),
        ("source: persons\ncolumns:\n  NIK KTP: nik\n  nik ktp: nik\n", "mapping_file"),
        ("just text", "mapping_file"),
    ],
)
def test_bad_mapping_files_are_explained(text: str, code: str) -> None:
    with pytest.raises(MappingError) as caught:
        parse_mapping(text, LAYOUTS)
    assert caught.value.problem.code == code
    assert caught.value.problem.message("id") and caught.value.problem.message("en")


def test_signature_ignores_order_and_spelling() -> None:
    assert header_signature(["NIK KTP", "Nama"]) == header_signature(["nama", "nik_ktp"])
    assert header_signature(["nik", "nama"]) != header_signature(["nik", "nama", "alamat"])


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("No Induk Kependudukan", "nik"),
        ("Kelurahan/Desa", "kode_wilayah"),
        ("Tanggal Lahir Penduduk", "tanggal_lahir"),
        ("Desil DTSEN 2025", "desil"),
        ("Nomor urut", None),
    ],
)
def test_suggestions(header: str, target: str | None) -> None:
    assert suggest_target(header, PERSONS) == target


def test_initial_choices_prefer_saved_then_automatic_then_suggestion() -> None:
    headers = ["nik_ktp", "nama_penduduk_lengkap", "kerja", "no"]
    choices = initial_choices(headers, PERSONS, {"no": None})
    assert choices["nik_ktp"] == "nik"
    assert choices["no"] is None
    assert choices["nama_penduduk_lengkap"] == "nama"
    assert initial_choices(["nik", "nik_ktp"], PERSONS, {})["nik_ktp"] is None  # nik is taken already


@given(
    st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=6, unique=True),
    st.dictionaries(st.text(max_size=12), st.one_of(st.none(), st.sampled_from(PERSONS.names)), max_size=6),
)
def test_apply_mapping_never_crashes(headers: list[str], mapping: dict[str, str | None]) -> None:
    frame = pl.DataFrame({f"h{i}_{h}": ["x"] for i, h in enumerate(headers)})
    try:
        mapped = apply_mapping(frame, mapping)
    except UnreadableFile as exc:
        assert exc.problem.code == "mapping_twice"
    else:
        assert len(mapped.columns) == len(set(mapped.columns))
