"""Heirs: what ``check_heirs`` refuses (every problem in one bilingual message) and which children are counted."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cakupan.claims import (
    RELATION_LABELS,
    ClaimError,
    Heir,
    Relation,
    Work,
    check_heirs,
    scholarship_children,
)
from cakupan.claims.heirs import age_on
from cakupan.core.labels import Label

ON = dt.date(2025, 3, 15)


def child(
    name: str,
    born: dt.date | None,
    level: str = "",
    *,
    married: bool = False,
    work: Work = Work.NONE,
    months: int | None = None,
) -> Heir:
    return Heir(
        name, Relation.CHILD, born, school_level=level, married=married, work=work, work_months=months
    )


def keeps_while_working(heir: Heir) -> bool:
    """Permenaker 1/2025 (in force on ON): BPU, apprentice or PU for at most 6 consecutive months."""
    if heir.work is Work.PU:
        return heir.work_months is not None and heir.work_months <= 6
    return True


def refusal(heirs: list[Heir]) -> ClaimError:
    with pytest.raises(ClaimError) as caught:
        check_heirs(heirs, on=ON)
    return caught.value


def test_valid_heirs_pass() -> None:
    check_heirs(
        [
            Heir("Rina", Relation.SPOUSE),
            child("Sari", dt.date(2016, 5, 1), "SD"),
            Heir("Pak Tua", Relation.PARENT),
        ],
        on=ON,
    )
    check_heirs([], on=ON)


@pytest.mark.parametrize(
    ("heir", "indonesian", "english"),
    [
        (child("Sari", None, "SD"), "tanggal lahir anak wajib diisi", "birth date is required"),
        (
            Heir("Rina", Relation.SPOUSE, school_level="S1"),
            "jenjang sekolah hanya untuk anak",
            "only for a child",
        ),
        (
            child("Sari", dt.date(2010, 1, 1), "SMK"),
            "jenjang 'SMK' tidak dikenal",
            "unknown school level 'SMK'",
        ),
        (child("Sari", dt.date(2010, 1, 1), "sd"), "jenjang 'sd' tidak dikenal", "unknown school level"),
        (Heir("  ", Relation.SIBLING), "nama kosong", "the name is empty"),
    ],
)
def test_each_problem_is_named_in_both_languages(heir: Heir, indonesian: str, english: str) -> None:
    error = refusal([Heir("Rina", Relation.SPOUSE), heir])
    assert indonesian in str(error) and str(error).startswith("Ahli waris 2")
    assert english in error.english and error.english.startswith("Heir 2")
    assert error.message("en") == error.english and error.message("id") == str(error)


def test_every_problem_in_one_message() -> None:
    error = refusal([child("", None, "SMK"), Heir("Rina", Relation.SPOUSE, school_level="SD")])
    for words in ("nama kosong", "tidak dikenal", "wajib diisi", "Ahli waris 2 (Rina)", "hanya untuk anak"):
        assert words in str(error)
    assert str(error).startswith("Ahli waris 1 (-)")


def test_ages() -> None:
    assert age_on(dt.date(2002, 3, 15), ON) == 23
    assert age_on(dt.date(2002, 3, 16), ON) == 22
    assert age_on(dt.date(2000, 2, 29), dt.date(2023, 2, 28)) == 22
    assert age_on(dt.date(2000, 2, 29), dt.date(2023, 3, 1)) == 23


def test_children_oldest_first_at_most_two() -> None:
    decisions = scholarship_children(
        [
            child("Cici", dt.date(2015, 1, 10), "SD"),
            Heir("Rina", Relation.SPOUSE),
            child("Ayu", dt.date(2009, 3, 1), "SMA"),
            child("Bima", dt.date(2012, 8, 20), "SMP"),
        ],
        on=ON,
    )
    assert [(d.heir.name, d.counted) for d in decisions] == [("Ayu", True), ("Bima", True), ("Cici", False)]
    assert decisions[0].indonesian == "beasiswa SMA." and decisions[0].english == "SMA scholarship."
    assert "sudah 2 anak yang menerima" in decisions[2].indonesian and "2 children" in decisions[2].english


@pytest.mark.parametrize(
    ("heir", "words"),
    [
        (child("Dewi", dt.date(2002, 3, 15), "S1"), "berusia 23 tahun, batas 23"),
        (child("Fajar", dt.date(2004, 1, 1), "S1", married=True), "sudah menikah"),
        (child("Indra", dt.date(2004, 1, 1), "S1", work=Work.PU), "lama berturut-turut tidak diketahui"),
        (child("Joni", dt.date(2004, 1, 1), "S1", work=Work.PU, months=7), "lebih dari 6 bulan"),
        (child("Kiki", dt.date(2022, 6, 1)), "diajukan saat mulai sekolah"),
    ],
)
def test_a_child_who_stops_or_waits_is_not_counted_and_takes_no_place(heir: Heir, words: str) -> None:
    younger = [child("Lala", dt.date(2010, 1, 1), "SMP"), child("Mira", dt.date(2014, 1, 1), "SD")]
    decisions = {d.heir.name: d for d in scholarship_children([heir, *younger], on=ON)}
    assert not decisions[heir.name].counted and words in decisions[heir.name].indonesian
    assert decisions["Lala"].counted and decisions["Mira"].counted


def test_typing_order_does_not_change_who_is_counted() -> None:
    kids = [
        child("A", dt.date(2010, 1, 1), "SMP"),
        child("B", dt.date(2010, 1, 1), "SMP"),
        child("C", dt.date(2012, 1, 1), "SD"),
    ]
    forward = [d.heir.name for d in scholarship_children(kids, on=ON) if d.counted]
    backward = [d.heir.name for d in scholarship_children(kids[::-1], on=ON) if d.counted]
    assert forward == backward == ["A", "B"]


LEVEL = st.sampled_from(["", "TK", "SD", "SMP", "SMA", "S1"])


@st.composite
def children(draw: st.DrawFn) -> Heir:
    return child(
        draw(st.text(alphabet="abcdefgh", min_size=1, max_size=6)),
        draw(st.dates(min_value=dt.date(1995, 1, 1), max_value=ON)),
        draw(LEVEL),
        married=draw(st.booleans()),
        work=(work := draw(st.sampled_from(list(Work)))),
        months=draw(st.one_of(st.none(), st.integers(1, 12))) if work is Work.PU else None,
    )


@given(st.lists(children(), max_size=6))
def test_counted_children_obey_every_rule(kids: list[Heir]) -> None:
    decisions = scholarship_children(kids, on=ON)
    assert len(decisions) == len(kids)
    counted = [d.heir for d in decisions if d.counted]
    assert len(counted) <= 2
    for heir in counted:
        assert heir.school_level and not heir.married and keeps_while_working(heir)
        assert heir.birth_date is not None and age_on(heir.birth_date, ON) < 23
    born = {id(k): k.birth_date or ON for k in kids}  # every generated child has a birth date
    eligible = [
        k
        for k in kids
        if k.school_level and not k.married and keeps_while_working(k) and age_on(born[id(k)], ON) < 23
    ]
    assert len(counted) == min(2, len(eligible))
    if counted:  # nobody eligible is older than a counted child and left out
        youngest = max(born[id(h)] for h in counted)
        assert all(born[id(k)] >= youngest for k in eligible if all(k is not h for h in counted))


def test_relation_labels_are_bilingual() -> None:
    assert set(RELATION_LABELS) == set(Relation)
    assert RELATION_LABELS[Relation.SPOUSE] == Label("Janda/duda", "Widow/widower")
