"""``cakupan rules``: the two commands through click's CliRunner (no database)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cakupan.cli import main


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["rules", *args])
    return result.exit_code, result.output


def test_bpu_contribution_json() -> None:
    code, out = _run(
        "contribution", "--segment", "BPU", "--income", "1000000", "--programs", "JKK,JKM",
        "--date", "2025-07-01", "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    payload = json.loads(out)
    assert payload["total"] == 16800
    assert [i["amount"] for i in payload["items"]] == [10000, 6800]
    assert payload["items"][0]["parameters"][0]["name"] == "bpu/jkk/rate"


def test_pu_contribution_table_shows_shares() -> None:
    code, out = _run(
        "contribution", "--segment", "PU", "--wage", "5000000", "--risk-class", "1", "--programs", "jkk,jkp",
        "--date", "2025-03-01",
    )  # fmt: skip
    assert code == 0, out
    assert "Rp 23.000" in out and "pemerintah" in out and "Rp 11.000" in out and "PP 6/2025" in out


def test_benefit_json_issue_7_example() -> None:
    code, out = _run(
        "benefit", "--event", "death", "--date", "2025-03-15", "--membership-start", "2022-01-01",
        "--children", "SD,SMA", "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    payload = json.loads(out)
    assert payload["total"] == 42_000_000
    assert payload["scholarship"]["eligible"] is True
    assert payload["scholarship_per_year"] == 4_500_000


def test_benefit_table_explains_no_scholarship() -> None:
    code, out = _run(
        "benefit", "--event", "work-death", "--date", "2025-03-15", "--membership-start", "2025-01-01",
        "--wage", "1000000",
    )  # fmt: skip
    assert code == 0, out
    assert "Rp 70.000.000" in out and "tidak mensyaratkan masa iur" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["contribution", "--segment", "BPU", "--programs", "JKK", "--date", "2025-07-01"], "--income"),
        (["contribution", "--segment", "PU", "--wage", "1", "--programs", "JKK", "--date", "2025-07-01"], "--risk-class"),
        (["contribution", "--segment", "BPU", "--income", "500000", "--programs", "JKK", "--date", "2025-07-01"],
         "di luar rentang"),
        (["contribution", "--segment", "BPU", "--income", "1000000", "--programs", "JP", "--date", "2025-07-01"],
         "tidak tersedia untuk peserta BPU"),
        (["benefit", "--event", "disability", "--date", "2025-07-01", "--membership-start", "2020-01-01"], "upah"),
        (["benefit", "--event", "death", "--date", "2025-13-01", "--membership-start", "2020-01-01"], "bukan tanggal"),
    ],
)  # fmt: skip
def test_mistakes_are_one_indonesian_sentence(args: list[str], words: str) -> None:
    code, out = _run(*args)
    assert code != 0
    assert words in out and "Traceback" not in out


def test_english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAKUPAN_LANG", "en")
    code, out = _run(
        "contribution", "--segment", "BPU", "--income", "1000000", "--programs", "JKP", "--date", "2025-07-01"
    )
    assert code == 1 and "not available to BPU" in out
