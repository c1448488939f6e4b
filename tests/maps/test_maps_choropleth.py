"""The coverage choropleth: classes and their colours, titles in Indonesian digits, legend, areas without a
boundary or without data, escaping, determinism, and the size of the SVG for the shared West Sumatra files."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from cakupan.core.regions import load_province
from cakupan.ingest.boundaries import read_geojson
from cakupan.maps import (
    DEFAULT_BREAKS,
    NO_DATA_COLOR,
    YLGN,
    MapArea,
    class_labels,
    class_of,
    format_number_id,
    missing_boundaries,
    render_choropleth,
)
from shared_data import SHARED_DATA

KABKOTA = SHARED_DATA / "sumbar_kabkota.geojson"
DESA = SHARED_DATA / "sumbar_desa_kelurahan.geojson"
NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
LABELS = {
    "legend_title": "Cakupan UCJ (%)",
    "no_data_label": "Tidak ada data",
    "no_boundary_label": "Tanpa batas",
}
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[100.0, -1.0], [100.1, -1.0], [100.1, -0.9], [100.0, -0.9], [100.0, -1.0]]],
}
# value -> the YlGn colour its class must get with the default breaks (0, 10, 20, 30, 40, 50), and its text
EXPECTED = {
    Decimal("0.00"): ("#ffffcc", "0,00 %"),
    Decimal("13.85"): ("#d9f0a3", "13,85 %"),  # the 2nd feature: 13.02, Kabupaten Solok
    Decimal("9.99"): ("#ffffcc", "9,99 %"),
    Decimal("10.00"): ("#d9f0a3", "10,00 %"),
    Decimal("20"): ("#addd8e", "20 %"),
    Decimal("33.51"): ("#78c679", "33,51 %"),
    Decimal("44.00"): ("#31a354", "44,00 %"),
    Decimal("49.99"): ("#31a354", "49,99 %"),
    Decimal("50.00"): ("#006837", "50,00 %"),
    Decimal("62.19"): ("#006837", "62,19 %"),
    Decimal("1234.50"): ("#006837", "1.234,50 %"),
}
needs_shared = pytest.mark.skipif(
    not (KABKOTA.is_file() and DESA.is_file()),
    reason=f"shared West Sumatra boundary files not found in {SHARED_DATA} (they are never copied into the repo)",
)


def _areas_from(path: Path, values: list[Decimal | None]) -> list[MapArea]:
    """One MapArea per feature of a shared file, read with the boundary importer's own reader."""
    frame = read_geojson(path)
    return [
        MapArea(
            code=code,
            name=name,
            geometry=json.loads(geometry),
            value=values[index % len(values)],
            href=f"/wilayah/{code}/",
        )
        for index, (code, name, geometry) in enumerate(frame.select("kode", "nama", "geometri").iter_rows())
    ]


def _render(areas: list[MapArea], **options: object) -> tuple[str, ET.Element]:
    svg = render_choropleth(areas, **{**LABELS, **options})  # type: ignore[arg-type]
    return svg, ET.fromstring(svg)


def _paths(root: ET.Element) -> dict[str, ET.Element]:
    return {path.get("data-code", ""): path for path in root.iterfind(".//svg:path", NS)}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0),
        ("9.99", 0),
        ("10", 1),
        ("10.00", 1),
        ("19.999", 1),
        ("49.99", 4),
        ("50", 5),
        ("250", 5),
        ("-1", 0),
    ],
)
def test_class_of_default_breaks(value: str, expected: int) -> None:
    assert class_of(Decimal(value)) == expected


def test_class_of_custom_breaks_and_bad_input() -> None:
    assert class_of(Decimal("12.5"), [0, Decimal("12.5"), 25]) == 1
    assert class_of(Decimal("12.49"), [0, Decimal("12.5"), 25]) == 0
    for bad in ([], [0, 10, 10], [10, 0]):
        with pytest.raises(ValueError, match="batas kelas"):
            class_of(Decimal(5), bad)
    with pytest.raises(ValueError, match="tidak terhingga"):
        class_of(Decimal("NaN"))


