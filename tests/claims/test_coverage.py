"""Coverage on the day and the contribution period, against brute force (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cakupan.claims import (
    ClaimError,
    EventKind,
    Spell,
    assess,
    contribution_months,
    contribution_runs,
    spell_on,
)
from cakupan.claims.events import DEATHS, EVENT_LABELS, programme_of

DAYS = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2026, 12, 31))
PROGRAMMES = st.sampled_from([("JKK", "JKM"), ("JKK",), ("JKM",), ("JKK", "JKM", "JHT")])


@st.composite
def spells(draw: st.DrawFn) -> Spell:
    start = draw(DAYS)
    end = draw(st.none() | st.dates(min_value=start, max_value=dt.date(2026, 12, 31)))
    return Spell(
        segment=draw(st.sampled_from(["PU", "BPU", "JAKON", "PMI"])),
        programmes=draw(PROGRAMMES),
        start=start,
        end=end,
        wage_basis=draw(st.integers(0, 20_000_000)),
        key=draw(st.integers(1, 10_000)),
    )


def _brute_force(memberships: list[Spell], on: dt.date, programme: str) -> int:
    """Walk every calendar month up to the month of ``on``; count it once if any spell with the programme ran in it
    on or before ``on``."""
    if not memberships:
        return 0
    year, month = min(s.start for s in memberships).year, min(s.start for s in memberships).month
    count = 0
    while (year, month) <= (on.year, on.month):
        first = dt.date(year, month, 1)
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        if any(
            programme in s.programmes and s.start <= min(last, on) and (s.end is None or s.end >= first)
            for s in memberships
        ):
            count += 1
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return count


@given(st.lists(spells(), max_size=5), DAYS, st.sampled_from(["JKK", "JKM", "JP"]))
def test_contribution_months_equals_a_month_by_month_count(
    memberships: list[Spell], on: dt.date, programme: str
) -> None:
    assert contribution_months(memberships, on, programme) == _brute_force(memberships, on, programme)


@given(st.lists(spells(), max_size=5), DAYS, st.sampled_from(["JKK", "JKM"]))
def test_spell_on_agrees_with_covers(memberships: list[Spell], on: dt.date, programme: str) -> None:
    found = spell_on(memberships, on, programme)
    covering = [s for s in memberships if s.covers(on, programme)]
    if not covering:
        assert found is None
    else:
        assert found in covering
        assert found is not None and found.start == max(s.start for s in covering)


@given(spells(), DAYS)
def test_covers_is_the_programme_and_the_closed_interval(spell: Spell, on: dt.date) -> None:
    for programme in ("JKK", "JKM"):
        inside = spell.start <= on and (spell.end is None or on <= spell.end)
        assert spell.covers(on, programme) is (inside and programme in spell.programmes)


@given(st.lists(spells(), max_size=4), DAYS, st.sampled_from(list(EventKind)))
def test_assess_is_covered_exactly_when_a_spell_covers(
    memberships: list[Spell], on: dt.date, kind: EventKind
) -> None:
    on = max(on, dt.date(2019, 12, 2))  # parameters of the scholarship are loaded from PP 82/2019 on
    result = assess(kind=kind, on=on, spells=memberships, disability_percent=40, unable_days=30)
    covering = spell_on(memberships, on, programme_of(kind))
    assert result.covered is (covering is not None)
    assert result.spell == covering
    assert (result.benefit is None) is (not result.covered) and (result.forgone is None) is result.covered
    assert result.reasons[0].passed is result.covered
    assert result.due_total >= 0 and result.forgone_total >= 0
    assert result.contribution_months == contribution_months(memberships, on, programme_of(kind))


def test_months_worked_examples() -> None:
    bpu = Spell("BPU", ("JKK", "JKM"), dt.date(2022, 1, 1), None, 1_000_000)
    assert contribution_months([bpu], dt.date(2025, 3, 15), "JKM") == 39
    assert contribution_months([bpu], dt.date(2021, 12, 31), "JKM") == 0
    assert contribution_months([bpu], dt.date(2025, 3, 15), "JP") == 0
    ended = Spell("PU", ("JKM",), dt.date(2020, 5, 20), dt.date(2020, 5, 21), 3_000_000)
    assert contribution_months([ended, ended], dt.date(2025, 3, 15), "JKM") == 1


def test_spell_on_prefers_the_latest_start() -> None:
    old = Spell("PU", ("JKK", "JKM"), dt.date(2020, 1, 1), None, 3_000_000, key=1)
    new = Spell("BPU", ("JKK", "JKM"), dt.date(2024, 1, 1), None, 1_000_000, key=2)
    assert spell_on([new, old], dt.date(2025, 1, 1), "JKM") is new
    assert spell_on([old, new], dt.date(2023, 1, 1), "JKM") is old


def test_events_and_programmes() -> None:
    assert programme_of(EventKind.DEATH) == "JKM"
    assert {programme_of(kind) for kind in EventKind if kind is not EventKind.DEATH} == {"JKK"}
    assert set(DEATHS) == {EventKind.DEATH, EventKind.WORK_DEATH}
    assert set(EVENT_LABELS) == set(EventKind)
    assert all(label.id != label.en for label in EVENT_LABELS.values())


def test_the_record_names_the_membership_and_the_parameters() -> None:
    bpu = Spell("BPU", ("JKK", "JKM"), dt.date(2022, 1, 1), None, 1_000_000, key=77)
    record = assess(kind=EventKind.DEATH, on=dt.date(2025, 3, 15), spells=[bpu]).as_dict()
    assert record["membership"] == 77 and record["segment"] == "BPU" and record["programme"] == "JKM"
    names = [p["name"] for p in record["parameters"]]
    assert "benefits/jkm/lump_sum" in names and len(names) == len(set(names))
    assert all(p["since"] and p["reference"] for p in record["parameters"])


def test_an_unknown_event_is_a_claim_error() -> None:
    with pytest.raises(ClaimError):
        assess(kind="sakit", on=dt.date(2025, 3, 15), spells=[])  # type: ignore[arg-type]


def test_contribution_runs_name_the_months_counted_once_even_when_spells_overlap() -> None:
    spells = [
        Spell("PU", ("JKM",), dt.date(2022, 1, 31), dt.date(2022, 6, 1), 3_000_000),
        Spell("BPU", ("JKM",), dt.date(2022, 5, 15), dt.date(2022, 7, 1), 1_000_000),
        Spell("BPU", ("JKM",), dt.date(2023, 2, 28), None, 1_000_000),
    ]
    on = dt.date(2023, 3, 1)
    assert contribution_runs(spells, on, "JKM") == [("2022-01", "2022-07"), ("2023-02", "2023-03")]
    assert contribution_months(spells, on, "JKM") == 9
