"""Indicator definitions as data: strict loading, the rounding rule, and BRIEF §1 figures reproduced."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cakupan.indicators.coverage import DENOMINATOR_LABELS, ucj_percent
from cakupan.indicators.definitions import (
    PUBLISHED_KINDS,
    Definition,
    DefinitionError,
    Payer,
    Programme,
    Sector,
    Segment,
    definition,
    definitions,
    load_definitions,
)
from cakupan.indicators.rounding import Rounding, round_figure
from cakupan.ingest.schemas import DENOMINATOR_KINDS, PAYERS, PROGRAMMES, SECTORS, SEGMENTS

PACKAGE_DEFINITIONS = Path(__file__).parents[2] / "src" / "cakupan" / "indicators" / "definitions"
REQUIRED = {
    "ucj",
    "coverage_by_segment",
    "coverage_by_sector",
    "bpu_national",
    "vulnerable_covered",
    "coverage_by_programme",
    "new_enrolments",
    "lapses",
    "nagari_participation",
}
HALF_UP_1 = Rounding(decimals=1, mode="half_up")
JUNE_2025 = dt.date(2025, 6, 30)

GOOD = """\
label_id: Contoh
label_en: Example
numerator:
  counts: peserta_aktif
  description_id: contoh
  description_en: example
  filter: {segments: [BPU]}
denominator:
  kind: angkatan_kerja
  selectable: [angkatan_kerja]
  description_id: contoh
  description_en: example
