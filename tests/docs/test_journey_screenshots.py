"""The user guide's chapter "Tiga perjalanan kerja" shows screenshots that the journey browser tests take
(tests/browser/test_journey_*.py, through tests/journey_support.py): the guide, the tests and the committed
images name the same files, and every committed image stays small. The images are refreshed with
``pytest -m browser tests/browser/test_journey_*.py --update-screenshots``."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "panduan.md"
IMAGES = REPO / "docs" / "img" / "journeys"
TESTS = sorted((REPO / "tests" / "browser").glob("test_journey_*.py"))
MAX_IMAGE_BYTES = 200_000  # as tests/journey_support.py
_SHOT = re.compile(r"\.shot\(\s*[\w.]+,\s*\"([a-z0-9-]+)\"")
_SHOWN = re.compile(r"\]\(img/journeys/([a-z0-9-]+)\.png\)")


def _taken() -> set[str]:
    return {name for path in TESTS for name in _SHOT.findall(path.read_text(encoding="utf-8"))}


def test_the_journey_tests_take_screenshots() -> None:
    assert len(TESTS) == 3 and len(_taken()) > 10


def test_the_guide_shows_every_screenshot_the_journeys_take_and_no_other() -> None:
    shown = _SHOWN.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(shown) == len(set(shown)), "an image is shown twice"
    assert sorted(set(shown) - _taken()) == [], "shown in the guide, taken by no journey test"
    assert sorted(_taken() - set(shown)) == [], "taken by a journey test, not shown in the guide"


def test_the_committed_images_are_the_screenshots_and_small() -> None:
    committed = {path.stem: path for path in IMAGES.glob("*")}
    assert sorted(set(committed) - _taken()) == [], "committed, taken by no journey test"
    assert sorted(_taken() - set(committed)) == [], (
        "taken by a journey test, not committed (--update-screenshots)"
    )
    for name, path in committed.items():
        assert path.suffix == ".png", name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        assert path.stat().st_size < MAX_IMAGE_BYTES, name
