"""Reads about region boundaries: the names a boundary file is checked against, and which regions have a
polygon (a map shows the others as "no boundary")."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from cakupan.core.regions import LEVEL_NAMES, ancestors_of
from cakupan.web.registry.models import Region, RegionBoundary


def region_names() -> dict[str, str]:
    """Every loaded region's code and name."""
    return dict(Region.objects.values_list("code", "name"))


@dataclass(frozen=True)
class LevelCoverage:
    level: int
    total: int
    with_boundary: int
    missing: list[tuple[str, str]]  # (code, name) of the regions without one, in code order
    missing_by_kabkota: dict[str, int] = field(default_factory=dict)  # kab/kota name -> regions without one

    @property
    def label(self) -> str:
        return LEVEL_NAMES[self.level]


def region_boundary_coverage(*, within: str | None = None) -> list[LevelCoverage]:
    """Per level (provinsi to kelurahan/desa), how many loaded regions have a boundary and which do not.

    ``within`` limits to one region's descendants (and itself)."""
    regions = Region.objects.all()
    if within is not None:
        regions = regions.filter(code=within) | regions.filter(code__startswith=within + ".")
    rows = list(
        regions.annotate(has=Exists(RegionBoundary.objects.filter(region=OuterRef("pk"))))
        .order_by("code")
        .values_list("code", "name", "level", "has")
    )
    kabkota_names = dict(Region.objects.filter(level=2).values_list("code", "name"))
    result = []
    for level in sorted({r[2] for r in rows}):
        at_level = [r for r in rows if r[2] == level]
        missing = [(code, name) for code, name, _, has in at_level if not has]
        by_kabkota: dict[str, int] = {}
        if level > 2:
            for code, _ in missing:
                kabkota = kabkota_names.get(ancestors_of(code)[-2], ancestors_of(code)[-2])
                by_kabkota[kabkota] = by_kabkota.get(kabkota, 0) + 1
        result.append(
            LevelCoverage(
                level=level,
                total=len(at_level),
                with_boundary=len(at_level) - len(missing),
                missing=missing,
                missing_by_kabkota=by_kabkota,
            )
        )
    return result
