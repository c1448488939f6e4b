"""A choropleth map of UCJ coverage as one SVG string, drawn on the server without any GIS library.

Each area is a ``<path>`` coloured by the class of its percentage (fixed breaks, ColorBrewer YlGn by default),
with a ``<title>`` for the tooltip, ``data-code``/``data-value``/``data-class`` attributes for tests and
scripts, and a link to the region's page when it has one. An area without a value is grey ("no data"); an
area without a boundary is not drawn but named under the legend (``missing_boundaries`` gives the same list,
for the page). All text shown comes in already translated; numbers are written the Indonesian way by default.
The output depends only on the input: the same areas give the same string.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from cakupan.maps.simplify import TOLERANCE_PX, area_rings, fit_projection, parse_rings, path_data

DEFAULT_BREAKS: tuple[Decimal, ...] = tuple(Decimal(b) for b in (0, 10, 20, 30, 40, 50))
# ColorBrewer 2.0 YlGn (Cynthia Brewer, Penn State; Apache-2.0), sequential, by number of classes.
YLGN: Mapping[int, tuple[str, ...]] = {
    3: ("#f7fcb9", "#addd8e", "#31a354"),
    4: ("#ffffcc", "#c2e699", "#78c679", "#238443"),
    5: ("#ffffcc", "#c2e699", "#78c679", "#31a354", "#006837"),
    6: ("#ffffcc", "#d9f0a3", "#addd8e", "#78c679", "#31a354", "#006837"),
    7: ("#ffffcc", "#d9f0a3", "#addd8e", "#78c679", "#41ab5d", "#238443", "#005a32"),
    8: ("#ffffe5", "#f7fcb9", "#d9f0a3", "#addd8e", "#78c679", "#41ab5d", "#238443", "#005a32"),
    9: ("#ffffe5", "#f7fcb9", "#d9f0a3", "#addd8e", "#78c679", "#41ab5d", "#238443", "#006837", "#004529"),
}
NO_DATA_COLOR = "#d4d4d4"
WIDTH = 720
MARGIN = 4
FONT = 'font-family="sans-serif" font-size="12" fill="#222222"'
LEGEND_COLUMN_PX = 116  # one legend entry: a box and a label such as "10 – < 20 %"
LINE_PX = 18
CHAR_PX = 6.6  # average width of a character at 12 px, to wrap the list of areas without a boundary
_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
# Characters XML 1.0 does not allow (controls, lone surrogates, non-characters): removed from text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class MapArea:
    """One region on the map: Kemendagri ``code``, ``name``, GeoJSON ``geometry`` (Polygon or MultiPolygon in
    WGS84 lng/lat) or None, UCJ ``value`` in percent or None, and ``href`` to its page or None."""

    code: str
    name: str
    geometry: Mapping[str, Any] | None
    value: Decimal | None
    href: str | None = None


def format_number_id(value: Decimal) -> str:
    """``Decimal("1234.5")`` -> ``1.234,5``: Indonesian digits (decimal comma, thousands dot), places kept."""
    if not value.is_finite():
        raise ValueError(f"angka tidak terhingga (not a finite number): {value}")
    return format(value, ",f").translate(str.maketrans(",.", ".,"))


def check_breaks(breaks: Sequence[Decimal | int]) -> tuple[Decimal, ...]:
    """The breaks as Decimals; raises ValueError unless there is at least one and each is above the last."""
    checked = tuple(Decimal(b) for b in breaks)
    if not checked or not all(b.is_finite() for b in checked):
        raise ValueError(
            "batas kelas harus berupa angka, paling sedikit satu (breaks must be finite numbers)"
        )
    if any(low >= high for low, high in itertools.pairwise(checked)):
        raise ValueError(f"batas kelas harus naik (breaks must increase): {list(map(str, checked))}")
    return checked


def class_of(value: Decimal, breaks: Sequence[Decimal | int] = DEFAULT_BREAKS) -> int:
    """The class of ``value``: class ``i`` is ``[breaks[i], breaks[i + 1])``, the last one is open-ended.
    A value below the first break falls in class 0."""
    if not value.is_finite():
        raise ValueError(f"nilai tidak terhingga (value is not finite): {value}")
    return max(bisect.bisect_right(check_breaks(breaks), value) - 1, 0)


def class_labels(
    breaks: Sequence[Decimal | int] = DEFAULT_BREAKS,
    format_number: Callable[[Decimal], str] = format_number_id,
) -> list[str]:
    """Legend labels: ``0 – < 10 %``, …, ``≥ 50 %``."""
    checked = check_breaks(breaks)
    labels = [
        f"{format_number(low)} – < {format_number(high)} %" for low, high in itertools.pairwise(checked)
    ]
    return [*labels, f"≥ {format_number(checked[-1])} %"]


def default_colors(classes: int) -> tuple[str, ...]:
    """ColorBrewer YlGn for 3 to 9 classes; other counts need colours passed in."""
    if classes not in YLGN:
        raise ValueError(f"warna untuk {classes} kelas harus diberikan (pass colors for {classes} classes)")
    return YLGN[classes]


def missing_boundaries(areas: Sequence[MapArea]) -> list[MapArea]:
    """The areas the map cannot draw: no geometry, or none with a usable ring; in the order given."""
    return [area for area in areas if not parse_rings(area.geometry)]


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _attr(value: str) -> str:
    return escape(_NOT_XML.sub("", value), {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _safe_href(href: str | None) -> str | None:
    if href is None:
        return None
    folded = re.sub(r"[\x00-\x20]", "", href).casefold()
    return None if not href.strip() or folded.startswith(_UNSAFE_SCHEMES) else href


def _wrap(words: Sequence[str], width: int) -> list[str]:
    """Greedy wrap of ``words`` joined by ", " into lines of at most ``width`` characters (a longer word
    gets a line of its own)."""
    lines: list[str] = []
    line = ""
    for index, word in enumerate(words):
        piece = word + ("," if index < len(words) - 1 else "")
        if line and len(line) + 1 + len(piece) > width:
            lines.append(line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    return [*lines, line] if line else lines


def render_choropleth(
    areas: Sequence[MapArea],
    *,
    legend_title: str,
    no_data_label: str,
    no_boundary_label: str,
    breaks: Sequence[Decimal | int] = DEFAULT_BREAKS,
    colors: Sequence[str] | None = None,
    format_number: Callable[[Decimal], str] = format_number_id,
    width: int = WIDTH,
    tolerance: float = TOLERANCE_PX,
) -> str:
    """The map as an SVG document (a string): the areas, then the legend, then the areas without a boundary.

    ``legend_title``, ``no_data_label`` and ``no_boundary_label`` are shown as given (translate them first).
    ``format_number`` writes a bare number (``13,85``); `` %`` is added after it.
    """
    checked = check_breaks(breaks)
    palette = tuple(colors) if colors is not None else default_colors(len(checked))
    if len(palette) != len(checked):
        raise ValueError(f"perlu {len(checked)} warna, bukan {len(palette)} (need one colour per class)")
    style = _Style(checked, palette, no_data_label, format_number)
    rings = [parse_rings(area.geometry) for area in areas]
    projection = fit_projection((ring for area in rings for ring in area), width=width, margin=MARGIN)
    parts = [
        f"<title>{_text(legend_title)}</title>",
        '<g class="areas" stroke="#ffffff" stroke-width="0.5" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    for area, area_ring_list in zip(areas, rings, strict=True):
        if area_ring_list:
            rings_px = area_rings(area_ring_list, projection, tolerance=tolerance)
            parts.append(_area_svg(area, path_data(rings_px), style))
    parts.append("</g>")
    y = projection.height + 8
    entries = [
        (str(i), color, label)
        for i, (color, label) in enumerate(zip(palette, class_labels(checked, format_number), strict=True))
    ]
    entries.append(("none", NO_DATA_COLOR, no_data_label))
    legend, y = _legend_svg(y, width, legend_title, entries)
    parts.append(legend)
    missing = [area for area, area_ring_list in zip(areas, rings, strict=True) if not area_ring_list]
    if missing:
        block, y = _missing_svg(y, width, missing, no_boundary_label)
        parts.append(block)
    height = y + MARGIN
    root = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="choropleth" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_attr(legend_title)}">'
    )
    return "".join([root, *parts, "</svg>"])


@dataclass(frozen=True, slots=True)
class _Style:
    breaks: tuple[Decimal, ...]
    palette: Sequence[str]
    no_data_label: str
    format_number: Callable[[Decimal], str]


def _area_svg(area: MapArea, path: str, style: _Style) -> str:
    if area.value is None:
        fill, klass, value_attr, shown = NO_DATA_COLOR, "none", "", style.no_data_label
    else:
        index = class_of(area.value, style.breaks)
        fill, klass = style.palette[index], str(index)
        value_attr, shown = f' data-value="{_attr(str(area.value))}"', f"{style.format_number(area.value)} %"
    title = f"{area.name}: {shown}"
    element = (
        f'<path d="{path}" fill="{_attr(fill)}" data-code="{_attr(area.code)}"{value_attr} data-class="{klass}">'
        f"<title>{_text(title)}</title></path>"
    )
    href = _safe_href(area.href)
    if href is None:
        return element
    return f'<a href="{_attr(href)}" aria-label="{_attr(title)}">{element}</a>'


def _legend_svg(top: int, width: int, title: str, entries: Sequence[tuple[str, str, str]]) -> tuple[str, int]:
    """The legend block starting at ``top`` (one entry per class: its number, colour and label), and the y
    just below it."""
    columns = max(1, (width - 2 * MARGIN) // LEGEND_COLUMN_PX)
    parts = [
        f'<g class="legend" {FONT}>',
        f'<text x="{MARGIN}" y="{top + 13}" font-weight="bold">{_text(title)}</text>',
    ]
    first_row = top + LINE_PX + 4
    for index, (klass, color, label) in enumerate(entries):
        x = MARGIN + (index % columns) * LEGEND_COLUMN_PX
        y = first_row + (index // columns) * LINE_PX
        parts.append(
            f'<g class="legend-item" data-class="{klass}">'
            f'<rect x="{x}" y="{y}" width="14" height="14" fill="{_attr(color)}" stroke="#888888" stroke-width="0.5"/>'
            f'<text x="{x + 20}" y="{y + 11}">{_text(label)}</text></g>'
        )
    parts.append("</g>")
    rows = -(-len(entries) // columns)
    return "".join(parts), first_row + rows * LINE_PX


def _missing_svg(top: int, width: int, missing: Sequence[MapArea], label: str) -> tuple[str, int]:
    """The list of areas without a boundary: a heading, then their names wrapped to the width."""
    chars = max(10, int((width - 2 * MARGIN) / CHAR_PX))
    lines = _wrap([area.name for area in missing], chars)
    codes = " ".join(area.code for area in missing)
    parts = [
        f'<g class="missing-boundaries" data-codes="{_attr(codes)}" {FONT}>',
        f'<text x="{MARGIN}" y="{top + 13}" font-weight="bold">{_text(f"{label} ({len(missing)}):")}</text>',
    ]
    for number, line in enumerate(lines, start=1):
        parts.append(f'<text x="{MARGIN}" y="{top + 13 + number * LINE_PX}">{_text(line)}</text>')
    parts.append("</g>")
    return "".join(parts), top + (len(lines) + 1) * LINE_PX + 4
