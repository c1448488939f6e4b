"""manifest.json and labour_force.csv agree with the files and with the summary."""

from __future__ import annotations

import hashlib
from typing import Any

from synth_support import SCALE, SEED, Generated

from cakupan.synth.writer import LABOUR_FORCE_COLUMNS


def test_manifest_matches_the_files(generated: Generated) -> None:
    manifest: dict[str, Any] = generated.manifest
    folder = generated.summary.manifest_path.parent
    for key, frame in (
        ("persons", generated.persons),
        ("memberships", generated.memberships),
        ("labour_force", generated.labour_force),
    ):
        entry = manifest["files"][key]
        data = (folder / entry["name"]).read_bytes()
        assert entry["rows"] == frame.height == data.count(b"\n") - 1
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["seed"] == SEED and manifest["scale"] == SCALE
    assert manifest["reference_date"] == generated.summary.reference_date.isoformat()
    assert manifest["defects"] == generated.summary.defects.to_manifest()
    assert manifest["totals"]["expected_active"] == generated.summary.expected_active
    assert [r["code"] for r in manifest["regions"]] == [r.code for r in generated.summary.regions]


def test_labour_force_file(generated: Generated) -> None:
    lf = generated.labour_force
    assert tuple(lf.columns) == LABOUR_FORCE_COLUMNS
    levels = lf["kode_wilayah"].str.count_matches(r"\.") + 1
    assert levels.value_counts().sort("kode_wilayah").rows() == [(1, 1), (2, 19), (3, 179)]
    assert (lf["periode"] == "2025-06").all() and (lf["jenis"] == "angkatan_kerja").all()
    assert lf["sumber"].str.contains(f"seed {SEED}, skala {SCALE:g}").all()
    values = dict(zip(lf["kode_wilayah"], lf["nilai"].cast(int), strict=True))
    regions = generated.summary.regions
    assert values["13"] == generated.summary.labour_force_total
    for region in regions:
        assert values[region.code] == region.labour_force
        kecamatan = [v for code, v in values.items() if code.startswith(region.code + ".")]
        assert sum(kecamatan) == region.labour_force
    manifest_regions: list[dict[str, Any]] = generated.manifest["regions"]  # type: ignore[assignment]
    assert {r["code"]: r["labour_force"] for r in manifest_regions} == {
        r.code: r.labour_force for r in regions
    }
