"""Region boundaries from a GeoJSON file: read, check every feature, keep the geometry as compact JSON text.

A boundary file is a GeoJSON ``FeatureCollection`` in WGS84 longitude/latitude (RFC 7946). Each feature names
its Kemendagri region in the property ``kode`` (dotted, ``13.02.05``) or ``kode_digits`` (``130205``); either
may be dotted or not. Only ``Polygon`` and ``MultiPolygon`` geometries are kept. A feature with a problem is
reported and skipped like a bad row of a table; a file that is not JSON, not a FeatureCollection, or in another
coordinate system is refused as a whole.

``read_geojson`` gives one row of text cells per feature (so the import pipeline treats a boundary file like a
table: feature ``i`` of the ``features`` array is row ``i + 2``, as if row 1 were a header), and
``validate_boundaries`` checks them against the loaded regions. No GIS library is needed: geometries are
checked structurally (types, ring closure, coordinate ranges), not topologically.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from cakupan.core.problems import Problem
from cakupan.core.regions import is_region_code, normalize_code
from cakupan.ingest.crosswalk import name_key
from cakupan.ingest.readers import UnreadableFile
from cakupan.ingest.schemas import Column, Layout
from cakupan.ingest.validate import FIRST_DATA_ROW, ROW, RowProblem, Validation

MAX_BYTES = 256 * 1024 * 1024  # a province's desa polygons take a few MB; far more is not a boundary file
DECIMALS = 6  # about 0.1 m: more digits are noise from the tool that wrote the file
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
# Names of WGS84 longitude/latitude in the legacy "crs" member; RFC 7946 files have no "crs" at all.
WGS84_NAMES = frozenset(
    {
        "urn:ogc:def:crs:ogc:1.3:crs84",
        "urn:ogc:def:crs:ogc::crs84",
        "urn:ogc:def:crs:epsg::4326",
        "urn:ogc:def:crs:epsg:4326",
        "epsg:4326",
        "crs84",
    }
)
# The cells read from each feature; documented in docs/file-layouts.md (`boundaries`).
BOUNDARIES = Layout(
    source="boundaries",
    columns=(
        Column("tipe", "text"),
        Column("kode", "text", required=False),
        Column("kode_digits", "text", required=False),
        Column("nama", "text", required=False),
        Column("geometri", "text"),
    ),
    key=("kode",),
)
VALID_COLUMNS = ("kode_wilayah", "geometri", "min_lng", "min_lat", "max_lng", "max_lat")
# Python's JSON messages, in Indonesian (the rest are shown as they are).
_JSON_REASONS = {
    "Expecting value": "nilai diharapkan",
    "Expecting ',' delimiter": "tanda koma diharapkan",
    "Expecting ':' delimiter": "tanda titik dua diharapkan",
    "Expecting property name enclosed in double quotes": "nama properti dalam tanda kutip ganda diharapkan",
    "Unterminated string starting at": "teks tidak ditutup tanda kutip",
    "Extra data": "ada data sesudah akhir JSON",
    "Invalid control character at": "karakter kontrol tidak sah",
    "Invalid \\escape": "urutan escape tidak sah",
}
_NAME_PREFIXES = ("nagari ", "desa ", "kelurahan ", "kecamatan ", "kec ", "kel ")


def _refuse(code: str, **params: str) -> UnreadableFile:
    return UnreadableFile(Problem(code, params=params))


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def _load_json(path: Path) -> Any:
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile(Problem("file_empty"))
    if size > MAX_BYTES:
        reason = (
            f"{size // 1_000_000} MB, lebih dari batas {MAX_BYTES // 1_000_000} MB untuk berkas batas wilayah"
        )
        raise _refuse("file_unreadable", reason=reason)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse("file_unreadable", reason=f"bukan teks UTF-8 (bita ke-{exc.start + 1})") from exc
    if not text.strip():
        raise UnreadableFile(Problem("file_empty"))
    try:
        return json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise _refuse(
            "geojson_syntax",
            reason_id=_JSON_REASONS.get(exc.msg, exc.msg),
            reason_en=exc.msg,
            line=str(exc.lineno),
            column=str(exc.colno),
        ) from exc
    except ValueError as exc:  # NaN or Infinity, which JSON does not have
        name = str(exc.args[0]) if exc.args else "?"
        raise _refuse(
            "geojson_syntax",
            reason_id=f"{name} bukan angka JSON",
            reason_en=f"{name} is not a JSON number",
            line="?",
            column="?",
        ) from exc
    except RecursionError as exc:
        raise _refuse("file_unreadable", reason="JSON bersarang terlalu dalam") from exc


def _check_collection(document: Any) -> list[Any]:
    if not isinstance(document, dict):
        found = "daftar JSON" if isinstance(document, list) else f"nilai JSON {type(document).__name__}"
        raise _refuse("geojson_not_collection", found=found)
    kind = document.get("type")
    features = document.get("features")
    if kind != "FeatureCollection" or not isinstance(features, list):
        found = f"type {kind!r}" if kind != "FeatureCollection" else "FeatureCollection tanpa daftar features"
        raise _refuse("geojson_not_collection", found=found)
    crs = document.get("crs")
    if crs is not None:
        name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
        if not isinstance(name, str) or name.casefold() not in WGS84_NAMES:
            raise _refuse("geojson_crs", crs=str(name if name is not None else crs))
    if not features:
        raise UnreadableFile(Problem("file_empty"))
    return features


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def read_geojson(path: Path) -> pl.DataFrame:
    """One row of text cells per feature: its ``type``, ``kode``, ``kode_digits``, ``nama``, and its geometry as
    compact JSON. Raises UnreadableFile for a file that is not a GeoJSON FeatureCollection in WGS84."""
    features = _check_collection(_load_json(path))
    rows: list[tuple[str | None, ...]] = []
    for feature in features:
        if not isinstance(feature, dict):
            rows.append((type(feature).__name__, None, None, None, None))
            continue
        properties = feature.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        geometry = feature.get("geometry")
        rows.append(
            (
                _text(feature.get("type")) or "(kosong)",
                _text(properties.get("kode")),
                _text(properties.get("kode_digits")),
                _text(properties.get("nama")),
                None if geometry is None else json.dumps(geometry, separators=(",", ":")),
            )
        )
    return pl.DataFrame(rows, schema=dict.fromkeys(BOUNDARIES.names, pl.String()), orient="row")


class _Bad(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def _shape(reason: str) -> _Bad:
    return _Bad(Problem("geometry_shape", params={"reason": reason}))


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _shape(f"{value!r} bukan angka")
    return float(value)


def _ring(ring: Any, box: list[float]) -> list[list[float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _shape("setiap cincin poligon perlu paling sedikit 4 titik")
    points: list[list[float]] = []
    for position in ring:
        if not isinstance(position, list) or len(position) < 2:
            raise _shape("setiap titik harus [bujur, lintang]")
        lng, lat = _number(position[0]), _number(position[1])
        if not (-180.0 <= lng <= 180.0 and -90.0 <= lat <= 90.0):
            raise _Bad(Problem("geometry_not_wgs84", params={"lng": f"{lng:g}", "lat": f"{lat:g}"}))
        box[0], box[1], box[2], box[3] = (
            min(box[0], lng),
            min(box[1], lat),
            max(box[2], lng),
            max(box[3], lat),
        )
        points.append([round(lng, DECIMALS), round(lat, DECIMALS)])
    if points[0] != points[-1]:
        raise _shape("cincin poligon tidak tertutup (titik pertama dan terakhir berbeda)")
    return points


def _polygon(rings: Any, box: list[float]) -> list[list[list[float]]]:
    if not isinstance(rings, list) or not rings:
        raise _shape("poligon tanpa cincin")
    return [_ring(ring, box) for ring in rings]


def check_geometry(text: str | None) -> tuple[str, tuple[float, float, float, float]]:
    """A geometry's compact JSON (coordinates rounded) and bounding box; raises _Bad with the problem."""
    if text is None:
        raise _Bad(Problem("geometry_type", params={"kind": "(kosong)"}))
    geometry = json.loads(text)
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in GEOMETRY_TYPES:
        raise _Bad(Problem("geometry_type", params={"kind": str(kind)}))
    coordinates = geometry.get("coordinates")
    box = [math.inf, math.inf, -math.inf, -math.inf]
    if kind == "Polygon":
        shaped: Any = _polygon(coordinates, box)
    else:
        if not isinstance(coordinates, list) or not coordinates:
            raise _shape("MultiPolygon tanpa poligon")
        shaped = [_polygon(polygon, box) for polygon in coordinates]
    compact = json.dumps({"type": kind, "coordinates": shaped}, separators=(",", ":"))
    return compact, (box[0], box[1], box[2], box[3])


