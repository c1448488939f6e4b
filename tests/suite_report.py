"""A pytest plugin that counts what a run did: tests by outcome and the Hypothesis examples they tried.

The counts are printed at the end of the run and, when ``CAKUPAN_TEST_REPORT`` names a file, written there as
JSON for ``scripts/test_stages.py``, which prints them per stage. With pytest-xdist the counts are taken in the
controller, from the reports the workers send back (Hypothesis attaches its statistics to each report).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

# One line per Hypothesis phase (generate, shrink, ...): "- 100 passing, 0 failing, and 3 invalid test cases".
_PHASE = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid test cases")
_HYPOTHESIS_STATS = "_hypothesis_stats"


def _examples(report: pytest.TestReport) -> int:
    stats = report.__dict__.get(_HYPOTHESIS_STATS) or ""
    return sum(int(passing) + int(failing) for passing, failing, _invalid in _PHASE.findall(stats))


def counts(reporter: Any) -> dict[str, int]:
    """Tests by outcome (as pytest's summary line counts them) and Hypothesis examples run."""
    outcomes: Counter[str] = Counter()
    for key in ("passed", "failed", "skipped", "error", "xfailed", "xpassed"):
        outcomes[key] = len(reporter.stats.get(key, []))
    examples = hypothesis_tests = 0
    for reports in reporter.stats.values():
        for report in reports:
            if isinstance(report, pytest.TestReport) and report.when == "teardown":
                n = _examples(report)
                examples += n
                hypothesis_tests += n > 0
    return {**outcomes, "hypothesis_tests": hypothesis_tests, "hypothesis_examples": examples}


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter: Any) -> None:
    found = counts(terminalreporter)
    terminalreporter.write_line(
        f"Counted: {found['passed']} passed, {found['failed'] + found['error']} failed or errors, "
        f"{found['skipped']} skipped; {found['hypothesis_examples']} Hypothesis examples "
        f"in {found['hypothesis_tests']} tests"
    )
    target = os.environ.get("CAKUPAN_TEST_REPORT")
    if target and not hasattr(terminalreporter.config, "workerinput"):
        Path(target).write_text(json.dumps(found), encoding="utf-8")
