"""``cakupan plan trajectory`` through click's CliRunner, on the group itself (no database)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cakupan.cli.plan import plan

PADANG = ("--target-workers", "37584", "--years", "5", "--first-year", "3000", "--start-year", "2026")
PASBAR = ("--target-percent", "51,4", "--by-year", "2030", "--labour-force", "230000", "--active", "77073")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(plan, ["trajectory", *args])
    return result.exit_code, result.output


def test_count_plan_json_uses_the_default_monthly_cost() -> None:
    code, out = _run(*PADANG, "--format", "json")
    assert code == 0, out
    payload = json.loads(out)
    assert payload["monthly_cost"] == 16_800  # JKK 1% × Rp 1,000,000 + JKM Rp 6,800
    assert "PP 44/2015" in payload["monthly_cost_source"]
    (scenario,) = payload["scenarios"]
    assert [y["covered"] for y in scenario["years"]] == [3_000, 11_646, 20_292, 28_938, 37_584]
    assert scenario["years"][0]["budget"] == 604_800_000
    assert scenario["total_budget"] == (3_000 + 11_646 + 20_292 + 28_938 + 37_584) * 16_800 * 12
    assert [row["year"] for row in payload["comparison"]] == [2026, 2027, 2028, 2029, 2030]


def test_count_plan_table_in_indonesian() -> None:
    code, out = _run(*PADANG, "--lapse-rate", "0,05")
    assert code == 0, out
    assert "Tahun" in out and "Didanai" in out and "Pendaftaran baru" in out and "Anggaran" in out
    assert "Rp 604.800.000" in out and "Rp 7.576.934.400" in out
    assert "8.796" in out  # 8,646 + 5% of 3,000
    assert "Perbandingan" not in out  # one scenario: nothing to compare


def test_both_scenarios_side_by_side_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAKUPAN_LANG", "en")
    code, out = _run(*PADANG, *PASBAR, "--monthly-cost", "20000", "--growth", "0.01")
    assert code == 0, out
    assert "Scenarios side by side" in out and "Year" in out and "Funded" in out
    assert "Rp 20.000" in out and "given with --monthly-cost" in out
    assert "Rp 720.000.000" in out  # 3,000 × 20,000 × 12


def test_percent_plan_reaches_the_target() -> None:
    code, out = _run("--start-year", "2026", *PASBAR, "--format", "json")
    assert code == 0, out
    years = json.loads(out)["scenarios"][0]["years"]
    assert years[0]["covered"] == 8_230 and years[0]["ucj_percent"] == "37.09"
    assert years[-1]["year"] == 2030 and years[-1]["ucj_percent"] == "51.40"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--start-year", "2026"), "--target-workers"),
        (("--target-workers", "100", "--start-year", "2026"), "--years, --first-year"),
        (
            ("--start-year", "2026", "--target-percent", "51,4", "--by-year", "2030"),
            "--labour-force, --active",
        ),
        (
            ("--target-workers", "100", "--years", "5", "--first-year", "3000", "--start-year", "2026"),
            "(--first-year)",
        ),
        ((*PADANG, "--labour-force", "1000"), "--labour-force memerlukan juga --active"),
        ((*PADANG, "--lapse-rate", "2"), "(--lapse-rate)"),
        (("--start-year", "2026", *PASBAR[:-1], "300000"), "(--active)"),
        (("--target-workers", "100", "--years", "2", "--first-year", "10", "--start-year", "2015"), "2015"),
    ],
)
def test_user_errors_are_one_indonesian_sentence(args: tuple[str, ...], expected: str) -> None:
    code, out = _run(*args)
    assert code == 1, out
    assert out.startswith("Galat: ") and expected in out
    assert "Traceback" not in out


def test_a_bad_decimal_is_a_usage_error() -> None:
    code, out = _run(*PADANG, "--growth", "satu persen")
    assert code == 2
    assert "bukan bilangan desimal" in out


def test_count_plan_with_a_payer_budgets_what_it_really_pays() -> None:
    code, out = _run(*PADANG, "--payer", "csr", "--sector", "transportasi", "--format", "json")
    assert code == 0, out
    payload = json.loads(out)
    # drivers: 12 × 8,400 in 2026; January-March 2027 still discounted: 3 × 8,400 + 9 × 16,800
    assert payload["yearly_costs"]["2026"] == 100_800 and payload["yearly_costs"]["2027"] == 176_400
    (scenario,) = payload["scenarios"]
    assert scenario["years"][0]["budget"] == 3_000 * 100_800
    code, out = _run(*PADANG, "--payer", "apbd_kabkota")
    assert code == 0 and "Rp 604.800.000" in out, out  # 3,000 × 201,600: the APBD pays in full
    code, out = _run(*PADANG)
    assert code == 0 and "mungkin berlaku" in out, out  # no payer: full cost, and the note says why
    code, out = _run(*PADANG, "--sector", "transportasi")
    assert code != 0 and "--sector memerlukan juga --payer" in out
