"""Random areas (polygons, values, names, links) never crash the choropleth and always give well-formed XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cakupan.maps import NO_DATA_COLOR, YLGN, MapArea, class_of, missing_boundaries, render_choropleth

NS = {"svg": "http://www.w3.org/2000/svg"}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

lng = st.floats(min_value=98.0, max_value=102.0, allow_nan=False)
lat = st.floats(min_value=-3.5, max_value=1.0, allow_nan=False)
point = st.tuples(lng, lat).map(list)


@st.composite
def rings(draw: st.DrawFn) -> list[list[float]]:
    points = draw(st.lists(point, min_size=3, max_size=30))
    return [*points, points[0]] if draw(st.booleans()) else points


polygon = st.lists(rings(), min_size=1, max_size=3)
geometry = st.one_of(
    st.none(),
    polygon.map(lambda p: {"type": "Polygon", "coordinates": p}),
    st.lists(polygon, min_size=1, max_size=3).map(lambda m: {"type": "MultiPolygon", "coordinates": m}),
    st.just({"type": "Point", "coordinates": [100.0, -1.0]}),
)
value = st.one_of(st.none(), st.decimals(min_value=-5, max_value=10_000, places=2, allow_nan=False))
area = st.builds(
    MapArea,
    code=st.text(max_size=15),
    name=st.text(max_size=40),
    geometry=geometry,
    value=value,
    href=st.one_of(st.none(), st.text(max_size=30)),
)


def _usable(geometry: dict[str, Any] | None) -> bool:
    return geometry is not None and geometry["type"] != "Point"


@FUZZ
@given(areas=st.lists(area, max_size=12), title=st.text(max_size=30))
def test_random_areas_give_well_formed_svg(areas: list[MapArea], title: str) -> None:
    svg = render_choropleth(
        areas, legend_title=title, no_data_label="Tidak ada data", no_boundary_label="Tanpa batas"
    )
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert svg == render_choropleth(
        areas, legend_title=title, no_data_label="Tidak ada data", no_boundary_label="Tanpa batas"
    )
    drawn = [a for a in areas if _usable(a.geometry)]  # type: ignore[arg-type]
    paths = root.findall(".//svg:path", NS)
    assert len(paths) == len(drawn)
    for area_drawn, path in zip(drawn, paths, strict=True):
        expected = NO_DATA_COLOR if area_drawn.value is None else YLGN[6][class_of(area_drawn.value)]
        assert path.get("fill") == expected
    assert missing_boundaries(areas) == [a for a in areas if not _usable(a.geometry)]  # type: ignore[arg-type]
    height = int(root.get("height", "0"))
    assert height > 0 and root.get("viewBox") == f"0 0 720 {height}"


@FUZZ
@given(
    breaks=st.lists(
        st.decimals(min_value=-100, max_value=1000, places=1), min_size=1, max_size=8, unique=True
    )
)
def test_class_of_agrees_with_a_plain_scan(breaks: list[Decimal]) -> None:
    ordered = sorted(breaks)
    for probe in [*ordered, *(b - Decimal("0.05") for b in ordered), Decimal(10_000)]:
        below = [i for i, b in enumerate(ordered) if b <= probe]
        assert class_of(probe, ordered) == (below[-1] if below else 0)
