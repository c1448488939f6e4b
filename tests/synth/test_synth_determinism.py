"""The generator's output depends only on its arguments, and bad arguments are refused in Indonesian."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from cakupan.synth import generate

SMALL = 0.002
FILES = ("persons.csv", "memberships.csv", "labour_force.csv", "manifest.json")
SYNTH_SOURCES = Path(__file__).resolve().parents[2] / "src" / "cakupan" / "synth"


def _bytes(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = generate(out_dir=tmp_path / "a", scale=SMALL, seed=7)
    second = generate(out_dir=tmp_path / "b", scale=SMALL, seed=7)
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")
    assert first.persons.sha256 == second.persons.sha256
    assert first.regions == second.regions


def test_different_seed_gives_different_files(tmp_path: Path) -> None:
    generate(out_dir=tmp_path / "a", scale=SMALL, seed=1)
    generate(out_dir=tmp_path / "b", scale=SMALL, seed=2)
    one, two = _bytes(tmp_path / "a"), _bytes(tmp_path / "b")
    assert one["persons.csv"] != two["persons.csv"]
    assert one["memberships.csv"] != two["memberships.csv"]


def test_reference_date_drives_the_period(tmp_path: Path) -> None:
    summary = generate(out_dir=tmp_path, scale=SMALL, reference_date=dt.date(2024, 12, 31))
    lines = summary.labour_force.path.read_text(encoding="utf-8").splitlines()
    assert all(",2024-12,angkatan_kerja," in line for line in lines[1:])
    assert summary.reference_date == dt.date(2024, 12, 31)


def test_no_clock_is_read() -> None:
    """Output must not depend on when it is generated."""
    for source in SYNTH_SOURCES.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        for call in ("today(", "now(", "time.time", "utcnow"):
            assert call not in text, f"{source.name} calls {call}"


@pytest.mark.parametrize("scale", [0, -0.5, 1.01, 2, math.nan, math.inf])
def test_bad_scale_is_refused_in_indonesian(tmp_path: Path, scale: float) -> None:
    with pytest.raises(ValueError, match="Skala"):
        generate(out_dir=tmp_path, scale=scale)
    assert not (tmp_path / "persons.csv").exists()


def test_bad_seed_and_province_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Seed"):
        generate(out_dir=tmp_path, scale=SMALL, seed=-1)
    with pytest.raises(ValueError, match="provinsi"):
        generate(out_dir=tmp_path, scale=SMALL, province="12")


def test_tiny_scale_and_a_january_reference_date(tmp_path: Path) -> None:
    summary = generate(out_dir=tmp_path, scale=0.0002, seed=3, reference_date=dt.date(2026, 1, 15))
    assert summary.people == sum(r.population for r in summary.regions) > 0
    assert all(r.population >= 1 for r in summary.regions)
    text = summary.memberships.path.read_text(encoding="utf-8")
    assert "2026-01-01" in text or "2025-12-01" in text  # budget-year or DBH Sawit terms around the date
