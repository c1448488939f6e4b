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


def test_pu_contribution_of_a_labour_intensive_industry_json() -> None:
    code, out = _run(
        "contribution", "--segment", "PU", "--wage", "5000000", "--risk-class", "1", "--programs", "JKK",
        "--date", "2025-06-01", "--industry", "13111", "--workers", "120", "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    item = json.loads(out)["items"][0]
    assert item["amount"] == 6000 and "PP 7/2025" in item["detail"]
    assert "relief/labour_intensive_industries[13]" in [p["name"] for p in item["parameters"]]


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
        (["contribution", "--segment", "BPU", "--income", "1000000", "--programs", "JKK", "--date", "2025-07-01",
          "--industry", "13111"], "hanya untuk PU"),
        (["contribution", "--segment", "PU", "--wage", "5000000", "--risk-class", "1", "--programs", "JKK",
          "--date", "2025-07-01", "--industry", "13111"], "paling sedikit 50 pekerja"),
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


def test_benefit_with_months_needs_no_membership_start() -> None:
    code, out = _run(
        "benefit", "--event", "death", "--date", "2025-03-15", "--months", "36", "--children", "SD,SMA",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    payload = json.loads(out)
    assert payload["contribution_months"] == 36 and payload["scholarship"]["eligible"] is True
    assert payload["scholarship_per_year"] == 4_500_000


def test_benefit_months_win_over_membership_start() -> None:
    code, out = _run(
        "benefit", "--event", "death", "--date", "2025-03-15", "--membership-start", "2010-01-01", "--months", "35",
        "--children", "SD", "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    payload = json.loads(out)
    assert payload["contribution_months"] == 35 and payload["scholarship"]["eligible"] is False


def test_benefit_partial_disability_percent() -> None:
    code, out = _run(
        "benefit", "--event", "partial-disability", "--date", "2025-07-01", "--months", "10", "--wage", "2500000",
        "--percent", "30", "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    payload = json.loads(out)
    assert payload["event"] == "partial_disability" and payload["total"] == 60_000_000
    assert [i["code"] for i in payload["items"]] == ["jkk_partial_disability"]
    assert payload["items"][0]["parameters"][0]["since"] == "2019-12-02"


def test_benefit_work_accident_table_shows_stmb() -> None:
    code, out = _run(
        "benefit", "--event", "work-accident", "--date", "2025-07-01", "--months", "10", "--wage", "3000000",
        "--unable-days", "400",
    )  # fmt: skip
    assert code == 0, out
    assert "Rp 38.000.000" in out and "jkk_stmb" in out and "360 hari × 100 % + 40 hari × 50 %" in out
    assert "Tidak ada beasiswa" in out


def test_benefit_work_accident_without_days_is_medical_care_only() -> None:
    code, out = _run(
        "benefit", "--event", "work-accident", "--date", "2025-07-01", "--months", "10", "--wage", "3000000",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    assert json.loads(out)["items"] == [] and json.loads(out)["total"] == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--event", "death", "--date", "2025-03-15"], "Sebutkan tanggal mulai kepesertaan atau masa iur"),
        (["--event", "partial-disability", "--date", "2025-07-01", "--months", "1", "--wage", "1000000"],
         "persentase cacat"),
        (["--event", "partial-disability", "--date", "2025-07-01", "--months", "1", "--wage", "1000000",
          "--percent", "100"], "persentase cacat"),
        (["--event", "work-accident", "--date", "2025-07-01", "--months", "1", "--unable-days", "5"], "upah"),
    ],
)  # fmt: skip
def test_benefit_new_options_refuse_in_one_indonesian_sentence(args: list[str], words: str) -> None:
    code, out = _run("benefit", *args)
    assert code == 1, out
    assert words in out and "Traceback" not in out


@pytest.mark.parametrize("option", ["--months", "--unable-days"])
def test_benefit_negative_counts_are_refused_by_the_option(option: str) -> None:
    code, out = _run(
        "benefit", "--event", "work-accident", "--date", "2025-07-01", "--wage", "1000000", option, "-1"
    )
    assert code == 2 and option in out and "Traceback" not in out


def test_benefit_english_message_for_a_missing_period(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAKUPAN_LANG", "en")
    code, out = _run("benefit", "--event", "death", "--date", "2025-03-15")
    assert code == 1 and "Give the membership start date or the contribution period in months." in out


def test_bpu_contribution_in_the_pp_49_2020_relief_months_is_168_and_names_the_relief() -> None:
    code, out = _run(
        "contribution", "--segment", "BPU", "--income", "1000000", "--programs", "JKK,JKM",
        "--date", "2020-10-01", "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    payload = json.loads(out)
    assert payload["total"] == 168
    assert [i["amount"] for i in payload["items"]] == [100, 68]
    for item in payload["items"]:
        assert "keringanan 99%" in item["detail"]
        relief = [p for p in item["parameters"] if p["name"] == "relief/jkk_jkm_payable_share"]
        assert relief and relief[0]["value"] == "0.01" and "PP 49/2020" in relief[0]["reference"]
    code, out = _run(
        "contribution", "--segment", "BPU", "--income", "1000000", "--programs", "JKK,JKM", "--date", "2020-10-01",
    )  # fmt: skip
    assert code == 0, out
    assert "Rp 168" in out and "PP 49/2020" in out


def test_benefit_before_pp_82_2019_no_longer_errors() -> None:
    """Issue 19 point 6: a 2018 JKK death computes PP 44/2015 values (one-off scholarship for one child)."""
    code, out = _run(
        "benefit", "--event", "work-death", "--date", "2018-03-01", "--months", "10", "--wage", "4000000",
        "--children", "SD,SMP", "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    payload = json.loads(out)
    amounts = {item["code"]: item["amount"] for item in payload["items"]}
    assert amounts == {
        "jkk_death_wage_multiple": 192000000,
        "periodic": 4800000,
        "funeral": 3000000,
        "scholarship": 12000000,
    }
    assert payload["total"] == 211800000 and payload["scholarship_per_year"] == 0
    assert payload["scholarship"]["children_counted"] == 1
    scholarship = next(item for item in payload["items"] if item["code"] == "scholarship")
    assert scholarship["yearly"] is False
    assert {p["since"] for p in scholarship["parameters"]} == {"2015-07-01"}


def test_benefit_stmb_table_before_pp_82_2019_shows_the_75_percent_stage() -> None:
    code, out = _run(
        "benefit", "--event", "work-accident", "--date", "2018-03-01", "--months", "10", "--wage", "3000000",
        "--unable-days", "400",
    )  # fmt: skip
    assert code == 0, out
    assert "Rp 33.500.000" in out and "180 hari × 75 %" in out


def test_benefit_segment_bpu_in_the_waiting_period_pays_the_funeral_cost_and_says_why() -> None:
    code, out = _run(
        "benefit", "--event", "death", "--date", "2025-02-20", "--membership-start", "2025-01-10",
        "--segment", "bpu",
    )  # fmt: skip
    assert code == 0, out
    assert "Rp 10.000.000" in out and "Rp 42.000.000" not in out
    assert "2 bulan iuran: 2025-01 s.d. 2025-02" in out
    assert "Hanya biaya pemakaman: peserta BPU" in out


def test_benefit_json_tells_the_waiting_period_and_the_months_counted() -> None:
    code, out = _run(
        "benefit", "--event", "death", "--date", "2025-04-01", "--membership-start", "2025-01-10",
        "--segment", "BPU", "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    payload = json.loads(out)
    assert payload["total"] == 42_000_000
    assert payload["waiting"]["funeral_only"] is False and payload["waiting"]["months"] == 3
    assert payload["contribution_months_counted"].startswith("4 bulan iuran: 2025-01 s.d. 2025-04")


def test_benefit_partial_disability_from_the_table_names_the_rows() -> None:
    code, out = _run(
        "benefit", "--event", "partial-disability", "--date", "2025-07-01", "--months", "10", "--wage", "2000000",
        "--injury", "ibu_jari_tangan_kanan,TELUNJUK_TANGAN_KANAN", "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    item = json.loads(out)["items"][0]
    assert item["amount"] == 38_400_000  # (15 % + 9 %) × 80 × Rp 2 juta
    assert item["detail"].startswith("Ibu jari tangan kanan 15 % + Telunjuk tangan kanan 9 % = 24 %")
    names = [p["name"] for p in item["parameters"]]
    assert "benefits/jkk/partial_disability_table[IBU_JARI_TANGAN_KANAN]" in names
    assert all("PP 44/2015" in p["reference"] for p in item["parameters"])


def test_benefit_adviser_percent_wins_over_the_table_and_says_so() -> None:
    code, out = _run(
        "benefit", "--event", "partial-disability", "--date", "2025-07-01", "--months", "10", "--wage", "2000000",
        "--injury", "LENGAN_KIRI_BAHU", "--left-handed", "--disability-percent", "20",
    )  # fmt: skip
    assert code == 0, out
    assert "Rp 32.000.000" in out and "20 % ditetapkan dokter penasihat" in out and "kidal" in out


def test_benefit_unknown_injury_is_refused_in_one_sentence() -> None:
    code, out = _run(
        "benefit", "--event", "partial-disability", "--date", "2025-07-01", "--months", "10", "--wage", "2000000",
        "--injury", "JARI_KAKI_KANAN",
    )  # fmt: skip
    assert code == 1 and "Traceback" not in out
    assert "'JARI_KAKI_KANAN' tidak ada dalam tabel cacat sebagian" in out and "cakupan rules injuries" in out


def test_injuries_lists_the_table_in_force() -> None:
    code, out = _run("injuries", "--date", "2025-07-01")
    assert code == 0, out
    assert "LENGAN_KANAN_BAHU" in out and "Lengan kanan dari sendi bahu ke bawah" in out and "40 %" in out
    assert "UNVERIFIED" in out
    code, out = _run("injuries", "--date", "2025-07-01", "--format", "json")
    rows = {r["code"]: r for r in json.loads(out)["rows"]}
    assert rows["IBU_JARI_TANGAN_KANAN"]["rate"] == "0.15"
    code, out = _run("injuries", "--date", "2015-06-30")
    assert code == 1 and "belum berlaku" in out


def test_bpu_contribution_with_payer_and_sector_takes_the_pp50_discount() -> None:
    base = (
        "contribution",
        "--segment",
        "BPU",
        "--income",
        "1000000",
        "--programs",
        "JKK,JKM",
        "--date",
        "2026-05-01",
    )
    code, out = _run(*base, "--payer", "mandiri", "--sector", "transportasi", "--format", "json")
    assert code == 0, out
    payload = json.loads(out)
    assert payload["total"] == 8400 and (payload["payer"], payload["sector"]) == ("mandiri", "transportasi")
    assert {i["detail"] for i in payload["items"]} == {"diskon 50%, PP 50/2025"}
    names = {p["name"] for i in payload["items"] for p in i["parameters"]}
    assert "relief/bpu_jkk_jkm_pp50_2025[transportasi]" in names
    code, out = _run(*base, "--payer", "apbd_kabkota", "--sector", "transportasi")
    assert code == 0 and "Rp 16.800" in out and "Tanpa diskon PP 50/2025" in out, out
    code, out = _run(*base)  # no payer: the full contribution, and a note that a discount may apply
    assert code == 0 and "Rp 16.800" in out and "mungkin berlaku" in out, out
    code, out = _run(*base, "--payer", "mandiri", "--sector", "perikanan")
    assert code != 0 and "Kelompok sektor 'perikanan' tidak dikenal" in out and "Traceback" not in out
