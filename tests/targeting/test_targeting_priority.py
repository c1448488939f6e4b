"""The priority score: hand-computed parts, weight validation, and the vectorised scores agreeing with
``priority`` person by person."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from targeting_strategies import candidate_lists, risk_tables, weights

from cakupan.targeting import (
    Candidate,
    PriorityWeights,
    RiskTable,
    TargetingError,
    candidate_frame,
    priority,
    priority_scores,
    priority_weights,
)
from cakupan.targeting.errors import FIELD_LABELS

PALM_WORKER = Candidate(
    person_id=1,
    region="13.10.01.2001",
    birth_date=dt.date(1988, 5, 17),
    sector="informal",
    occupation="Buruh Kebun Sawit",
    decile=3,
    active=False,
    head_of_household=True,
    dependants=2,
)
FISHER = replace(
    PALM_WORKER, person_id=2, occupation="  nelayan ", decile=None, head_of_household=False, dependants=7
)


def test_default_weights_are_the_documented_ones() -> None:
    assert PriorityWeights() == PriorityWeights(
        decile=10, occupational_risk=5, head_of_household=10, dependants=3, max_dependants=5
    )
    assert priority_weights() == PriorityWeights()


def test_a_palm_oil_worker_heading_a_poor_household() -> None:
    result = priority(PALM_WORKER, PriorityWeights())
    assert [(p.key, p.value, p.points) for p in result.parts] == [
        ("decile", "3", 80),  # 10 × (11 − 3)
        ("occupational_risk", "Buruh Kebun Sawit (4)", 20),  # 5 × level 4 in the shipped table
        ("head_of_household", "✓", 10),
        ("dependants", "2", 6),  # 3 × 2
    ]
    assert result.score == 116
    assert result.parts[0].label.id == "Desil DTSEN: 10 poin × (11 − desil); tidak terdaftar 0"
    assert result.parts[3].label.en == "Dependants: 3 points each, at most 5"


def test_unknown_decile_gives_nothing_and_dependants_are_capped() -> None:
    result = priority(FISHER, PriorityWeights())
    assert [(p.key, p.value, p.points) for p in result.parts] == [
        ("decile", "—", 0),
        ("occupational_risk", "nelayan (5)", 25),
        ("head_of_household", "✗", 0),
        ("dependants", "7", 15),  # 3 × min(7, 5)
    ]
    assert result.score == 40


def test_an_unlisted_occupation_takes_the_default_level_of_the_table() -> None:
    astronaut = replace(PALM_WORKER, occupation="Astronot", decile=10, head_of_household=False, dependants=0)
    assert priority(astronaut, PriorityWeights()).score == 10 * 1 + 5 * 3
    table = RiskTable(entries={"Astronot": 1}, default=5, source="uji")
    assert priority(astronaut, PriorityWeights(), risk=table).score == 10 + 5 * 1
    assert priority(replace(astronaut, occupation="Guru"), PriorityWeights(), risk=table).score == 10 + 5 * 5


def test_custom_weights_change_the_score_as_the_labels_say() -> None:
    only_family = priority_weights(
        decile=0, occupational_risk=0, head_of_household=100, dependants=1, max_dependants=0
    )
    result = priority(PALM_WORKER, only_family)
    assert result.score == 100
    assert [p.points for p in result.parts] == [0, 0, 100, 0]
    assert result.parts[2].label.id == "Kepala keluarga: 100 poin"


def test_hand_made_scores_over_a_frame() -> None:
    scores = priority_scores(candidate_frame([PALM_WORKER, FISHER]), PriorityWeights())
    assert scores.dtype == pl.Int64 and scores.name == "priority"
    assert scores.to_list() == [116, 40]


# --- the key property: the vectorised scores are priority(...).score, row by row -----------------------------------


@settings(max_examples=200, deadline=None)
@given(candidate_lists, weights, risk_tables)
def test_scores_equal_priority_for_every_person(
    people: list[Candidate], weighting: PriorityWeights, risk: RiskTable | None
) -> None:
    scores = priority_scores(candidate_frame(people), weighting, risk=risk)
    expected = [priority(p, weighting, risk=risk) for p in people]
    assert scores.to_list() == [e.score for e in expected]
    for result in expected:
        assert result.score == sum(p.points for p in result.parts)
        assert [p.key for p in result.parts] == [
            "decile",
            "occupational_risk",
            "head_of_household",
            "dependants",
        ]
        assert all(p.points >= 0 for p in result.parts)


@settings(max_examples=100, deadline=None)
@given(candidate_lists, weights)
def test_a_lower_decile_never_scores_less(people: list[Candidate], weighting: PriorityWeights) -> None:
    for person in people:
        if person.decile is not None and person.decile > 1:
            poorer = replace(person, decile=person.decile - 1)
            assert priority(poorer, weighting).score - priority(person, weighting).score == weighting.decile


# --- validation ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"decile": -1}, "decile"),
        ({"occupational_risk": 1001}, "occupational_risk"),
        ({"head_of_household": True}, "head_of_household"),
        ({"dependants": 2.0}, "dependants"),
        ({"max_dependants": "5"}, "max_dependants"),
        ({"desil": 10}, "desil"),
    ],
)
def test_bad_weights_name_the_field(raw: dict[str, Any], field: str) -> None:
    with pytest.raises(TargetingError) as caught:
        priority_weights(**raw)
    assert caught.value.field == field
    label = FIELD_LABELS.get(field)  # a known field as the form names it; an unknown key as typed
    named_id, named_en = (label.id, label.en) if label else (field, field)
    assert f"Isian {named_id}:" in caught.value.indonesian and f"Field {named_en}:" in caught.value.message(
        "en"
    )


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["decile", "occupational_risk", "head_of_household", "dependants", "max_dependants", "x"]
        ),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-2000, 2000),
            st.floats(),
            st.text(max_size=5),
            st.decimals(allow_nan=True),
            st.lists(st.integers(), max_size=2),
        ),
    )
)
def test_fuzzed_weights_either_build_or_raise_targeting_error(raw: dict[str, Any]) -> None:
    try:
        built = priority_weights(**raw)
    except TargetingError as error:
        assert error.field in raw
    else:
        assert all(type(v) is int and 0 <= v <= 1000 for v in raw.values())
        assert all(getattr(built, k) == v for k, v in raw.items())


def test_the_score_frame_needs_only_its_columns_and_refuses_negative_dependants() -> None:
    frame = candidate_frame([PALM_WORKER]).select("occupation", "decile", "head_of_household", "dependants")
    assert priority_scores(frame, PriorityWeights()).to_list() == [116]
    with pytest.raises(TargetingError) as caught:
        priority_scores(frame.with_columns(pl.lit(-1).alias("dependants")), PriorityWeights())
    assert caught.value.field == "dependants"
    with pytest.raises(TargetingError) as caught:
        priority_scores(frame.drop("head_of_household"), PriorityWeights())
    assert caught.value.field == "head_of_household"
