"""Funding sources: capacity, DBH Sawit months, every problem check_sources finds, and the eligibility matrix."""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.funding import (
    SOURCE_LABELS,
    Earmark,
    FundingError,
    FundingSource,
    SourceKind,
    check_sources,
    dbh_months,
    eligible_matrix,
)

REGION = "13.12"
YEAR = 2026
NAGARI = "13.12.01.2001"


def _source(
    key: str = "apbd", kind: SourceKind = SourceKind.APBD_KABKOTA, **changes: object
) -> FundingSource:
    base = FundingSource(key, kind, f"Sumber {key}", YEAR, 604_800_000, 12, 16_800)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _fields(sources: list[FundingSource]) -> list[tuple[str, str]]:
    return [(p.source, p.field) for p in check_sources(sources, region=REGION, fiscal_year=YEAR)]


def test_capacity_is_whole_persons_the_budget_pays_for() -> None:
    assert _source().capacity == 3_000  # Kota Padang: 604,800,000 / (16,800 × 12)
    assert _source(budget=604_800_000 - 1).capacity == 2_999
    assert _source(months=3).capacity == 12_000
    assert _source(budget=0).capacity == 0
    assert _source(budget=-5).capacity == 0
    assert _source(monthly_cost=0).capacity == 0


def test_every_kind_has_both_labels() -> None:
    assert set(SOURCE_LABELS) == set(SourceKind)
    assert all(label.id and label.en for label in SOURCE_LABELS.values())
    assert SourceKind("dbh_sawit") is SourceKind.DBH_SAWIT


def test_dbh_months_pasaman_barat() -> None:
    # 7,723 palm-oil workers covered 3 months at Rp 16,800: Rp 389,239,200.
    assert dbh_months(realised=389_239_200, workers=7_723, monthly_cost=16_800) == 3
    assert dbh_months(realised=389_239_199, workers=7_723, monthly_cost=16_800) == 2
    assert dbh_months(realised=0, workers=7_723, monthly_cost=16_800) == 0
    assert dbh_months(realised=10**12, workers=10, monthly_cost=16_800) == 12


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"realised": -1, "workers": 1, "monthly_cost": 16_800}, "realised"),
        ({"realised": 1, "workers": 0, "monthly_cost": 16_800}, "workers"),
        ({"realised": 1, "workers": 1, "monthly_cost": 0}, "monthly_cost"),
    ],
)
def test_dbh_months_refuses_bad_input(arguments: dict[str, int], field: str) -> None:
    with pytest.raises(FundingError) as caught:
        dbh_months(**arguments)
    assert caught.value.field == field
    assert caught.value.english and caught.value.indonesian != caught.value.english


def test_valid_sources_have_no_problems() -> None:
    sources = [
        _source(),
        _source("prov", SourceKind.APBD_PROVINSI, months=6, earmark=Earmark(max_decile=5)),
        _source("nagari", SourceKind.APB_NAGARI, earmark=Earmark(regions=frozenset({NAGARI}))),
        _source(
            "dbh",
            SourceKind.DBH_SAWIT,
            months=3,
            earmark=Earmark(occupations=frozenset({"Buruh Kebun Sawit"})),
        ),
        _source("csr", SourceKind.CSR, earmark=Earmark(regions=frozenset({"13.12.02", "13.12.03.2001"}))),
        _source("baznas", SourceKind.BAZNAS, earmark=Earmark(max_decile=4)),
    ]
    assert check_sources(sources, region=REGION, fiscal_year=YEAR) == []


def test_every_problem_of_a_source_is_reported_not_just_the_first() -> None:
    bad = _source(budget=0, months=13, monthly_cost=0, fiscal_year=2025, earmark=Earmark(max_decile=11))
    problems = check_sources([bad], region=REGION, fiscal_year=YEAR)
    assert [p.field for p in problems] == [
        "budget",
        "months",
        "monthly_cost",
        "fiscal_year",
        "earmark.max_decile",
    ]
    assert all(p.source == "apbd" for p in problems)
    assert "Rp 0" in problems[0].indonesian and "2025" in problems[3].english


