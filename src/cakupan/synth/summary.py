"""What a generator run wrote: files, row counts, defects and the coverage an importer should find."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

MANIFEST_VERSION = 1


@dataclass(frozen=True)
class FileSummary:
    path: Path
    rows: int  # data rows, without the header
    sha256: str

    def to_manifest(self) -> dict[str, object]:
        return {"name": self.path.name, "rows": self.rows, "sha256": self.sha256}


@dataclass(frozen=True)
class DefectCounts:
    persons_bad_nik: int  # 15 or 17 digits, a letter, serial 0000, day 32 or month 13
    persons_unknown_region: int  # kode_wilayah that does not exist
    persons_birth_date_mismatch: int  # NIK birth-date digits differ from tanggal_lahir
    persons_duplicate_rows: int  # extra, exact copies of clean rows
    memberships_of_defective_persons: int  # rows whose person row is rejected (unknown NIK on import)
    memberships_end_before_start: int  # tanggal_akhir before tanggal_mulai

    def to_manifest(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class RegionSummary:
    code: str
    name: str
    population: int  # synthetic residents (distinct people)
    labour_force: int
    workers: int
    informal_workers: int
    expected_active: int  # distinct clean people with a clean membership active on the reference date
    coverage_target_percent: float

    @property
    def expected_coverage_percent(self) -> float:
        return 100.0 * self.expected_active / self.labour_force if self.labour_force else 0.0

    def to_manifest(self) -> dict[str, object]:
        return {**asdict(self), "expected_coverage_percent": round(self.expected_coverage_percent, 2)}


@dataclass(frozen=True)
class SynthSummary:
    province: str
    seed: int
    scale: float
    reference_date: dt.date
    persons: FileSummary
    memberships: FileSummary
    labour_force: FileSummary
    manifest_path: Path
    people: int  # distinct synthetic people (persons.csv rows minus duplicate rows)
    nik_moved: int  # clean-or-not NIKs first issued in another kecamatan of the province
    nik_retired_kecamatan: int  # NIKs with a kecamatan code that no longer exists (a warning, accepted)
    defects: DefectCounts
    regions: tuple[RegionSummary, ...]  # per kab/kota, in code order

    @property
    def labour_force_total(self) -> int:
        return sum(r.labour_force for r in self.regions)

    @property
    def expected_active(self) -> int:
        return sum(r.expected_active for r in self.regions)

    @property
    def expected_coverage_percent(self) -> float:
        total = self.labour_force_total
        return 100.0 * self.expected_active / total if total else 0.0

    def to_manifest(self) -> dict[str, object]:
        """The JSON manifest: file names only (no absolute paths), so two runs compare byte for byte."""
        return {
            "manifest_version": MANIFEST_VERSION,
            "generator": "cakupan.synth",
            "province": self.province,
            "seed": self.seed,
            "scale": self.scale,
            "reference_date": self.reference_date.isoformat(),
            "files": {
                "persons": self.persons.to_manifest(),
                "memberships": self.memberships.to_manifest(),
                "labour_force": self.labour_force.to_manifest(),
            },
            "people": self.people,
            "nik_moved": self.nik_moved,
            "nik_retired_kecamatan": self.nik_retired_kecamatan,
            "defects": self.defects.to_manifest(),
            "totals": {
                "population": sum(r.population for r in self.regions),
                "labour_force": self.labour_force_total,
                "expected_active": self.expected_active,
                "expected_coverage_percent": round(self.expected_coverage_percent, 2),
            },
            "regions": [r.to_manifest() for r in self.regions],
            "notes": [
                "expected_active counts distinct people whose person row and membership row are both clean and "
                "whose membership is active on reference_date (start <= date <= end, or no end).",
                "Duplicated persons hold no membership, so the count does not depend on how an importer treats "
                "the second copy.",
                "Labour force counts synthetic people by true domicile, including people whose row is defective.",
            ],
        }
