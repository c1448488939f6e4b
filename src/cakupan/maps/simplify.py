"""Geometry for a map drawn in SVG: read GeoJSON rings, project them to pixels, simplify, write path data.

The projection is equirectangular with longitude scaled by the cosine of the middle latitude: for a province
(a few degrees across) the distortion is far below what a reader can see. North is up (y grows southwards).

Simplification works in pixel space, so a boundary keeps exactly as much detail as the picture can show:
points are snapped to a tenth of a pixel, Douglas-Peucker drops points that move the outline by less than the
tolerance (half a pixel by default), and rings that collapse (fewer than 3 points) or are tiny (less than 1 px²)
are dropped, except that each area keeps at least its largest ring, so every area stays on the map.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

Points = NDArray[np.float64]  # shape (n, 2): lng/lat degrees, or x/y pixels
Tenths = NDArray[np.int64]  # shape (n, 2): pixels x 10, rounded

TOLERANCE_PX = 0.5
MIN_AREA_PX2 = 1.0
_NUMBER_CACHE = 4096  # path numbers from -409.5 to 409.5 px come from a table instead of being formatted


def parse_rings(geometry: Mapping[str, Any] | None) -> list[Points]:
    """The rings of a GeoJSON ``Polygon`` or ``MultiPolygon`` as ``(n, 2)`` lng/lat arrays.

    A ring is kept when it has at least 3 positions, all finite and within WGS84 ranges; anything else
    (another geometry type, a malformed ring) is left out, so an unusable geometry gives an empty list.
    """
    if not isinstance(geometry, Mapping):
        return []
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if not isinstance(coordinates, list):
        return []
    if kind == "Polygon":
        polygons: list[Any] = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates
    else:
        return []
    rings: list[Points] = []
    for polygon in polygons:
        if isinstance(polygon, list):
            rings.extend(ring for ring in map(_ring_array, polygon) if ring is not None)
    return rings


def _ring_array(ring: Any) -> Points | None:
    if not isinstance(ring, list) or len(ring) < 3:
        return None
    try:
        array = np.asarray(ring, dtype=np.float64)
    except (ValueError, TypeError):  # ragged positions (some with altitude) or non-numbers
        try:
            array = np.asarray([position[:2] for position in ring], dtype=np.float64)
        except (ValueError, TypeError, IndexError, KeyError):
            return None
    if array.ndim != 2 or array.shape[1] < 2:
        return None
    array = array[:, :2]
    if not np.isfinite(array).all():
        return None
    lng, lat = array[:, 0], array[:, 1]
    if (np.abs(lng) > 180.0).any() or (np.abs(lat) > 90.0).any():
        return None
    return array


@dataclass(frozen=True, slots=True)
class Projection:
    """Degrees to pixels: ``x = (lng - west) * cos(mid_lat) * scale + margin``, ``y = (north - lat) * scale + margin``."""

    west: float
    north: float
    x_factor: float
    scale: float
    margin: float
    width: int
    height: int

    def apply(self, ring: Points) -> Points:
        pixels = np.empty_like(ring)
        pixels[:, 0] = (ring[:, 0] - self.west) * (self.x_factor * self.scale) + self.margin
        pixels[:, 1] = (self.north - ring[:, 1]) * self.scale + self.margin
        return pixels


def fit_projection(rings: Iterable[Points], *, width: int, margin: float) -> Projection:
    """The projection that fits every ring into ``width`` pixels (less the margins); the height follows the
    aspect ratio of the projected bounding box, at most twice the width. Without rings, a flat empty map."""
    west = south = math.inf
    east = north = -math.inf
    for ring in rings:
        low, high = ring.min(axis=0), ring.max(axis=0)
        west, south = min(west, float(low[0])), min(south, float(low[1]))
        east, north = max(east, float(high[0])), max(north, float(high[1]))
    if not math.isfinite(west):
        return Projection(0.0, 0.0, 1.0, 1.0, margin, width, round(2 * margin))
    x_factor = math.cos(math.radians((south + north) / 2))
    x_span, y_span = (east - west) * x_factor, north - south
    inner = max(width - 2 * margin, 1.0)
    # A very tall shape is fitted to twice the width; a single point has no extent and any scale will do.
    extent = max(x_span, y_span / 2)
    scale = inner / extent if extent > 0 else 1.0
    height = math.ceil(y_span * scale + 2 * margin)
    return Projection(west, north, x_factor, scale, margin, width, height)


def _douglas_peucker(points: Points, tolerance: float) -> NDArray[np.bool_]:
    """Which points to keep: Douglas-Peucker, iterative (no recursion limit). The first and last point stay;
    when they coincide (a closed ring) the first split is at the point farthest from them."""
    count = len(points)
    keep = np.zeros(count, dtype=np.bool_)
    keep[0] = keep[-1] = True
    limit = tolerance * tolerance
    stack = [(0, count - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        start, end = points[first], points[last]
        inner = points[first + 1 : last]
        dx, dy = float(end[0] - start[0]), float(end[1] - start[1])
        length2 = dx * dx + dy * dy
        if length2 == 0.0:
            distance2 = ((inner - start) ** 2).sum(axis=1)
        else:
            cross = dx * (inner[:, 1] - start[1]) - dy * (inner[:, 0] - start[0])
            distance2 = cross * cross / length2
        farthest = int(np.argmax(distance2))
        if distance2[farthest] > limit:
            split = first + 1 + farthest
            keep[split] = True
            stack.append((first, split))
            stack.append((split, last))
    return keep


def _dedupe(points: Tenths) -> Tenths:
    """Drop each point equal to the one before it, and a closing point equal to the first."""
    if len(points) < 2:
        return points
    changed = np.ones(len(points), dtype=np.bool_)
    changed[1:] = (points[1:] != points[:-1]).any(axis=1)
    points = points[changed]
    if len(points) > 1 and (points[0] == points[-1]).all():
        points = points[:-1]
    return points


def simplify_ring(pixels: Points, tolerance: float = TOLERANCE_PX) -> Tenths:
    """A ring in pixels, simplified: an open ring (no closing point) in tenths of a pixel."""
    snapped = _dedupe(np.rint(pixels * 10).astype(np.int64))
    if len(snapped) <= 3:
        return snapped
    closed = np.vstack([snapped, snapped[:1]])
    keep = _douglas_peucker(closed.astype(np.float64) / 10, tolerance)
    return _dedupe(closed[keep])


def ring_area(points: Points | Tenths) -> float:
    """Unsigned area of a ring (open or closed) by the shoelace formula, in the units of ``points`` squared."""
    if len(points) < 3:
        return 0.0
    x, y = points[:, 0].astype(np.float64), points[:, 1].astype(np.float64)
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


def area_rings(
    rings: Sequence[Points],
    projection: Projection,
    *,
    tolerance: float = TOLERANCE_PX,
    min_area: float = MIN_AREA_PX2,
) -> list[Tenths]:
    """The rings of one area, projected and simplified; collapsed and tiny rings are dropped, but if nothing
    is left, the simplified form of the largest ring (before simplification) is kept, however small."""
    kept: list[Tenths] = []
    simplified: list[Tenths] = []
    for ring in rings:
        small = simplify_ring(projection.apply(ring), tolerance)
        simplified.append(small)
        if len(small) >= 3 and ring_area(small) >= min_area * 100:  # tenths: 1 px² is 100 units
            kept.append(small)
    if kept or not rings:
        return kept
    largest = max(range(len(rings)), key=lambda i: ring_area(projection.apply(rings[i])))
    return [simplified[largest]]


def _number_table() -> list[str]:
    return [_format_tenths(value) for value in range(-_NUMBER_CACHE, _NUMBER_CACHE)]


def _format_tenths(value: int) -> str:
    """``15`` -> ``1.5``, ``-5`` -> ``-.5``, ``20`` -> ``2``: SVG numbers, as short as they can be."""
    whole, tenth = divmod(abs(value), 10)
    sign = "-" if value < 0 else ""
    if tenth == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole if whole else ''}.{tenth}"


_NUMBERS = _number_table()


def _number(value: int) -> str:
    if -_NUMBER_CACHE <= value < _NUMBER_CACHE:
        return _NUMBERS[value + _NUMBER_CACHE]
    return _format_tenths(value)


def path_data(rings: Sequence[Tenths]) -> str:
    """SVG path data for rings in tenths of a pixel: each ring an absolute move, relative lines, and a close."""
    parts: list[str] = []
    for ring in rings:
        if len(ring) == 0:
            continue
        x, y = (int(v) for v in ring[0])
        parts.append(f"M{_number(x)} {_number(y)}")
        if len(ring) > 1:
            steps = np.diff(ring, axis=0).ravel().tolist()
            parts.append("l" + " ".join(_number(step) for step in steps))
        parts.append("z")
    return "".join(parts)
