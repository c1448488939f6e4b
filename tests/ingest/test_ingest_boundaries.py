"""GeoJSON boundary files: the shared West Sumatra files load whole; every kind of bad file or feature is named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cakupan.core.regions import load_province
from cakupan.ingest.boundaries import check_geometry, names_agree, read_geojson, validate_boundaries
from cakupan.ingest.readers import UnreadableFile
from cakupan.ingest.validate import Validation
from shared_data import shared_file

NAMES = {r.code: r.name for r in load_province("13")}
SQUARE = [[100.0, -1.0], [100.1, -1.0], [100.1, -0.9], [100.0, -0.9], [100.0, -1.0]]


def _feature(properties: dict[str, Any], geometry: Any = None, kind: str = "Feature") -> dict[str, Any]:
    if geometry is None:
        geometry = {"type": "Polygon", "coordinates": [SQUARE]}
    return {"type": kind, "properties": properties, "geometry": geometry}


def _write(tmp_path: Path, document: Any, name: str = "b.geojson") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def _collection(*features: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def _check(tmp_path: Path, *features: Any) -> Validation:
    return validate_boundaries(read_geojson(_write(tmp_path, _collection(*features))), regions=NAMES)


@pytest.mark.parametrize(
    ("file", "features", "level", "total"),
    [
        ("sumbar_kabkota.geojson", 19, 2, 19),
        ("sumbar_kecamatan.geojson", 179, 3, 179),
        ("sumbar_desa_kelurahan.geojson", 1159, 4, 1265),
    ],
)
def test_shared_files_are_valid(file: str, features: int, level: int, total: int) -> None:
    result = validate_boundaries(read_geojson(shared_file(file)), regions=NAMES)
    assert result.problems == () and result.valid.height == result.rows_total == features
    codes = set(result.valid.get_column("kode_wilayah"))
    at_level = {c for c in NAMES if c.count(".") + 1 == level}
    assert codes <= at_level and len(at_level) == total
    if level == 4:  # the desa file lacks 106 nagari upstream: Agam 10, Pasaman 25, Pasaman Barat 71
        missing = at_level - codes
        by_kabkota = {
            k: sum(1 for c in missing if c.startswith(k + ".")) for k in ("13.06", "13.08", "13.12")
        }
        assert len(missing) == 106 and by_kabkota == {"13.06": 10, "13.08": 25, "13.12": 71}
        assert all(c.split(".")[3].startswith("2") for c in missing)  # all nagari/desa, no kelurahan


def test_geometry_is_kept_compact_with_its_box(tmp_path: Path) -> None:
    ring = [[100.12345678, -1.0], [100.2, -1.0], [100.2, -0.9], [100.12345678, -1.0]]
    result = _check(tmp_path, _feature({"kode_digits": "1302"}, {"type": "Polygon", "coordinates": [ring]}))
    row = result.valid.row(0, named=True)
    assert row["kode_wilayah"] == "13.02"
    assert json.loads(row["geometri"]) == {
        "type": "Polygon",
        "coordinates": [[[100.123457, -1.0], [100.2, -1.0], [100.2, -0.9], [100.123457, -1.0]]],
    }
    assert " " not in row["geometri"]
    assert (row["min_lng"], row["min_lat"], row["max_lng"], row["max_lat"]) == (
        100.12345678,
        -1.0,
        100.2,
        -0.9,
    )


def test_multipolygon_and_dotted_or_undotted_codes(tmp_path: Path) -> None:
    multi = {"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE]]}
    result = _check(
        tmp_path,
        _feature({"kode": "13.02.05", "kode_digits": "130205"}, multi),
        _feature({"kode": "1372", "nama": "Kota Solok"}),
        _feature({"kode": "13.02.05.2001", "nama": "Nagari Supayang"}),
    )
    assert result.problems == ()
    assert result.valid.get_column("kode_wilayah").to_list() == ["13.02.05", "13.72", "13.02.05.2001"]


def _problems(result: Validation) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.problem.code) for p in result.problems]


def test_every_bad_feature_is_named_and_skipped(tmp_path: Path) -> None:
    result = _check(
        tmp_path,
        _feature({"kode": "13.02"}),  # row 2 (feature 1): fine
        _feature({"nama": "Tanpa Kode"}),  # 3: no code
        _feature({"kode": "13.02", "kode_digits": "1372"}),  # 4: the two codes disagree
        _feature({"kode": "13.99"}),  # 5: not a loaded region
        _feature({"kode": "1302"}),  # 6: the same region twice
        _feature({"kode": "13.01", "nama": "Kepulauan Mentawai"}),  # 7: a BPS-coded file (1301 = Mentawai)
        _feature({"kode": "13.03"}, {"type": "Point", "coordinates": [100.0, -1.0]}),  # 8: not a polygon
        _feature({"kode": "13.04"}, {"type": "Polygon", "coordinates": [SQUARE[:-1]]}),  # 9: open ring
        _feature({"kode": "13.05"}, {"type": "Polygon", "coordinates": [[[650000, 9900000]] * 4]}),  # 10: UTM
        _feature({"kode": "13.06"}, {"type": "Polygon", "coordinates": [[["a", 1]] * 4]}),  # 11: not a number
        "not a feature",  # 12
        _feature({"kode": "13.07"}, kind="Topology"),  # 13
        {"type": "Feature", "properties": {"kode": "13.08"}, "geometry": None},  # 14: no geometry
    )
    assert _problems(result) == [
        (3, "kode", "feature_no_code"),
        (4, "kode", "feature_code_conflict"),
        (5, "kode", "unknown_region"),
        (6, "kode", "duplicate_in_file"),
        (7, "nama", "boundary_name_mismatch"),
        (8, "geometri", "geometry_type"),
        (9, "geometri", "geometry_shape"),
        (10, "geometri", "geometry_not_wgs84"),
        (11, "geometri", "geometry_shape"),
        (12, "tipe", "feature_not_object"),
        (13, "tipe", "feature_not_object"),
        (14, "geometri", "geometry_type"),
    ]
    assert result.valid.get_column("kode_wilayah").to_list() == ["13.02"]
    messages = {p.row: p.problem.message() for p in result.problems}
    assert messages[7] == (
        "Nama di berkas (Kepulauan Mentawai) tidak sama dengan nama wilayah 13.01 (Kabupaten Pesisir Selatan)."
    )
    assert "(650000, 9.9e+06) di luar rentang WGS84" in messages[10]
    assert messages[6] == "Duplikat dalam berkas: sama dengan baris 2."  # row 2 = feature 1


@pytest.mark.parametrize(
    ("content", "code", "fragment"),
    [
        ("", "file_empty", ""),
        ('{"type": "FeatureCollection",\n "features": [,]}', "geojson_syntax", "(baris 2, kolom 15)"),
        ('{"type": "FeatureCollection", "features": [NaN]}', "geojson_syntax", "NaN bukan angka JSON"),
        ("[1, 2]", "geojson_not_collection", "bukan daftar JSON"),
        ('{"type": "Feature", "geometry": null}', "geojson_not_collection", "bukan type 'Feature'"),
        ('{"type": "FeatureCollection"}', "geojson_not_collection", "tanpa daftar features"),
        ('{"type": "FeatureCollection", "features": []}', "file_empty", ""),
        (
            '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:32747"}}, '
            '"features": []}',
            "geojson_crs",
            "EPSG:32747",
        ),
    ],
)
def test_unusable_files_are_refused_whole(tmp_path: Path, content: str, code: str, fragment: str) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_geojson(_write(tmp_path, content))
    assert caught.value.problem.code == code and fragment in caught.value.problem.message()


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.geojson"
    path.write_bytes(b"\xff\xfe\x00binary" * 10)
    with pytest.raises(UnreadableFile) as caught:
        read_geojson(path)
    assert "bukan teks UTF-8" in caught.value.problem.message()


def test_legacy_wgs84_crs_is_accepted(tmp_path: Path) -> None:
    document = _collection(_feature({"kode": "13.02"}))
    document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    assert read_geojson(_write(tmp_path, document)).height == 1


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("Nagari Supayang", "Supayang", True),
        ("Kab. Solok", "Kabupaten Solok", True),
        ("Kota Solok", "Kabupaten Solok", False),
        ("SOLOK", "Kota Solok", True),
        ("Koto Gadang", "Koto Gadang Koto Anam", False),
    ],
)
def test_names_agree(a: str, b: str, agree: bool) -> None:
    assert names_agree(a, b) is agree


# Fuzz: any JSON document, any feature list, any geometry: a refusal or a validation, never a crash.
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
_code = st.sampled_from(["13.02", "1302", "13.99", "", "x", "13.02.05.2001"])
_geometry = st.one_of(
    _json,
    st.fixed_dictionaries(
        {"type": st.sampled_from(["Polygon", "MultiPolygon", "Point"]), "coordinates": _json}
    ),
)
_features = st.lists(
    st.one_of(
        _json,
        st.fixed_dictionaries(
            {
                "type": st.just("Feature"),
                "properties": st.fixed_dictionaries({"kode": _code}),
                "geometry": _geometry,
            }
        ),
    ),
    max_size=5,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.one_of(_json, st.builds(_collection, _features).map(lambda d: d)))
def test_fuzz_never_crashes(tmp_path: Path, document: Any) -> None:
    if isinstance(document, dict) and isinstance(document.get("features"), list):
        document = {**document, "type": "FeatureCollection"}
    path = _write(tmp_path, document)
    try:
        frame = read_geojson(path)
    except UnreadableFile as refused:
        assert refused.problem.message()
        return
    result = validate_boundaries(frame, regions=NAMES)
    assert result.rows_total == frame.height
    assert result.valid.height + len({p.row for p in result.problems}) == frame.height
    for text in result.valid.get_column("geometri"):
        check_geometry(text)  # what is stored is itself a valid geometry
