"""Cadences: which shipped files state one, what ``cakupan rules check`` lists, and the warning a calculation gives
when it uses a value past its cadence. Fixed dates only: CI must not fail because the calendar moved."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cakupan.cli import main
from cakupan.compliance.calendar import shipped_holidays
from cakupan.rules import bpu_contribution, load_tree, pu_contribution
from cakupan.rules.due import due_on
from cakupan.rules.items import Source, stale, warnings
from cakupan.rules.loader import ROOT

PU = ["--segment", "PU", "--wage", "15000000", "--risk-class", "5", "--programs", "JKK,JKM,JHT,JP"]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["rules", *args])
    return result.exit_code, result.output


def test_the_files_that_change_on_a_calendar_state_their_cadence() -> None:
    tree = load_tree()
    with_cadence = {name: p.cadence for name, p in tree.parameters.items() if p.cadence is not None}
    assert set(with_cadence) >= {"pu/jp/wage_cap", "wages/minimum_wage"}
    assert (with_cadence["pu/jp/wage_cap"].month, with_cadence["pu/jp/wage_cap"].day) == (3, 1)
    assert (with_cadence["wages/minimum_wage"].month, with_cadence["wages/minimum_wage"].day) == (1, 1)
    assert shipped_holidays().cadence is not None and shipped_holidays().cadence.month == 1


def test_a_tree_lists_only_the_parameters_past_their_cadence(tmp_path: Path) -> None:
    cap = yaml.safe_load((ROOT / "pu/jp/wage_cap.yaml").read_text())
    (tmp_path / "cap.yaml").write_text(yaml.safe_dump(cap))
    del cap["cadence"]
    (tmp_path / "plain.yaml").write_text(yaml.safe_dump(cap))
    tree = load_tree(tmp_path)
    last = tree.get("cap").values[-1].start
    next_due = dt.date(last.year + 1, 3, 1)
    assert tree.due(next_due - dt.timedelta(days=1)) == []
    assert [d.name for d in tree.due(next_due)] == ["cap"]  # the file without a cadence is never due
    # Only the last value goes stale: an older one used on a day before the next value is the one in force.
    assert tree.stale("cap", last, next_due) is not None
    assert tree.stale("cap", tree.get("cap").values[-2].start, next_due) is None
    assert tree.stale("plain", last, next_due) is None


def test_rules_check_on_a_fixed_date_lists_the_jp_cap_2026_and_exits_0() -> None:
    code, out = _run("check", "--date", "2026-12-07")
    assert code == 0, out
    assert (
        "pu/jp/wage_cap" in out
        and "2025-03-01" in out
        and "2026-03-01" in out
        and "PP 45/2015 Pasal 29" in out
    )
    assert "belum dimuat" in out
    code, out = _run("check", "--date", "2026-12-07", "--format", "json")
    found = {d["parameter"]: d for d in json.loads(out)["due"]}
    assert found["pu/jp/wage_cap"]["due"] == "2026-03-01" and found["pu/jp/wage_cap"]["since"] == "2025-03-01"


def test_rules_check_before_the_next_march_shows_nothing_for_the_jp_cap() -> None:
    code, out = _run("check", "--date", "2025-02-15", "--format", "json")
    assert code == 0, out
    assert "pu/jp/wage_cap" not in {d["parameter"] for d in json.loads(out)["due"]}
    code, out = _run("check", "--date", "2025-02-15")
    assert code == 0 and "pu/jp/wage_cap" not in out


def test_rules_check_speaks_english_and_runs_without_a_date(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run("check")[0] == 0  # today, whatever the calendar says: a report, never a failure
    monkeypatch.setenv("CAKUPAN_LANG", "en")
    code, out = _run("check", "--date", "2026-12-07")
    assert code == 0 and "Next value due" in out and "pu/jp/wage_cap" in out


def test_due_on_includes_the_holidays_once_their_next_year_is_due() -> None:
    last = max(shipped_holidays().years)
    assert "compliance/holidays.yaml" not in {d.name for d in due_on(dt.date(last, 12, 31))}
    assert "compliance/holidays.yaml" in {d.name for d in due_on(dt.date(last + 1, 1, 1))}


def test_a_contribution_with_the_stale_jp_cap_warns_in_table_and_json() -> None:
    code, out = _run("contribution", *PU, "--date", "2026-06-01")
    assert code == 0, out
    assert "Peringatan: batas upah JP 2026 belum dimuat; dipakai nilai 2025" in out
    assert "PP 45/2015 Pasal 29" in out.split("Peringatan:")[1]
    code, out = _run("contribution", *PU, "--date", "2026-06-01", "--format", "json")
    payload = json.loads(out)
    assert [w["parameter"] for w in payload["warnings"]] == ["pu/jp/wage_cap"]
    assert payload["warnings"][0]["message"].startswith("batas upah JP 2026 belum dimuat; dipakai nilai 2025")


def test_a_contribution_in_time_has_no_warning() -> None:
    code, out = _run("contribution", *PU, "--date", "2025-06-01", "--format", "json")
    assert code == 0 and json.loads(out)["warnings"] == []
    code, out = _run("contribution", *PU, "--date", "2026-02-28")
    assert code == 0 and "Peringatan" not in out
    # BPU uses no parameter with a cadence.
    assert (
        warnings(
            bpu_contribution(income=1_000_000, programmes=["JKK"], on=dt.date(2030, 1, 1)).items,
            dt.date(2030, 1, 1),
        )
        == ()
    )


def test_a_benefit_warns_from_the_same_sources() -> None:
    code, out = _run(
        "benefit", "--event", "death", "--date", "2026-06-01", "--months", "40", "--format", "json"
    )
    assert code == 0 and json.loads(out)["warnings"] == []  # no benefit parameter has a cadence today
    sources = [
        Source("pu/jp/wage_cap", "10547400", "PP 45/2015", "2025-03-01"),
        Source("bpu/jkk/rate", "0.01", "PP", "2015-07-01"),
    ]
    assert [d.name for d in stale(sources * 2, dt.date(2026, 6, 1))] == [
        "pu/jp/wage_cap"
    ]  # once per parameter
    items = pu_contribution(wage=15_000_000, risk_class=5, programmes=["JP"], on=dt.date(2026, 6, 1)).items
    assert [d.due for d in warnings(items, dt.date(2026, 6, 1))] == [dt.date(2026, 3, 1)]