def test_class_labels() -> None:
    assert class_labels() == [
        "0 – < 10 %",
        "10 – < 20 %",
        "20 – < 30 %",
        "30 – < 40 %",
        "40 – < 50 %",
        "≥ 50 %",
    ]
    assert class_labels([0, Decimal("12.5"), 1000]) == ["0 – < 12,5 %", "12,5 – < 1.000 %", "≥ 1.000 %"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("13.85", "13,85"),
        ("0", "0"),
        ("1234.5", "1.234,5"),
        ("1234567.891", "1.234.567,891"),
        ("-7.50", "-7,50"),
    ],
)
def test_indonesian_number_format(value: str, text: str) -> None:
    assert format_number_id(Decimal(value)) == text


@needs_shared
def test_kabkota_map_of_west_sumatra() -> None:
    values: list[Decimal | None] = list(EXPECTED)
    areas = _areas_from(KABKOTA, values)
    svg, root = _render(areas)
    paths = _paths(root)
    assert len(areas) == 19 and len(paths) == 19 and set(paths) == {a.code for a in areas}
    for area in areas:
        assert area.value is not None
        fill, text = EXPECTED[area.value]
        path = paths[area.code]
        assert path.get("fill") == fill, area.code
        assert path.findtext("svg:title", namespaces=NS) == f"{area.name}: {text}"
        assert path.get("data-value") == str(area.value)
        assert path.get("d", "").startswith("M") and path.get("d", "").endswith("z")
    assert paths["13.02"].findtext("svg:title", namespaces=NS) == "Kabupaten Solok: 13,85 %"
    links = root.findall("svg:g/svg:a", NS)
    assert len(links) == 19 and links[0].get("href") == "/wilayah/13.01/"
    legend = root.findall(".//svg:g[@class='legend-item']", NS)
    assert [item.get("data-class") for item in legend] == ["0", "1", "2", "3", "4", "5", "none"]
    assert [item.find("svg:rect", NS).get("fill") for item in legend] == [*YLGN[6], NO_DATA_COLOR]  # type: ignore[union-attr]
    assert [item.findtext("svg:text", namespaces=NS) for item in legend] == [
        *class_labels(),
        "Tidak ada data",
    ]
    assert root.find("svg:g[@class='missing-boundaries']", NS) is None
    assert len(svg.encode()) < 100_000


@needs_shared
def test_map_is_taller_than_wide_like_the_province() -> None:
    _, root = _render(_areas_from(KABKOTA, [Decimal(1)]))
    width, height = int(root.get("width", "0")), int(root.get("height", "0"))
    assert root.get("viewBox") == f"0 0 {width} {height}"
    # West Sumatra spans about 3.3° of longitude and 4.2° of latitude: the map alone is ~920 px high at 720.
    assert width == 720 and 900 < height < 1150


@needs_shared
def test_desa_map_stays_small_and_lists_the_106_without_boundary() -> None:
    drawn = _areas_from(DESA, [Decimal("27.31"), None])
    known = {area.code for area in drawn}
    without = [
        MapArea(region.code, region.name, None, Decimal("5.00"), f"/wilayah/{region.code}/")
        for region in load_province("13")
        if region.code.count(".") == 3 and region.code not in known
    ]
    areas = drawn + without
    svg, root = _render(areas)
    assert len(without) == 106 and missing_boundaries(areas) == without
    paths = _paths(root)
    assert set(paths) == known and len(paths) == 1159
    assert {p.get("fill") for p in paths.values()} == {"#addd8e", NO_DATA_COLOR}
    block = root.find("svg:g[@class='missing-boundaries']", NS)
    assert block is not None and block.get("data-codes", "").split() == [a.code for a in without]
    lines = [text.text or "" for text in block.iterfind("svg:text", NS)]
    assert lines[0] == "Tanpa batas (106):"
    assert ", ".join(lines[1:]).replace(",,", ",") == ", ".join(a.name for a in without)
    assert len(svg.encode()) < 1_500_000