@pytest.mark.parametrize(("field", "value"), [("budget", -1), ("months", 0), ("monthly_cost", -16_800)])
def test_negative_or_zero_amounts(field: str, value: int) -> None:
    assert _fields([_source(**{field: value})]) == [("apbd", field)]


def test_duplicate_keys_are_reported_once_per_repeat() -> None:
    problems = check_sources([_source(), _source(), _source("other")], region=REGION, fiscal_year=YEAR)
    assert [(p.source, p.field) for p in problems] == [("apbd", "key")]
    assert "lebih dari sekali" in problems[0].indonesian


def test_empty_key_is_a_problem() -> None:
    assert _fields([_source(" ")]) == [(" ", "key")]


def test_earmarked_region_outside_the_scheme_or_malformed() -> None:
    outside = _source(earmark=Earmark(regions=frozenset({"13.71", "13.12.02", "13.1"})))
    problems = check_sources([outside], region=REGION, fiscal_year=YEAR)
    assert [p.field for p in problems] == ["earmark.regions", "earmark.regions"]
    assert "'13.1'" in problems[0].english and "bukan kode wilayah" in problems[0].indonesian
    assert "13.71 lies outside the scheme region 13.12" in problems[1].english


def test_overlapping_earmarks_of_one_source() -> None:
    problems = check_sources(
        [_source(earmark=Earmark(regions=frozenset({"13.12.02", "13.12.02.2001", "13.12.03"})))],
        region=REGION,
        fiscal_year=YEAR,
    )
    assert len(problems) == 1
    assert problems[0].field == "earmark.regions"
    assert "13.12.02.2001 already lies inside 13.12.02" in problems[0].english


def test_the_whole_scheme_region_is_not_an_overlap_with_another_source() -> None:
    a = _source("a", earmark=Earmark(regions=frozenset({"13.12"})))
    b = _source("b", earmark=Earmark(regions=frozenset({"13.12.02"})))
    assert _fields([a, b]) == []


@pytest.mark.parametrize(
    "regions",
    [
        frozenset(),  # no nagari named
        frozenset({"13.12.01"}),  # a kecamatan
        frozenset({NAGARI, "13.12.01.2002"}),  # two nagari
        frozenset({"13.71.01.2001"}),  # a desa outside the scheme region
        frozenset({"13.12.01.1001"}),  # a kelurahan: no village budget
    ],
)
def test_apb_nagari_must_name_exactly_one_nagari_inside_the_region(regions: frozenset[str]) -> None:
    source = _source("nagari", SourceKind.APB_NAGARI, earmark=Earmark(regions=regions))
    problems = check_sources([source], region=REGION, fiscal_year=YEAR)
    nagari = [p for p in problems if "APB Nagari" in p.english]
    assert len(nagari) == 1 and nagari[0].field == "earmark.regions"


def test_apb_nagari_sentence_says_only_that_nagaris_residents() -> None:
    source = _source("nagari", SourceKind.APB_NAGARI)
    (problem,) = check_sources([source], region=REGION, fiscal_year=YEAR)
    assert "pays only for that nagari's residents" in problem.english
    assert "warga nagari itu sendiri" in problem.indonesian


def test_dbh_sawit_needs_an_occupation_earmark() -> None:
    without = _source("dbh", SourceKind.DBH_SAWIT, months=3)
    blank = _source("dbh2", SourceKind.DBH_SAWIT, months=3, earmark=Earmark(occupations=frozenset({"  "})))
    assert _fields([without, blank]) == [("dbh", "earmark.occupations"), ("dbh2", "earmark.occupations")]


@pytest.mark.parametrize(("decile", "ok"), [(0, False), (1, True), (10, True), (11, False), (-3, False)])
def test_max_decile_range(decile: int, ok: bool) -> None:
    problems = _fields([_source(earmark=Earmark(max_decile=decile))])
    assert problems == ([] if ok else [("apbd", "earmark.max_decile")])