def names_agree(in_file: str, registered: str) -> bool:
    """``Nagari Koto Gadang`` and ``Koto Gadang``, or ``Kab. Solok`` and ``Kabupaten Solok``, agree; ``Kabupaten
    Solok`` and ``Kota Solok`` do not (a kind stated on both sides must be the same)."""

    def key(name: str) -> tuple[str | None, str]:
        folded = name.casefold()
        for prefix in _NAME_PREFIXES:
            if folded.startswith(prefix):
                return name_key(name[len(prefix) :])
        return name_key(name)

    (kind_a, a), (kind_b, b) = key(in_file), key(registered)
    return a == b and (kind_a is None or kind_b is None or kind_a == kind_b)


def _code(kode: str | None, digits: str | None) -> str:
    codes = [normalize_code(c) for c in (kode, digits) if c is not None]
    if not codes:
        raise _Bad(Problem("feature_no_code"))
    if len(codes) == 2 and codes[0] != codes[1]:
        raise _Bad(Problem("feature_code_conflict", params={"code": kode or "", "digits": digits or ""}))
    return codes[0]


def validate_boundaries(frame: pl.DataFrame, *, regions: Mapping[str, str]) -> Validation:
    """Check each feature of ``frame`` (from ``read_geojson``) against ``regions`` (code -> name)."""
    problems: list[RowProblem] = []
    valid: list[tuple[Any, ...]] = []
    first_row: dict[str, int] = {}
    for index, (kind, kode, digits, name, geometry) in enumerate(frame.select(BOUNDARIES.names).iter_rows()):
        row = index + FIRST_DATA_ROW
        column, value = "kode", kode if kode is not None else digits
        try:
            if kind != "Feature":
                column, value = "tipe", kind
                raise _Bad(Problem("feature_not_object"))
            code = _code(kode, digits)
            if not is_region_code(code) or code not in regions:
                raise _Bad(Problem("unknown_region", params={"code": value or ""}))
            if code in first_row:
                raise _Bad(Problem("duplicate_in_file", params={"first_row": str(first_row[code])}))
            first_row[code] = row
            if name is not None and not names_agree(name, regions[code]):
                column, value = "nama", name
                params = {"name": name, "code": code, "expected": regions[code]}
                raise _Bad(Problem("boundary_name_mismatch", params=params))
            column, value = "geometri", None
            compact, box = check_geometry(geometry)
        except _Bad as bad:
            problems.append(RowProblem(row, column, value, bad.problem))
            continue
        valid.append((row, code, compact, *box))
    schema = {
        ROW: pl.UInt32(),
        "kode_wilayah": pl.String(),
        "geometri": pl.String(),
        **dict.fromkeys(VALID_COLUMNS[2:], pl.Float64()),
    }
    return Validation(
        valid=pl.DataFrame(valid, schema=schema, orient="row"),
        problems=tuple(problems),
        rows_total=frame.height,
        columns_present=VALID_COLUMNS,
    )
