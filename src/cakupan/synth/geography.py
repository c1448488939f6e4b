"""The province's regions as index arrays, and where the synthetic people live."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cakupan.core.regions import Region, load_province
from cakupan.synth.calibration import Calibration
from cakupan.synth.sampling import BoolArray, IntArray, choice_counts

KELURAHAN_DENSITY = 1.8  # a kelurahan (urban) holds more people than a nagari/desa, on average


@dataclass(frozen=True)
class Geography:
    province: Region
    kabkota: tuple[Region, ...]
    kecamatan: tuple[Region, ...]
    desa: tuple[Region, ...]  # kelurahan and desa/nagari (level 4)
    kec_kab: IntArray  # kab/kota index of each kecamatan
    desa_kec: IntArray  # kecamatan index of each desa
    desa_kab: IntArray
    desa_is_kelurahan: BoolArray
    kab_is_kota: BoolArray
    kec_digits: IntArray  # 130205 for 13.02.05
    codes: frozenset[str]  # every known code, any level

    @classmethod
    def load(cls, province_code: str) -> Geography:
        regions = load_province(province_code)
        by_level: dict[int, list[Region]] = {1: [], 2: [], 3: [], 4: []}
        for region in regions:
            by_level[region.level].append(region)
        kabkota = tuple(sorted(by_level[2], key=lambda r: r.code))
        kecamatan = tuple(sorted(by_level[3], key=lambda r: r.code))
        desa = tuple(sorted(by_level[4], key=lambda r: r.code))
        kab_index = {r.code: i for i, r in enumerate(kabkota)}
        kec_index = {r.code: i for i, r in enumerate(kecamatan)}
        kec_kab = np.array([kab_index[str(r.parent_code)] for r in kecamatan], dtype=np.int64)
        desa_kec = np.array([kec_index[str(r.parent_code)] for r in desa], dtype=np.int64)
        return cls(
            province=by_level[1][0],
            kabkota=kabkota,
            kecamatan=kecamatan,
            desa=desa,
            kec_kab=kec_kab,
            desa_kec=desa_kec,
            desa_kab=kec_kab[desa_kec],
            desa_is_kelurahan=np.array([r.kind == "kelurahan" for r in desa], dtype=np.bool_),
            kab_is_kota=np.array([r.kind == "kota" for r in kabkota], dtype=np.bool_),
            kec_digits=np.array([int(r.code.replace(".", "")) for r in kecamatan], dtype=np.int64),
            codes=frozenset(r.code for r in regions),
        )

    def kab_codes(self) -> list[str]:
        return [r.code for r in self.kabkota]

    def retired_kecamatan_digits(self) -> IntArray:
        """Per kab/kota, a kecamatan number just beyond the existing ones (a code from before a split)."""
        highest = np.zeros(len(self.kabkota), dtype=np.int64)
        np.maximum.at(highest, self.kec_kab, self.kec_digits % 100)
        kab_digits = np.array([int(r.code.replace(".", "")) for r in self.kabkota], dtype=np.int64)
        return np.asarray(kab_digits * 100 + np.minimum(highest + 1, 99))


def kab_populations(geo: Geography, calibration: Calibration, scale: float) -> IntArray:
    """Synthetic residents per kab/kota: the Dukcapil population times the scale (at least one)."""
    population = np.array([calibration.region(code).population for code in geo.kab_codes()], dtype=np.float64)
    return np.asarray(np.maximum(np.rint(population * scale), 1).astype(np.int64))


def place_people(geo: Geography, per_kab: IntArray, rng: np.random.Generator) -> IntArray:
    """The desa index of every synthetic person, people of one desa next to each other, desa in code order."""
    weights = rng.gamma(2.0, size=len(geo.desa)) * np.where(geo.desa_is_kelurahan, KELURAHAN_DENSITY, 1.0)
    per_desa = np.zeros(len(geo.desa), dtype=np.int64)
    for kab in range(len(geo.kabkota)):
        members = np.flatnonzero(geo.desa_kab == kab)
        per_desa[members] = choice_counts(rng, int(per_kab[kab]), weights[members])
    return np.repeat(np.arange(len(geo.desa), dtype=np.int64), per_desa)