def test_a_malformed_scheme_region_is_an_error() -> None:
    with pytest.raises(FundingError) as caught:
        check_sources([_source()], region="Pasaman Barat", fiscal_year=YEAR)
    assert caught.value.field == "region"


_codes = st.sampled_from(
    ["13", "13.12", "13.12.01", NAGARI, "13.12.01.1001", "13.71", "13.71.02.2001", "x", ""]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.builds(
            FundingSource,
            key=st.sampled_from(["a", "b", "c", ""]),
            kind=st.sampled_from(list(SourceKind)),
            name=st.text(max_size=5),
            fiscal_year=st.integers(2020, 2030),
            budget=st.integers(-(10**10), 10**10),
            months=st.integers(-2, 15),
            monthly_cost=st.integers(-5, 50_000),
            earmark=st.builds(
                Earmark,
                regions=st.frozensets(_codes, max_size=3),
                sectors=st.frozensets(st.text(max_size=4), max_size=2),
                occupations=st.frozensets(st.text(max_size=6), max_size=2),
                max_decile=st.none() | st.integers(-2, 12),
            ),
        ),
        max_size=5,
    )
)
def test_check_sources_never_crashes_and_names_its_source(sources: list[FundingSource]) -> None:
    problems = check_sources(sources, region=REGION, fiscal_year=YEAR)
    keys = {s.key for s in sources}
    for problem in problems:
        assert problem.source in keys
        assert problem.field in {
            "key", "budget", "months", "monthly_cost", "fiscal_year", "earmark.regions", "earmark.occupations",
            "earmark.max_decile",
        }  # fmt: skip
        assert problem.indonesian and problem.english and problem.indonesian != problem.english
    for source in sources:
        flagged = {p.field for p in problems if p.source == source.key}
        if source.budget <= 0:
            assert "budget" in flagged
        if not 1 <= source.months <= 12:
            assert "months" in flagged


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "region": ["13.12.01.2001", "13.12.01.2002", "13.12.02.2001", "13.12.010.2001", None],
            "sector": ["informal", "Informal ", "formal", "informal", "informal"],
            "occupation": [" buruh  KEBUN sawit", "Pedagang", "Buruh Kebun Sawit", "Nelayan", "Nelayan"],
            "decile": [3, None, 5, 1, 2],
        },
        schema_overrides={"decile": pl.Int8},
    )


def test_eligible_matrix_applies_every_part_of_each_earmark() -> None:
    sources = [
        _source("all"),
        _source("kec", earmark=Earmark(regions=frozenset({"13.12.01"}))),
        _source("nagari", SourceKind.APB_NAGARI, earmark=Earmark(regions=frozenset({"13.12.01.2002"}))),
        _source("sawit", SourceKind.DBH_SAWIT, earmark=Earmark(occupations=frozenset({"Buruh Kebun Sawit"}))),
        _source("poor", earmark=Earmark(max_decile=3)),
        _source("informal", earmark=Earmark(sectors=frozenset({"INFORMAL"}), max_decile=4)),
    ]
    matrix = eligible_matrix(_frame(), sources)
    assert matrix.dtype == np.bool_
    expected = np.array(
        [
            [1, 1, 0, 1, 1, 1],  # inside 13.12.01, sawit worker (case and spaces ignored), desil 3
            [1, 1, 1, 0, 0, 0],  # no decile: no decile earmark admits the candidate
            [1, 0, 0, 1, 0, 0],
            [1, 0, 0, 0, 1, 1],  # 13.12.010 is not inside 13.12.01
            [1, 0, 0, 0, 1, 1],  # no region: only earmarks without regions
        ],
        dtype=bool,
    )
    assert (matrix == expected).all()


def test_eligible_matrix_edge_shapes() -> None:
    assert eligible_matrix(_frame(), []).shape == (5, 0)
    assert eligible_matrix(_frame().head(0), [_source()]).shape == (0, 1)
    with pytest.raises(FundingError) as caught:
        eligible_matrix(_frame().drop("decile"), [_source()])
    assert caught.value.field == "frame" and "decile" in caught.value.english
