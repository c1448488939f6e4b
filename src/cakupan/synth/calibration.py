"""The calibration table (``calibration.yaml``): published figures with their sources, and stated assumptions.

The YAML is validated strictly (unknown keys are errors) so a typo cannot silently fall back to a default.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Weight = Annotated[float, Field(ge=0.0)]
Payer = Literal["mandiri", "apbd", "apb_nagari", "csr", "baznas"]
KAB_KOTA_CODE = r"^\d{2}\.\d{2}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    title: str
    url: str | None = None
    note: str | None = None


class Ratio(_Strict):
    value: Fraction
    source: str
    note: str | None = None


class Factor(_Strict):
    value: Annotated[float, Field(gt=0.0)]
    source: str


class Money(_Strict):
    value: Annotated[int, Field(gt=0)]  # whole Rupiah
    source: str
    year: int | None = None


class MembershipParams(_Strict):
    lapsed_only_share: Ratio
    history_share: Ratio
    jakon_share_of_construction: Ratio
    pmi_share: Ratio
    mandiri_jht_share: Ratio
    bpu_payers: dict[Payer, Weight]
    payer_source: str


class DbhSawitParams(_Strict):
    term_months: Annotated[int, Field(ge=1, le=12)]
    active_cohort_offset_months: Annotated[int, Field(ge=0)]
    lapsed_cohort_offset_months: Annotated[int, Field(ge=0)]
    renewed_share: Ratio

    @model_validator(mode="after")
    def _cohorts_fit(self) -> DbhSawitParams:
        # The active cohort must cover the reference date; the lapsed one must have ended before its month.
        if self.active_cohort_offset_months >= self.term_months:
            raise ValueError(
                "kohort aktif DBH Sawit harus dimulai kurang dari satu masa perlindungan sebelumnya"
            )
        if self.lapsed_cohort_offset_months < self.term_months:
            raise ValueError(
                "kohort DBH Sawit yang berakhir harus dimulai paling sedikit satu masa sebelumnya"
            )
        return self


class DesilParams(_Strict):
    share_kabupaten: Ratio
    share_kota: Ratio
    weights_kabupaten: Annotated[list[Weight], Field(min_length=10, max_length=10)]
    weights_kota: Annotated[list[Weight], Field(min_length=10, max_length=10)]
    source: str


class OccupationWeight(_Strict):
    kabupaten: Weight
    kota: Weight
    female_factor: Weight = 1.0
    only_where: Literal["coastal", "palm_oil"] | None = None
    pu_eligible: bool = True


class Occupations(_Strict):
    source: str
    informal: dict[str, OccupationWeight]
    formal: dict[str, OccupationWeight]

    @model_validator(mode="after")
    def _drawable(self) -> Occupations:
        # Every kab/kota must be able to draw a job, whatever its coastal or palm-oil flags.
        for table in (self.informal, self.formal):
            for kind in ("kabupaten", "kota"):
                if not sum(getattr(w, kind) for w in table.values() if w.only_where is None) > 0:
                    raise ValueError(f"bobot pekerjaan untuk {kind} harus lebih dari 0")
        return self


class RegionCalibration(_Strict):
    code: Annotated[str, Field(pattern=KAB_KOTA_CODE)]
    name: str
    population: Annotated[int, Field(gt=0)]
    coverage_percent: Annotated[float, Field(gt=0.0, lt=100.0)]
    coverage_source: str
    coastal: bool = False
    palm_oil: bool = False
    bpu_payers: dict[Payer, Weight] | None = None
    dbh_sawit_workers: Annotated[int, Field(ge=0)] = 0
    dbh_sawit_source: str | None = None


class Calibration(_Strict):
    province_code: str
    province_name: str
    sources: dict[str, Source]
    population_source: str
    labour_force_share: Ratio
    unemployment_rate: Ratio
    informal_share: Ratio
    formal_weight_kota: Factor
    pu_share_of_active: Ratio
    minimum_wage: Money
    bpu_minimum_basis: Money
    memberships: MembershipParams
    dbh_sawit: DbhSawitParams
    desil: DesilParams
    occupations: Occupations
    regions: list[RegionCalibration]

    @model_validator(mode="after")
    def _consistent(self) -> Calibration:
        cited = [
            self.population_source,
            self.labour_force_share.source,
            self.unemployment_rate.source,
            self.informal_share.source,
            self.formal_weight_kota.source,
            self.pu_share_of_active.source,
            self.minimum_wage.source,
            self.bpu_minimum_basis.source,
            self.memberships.payer_source,
            self.dbh_sawit.renewed_share.source,
            self.desil.source,
            self.occupations.source,
        ]
        for region in self.regions:
            cited.append(region.coverage_source)
            if region.dbh_sawit_source is not None:
                cited.append(region.dbh_sawit_source)
            if not region.code.startswith(self.province_code + "."):
                raise ValueError(f"{region.code} bukan wilayah provinsi {self.province_code}")
            if region.dbh_sawit_workers and not region.palm_oil:
                raise ValueError(f"{region.code}: DBH Sawit hanya untuk wilayah sawit (palm_oil)")
        unknown = sorted({key for key in cited if key not in self.sources})
        if unknown:
            raise ValueError(f"sumber tidak dikenal: {', '.join(unknown)}")
        codes = [r.code for r in self.regions]
        if len(set(codes)) != len(codes):
            raise ValueError("kode kabupaten/kota ganda di tabel kalibrasi")
        return self

    def region(self, code: str) -> RegionCalibration:
        for region in self.regions:
            if region.code == code:
                return region
        raise KeyError(code)


def parse_calibration(text: str) -> Calibration:
    """Validate a calibration table given as YAML text."""
    return Calibration.model_validate(yaml.safe_load(text))


@cache
def load_calibration() -> Calibration:
    """The calibration table shipped with the package."""
    text = resources.files("cakupan.synth").joinpath("calibration.yaml").read_text(encoding="utf-8")
    return parse_calibration(text)
