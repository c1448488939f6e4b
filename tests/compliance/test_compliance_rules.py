"""The programmes file is strict and fuzzed; KBLI sections and the minimum wage lookup."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.compliance import ComplianceError, kbli_section, mandatory_on, minimum_wage, parse_mandatory
from cakupan.compliance.programmes import PATH
from cakupan.compliance.sectors import kbli_matches


def test_the_shipped_programmes_load_and_follow_perpres_109() -> None:
    table = mandatory_on(dt.date(2025, 1, 1))
    assert table is not None and table.reference.startswith("Perpres 109/2013")
    assert table.by_scale["mikro"] == ("JKK", "JKM") and "JP" in table.by_scale["besar"]
    assert mandatory_on(dt.date(2015, 6, 30)) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (PATH.read_text().replace("kecil:", "kecill:"), "tidak sah"),
        (PATH.read_text().replace("[JKK, JKM]", "[JKK, JKMM]"), "program tak dikenal ['JKMM']"),
        (PATH.read_text().replace("    reference: Perpres 109/2013 Pasal 6 ayat (3)\n", ""), "tidak sah"),
        (PATH.read_text().replace("values:", "nilai:"), "tidak sah"),
        ("values: []", "tidak sah"),
    ],
)
def test_a_broken_programmes_file_is_refused_with_its_name(text: str, message: str) -> None:
    with pytest.raises(ComplianceError) as caught:
        parse_mandatory(text, file="uji.yaml")
    assert message in str(caught.value) and "uji.yaml" in str(caught.value)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_is_a_table_or_a_clear_refusal(text: str) -> None:
    try:
        table = parse_mandatory(text)
    except ComplianceError as refused:
        assert refused.english
        return
    assert table and all(entry.reference for entry in table)


@pytest.mark.parametrize(
    ("kbli", "section"),
    [
        ("01111", "A"),
        ("47111", "G"),
        ("41011", "F"),
        ("86101", "Q"),
        ("99000", "U"),
        ("04000", ""),
        ("x1", ""),
        ("", ""),
    ],
)
def test_kbli_sections(kbli: str, section: str) -> None:
    assert kbli_section(kbli) == section


def test_minimum_wage_of_a_nagari_is_the_provinces_ump() -> None:
    found = minimum_wage("13.02.05.2001", on=dt.date(2026, 2, 1))
    assert found is not None and found.amount == 3_182_955 and "562-851-2025" in found.used.reference
    assert found.kind == "UMP" and found.label == ("UMP", "UMP")
    assert minimum_wage("13.02.05.2001", on=dt.date(2022, 12, 31)) is None
    assert minimum_wage("14.71", on=dt.date(2025, 1, 1)) is None


def test_minimum_wage_of_a_palm_oil_employer_is_the_sectoral_umsp() -> None:
    mill = minimum_wage("13.12.03", on=dt.date(2026, 1, 1), kbli="10431")
    assert mill is not None and (mill.amount, mill.kind, mill.key) == (3_214_846, "UMSP", "13/1043")
    assert mill.label == ("UMSP sektor KBLI 1043", "UMSP (sector KBLI 1043)")
    assert "562-853-2025" in mill.used.reference
    plantation = minimum_wage("13.12.03", on=dt.date(2025, 12, 31), kbli="01262")
    assert plantation is not None and (plantation.amount, plantation.kind) == (3_024_193, "UMSP")
    shop = minimum_wage("13.12.03", on=dt.date(2026, 1, 1), kbli="47111")
    assert shop is not None and (shop.amount, shop.kind) == (3_182_955, "UMP")
    before = minimum_wage("13.12.03", on=dt.date(2024, 12, 31), kbli="10431")
    assert before is not None and (before.amount, before.kind) == (2_811_449, "UMP")
    assert minimum_wage("14.71", on=dt.date(2026, 1, 1), kbli="01262") is None


@pytest.mark.parametrize(
    ("kbli", "prefix", "matches"),
    [("01262", "01262", True), ("10431", "1043", True), ("10414", "1043", False), ("", "1043", False),
     ("0126", "01262", False), (" 10437 ", "1043", True), ("1043a", "1043", False)],
)  # fmt: skip
def test_kbli_matches_a_group_by_prefix(kbli: str, prefix: str, matches: bool) -> None:
    assert kbli_matches(kbli, prefix) is matches
