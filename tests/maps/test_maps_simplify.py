"""Map geometry: GeoJSON rings read defensively, projection with north up, simplification in pixels, path data."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cakupan.maps.simplify import (
    area_rings,
    fit_projection,
    parse_rings,
    path_data,
    ring_area,
    simplify_ring,
)

SQUARE = [[100.0, -1.0], [101.0, -1.0], [101.0, 0.0], [100.0, 0.0], [100.0, -1.0]]


def test_parse_polygon_and_multipolygon() -> None:
    hole = [[100.2, -0.8], [100.2, -0.2], [100.8, -0.2], [100.2, -0.8]]
    assert len(parse_rings({"type": "Polygon", "coordinates": [SQUARE, hole]})) == 2
    rings = parse_rings({"type": "MultiPolygon", "coordinates": [[SQUARE], [hole]]})
    assert [r.shape for r in rings] == [(5, 2), (4, 2)]
    with_altitude = [[*p, 12.0] for p in SQUARE]
    with_altitude[1] = with_altitude[1][:2]  # ragged: some positions with altitude, some without
    assert parse_rings({"type": "Polygon", "coordinates": [with_altitude]})[0].shape == (5, 2)


@pytest.mark.parametrize(
    "geometry",
    [
        None,
        {"type": "Point", "coordinates": [100.0, -1.0]},
        {"type": "Polygon"},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[100.0, -1.0], [101.0, -1.0]]]},  # 2 positions
        {"type": "Polygon", "coordinates": [[[100.0, -1.0], [1e6, -1.0], [101.0, 0.0]]]},  # not WGS84
        {"type": "Polygon", "coordinates": [[[100.0, -1.0], ["x", -1.0], [101.0, 0.0]]]},
        {"type": "Polygon", "coordinates": [[[100.0, -1.0], [math.nan, -1.0], [101.0, 0.0]]]},
        {"type": "MultiPolygon", "coordinates": [None, [None]]},
    ],
)
def test_unusable_geometry_gives_no_rings(geometry: object) -> None:
    assert parse_rings(geometry) == []  # type: ignore[arg-type]


def test_projection_keeps_north_up_and_scales_longitude_by_cosine() -> None:
    # 2° of longitude by 1° of latitude around 60° N: cos(60°) = 0.5, so the box projects square.
    box = np.array([[10.0, 59.5], [12.0, 59.5], [12.0, 60.5], [10.0, 60.5]])
    projection = fit_projection([box], width=420, margin=10)
    assert projection.height == pytest.approx(420, abs=2)
    pixels = projection.apply(box)
    assert pixels[0] == pytest.approx([10, 410], abs=0.5)  # south-west corner: left, bottom
    assert pixels[2] == pytest.approx([410, 10], abs=0.5)  # north-east corner: right, top
    assert fit_projection([], width=420, margin=10).height == 20


def test_a_very_tall_shape_is_at_most_twice_as_high_as_wide() -> None:
    line = np.array([[100.0, -5.0], [100.0, 5.0], [100.0001, 0.0]])
    projection = fit_projection([line], width=200, margin=0)
    assert projection.height == 400


def test_collinear_and_jittered_points_are_dropped() -> None:
    # A 100 px square with 400 points on its sides, jittered by up to 0.2 px: 4 corners remain.
    rng = np.random.default_rng(7)
    t = np.linspace(0, 100, 100, endpoint=False)
    sides = [np.c_[t, 0 * t], np.c_[100 + 0 * t, t], np.c_[100 - t, 100 + 0 * t], np.c_[0 * t, 100 - t]]
    ring = np.vstack([*sides, [[0.0, 0.0]]]) + rng.uniform(-0.2, 0.2, size=(401, 2))
    simplified = simplify_ring(ring, tolerance=0.5)
    assert len(simplified) == 4
    assert ring_area(simplified) == pytest.approx(100 * 100 * 100, rel=0.02)  # tenths of a pixel, squared
    assert simplified.dtype == np.int64


def test_tiny_rings_are_dropped_but_an_area_keeps_its_largest() -> None:
    projection = fit_projection([np.array(SQUARE)], width=108, margin=4)  # 1° = 100 px
    islet = np.array([[100.5, -0.5], [100.505, -0.5], [100.505, -0.495], [100.5, -0.5]])  # 0.5 px
    assert len(area_rings([np.array(SQUARE), islet], projection)) == 1
    larger = np.array([[100.1, -0.5], [100.109, -0.5], [100.109, -0.491], [100.1, -0.5]])  # 0.9 px: < 1 px²
    kept = area_rings([islet, larger], projection)  # only islets: the larger stays
    assert path_data(kept) == "M14 54l.9 0 0 -.9z"


def test_path_data_is_relative_and_short() -> None:
    ring = np.array([[15, 20], [-5, 20], [-5, 1230], [15, 20]], dtype=np.int64)
    assert path_data([ring[:3]]) == "M1.5 2l-2 0 0 121z"
    assert path_data([np.array([[5, -5], [20, -5], [20, 10]], dtype=np.int64)]) == "M.5 -.5l1.5 0 0 1.5z"
    assert path_data([np.array([[100000, 3]], dtype=np.int64)]) == "M10000 .3z"
    assert path_data([]) == ""


def test_an_area_that_is_one_point_is_still_drawn() -> None:
    dot = np.array([[100.0, -1.0]] * 4)
    projection = fit_projection([dot], width=720, margin=4)
    assert projection.height == 8
    assert path_data(area_rings([dot], projection)) == "M4 4z"
