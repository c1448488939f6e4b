"""The occupational-risk table: the shipped file, strict loading, and a fuzz of the loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.targeting import (
    RiskTable,
    RiskTableError,
    TargetingError,
    load_risk_table,
    parse_risk_table_text,
)
from cakupan.targeting.risk import DEFAULT_PATH, parse_risk_table

SYNTHETIC_OCCUPATIONS = (
    "Petani/Pekebun",
    "Pedagang",
    "Buruh Harian Lepas",
    "Buruh Bangunan",
    "Pengemudi Ojek",
    "Peternak",
    "Penjahit",
    "Wiraswasta",
    "Nelayan",
    "Buruh Kebun Sawit",
    "Karyawan Swasta",
    "Buruh Pabrik",
    "PNS",
    "Guru",
    "Karyawan Honorer",
    "Karyawan BUMN",
    "Perawat",
    "Sopir",
)
CALIBRATION = Path(__file__).resolve().parents[2] / "src" / "cakupan" / "synth" / "calibration.yaml"
GOOD = "source: ASUMSI uji\ndefault: 2\noccupations:\n  Guru: 1\n  Nelayan: 5\n"


def test_the_shipped_table_lists_every_synthetic_occupation() -> None:
    table = load_risk_table()
    assert all(table.is_listed(name) for name in SYNTHETIC_OCCUPATIONS)
    synthetic = yaml.safe_load(CALIBRATION.read_text(encoding="utf-8"))["occupations"]
    for sector in ("informal", "formal"):
        assert all(table.is_listed(name) for name in synthetic[sector])


def test_the_shipped_table_says_it_is_an_assumption_and_names_its_analogy() -> None:
    table = load_risk_table()
    assert "ASUMSI" in table.source and "ASSUMPTION" in table.source
    assert "JKK" in table.source and "0,24%" in table.source and "1,74%" in table.source
    assert table.note
    assert all(1 <= level <= 5 for level in table.entries.values()) and 1 <= table.default <= 5
    assert load_risk_table() is load_risk_table()  # read once
    assert load_risk_table(DEFAULT_PATH).entries == table.entries


def test_shipped_levels_order_the_dangerous_jobs_first() -> None:
    table = load_risk_table()
    assert table.level("Buruh Bangunan") == table.level("Nelayan") == 5
    assert table.level("Buruh Kebun Sawit") == 4
    assert table.level("PNS") == table.level("Guru") == 1
    assert table.level("Petani/Pekebun") == 3


def test_lookups_ignore_case_and_spaces_and_fall_back_to_the_default() -> None:
    table = parse_risk_table_text(GOOD, file="uji.yaml")
    assert table.level(" NELAYAN ") == table.level("nela yan") == 5
    assert table.level("Astronot") == table.level("") == 2
    assert dict(table.entries) == {"Guru": 1, "Nelayan": 5}
    assert table.source == "ASUMSI uji" and table.note == ""


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        (GOOD + "extra: 1\n", "extra", "kunci tidak dikenal"),
        (GOOD.replace("default: 2\n", ""), "default", "wajib ada"),
        (GOOD.replace("default: 2", "default: 6"), "default", "1 sampai 5"),
        (GOOD.replace("Guru: 1", "Guru: 0"), "occupations.Guru", "1 sampai 5"),
        (GOOD.replace("Guru: 1", "Guru: 2.5"), "occupations.Guru", "1 sampai 5"),
        (GOOD.replace("Guru: 1", "Guru: true"), "occupations.Guru", "1 sampai 5"),
        (GOOD.replace("Guru: 1", 'Guru: "1"'), "occupations.Guru", "1 sampai 5"),
        (GOOD + "  NELAYAN: 4\n", "occupations.NELAYAN", "sama dengan 'Nelayan'"),
        (GOOD + "  Nel ayan: 4\n", "occupations.Nel ayan", "sama dengan 'Nelayan'"),
        (GOOD + "  Guru: 1\n", "occupations.Guru", "dua kali"),
        (GOOD + "default: 3\n", "default", "dua kali"),
        (GOOD + "  12: 3\n", "occupations.12", "harus teks"),
        ("source: ''\ndefault: 2\noccupations: {Guru: 1}\n", "source", "teks"),
        ("source: x\ndefault: 2\noccupations: {}\n", "occupations", "tidak kosong"),
        ("source: x\ndefault: 2\noccupations: [Guru]\n", "occupations", "pemetaan"),
        ("- a\n- b\n", "(akar)", "pemetaan"),
        ("source: [\n", "(akar)", "bukan YAML"),
        ("source: x\ndefault: 2\nnote: 2025-02-30\noccupations: {Guru: 1}\n", "(akar)", "bukan YAML"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_key(text: str, key: str, fragment: str) -> None:
    with pytest.raises(RiskTableError) as caught:
        parse_risk_table_text(text, file="risiko.yaml")
    assert (caught.value.file, caught.value.key) == ("risiko.yaml", key)
    assert fragment in caught.value.indonesian
    assert caught.value.indonesian.startswith(f"Berkas risiko pekerjaan risiko.yaml, kunci {key!r}:")
    assert caught.value.message("en").startswith(f"Occupational-risk file risiko.yaml, key {key!r}:")


def test_a_file_on_disk_and_a_missing_one(tmp_path: Path) -> None:
    path = tmp_path / "risiko.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_risk_table(path).level("Guru") == 1
    with pytest.raises(RiskTableError) as caught:
        load_risk_table(tmp_path / "tidak-ada.yaml")
    assert "tidak-ada.yaml" in caught.value.indonesian and caught.value.key == "(akar)"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_fuzzed_text_loads_or_raises_risk_table_error(text: str) -> None:
    try:
        table = parse_risk_table_text(text, file="fuzz.yaml")
    except RiskTableError as error:
        assert error.file == "fuzz.yaml"
    else:
        assert isinstance(table, RiskTable)


leaves = st.one_of(st.none(), st.booleans(), st.integers(-3, 8), st.floats(), st.text(max_size=8))
documents = st.one_of(
    leaves,
    st.dictionaries(
        st.sampled_from(["source", "note", "default", "occupations", "levels"]),
        st.one_of(leaves, st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), leaves, max_size=4)),
    ),
)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_fuzzed_documents_load_or_raise_targeting_error(data: Any) -> None:
    try:
        table = parse_risk_table(data, file="fuzz.yaml")
    except TargetingError as error:
        assert isinstance(error, RiskTableError)
    else:
        assert all(1 <= level <= 5 for level in table.entries.values())
        assert 1 <= table.default <= 5
