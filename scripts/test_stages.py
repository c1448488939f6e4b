"""Run the test suite in stages and print each stage's wall time and counts (``make test``, ``make check``).

Stages: lint (ruff, import contract, and ``cakupan rules check`` printing the rule values due), types (mypy), sqlite (every test but the browser ones, on SQLite),
postgres (the database tests again on PostgreSQL, when a server answers), browser (the real-Chromium tests).
The pytest stages run on every core with pytest-xdist, one test database per worker. Every stage runs even when
an earlier one failed, so one run shows everything that is wrong; the exit status is 1 when any stage failed.

    python scripts/test_stages.py                       # every stage
    python scripts/test_stages.py --stages sqlite,browser
    python scripts/test_stages.py --random              # shuffled order (pytest-randomly), seed printed
    python scripts/test_stages.py --check               # make check: lint, types, the pure core, a web smoke
    python scripts/test_stages.py --stages sqlite -- -k imports   # after --: more pytest arguments

Environment: CAKUPAN_TEST_WORKERS (xdist workers, default: one per core), CAKUPAN_TEST_POSTGRES_URL,
CAKUPAN_REQUIRE_POSTGRES=1 and CAKUPAN_REQUIRE_BROWSER=1 (as .ci/run sets them: nothing may be skipped).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(Path(__file__).parent))

from postgres_available import main as postgres_available  # noqa: E402

# The folders of the pure core (no database, no server) and the web tests that stand for the whole web app in
# `make check`: every page and role (access matrix), the views, the import path.
CORE = [
    "tests/core",
    "tests/ingest",
    "tests/rules",
    "tests/claims",
    "tests/compliance",
    "tests/enrolment",
    "tests/funding",
    "tests/targeting",
    "tests/maps",
    "tests/docs",
]
WEB_SMOKE = [
    "tests/web/test_web_access_matrix.py",
    "tests/web/test_web_views.py",
    "tests/web/test_web_imports.py",
]


@dataclass
class Stage:
    name: str
    commands: list[list[str]]
    env: dict[str, str] = field(default_factory=dict)
    pytest: bool = False


@dataclass
class Outcome:
    name: str
    seconds: float
    status: str  # "ok", "FAILED", "skipped"
    counts: dict[str, int] = field(default_factory=dict)


def _pytest(args: list[str], workers: str, extra: list[str], random_order: bool) -> list[str]:
    order = ["-p", "randomly"] if random_order else []
    parallel = ["-n", workers, "--dist", "worksteal"] if workers != "0" else []
    return [str(BIN / "python"), "-m", "pytest", *parallel, *order, "--durations=10", *args, *extra]


def stages(options: argparse.Namespace) -> list[Stage]:
    workers, extra, shuffled = options.workers, options.pytest_args, options.random
    sqlite = {"DATABASE_URL": ""}
    postgres_url = os.environ.get("CAKUPAN_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/cakupan")
    all_stages = {
        "lint": Stage(
            "lint",
            [
                [str(BIN / "ruff"), "check", "src", "tests", "benchmarks", "scripts"],
                [str(BIN / "ruff"), "format", "--check", "src", "tests", "benchmarks", "scripts"],
                [str(BIN / "lint-imports")],
                # What the rules' calendar says is due and not loaded (pu/jp/wage_cap after 1 March, ...): printed,
                # never a failure (exit 0), so CI does not break because the calendar moved.
                [str(BIN / "cakupan"), "rules", "check"],
            ],
        ),
        "types": Stage("types", [[str(BIN / "mypy")]]),
        "sqlite": Stage("sqlite", [_pytest(["-m", "not browser"], workers, extra, shuffled)], sqlite, True),
        "postgres": Stage(
            "postgres",
            [
                _pytest(
                    ["-m", "django_db and not browser", "-p", "no:cacheprovider"], workers, extra, shuffled
                )
            ],
            {"DATABASE_URL": postgres_url},
            True,
        ),
        "browser": Stage("browser", [_pytest(["-m", "browser"], workers, extra, shuffled)], sqlite, True),
        # make check: the pure core and a smoke of the web app, on SQLite.
        "core": Stage(
            "core",
            [_pytest(["-m", "not django_db and not browser", *CORE], workers, extra, False)],
            sqlite,
            True,
        ),
        "web-smoke": Stage("web-smoke", [_pytest(WEB_SMOKE, workers, extra, False)], sqlite, True),
    }
    names = ["lint", "types", "core", "web-smoke"] if options.check else options.stages.split(",")
    unknown = [n for n in names if n not in all_stages]
    if unknown:
        raise SystemExit(f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(all_stages)}")
    return [all_stages[n] for n in names]


def run(stage: Stage, report_dir: Path) -> Outcome:
    print(f"\n===== {stage.name} =====", flush=True)
    if stage.name == "postgres":
        reachable = postgres_available()
        if reachable == 1:
            print("PostgreSQL tidak terjangkau: tes PostgreSQL dilewati (PostgreSQL not reachable: skipped).")
            return Outcome(stage.name, 0.0, "skipped")
        if reachable != 0:
            return Outcome(stage.name, 0.0, "FAILED")
    report = report_dir / f"{stage.name}.json"
    env = {
        **os.environ,
        "CAKUPAN_DATA_DIR": str(REPO / "var" / "test"),
        **stage.env,
        "CAKUPAN_TEST_REPORT": str(report),
    }
    started = time.monotonic()
    status = "ok"
    for command in stage.commands:
        print("$ " + " ".join(command), flush=True)
        if subprocess.run(command, cwd=REPO, env=env, check=False).returncode != 0:
            status = "FAILED"
    seconds = time.monotonic() - started
    counts = json.loads(report.read_text(encoding="utf-8")) if stage.pytest and report.exists() else {}
    if stage.pytest and not counts:
        status = "FAILED"  # pytest ended before it could count (a collection error, a crash)
    outcome = Outcome(stage.name, seconds, status, counts)
    print(f"----- {stage.name}: {_describe(outcome)}", flush=True)
    return outcome


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}m{seconds % 60:04.1f}s"


def _describe(outcome: Outcome) -> str:
    text = f"{outcome.status}, {_clock(outcome.seconds)}"
    c = outcome.counts
    if c:
        text += (
            f", {c['passed']} passed, {c['failed'] + c['error']} failed, {c['skipped']} skipped, "
            f"{c['hypothesis_examples']} Hypothesis examples"
        )
    return text


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stages", default="lint,types,sqlite,postgres,browser")
    parser.add_argument("--check", action="store_true", help="make check: lint, types, core, web-smoke")
    parser.add_argument("--random", action="store_true", help="shuffle the test order (pytest-randomly)")
    parser.add_argument(
        "--workers", default=os.environ.get("CAKUPAN_TEST_WORKERS", "auto"), help="xdist workers; 0: none"
    )
    parser.add_argument("pytest_args", nargs="*", help="after --: passed to every pytest stage")
    options = parser.parse_args()

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cakupan-stages-") as folder:
        outcomes = [run(stage, Path(folder)) for stage in stages(options)]
    total = time.monotonic() - started

    print("\n===== summary =====")
    print(
        f"{'stage':10} {'result':8} {'wall':>9} {'passed':>7} {'failed':>7} {'skipped':>8} {'Hypothesis':>11}"
    )
    for o in outcomes:
        c = o.counts
        numbers = (
            f"{c['passed']:7} {c['failed'] + c['error']:7} {c['skipped']:8} {c['hypothesis_examples']:11}"
            if c
            else ""
        )
        print(f"{o.name:10} {o.status:8} {_clock(o.seconds):>9} {numbers}")
    print(f"{'total':10} {'':8} {_clock(total):>9}")
    return 1 if any(o.status == "FAILED" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
