"""What the API answers, as pydantic schemas (they are also the OpenAPI schema, so keep them honest).

No schema has a field for a full NIK or KK number: persons carry ``nik_masked`` only.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

DenominatorKind = Literal["angkatan_kerja", "penduduk_bekerja", "potensi_tenaga_kerja", "bpu"]
REGION_CODE_PATTERN = r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"
PERCENT_PATTERN = r"^[0-9]+\.[0-9]{2}$"


class ErrorOut(Schema):
    detail: str = Field(description="Penjelasan dalam Bahasa Indonesia")


class FieldErrorOut(Schema):
    location: list[str | int] = Field(description='Letak masukan yang salah, mis. ["query", "as_of"]')
    message: str = Field(description="Apa yang salah, dalam Bahasa Indonesia")


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class RegionOut(Schema):
    code: str = Field(pattern=REGION_CODE_PATTERN, examples=["13.02"])
    name: str
    level: int = Field(ge=1, le=4, description="1 provinsi, 2 kab/kota, 3 kecamatan, 4 kelurahan/desa/nagari")


class NumeratorOut(Schema):
    active_participants: int = Field(ge=0)
    definition: str


class DenominatorOut(Schema):
    kind: str
    value: int
    period: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$", description="Bulan yang digambarkan angka, YYYY-MM")
    source: str


class CoverageOut(Schema):
    region: RegionOut
    as_of: dt.date
    numerator: NumeratorOut
    denominator: DenominatorOut | None = Field(description="null bila wilayah tidak punya angka penyebut")
    ucj_percent: str | None = Field(
        pattern=PERCENT_PATTERN,
        examples=["15.00"],
        description="Persentase UCJ dengan 2 desimal (titik), null bila tidak ada penyebut",
    )


class PersonOut(Schema):
    id: int
    nik_masked: str = Field(
        description="NIK tersamar: 4 digit awal dan 4 digit akhir", examples=["1302********0003"]
    )
    name: str
    birth_year: int
    sex: Literal["L", "P"]
    region_code: str = Field(pattern=REGION_CODE_PATTERN, description="Domisili (kelurahan/desa/nagari)")
    sector: str = Field(description="formal, informal, atau kosong bila tidak bekerja")
    decile: int | None = Field(ge=1, le=10, description="Desil DTSEN, null bila tidak diketahui")


class MembershipOut(Schema):
    segment: str = Field(examples=["BPU"])
    programmes: list[str] = Field(examples=[["JKK", "JKM"]])
    start_date: dt.date
    end_date: dt.date | None = Field(description="null bila masih berjalan")
    payer: str


class PersonDetailOut(PersonOut):
    memberships: list[MembershipOut]


class PersonPageOut(Schema):
    count: int = Field(ge=0, description="Jumlah seluruh orang yang cocok")
    limit: int
    offset: int
    items: list[PersonOut]


class FigureOut(Schema):
    indicator: str
    label: str
    group: str | None = Field(description="Nilai rincian (PU, JKK, informal), null untuk total")
    numerator: int = Field(ge=0)
    denominator: int | None
    denominator_kind: str | None
    value: str | None = Field(description="Persentase (desimal bertitik) atau hitungan; null tanpa penyebut")
    unit: str
    period: dt.date
    source: str | None


class TrendPointOut(Schema):
    month: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$")
    as_of: dt.date
    active_participants: int = Field(ge=0)
    denominator: int | None
    ucj_percent: str | None
    new_enrolments: int = Field(ge=0)
    lapses: int = Field(ge=0)


class TargetProgressOut(Schema):
    region: RegionOut
    denominator_kind: str
    baseline_value: str
    baseline_date: dt.date
    target_value: str
    target_date: dt.date
    source_document: str
    current_value: str | None
    current_date: dt.date | None
    progress_percent: str | None
    gap_pp: str | None
    required_pace_pp_per_month: str | None
    current_pace_pp_per_month: str | None
    projected_date: dt.date | None
    on_track: bool | None
    method: str | None