def test_no_data_is_grey_and_says_so() -> None:
    _, root = _render([MapArea("13.01", "Pesisir Selatan", SQUARE, None, None)])
    path = root.find(".//svg:path", NS)
    assert path is not None and path.get("fill") == NO_DATA_COLOR
    assert path.get("data-value") is None and path.get("data-class") == "none"
    assert path.findtext("svg:title", namespaces=NS) == "Pesisir Selatan: Tidak ada data"
    assert root.find("svg:g/svg:a", NS) is None  # no href, no link


def test_names_and_links_are_escaped() -> None:
    name, href = 'Nagari <Koto> & "Gadang"', '/wilayah/13.01/?a=1&b="2"<'
    areas = [
        MapArea("13.01", name, SQUARE, Decimal("13.85"), href),
        MapArea('13.02"><x', name, None, None, None),
    ]
    svg, root = _render(areas, legend_title='UCJ <"&">')
    assert "<Koto>" not in svg and "<x" not in svg
    link = root.find("svg:g/svg:a", NS)
    assert link is not None and link.get("href") == href
    assert link.get("aria-label") == f"{name}: 13,85 %"
    assert link.findtext("svg:path/svg:title", namespaces=NS) == f"{name}: 13,85 %"
    assert root.findtext("svg:title", namespaces=NS) == 'UCJ <"&">'
    block = root.find("svg:g[@class='missing-boundaries']", NS)
    assert block is not None and block.get("data-codes") == '13.02"><x'
    assert block.findall("svg:text", NS)[1].text == name


def test_script_links_are_not_made() -> None:
    for href in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "  "):
        _, root = _render([MapArea("13.01", "A", SQUARE, Decimal(1), href)])
        assert root.find("svg:g/svg:a", NS) is None, href
        assert root.find(".//svg:path", NS) is not None


def test_same_input_same_output() -> None:
    def areas() -> list[MapArea]:
        return [
            MapArea("13.01", "A", json.loads(json.dumps(SQUARE)), Decimal("13.85"), "/a/"),
            MapArea("13.02", "B", None, Decimal("2"), None),
            MapArea(
                "13.03", "C", {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]]}, None, None
            ),
        ]

    assert _render(areas())[0] == _render(areas())[0]


def test_only_areas_without_boundary_still_give_a_legend() -> None:
    areas = [
        MapArea("13.01", "A", None, Decimal(1), None),
        MapArea("13.02", "B", {"type": "Point"}, None, None),
    ]
    _, root = _render(areas)
    assert root.find(".//svg:path", NS) is None
    assert len(root.findall(".//svg:g[@class='legend-item']", NS)) == 7
    assert missing_boundaries(areas) == areas


def test_custom_breaks_colours_and_number_format() -> None:
    areas = [MapArea("13.01", "A", SQUARE, Decimal("13.85"), None)]
    _, root = _render(areas, breaks=[0, 25, 50], colors=["#000001", "#000002", "#000003"], format_number=str)
    path = root.find(".//svg:path", NS)
    assert path is not None and path.get("fill") == "#000001" and path.get("data-class") == "0"
    assert path.findtext("svg:title", namespaces=NS) == "A: 13.85 %"
    labels = [t.text for t in root.iterfind(".//svg:g[@class='legend-item']/svg:text", NS)]
    assert labels == ["0 – < 25 %", "25 – < 50 %", "≥ 50 %", "Tidak ada data"]
    _, root = _render(areas, breaks=[0, 25, 50])  # three classes: YlGn's 3-class scheme
    assert root.find(".//svg:path", NS).get("fill") == YLGN[3][0]  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="warna"):
        _render(areas, breaks=[0, 25, 50], colors=["#000001"])
    with pytest.raises(ValueError, match="warna"):
        _render(areas, breaks=list(range(0, 100, 10)))  # 10 classes: no default palette
    assert len(DEFAULT_BREAKS) == len(YLGN[6])
