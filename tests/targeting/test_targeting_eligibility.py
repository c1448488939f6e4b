"""Eligibility: each rule passing and failing with its message, validation, and the vectorised mask agreeing
with ``explain`` person by person."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from targeting_strategies import ON_DAYS, births_near, candidate_lists, risk_tables, rules, weights

from cakupan.targeting import (
    CANDIDATE_COLUMNS,
    REASON_KEYS,
    Candidate,
    EligibilityRules,
    PriorityWeights,
    TargetingError,
    age_on,
    candidate_frame,
    eligibility_rules,
    eligible_mask,
    explain,
)
from cakupan.targeting.errors import FIELD_LABELS

ON = dt.date(2025, 7, 1)
WORKER = Candidate(
    person_id=7,
    region="13.02.01.2001",
    birth_date=dt.date(1991, 3, 5),  # 34 on 1 July 2025
    sector="informal",
    occupation="Buruh Kebun Sawit",
    decile=3,
    active=False,
    head_of_household=True,
    dependants=2,
    special_groups=frozenset({"kader"}),
)
EVERY_RULE = eligibility_rules(
    region="13.02",
    min_age=18,
    max_age=60,
    sectors=["informal"],
    max_decile=5,
    occupations=["Buruh Kebun Sawit", "Nelayan"],
    special_groups=["kader", "bamus"],
)


def _reason(candidate: Candidate, rules: EligibilityRules, key: str) -> tuple[bool, str, str]:
    decision = explain(candidate, rules, PriorityWeights(), on=ON)
    [reason] = [r for r in decision.reasons if r.key == key]
    return reason.passed, reason.indonesian, reason.english


def test_a_person_meeting_every_rule_is_eligible_with_one_passed_reason_per_rule_in_order() -> None:
    decision = explain(WORKER, EVERY_RULE, PriorityWeights(), on=ON)
    assert decision.eligible
    assert [r.key for r in decision.reasons] == list(REASON_KEYS)
    assert all(r.passed for r in decision.reasons) and decision.failed() == ()
    assert decision.priority.score == 116  # 10 × (11 − 3) + 5 × 4 + 10 + 3 × 2


def test_only_the_rules_a_scheme_sets_give_reasons() -> None:
    loose = eligibility_rules(region="13", min_age=None, exclude_active=False)
    decision = explain(replace(WORKER, active=True, decile=None, sector=""), loose, PriorityWeights(), on=ON)
    assert [r.key for r in decision.reasons] == ["region"]
    assert decision.eligible


@pytest.mark.parametrize(
    ("region", "passed", "indonesian", "english"),
    [
        (
            "13.02.01.2001",
            True,
            "Domisili 13.02.01.2001 berada di wilayah 13.02.",
            "Domicile 13.02.01.2001 lies within region 13.02.",
        ),
        (
            "13.02",
            True,
            "Domisili 13.02 berada di wilayah 13.02.",
            "Domicile 13.02 lies within region 13.02.",
        ),
        (
            "13.03.01.2001",
            False,
            "Domisili 13.03.01.2001 di luar wilayah 13.02.",
            "Domicile 13.03.01.2001 lies outside region 13.02.",
        ),
        (
            "13.021",
            False,
            "Domisili 13.021 di luar wilayah 13.02.",
            "Domicile 13.021 lies outside region 13.02.",
        ),
        (
            "",
            False,
            "Domisili tidak tercatat; skema untuk wilayah 13.02.",
            "No domicile recorded; the scheme is for region 13.02.",
        ),
    ],
)
def test_region_rule(region: str, passed: bool, indonesian: str, english: str) -> None:
    assert _reason(replace(WORKER, region=region), EVERY_RULE, "region") == (passed, indonesian, english)


@pytest.mark.parametrize(
    ("born", "bounds", "expected"),
    [
        (
            dt.date(1991, 3, 5),
            (18, 60),
            (True, "Umur 34 tahun, dalam rentang 18–60.", "Age 34, within 18–60."),
        ),
        (
            dt.date(1955, 1, 1),
            (18, 60),
            (False, "Umur 70 tahun, di atas batas 60.", "Age 70, above the maximum of 60."),
        ),
        (
            dt.date(1964, 7, 2),
            (18, 60),
            (True, "Umur 60 tahun, dalam rentang 18–60.", "Age 60, within 18–60."),
        ),
        (
            dt.date(1964, 7, 1),
            (18, 60),
            (False, "Umur 61 tahun, di atas batas 60.", "Age 61, above the maximum of 60."),
        ),
        (
            dt.date(2010, 7, 2),
            (15, None),
            (False, "Umur 14 tahun, di bawah batas 15.", "Age 14, below the minimum of 15."),
        ),
        (dt.date(2010, 7, 1), (15, None), (True, "Umur 15 tahun, paling rendah 15.", "Age 15, at least 15.")),
        (dt.date(1991, 3, 5), (None, 40), (True, "Umur 34 tahun, paling tinggi 40.", "Age 34, at most 40.")),
        (
            dt.date(2026, 1, 1),
            (0, None),
            (False, "Umur -1 tahun, di bawah batas 0.", "Age -1, below the minimum of 0."),
        ),
    ],
)
def test_age_rule_counts_whole_years_on_the_date(
    born: dt.date, bounds: tuple[int | None, int | None], expected: tuple[bool, str, str]
) -> None:
    scheme = eligibility_rules(region="13", min_age=bounds[0], max_age=bounds[1])
    assert _reason(replace(WORKER, birth_date=born), scheme, "age") == expected


def test_a_29_february_birthday_counts_from_1_march_in_a_common_year() -> None:
    born = dt.date(2008, 2, 29)
    assert age_on(born, dt.date(2026, 2, 28)) == 17
    assert age_on(born, dt.date(2026, 3, 1)) == 18
    assert age_on(born, dt.date(2028, 2, 29)) == 20
    assert age_on(born, dt.date(2028, 2, 28)) == 19
    adults = eligibility_rules(region="13", min_age=18)
    person = replace(WORKER, birth_date=born)
    days = [dt.date(2026, 2, 28), dt.date(2026, 3, 1)]
    assert [explain(person, adults, PriorityWeights(), on=day).eligible for day in days] == [False, True]
    frame = candidate_frame([person])
    assert [eligible_mask(frame, adults, on=day).item() for day in days] == [False, True]


@pytest.mark.parametrize(
    ("sector", "passed", "indonesian", "english"),
    [
        (
            "informal",
            True,
            "Sektor informal, termasuk sasaran (informal).",
            "Sector informal, targeted (informal).",
        ),
        (
            "formal",
            False,
            "Sektor formal, bukan sasaran (informal).",
            "Sector formal, not targeted (informal).",
        ),
        ("", False, "Tidak bekerja; sektor sasaran: informal.", "Not working; targeted sectors: informal."),
    ],
)
def test_sector_rule(sector: str, passed: bool, indonesian: str, english: str) -> None:
    assert _reason(replace(WORKER, sector=sector), EVERY_RULE, "sector") == (passed, indonesian, english)


def test_active_members_are_left_out_unless_the_scheme_says_otherwise() -> None:
    member = replace(WORKER, active=True)
    assert _reason(member, EVERY_RULE, "active") == (
        False,
        "Sudah peserta aktif BPJS Ketenagakerjaan pada 2025-07-01.",
        "Already an active BPJS Ketenagakerjaan participant on 2025-07-01.",
    )
    assert _reason(WORKER, EVERY_RULE, "active") == (
        True,
        "Belum peserta aktif BPJS Ketenagakerjaan pada 2025-07-01.",
        "Not an active BPJS Ketenagakerjaan participant on 2025-07-01.",
    )
    renewing = replace(EVERY_RULE, exclude_active=False)
    assert explain(member, renewing, PriorityWeights(), on=ON).eligible
    assert not explain(member, EVERY_RULE, PriorityWeights(), on=ON).eligible


@pytest.mark.parametrize(
    ("decile", "passed", "indonesian", "english"),
    [
        (5, True, "Desil DTSEN 5, dalam batas desil 5.", "DTSEN decile 5, within the limit of decile 5."),
        (6, False, "Desil DTSEN 6, di atas batas desil 5.", "DTSEN decile 6, above the limit of decile 5."),
        (
            None,
            False,
            "Tidak terdaftar di DTSEN; skema mensyaratkan desil paling tinggi 5.",
            "Not in DTSEN; the scheme requires decile 5 or lower.",
        ),
    ],
)
def test_decile_rule(decile: int | None, passed: bool, indonesian: str, english: str) -> None:
    assert _reason(replace(WORKER, decile=decile), EVERY_RULE, "decile") == (passed, indonesian, english)


@pytest.mark.parametrize(
    ("occupation", "passed", "indonesian", "english"),
    [
        (
            " BURUH kebun  sawit ",
            True,
            "Pekerjaan BURUH kebun  sawit, termasuk sasaran (Buruh Kebun Sawit, Nelayan).",
            "Occupation BURUH kebun  sawit, targeted (Buruh Kebun Sawit, Nelayan).",
        ),
        (
            "BuruhKebunSawit",
            True,
            "Pekerjaan BuruhKebunSawit, termasuk sasaran (Buruh Kebun Sawit, Nelayan).",
            "Occupation BuruhKebunSawit, targeted (Buruh Kebun Sawit, Nelayan).",
        ),
        (
            "Guru",
            False,
            "Pekerjaan Guru, bukan sasaran (Buruh Kebun Sawit, Nelayan).",
            "Occupation Guru, not targeted (Buruh Kebun Sawit, Nelayan).",
        ),
        (
            "  ",
            False,
            "Pekerjaan tidak tercatat; pekerjaan sasaran: Buruh Kebun Sawit, Nelayan.",
            "No occupation recorded; targeted occupations: Buruh Kebun Sawit, Nelayan.",
        ),
    ],
)
def test_occupation_rule_ignores_case_and_spaces(
    occupation: str, passed: bool, indonesian: str, english: str
) -> None:
    assert _reason(replace(WORKER, occupation=occupation), EVERY_RULE, "occupation") == (
        passed,
        indonesian,
        english,
    )


@pytest.mark.parametrize(
    ("groups", "passed", "indonesian", "english"),
    [
        (
            {"kader", "non_ASN"},
            True,
            "Termasuk kelompok sasaran: kader.",
            "Belongs to a targeted group: cadres.",
        ),
        (
            {"bamus", "kader"},
            True,
            "Termasuk kelompok sasaran: anggota Bamus, kader.",
            "Belongs to a targeted group: Bamus members, cadres.",
        ),
        (
            {"ASN"},
            False,
            "Tidak termasuk kelompok sasaran (anggota Bamus, kader).",
            "Belongs to none of the targeted groups (Bamus members, cadres).",
        ),
        (
            set(),
            False,
            "Tidak termasuk kelompok sasaran (anggota Bamus, kader).",
            "Belongs to none of the targeted groups (Bamus members, cadres).",
        ),
    ],
)
def test_special_group_rule(groups: set[str], passed: bool, indonesian: str, english: str) -> None:
    person = replace(WORKER, special_groups=frozenset(groups))
    assert _reason(person, EVERY_RULE, "special_group") == (passed, indonesian, english)


def test_failed_lists_every_failing_rule_in_order_and_priority_is_still_given() -> None:
    person = replace(WORKER, birth_date=dt.date(1950, 1, 1), sector="formal", active=True, decile=9)
    decision = explain(person, EVERY_RULE, PriorityWeights(), on=ON)
    assert not decision.eligible
    assert [r.key for r in decision.failed()] == ["age", "sector", "active", "decile"]
    assert decision.priority.score == 10 * 2 + 5 * 4 + 10 + 3 * 2


def test_the_mask_of_the_hand_made_people() -> None:
    people = [
        WORKER,
        replace(WORKER, person_id=8, region="13.03.01.2001"),
        replace(WORKER, person_id=9, occupation="nelayan"),
        replace(WORKER, person_id=10, decile=None),
        replace(WORKER, person_id=11, special_groups=frozenset()),
        replace(WORKER, person_id=12, birth_date=dt.date(1964, 7, 2)),  # 60 until tomorrow
        replace(WORKER, person_id=13, birth_date=dt.date(1964, 7, 1)),  # 61 today
        replace(WORKER, person_id=14, birth_date=dt.date(2007, 7, 1)),  # 18 today
        replace(WORKER, person_id=15, birth_date=dt.date(2007, 7, 2)),  # 18 tomorrow
        replace(WORKER, person_id=16, region="13.021.01.2001"),  # "13.02" as text, not as a region
        replace(WORKER, person_id=17, active=True),
    ]
    mask = eligible_mask(candidate_frame(people), EVERY_RULE, on=ON)
    assert mask.dtype == pl.Boolean and mask.name == "eligible"
    assert mask.to_list() == [True, False, True, False, False, True, False, True, False, False, False]


def _one_rule_at_a_time(scheme: EligibilityRules) -> list[EligibilityRules]:
    """The scheme cut down to its region and one other rule, for each rule it sets."""
    bare = replace(
        scheme,
        min_age=None,
        max_age=None,
        sectors=frozenset(),
        exclude_active=False,
        max_decile=None,
        occupations=frozenset(),
        special_groups=frozenset(),
    )
    return [
        bare,
        replace(bare, min_age=scheme.min_age, max_age=scheme.max_age),
        replace(bare, sectors=scheme.sectors),
        replace(bare, exclude_active=scheme.exclude_active),
        replace(bare, max_decile=scheme.max_decile),
        replace(bare, occupations=scheme.occupations),
        replace(bare, special_groups=scheme.special_groups),
    ]


# --- the key property: the vectorised mask is explain(...).eligible, row by row --------------------------------


@settings(max_examples=300, deadline=None)
@given(
    candidate_lists,
    rules(),
    weights,
    risk_tables,
    st.sampled_from(ON_DAYS),
)
def test_the_mask_equals_explain_for_every_person(
    people: list[Candidate], scheme: EligibilityRules, weighting: PriorityWeights, risk: Any, on: dt.date
) -> None:
    frame = candidate_frame(people)
    decisions = [explain(p, scheme, weighting, risk=risk, on=on) for p in people]
    assert eligible_mask(frame, scheme, on=on).to_list() == [d.eligible for d in decisions]
    for single in _one_rule_at_a_time(scheme):  # so that no rule hides behind another one failing
        expected = [explain(p, single, weighting, risk=risk, on=on).eligible for p in people]
        assert eligible_mask(frame, single, on=on).to_list() == expected
    for decision in decisions:
        keys = [r.key for r in decision.reasons]
        assert keys == sorted(keys, key=REASON_KEYS.index) and keys[0] == "region"
        assert decision.eligible == (not decision.failed())


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(ON_DAYS).flatmap(
        lambda on: st.tuples(st.just(on), st.lists(st.sampled_from(births_near(on)), max_size=12))
    ),
    st.integers(-1, 1),
    st.booleans(),
)
def test_the_age_rule_agrees_on_birthdays_and_the_days_around_them(
    case: tuple[dt.date, list[dt.date]], shift: int, upper: bool
) -> None:
    on, births = case
    people = [replace(WORKER, person_id=i, birth_date=born) for i, born in enumerate(births)]
    for person in people:  # a bound at, just above and just below the person's own age
        bound = min(max(age_on(person.birth_date, on) + shift, 0), 120)
        scheme = eligibility_rules(
            region="13", min_age=None if upper else bound, max_age=bound if upper else None
        )
        expected = [explain(p, scheme, PriorityWeights(), on=on).eligible for p in people]
        assert eligible_mask(candidate_frame(people), scheme, on=on).to_list() == expected


@settings(max_examples=100, deadline=None)
@given(candidate_lists, rules())
def test_the_mask_reads_nulls_and_other_integer_widths_like_the_candidates(
    people: list[Candidate], scheme: EligibilityRules
) -> None:
    frame = candidate_frame(people).with_columns(
        pl.col("decile").cast(pl.Int8),
        pl.when(pl.col("occupation") == "").then(None).otherwise(pl.col("occupation")).alias("occupation"),
        pl.when(pl.col("sector") == "").then(None).otherwise(pl.col("sector")).alias("sector"),
        pl.when(pl.col("special_groups").list.len() == 0)
        .then(None)
        .otherwise(pl.col("special_groups"))
        .alias("special_groups"),
    )
    expected = [explain(p, scheme, PriorityWeights(), on=ON).eligible for p in people]
    assert eligible_mask(frame, scheme, on=ON).to_list() == expected


# --- validation ---------------------------------------------------------------------------------------------------


def test_rules_are_normalised() -> None:
    scheme = eligibility_rules(
        region=" 1302012001 ",
        sectors="informal",
        occupations=["  Buruh   Kebun Sawit ", "buruh kebun sawit", "Nelayan"],
        special_groups=("kader",),
    )
    assert scheme.region == "13.02.01.2001"
    assert scheme.sectors == frozenset({"informal"})
    assert scheme.occupations == frozenset({"Buruh Kebun Sawit", "Nelayan"})
    assert scheme.special_groups == frozenset({"kader"})
    assert (scheme.min_age, scheme.max_age, scheme.max_decile, scheme.exclude_active) == (
        15,
        None,
        None,
        True,
    )
    assert eligibility_rules(region="13").region == "13"


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"region": "13.2"}, "region", "bukan kode wilayah Kemendagri"),
        ({"region": "13.02.01.201"}, "region", "bukan kode wilayah Kemendagri"),
        ({"region": ""}, "region", "bukan kode wilayah Kemendagri"),
        ({"region": 13}, "region", "bukan kode wilayah Kemendagri"),
        ({"min_age": -1}, "min_age", "0 sampai 120"),
        ({"max_age": 121}, "max_age", "0 sampai 120"),
        ({"min_age": 18.0}, "min_age", "0 sampai 120"),
        ({"min_age": True}, "min_age", "0 sampai 120"),
        ({"min_age": 61, "max_age": 60}, "max_age", "lebih kecil dari batas bawah 61"),
        ({"sectors": ["informal", "swasta"]}, "sectors", "pilihan: formal, informal"),
        ({"sectors": [1]}, "sectors", "bukan teks"),
        ({"max_decile": 0}, "max_decile", "1 sampai 10"),
        ({"max_decile": 11}, "max_decile", "1 sampai 10"),
        ({"occupations": ["Guru", "  "]}, "occupations", "kosong"),
        ({"occupations": 5}, "occupations", "daftar teks"),
        ({"special_groups": ["ASN"]}, "special_groups", "pilihan: non_ASN, perangkat_nagari, bamus, kader"),
        ({"exclude_active": "ya"}, "exclude_active", "bool"),
    ],
)
def test_bad_rules_name_the_field(changes: dict[str, Any], field: str, fragment: str) -> None:
    with pytest.raises(TargetingError) as caught:
        eligibility_rules(**{"region": "13.02", **changes})
    assert caught.value.field == field
    label = FIELD_LABELS[field]  # named as the form labels it, not by its code
    assert fragment in caught.value.indonesian and f"Isian {label.id}:" in caught.value.indonesian
    assert f"Field {label.en}:" in caught.value.message("en")


def test_rules_built_directly_are_checked_too() -> None:
    with pytest.raises(TargetingError, match="Desil DTSEN paling tinggi"):
        EligibilityRules(region="13", max_decile=12)
    with pytest.raises(TargetingError, match="Sektor"):
        EligibilityRules(region="13", sectors=frozenset({"pu"}))


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-300, 300),
    st.floats(allow_nan=True),
    st.text(max_size=14),
    st.binary(max_size=4),
    st.lists(st.one_of(st.text(max_size=10), st.integers(), st.none()), max_size=3),
    st.frozensets(st.sampled_from(["formal", "informal", "kader", "bamus", "x", ""])),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.from_regex(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?", fullmatch=True),
)


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "region",
                "min_age",
                "max_age",
                "sectors",
                "max_decile",
                "occupations",
                "special_groups",
                "exclude_active",
            ]
        ),
        anything,
    )
)
def test_fuzzed_rules_either_build_or_raise_targeting_error_naming_a_field(raw: dict[str, Any]) -> None:
    raw.setdefault("region", "13")
    try:
        scheme = eligibility_rules(**raw)
    except TargetingError as error:
        assert error.field in raw or error.field == "max_age"
        assert error.english and error.indonesian != error.english
    else:
        assert isinstance(scheme, EligibilityRules)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*", fullmatch=True))
def test_every_well_formed_region_code_is_accepted_as_written(code: str) -> None:
    assert eligibility_rules(region=code).region == code.strip()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sector": "pu"}, "sector"),
        ({"decile": 0}, "decile"),
        ({"decile": 11}, "decile"),
        ({"dependants": -1}, "dependants"),
    ],
)
def test_a_candidate_refuses_impossible_values(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(TargetingError) as caught:
        replace(WORKER, **changes)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        (lambda f: f.drop("birth_date"), "birth_date", "kolom tidak ada"),
        (lambda f: f.with_columns(pl.col("birth_date").cast(pl.String)), "birth_date", "bertipe String"),
        (lambda f: f.with_columns(pl.lit(None, dtype=pl.Boolean).alias("active")), "active", "nilai kosong"),
        (lambda f: f.with_columns(pl.lit("pu").alias("sector")), "sector", "'pu' tidak dikenal"),
        (lambda f: f.with_columns(pl.lit(0, dtype=pl.Int64).alias("decile")), "decile", "bukan 0"),
    ],
)
def test_a_bad_frame_is_refused_naming_the_column(change: Any, field: str, fragment: str) -> None:
    frame = change(candidate_frame([WORKER]))
    with pytest.raises(TargetingError) as caught:
        eligible_mask(frame, EVERY_RULE, on=ON)
    assert caught.value.field == field and fragment in caught.value.indonesian


def test_an_empty_frame_gives_an_empty_mask_and_the_schema_is_the_documented_one() -> None:
    frame = candidate_frame([])
    assert dict(frame.schema) == CANDIDATE_COLUMNS
    mask = eligible_mask(frame, EVERY_RULE, on=ON)
    assert mask.len() == 0 and mask.dtype == pl.Boolean
