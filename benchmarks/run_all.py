"""Run every bench_*.py in this folder, in name order, each in its own process; exit 1 if one fails.

Environment: CAKUPAN_BENCH_SCALE (default 0.01), CAKUPAN_BENCH_REPEAT (default 3),
CAKUPAN_BENCH_NAIVE_BUDGET (seconds, default 120), CAKUPAN_BENCH_POSTGRES_URL.
bench_linkage.py always links 200,000 x 200,000 rows (the issue's budget), whatever the scale, and reads the
linkage thresholds as the app does (CAKUPAN_LINK_MATCH_THRESHOLD, CAKUPAN_LINK_REVIEW_THRESHOLD).
bench_optimiser.py always allocates 200,000 candidates over 8 funding sources (the issue's budget), whatever the
scale; its naive per-candidate MILP stops at CAKUPAN_BENCH_NAIVE_BUDGET.
bench_busy.py imports a persons file of CAKUPAN_BENCH_BUSY_ROWS rows (default 2,000,000) twice on SQLite and once
on PostgreSQL while it times logins against a real `cakupan serve`, whatever the scale.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    scripts = sorted(Path(__file__).resolve().parent.glob("bench_*.py"))
    scale = os.environ.get("CAKUPAN_BENCH_SCALE", "0.01")
    repeat = os.environ.get("CAKUPAN_BENCH_REPEAT", "3")
    print(f"Cakupan benchmarks: {len(scripts)} scripts, scale {scale}, median of {repeat}", flush=True)
    started, failed = time.perf_counter(), []
    for script in scripts:
        print(f"\n##### {script.name}", flush=True)
        begun = time.perf_counter()
        code = subprocess.run([sys.executable, str(script)], check=False).returncode
        print(
            f"##### {script.name}: {'ok' if code == 0 else f'FAILED (exit {code})'}, {time.perf_counter() - begun:.0f} s"
        )
        if code != 0:
            failed.append(script.name)
    print(
        f"\nTotal wall time {time.perf_counter() - started:.0f} s; {'failed: ' + ', '.join(failed) if failed else 'all ok'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
