"""The names of the partial-disability table (rules/injuries.yaml): read strictly, and in step with the dated
percentages (benefits/jkk/partial_disability_table)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cakupan.rules import ParameterError, RulesError
from cakupan.rules.injuries import TABLE, injuries, parse_injuries, parse_spec, percent_text
from cakupan.rules.loader import default_tree

GOOD = """
groups:
  arm: {id: Lengan, en: Arms}
rows:
  - {code: A_KANAN, group: arm, mirror: A_KIRI, source: secondary, id: Lengan kanan, en: Right arm}
  - {code: A_KIRI, group: arm, mirror: A_KANAN, source: not_found, id: Lengan kiri, en: Left arm}
"""


def test_every_dated_table_has_exactly_the_named_codes() -> None:
    names = set(injuries().rows)
    for value in default_tree().get(TABLE).values:
        assert isinstance(value.value, dict)
        assert set(value.value) == names, value.start


def test_pairs_point_at_each_other_and_carry_a_known_source() -> None:
    rows = injuries().rows
    for injury in rows.values():
        assert injury.source in {"secondary", "not_found"}
        if injury.mirror:
            assert rows[injury.mirror].mirror == injury.code


def test_a_good_file_is_read_in_order() -> None:
    read = parse_injuries(GOOD)
    assert list(read.rows) == ["A_KANAN", "A_KIRI"] and read.rows["A_KIRI"].label.en == "Left arm"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (GOOD.replace("source: secondary,", "source: secondary, note: x,"), "rows.0.note"),
        (GOOD.replace("group: arm, mirror: A_KIRI", "group: leg, mirror: A_KIRI"), "kelompok 'leg'"),
        (GOOD.replace("mirror: A_KANAN", "mirror: ''"), "bukan pasangan A_KANAN"),
        (GOOD.replace("code: A_KIRI", "code: A_KANAN").replace("mirror: A_KIRI", "mirror: ''")
         .replace("mirror: A_KANAN", "mirror: ''"), "ganda"),
        (GOOD.replace("code: A_KANAN,", "code: a kanan,"), "rows.0.code"),
        ("groups: [", "bukan YAML"),
    ],
)  # fmt: skip
def test_a_broken_file_names_the_key(text: str, words: str) -> None:
    with pytest.raises(ParameterError) as caught:
        parse_injuries(text, file="injuries.yaml")
    assert "injuries.yaml" in str(caught.value) and words in str(caught.value)


def test_specs_and_percentages_read_as_an_officer_writes_them() -> None:
    assert parse_spec(" ibu_jari_kaki : 40 ").text == "IBU_JARI_KAKI:40"
    assert parse_spec("MATA_KEDUA").function_percent is None
    for bad in ("", "IBU_JARI_KAKI:101", "IBU JARI", "X:-1"):
        with pytest.raises(RulesError):
            parse_spec(bad)
    assert [percent_text(Decimal(r)) for r in ("0.40", "0.045", "0.0099")] == ["40 %", "4,5 %", "0,99 %"]
