"""Dated YAML files: strict reading with the file and key named, the entry in force on a day, and cadences."""

from __future__ import annotations

import datetime as dt

import pytest

from cakupan.core.dated import Cadence, Entry, Values, in_force, overdue, read
from cakupan.rules import ParameterError

MARCH = {"every": "year", "month": 3, "day": 1, "id": "batas upah JP", "en": "JP wage cap"}
TEXT = """
cadence: {every: year, month: 3, day: 1, id: batas upah JP, en: JP wage cap}
values:
  - {from: 2024-03-01, reference: PP 45/2015 Pasal 29}
  - {from: 2025-03-01, reference: PP 45/2015 Pasal 29}
"""


class _Entry(Entry):
    @property
    def start(self) -> dt.date:
        return self.from_


def test_a_file_of_dated_values_reads_with_its_cadence() -> None:
    parsed = read(TEXT, Values[_Entry], file="x.yaml", refuse=ParameterError)
    assert parsed.cadence is not None and parsed.cadence.next_due(dt.date(2025, 3, 1)) == dt.date(2026, 3, 1)
    assert [e.from_ for e in parsed.values] == [dt.date(2024, 3, 1), dt.date(2025, 3, 1)]
    assert in_force(parsed.values, dt.date(2025, 2, 28)) == parsed.values[0]
    assert in_force(parsed.values, dt.date(2024, 2, 29)) is None


@pytest.mark.parametrize(
    ("cadence", "key"),
    [
        ("{every: yaer, month: 3, day: 1, id: batas upah JP, en: JP wage cap}", "cadence.every"),
        ("{every: year, mnth: 3, day: 1, id: batas upah JP, en: JP wage cap}", "cadence.mnth"),
        ("{every: year, month: 13, day: 1, id: batas upah JP, en: JP wage cap}", "cadence.month"),
        ("{every: year, month: '3', day: 1, id: batas upah JP, en: JP wage cap}", "cadence.month"),
        ("{every: year, month: 4, day: 31, id: batas upah JP, en: JP wage cap}", "cadence"),
        ("{every: year, month: 3, day: 1, en: JP wage cap}", "cadence.id"),
    ],
)
def test_a_cadence_with_a_typo_fails_at_load_naming_the_key(cadence: str, key: str) -> None:
    text = TEXT.replace(TEXT.splitlines()[1], f"cadence: {cadence}")
    with pytest.raises(ParameterError) as caught:
        read(text, Values[_Entry], file="x.yaml", refuse=ParameterError)
    assert caught.value.key == key and "x.yaml" in str(caught.value)


def test_unsorted_or_repeated_dates_name_the_entry() -> None:
    with pytest.raises(ParameterError) as caught:
        read(TEXT.replace("2025-03-01", "2024-03-01"), Values[_Entry], file="x.yaml", refuse=ParameterError)
    assert caught.value.key == "values.1.from" and "urut dan tidak berulang" in str(caught.value)


@pytest.mark.parametrize(
    ("start", "on", "due"),
    [
        (dt.date(2025, 3, 1), dt.date(2026, 2, 28), None),  # not yet due
        (dt.date(2025, 3, 1), dt.date(2026, 3, 1), dt.date(2026, 3, 1)),  # due that very day
        (dt.date(2015, 7, 1), dt.date(2016, 3, 1), dt.date(2016, 3, 1)),  # a first value mid-year
        (
            dt.date(2025, 2, 1),
            dt.date(2025, 3, 1),
            dt.date(2025, 3, 1),
        ),  # a value before its month: due the same year
    ],
)
def test_the_next_value_falls_due_on_the_next_anniversary(
    start: dt.date, on: dt.date, due: dt.date | None
) -> None:
    found = overdue("pu/jp/wage_cap", Cadence.model_validate(MARCH), start, "PP 45/2015", on)
    assert (found.due if found else None) == due
    assert overdue("pu/jp/wage_cap", None, start, "PP 45/2015", on) is None  # no cadence: never due


def test_the_warning_names_what_is_missing_and_what_is_used_in_both_languages() -> None:
    found = overdue(
        "pu/jp/wage_cap",
        Cadence.model_validate(MARCH),
        dt.date(2025, 3, 1),
        "PP 45/2015",
        dt.date(2026, 6, 1),
    )
    assert found is not None
    assert found.indonesian.startswith("batas upah JP 2026 belum dimuat; dipakai nilai 2025 (pu/jp/wage_cap")
    assert found.english.startswith("JP wage cap 2026 is not loaded; the 2025 value is used")
    assert found.as_dict()["due"] == "2026-03-01" and found.as_dict()["reference"] == "PP 45/2015"
