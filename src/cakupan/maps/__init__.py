"""Maps drawn on the server: a choropleth of coverage as SVG, from GeoJSON boundaries. Pure Python, no Django."""

from cakupan.maps.choropleth import (
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

__all__ = [
    "DEFAULT_BREAKS",
    "NO_DATA_COLOR",
    "YLGN",
    "MapArea",
    "class_labels",
    "class_of",
    "format_number_id",
    "missing_boundaries",
    "render_choropleth",
]
