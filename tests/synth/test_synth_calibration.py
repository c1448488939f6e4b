"""Coverage, labour force and informal share land on the calibration table; the table is strict and sourced."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError
from synth_support import Generated

from cakupan.synth import load_calibration
from cakupan.synth.calibration import parse_calibration
from shared_data import SHARED_DATA

PUBLISHED = {"13.02": 13.85, "13.12": 33.51, "13.71": 44.0, "13.73": 62.19}
CALIBRATION_YAML = Path(__file__).resolve().parents[2] / "src" / "cakupan" / "synth" / "calibration.yaml"


def test_published_coverage_is_reproduced(generated: Generated) -> None:
    regions = {r.code: r for r in generated.summary.regions}
    for code, percent in PUBLISHED.items():
        region = regions[code]
        # Counts are exact per kab/kota; only rounding to whole people remains (at most one person).
        assert abs(region.expected_coverage_percent - percent) <= 100 / region.labour_force + 1e-9, code


def test_every_region_lands_on_its_target(generated: Generated) -> None:
    for region in generated.summary.regions:
        assert region.expected_coverage_percent == pytest.approx(region.coverage_target_percent, abs=0.5)


def test_province_coverage_between_25_and_28_percent(generated: Generated) -> None:
    assert 25.0 <= generated.summary.expected_coverage_percent <= 28.0


def test_labour_force_and_informal_shares(generated: Generated) -> None:
    regions = generated.summary.regions
    population = sum(r.population for r in regions)
    workers = sum(r.workers for r in regions)
    assert generated.summary.labour_force_total / population == pytest.approx(0.533, abs=0.005)
    assert sum(r.informal_workers for r in regions) / workers == pytest.approx(0.6414, abs=0.01)
    # More formal work in a kota than in a kabupaten.
    padang = next(r for r in regions if r.code == "13.71")
    solok = next(r for r in regions if r.code == "13.02")
    assert padang.informal_workers / padang.workers < solok.informal_workers / solok.workers


def test_populations_follow_dukcapil_2024(generated: Generated) -> None:
    calibration = load_calibration()
    for region in generated.summary.regions:
        expected = calibration.region(region.code).population * generated.summary.scale
        assert region.population == round(expected)


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="shared reference data not available")
def test_table_matches_the_shared_reference_data() -> None:
    calibration = load_calibration()
    with (SHARED_DATA / "sumbar_kabkota_penduduk_luas_2024.csv").open(encoding="utf-8") as handle:
        population = {row["kode"]: int(row["penduduk_total"]) for row in csv.DictReader(handle)}
    with (SHARED_DATA / "sumbar_calibration_figures.csv").open(encoding="utf-8") as handle:
        figures = [row for row in csv.DictReader(handle) if row["indikator"] == "ucj"]
    for region in calibration.regions:
        assert region.population == population[region.code], region.code
    for row in figures:
        if row["kode"] in PUBLISHED:
            region = calibration.region(row["kode"])
            assert region.coverage_percent == float(row["nilai"])
            assert calibration.sources[region.coverage_source].url == row["sumber_url"]


def test_published_figures_cite_a_url() -> None:
    calibration = load_calibration()
    for code in PUBLISHED:
        assert calibration.sources[calibration.region(code).coverage_source].url
    for ratio in (calibration.labour_force_share, calibration.informal_share, calibration.unemployment_rate):
        assert calibration.sources[ratio.source].url


def test_unknown_keys_and_sources_are_rejected() -> None:
    data = yaml.safe_load(CALIBRATION_YAML.read_text(encoding="utf-8"))
    data["regions"][0]["typo_key"] = 1
    with pytest.raises(ValidationError):
        parse_calibration(yaml.safe_dump(data))
    data = yaml.safe_load(CALIBRATION_YAML.read_text(encoding="utf-8"))
    data["regions"][0]["coverage_source"] = "nowhere"
    with pytest.raises(ValidationError, match="sumber tidak dikenal"):
        parse_calibration(yaml.safe_dump(data))