breakdown: null
period: as_of
unit: percent
rounding: {decimals: 2, mode: half_up}
reference: test
"""


def _load_one(tmp_path: Path, text: str, name: str = "contoh") -> Definition:
    (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return load_definitions(tmp_path)[name]


# --- every shipped file loads, and its vocabularies are the importers' ------------------------------------


def test_every_package_definition_loads_and_the_issue_list_is_there() -> None:
    loaded = definitions()
    on_disk = {p.stem for p in PACKAGE_DEFINITIONS.glob("*.yaml")}
    assert set(loaded) == on_disk
    assert set(loaded) >= REQUIRED
    for name, item in loaded.items():
        assert item.name == name
        assert item.label_id and item.label_en and item.reference


def test_vocabularies_match_what_the_importers_accept() -> None:
    assert set(get_args(Segment)) == set(SEGMENTS)
    assert set(get_args(Programme)) == set(PROGRAMMES)
    assert set(get_args(Sector)) == set(SECTORS)
    assert set(get_args(Payer)) == set(PAYERS)
    assert set(PUBLISHED_KINDS) == set(DENOMINATOR_KINDS) == set(DENOMINATOR_LABELS)


def test_the_issue_definitions_say_what_it_asks() -> None:
    ucj = definition("ucj")
    assert ucj.denominator is not None and ucj.denominator.kind == "angkatan_kerja"
    assert set(ucj.denominator.selectable) == {"angkatan_kerja", "penduduk_bekerja", "potensi_tenaga_kerja"}
    bpu = definition("bpu_national")
    assert bpu.numerator.filter.segments == ("BPU",) and bpu.numerator.filter.programmes == ("JKK", "JKM")
    assert bpu.denominator is not None and bpu.denominator.kind == "bpu"
    vulnerable = definition("vulnerable_covered").numerator.filter
    assert vulnerable.sectors == ("informal",) and vulnerable.max_decile == 4
    assert definition("coverage_by_segment").breakdown == "segment"
    assert definition("coverage_by_sector").breakdown == "sector"
    assert definition("coverage_by_programme").breakdown == "programme"
    for monthly in ("new_enrolments", "lapses"):
        assert definition(monthly).period == "month" and definition(monthly).unit == "count"
    nagari = definition("nagari_participation")
    assert nagari.rounding == Rounding(decimals=1, mode="truncate")
    assert nagari.denominator is not None and nagari.denominator.kind == "nagari"


def test_package_data_is_read_through_importlib_resources_not_the_source_tree() -> None:
    definitions.cache_clear()
    try:
        assert set(definitions()) >= REQUIRED
    finally:
        definitions.cache_clear()


# --- strict loading ---------------------------------------------------------------------------------------


def test_a_good_file_in_a_folder_loads_with_its_file_name(tmp_path: Path) -> None:
    item = _load_one(tmp_path, GOOD, name="cakupan_bpu")
    assert item.name == "cakupan_bpu"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace("rounding:", "roundng:"), ["contoh.yaml", "'roundng'", "tidak dikenal", "'rounding'"]),
        (GOOD.replace("mode: half_up", "mode: banker"), ["contoh.yaml", "'rounding.mode'", "'banker'"]),
        (GOOD.replace("segments: [BPU]", "segments: [XYZ]"), ["contoh.yaml", "numerator.filter.segments.0"]),
        (GOOD.replace("filter: {segments", "filter: {segmen"), ["contoh.yaml", "'numerator.filter.segmen'"]),
        (GOOD.replace("kind: angkatan_kerja", "kind: penduduk"), ["contoh.yaml", "'denominator.kind'"]),
        (GOOD.replace("reference: test\n", ""), ["contoh.yaml", "'reference'", "wajib ada"]),
        (GOOD.replace("decimals: 2", "decimals: -1"), ["contoh.yaml", "'rounding.decimals'"]),
        (GOOD.replace("unit: percent", "unit: count"), ["contoh.yaml", "unit 'count'"]),
        (GOOD.replace("selectable: [angkatan_kerja]", "selectable: [bpu]"), ["contoh.yaml", "selectable"]),
        (GOOD.replace("filter: {segments: [BPU]}", "filter: {max_decile: 11}"), ["max_decile"]),
        ("name: lain\n" + GOOD, ["contoh.yaml", "'name'", "nama berkas"]),
        ("- just\n- a list\n", ["contoh.yaml", "pemetaan"]),
        ("label_id: [unclosed\n", ["contoh.yaml", "YAML"]),
    ],
)
def test_a_bad_file_stops_the_load_naming_file_and_key(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    with pytest.raises(DefinitionError) as caught:
        _load_one(tmp_path, text)
    for fragment in expected:
        assert fragment in str(caught.value)


def test_a_bad_file_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "Cakupan-BPU.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"Cakupan-BPU\.yaml"):
        load_definitions(tmp_path)


# --- rounding and the BRIEF §1 figures --------------------------------------------------------------------


def test_kab_solok_nagari_54_of_74_is_72_9_truncated_not_73_0() -> None:
    nagari = definition("nagari_participation")
    figure = nagari.figure(numerator=54, denominator=74, period=JUNE_2025, source="Pemkab Solok")
    assert figure.value == Decimal("72.9") and str(figure.value) == "72.9"
    assert str(round_figure(54, 74, HALF_UP_1)) == "73.0"
    assert (figure.numerator, figure.denominator, figure.denominator_kind) == (54, 74, "nagari")


def test_kab_solok_june_2025_ucj_is_13_85() -> None:
    figure = definition("ucj").figure(
        numerator=31_442, denominator=226_964, period=JUNE_2025, source="BPS Kab. Solok, Sakernas"
    )
    assert str(figure.value) == "13.85"
    assert figure.denominator_kind == "angkatan_kerja" and figure.source == "BPS Kab. Solok, Sakernas"
    assert ucj_percent(31_442, 226_964) == Decimal("13.85")


def test_half_up_and_truncate_differ_exactly_at_the_half() -> None:
    assert str(round_figure(1, 8, Rounding(decimals=1, mode="half_up"))) == "12.5"
    assert str(round_figure(1, 16, Rounding(decimals=1, mode="half_up"))) == "6.3"  # 6.25 goes up
    assert str(round_figure(1, 16, Rounding(decimals=1, mode="truncate"))) == "6.2"
    assert str(round_figure(0, 5, Rounding(decimals=2, mode="half_up"))) == "0.00"
    assert str(round_figure(2, 3, Rounding(decimals=0, mode="truncate"))) == "66"
    assert round_figure(7, 5, Rounding(decimals=0, mode="half_up")) == Decimal(140)  # stale denominator


def test_division_by_zero_is_an_error_in_round_figure_and_no_value_in_a_figure() -> None:
    with pytest.raises(ValueError, match="penyebut"):
        round_figure(3, 0, HALF_UP_1)
    with pytest.raises(ValueError, match="pembilang"):
        round_figure(-1, 3, HALF_UP_1)
    ucj = definition("ucj")
    for missing in (None, 0):
        figure = ucj.figure(numerator=3, denominator=missing, period=JUNE_2025, source=None)
        assert figure.value is None and figure.numerator == 3
    assert ucj_percent(3, 0) is None and ucj_percent(3, None) is None


def test_a_figure_refuses_a_kind_its_definition_does_not_offer() -> None:
    with pytest.raises(ValueError, match="bpu"):
        definition("ucj").figure(
            numerator=1, denominator=2, period=JUNE_2025, source=None, denominator_kind="bpu"
        )
    figure = definition("ucj").figure(
        numerator=1, denominator=3, period=JUNE_2025, source="x", denominator_kind="penduduk_bekerja"
    )
    assert figure.denominator_kind == "penduduk_bekerja" and str(figure.value) == "33.33"


def test_a_count_figure_has_no_denominator() -> None:
    lapses = definition("lapses")
    figure = lapses.figure(
        numerator=12, denominator=None, period=dt.date(2025, 6, 1), source=None, group="BPU"
    )
    assert figure.value == Decimal(12) and figure.denominator is None and figure.group == "BPU"
    with pytest.raises(ValueError, match="lapses"):
        lapses.figure(numerator=12, denominator=100, period=dt.date(2025, 6, 1), source=None)


@given(
    denominator=st.integers(min_value=1, max_value=10**12),
    share=st.fractions(min_value=0, max_value=1),
    decimals=st.integers(min_value=0, max_value=6),
    mode=st.sampled_from(["half_up", "truncate"]),
)
def test_round_figure_stays_in_range_and_within_one_step(
    denominator: int, share: Fraction, decimals: int, mode: str
) -> None:
    numerator = int(share * denominator)
    rounding = Rounding.model_validate({"decimals": decimals, "mode": mode})
    value = round_figure(numerator, denominator, rounding)
    assert Decimal(0) <= value <= Decimal(100)
    assert value.as_tuple().exponent == -decimals
    exact = Fraction(numerator * 100, denominator)
    step = Fraction(1, 10**decimals)
    got = Fraction(value)
    if mode == "truncate":
        assert got <= exact < got + step
    else:
        assert got - step / 2 <= exact < got + step / 2


@given(
    active=st.integers(min_value=0, max_value=10**9), denominator=st.integers(min_value=1, max_value=10**9)
)
def test_ucj_percent_is_the_old_half_up_quantize(active: int, denominator: int) -> None:
    old = (Decimal(active) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert ucj_percent(active, denominator) == old
