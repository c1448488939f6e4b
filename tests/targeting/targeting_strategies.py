"""Hypothesis strategies shared by the targeting tests: candidates, rules, weights and risk tables."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from cakupan.targeting import (
    SECTORS,
    SPECIAL_GROUPS,
    Candidate,
    EligibilityRules,
    PriorityWeights,
    RiskTable,
    eligibility_rules,
)

DOMICILES = (
    "13.02.01.2001",
    "13.02.01.2002",
    "13.02.05.1001",
    "13.021.01.2001",  # shares the text prefix "13.02" but lies outside 13.02
    "13.03.01.2001",
    "14.02.01.2001",
    "13.02",
    "",
    " ",
)
SCHEME_REGIONS = ("13", "13", "13.02", "13.02.01", "13.02.01.2001", "14", "1302", "1302012001")
OCCUPATIONS = (
    "Petani/Pekebun",
    "Pedagang",
    "Buruh Kebun Sawit",
    "Nelayan",
    "Guru",
    "Karyawan Swasta",
    "Astronot",
    "",
)


@st.composite
def spelling(draw: st.DrawFn, name: str) -> str:
    """The same occupation as an import might spell it: other case, extra or missing spaces."""
    text = draw(st.sampled_from([name, name.upper(), name.lower(), name.replace(" ", ""), f"  {name}  "]))
    return text.replace(" ", draw(st.sampled_from([" ", "  ", "\t"])))


occupations = st.one_of(st.sampled_from(OCCUPATIONS).flatmap(spelling), st.text(max_size=12))

# The dates decisions are taken on in the properties: an ordinary day, a leap day, the day before 1 March.
ON_DAYS = (dt.date(2025, 7, 1), dt.date(2028, 2, 29), dt.date(2026, 2, 28), dt.date(2026, 3, 1))


def births_near(day: dt.date) -> list[dt.date]:
    """Birthdays on, just before and just after a decision day, at the ages the rules draw lines at."""
    found = []
    for age in (0, 14, 15, 17, 18, 59, 60, 61, 120, 121):
        year = day.year - age
        anniversary = (
            dt.date(year, 2, 28) if (day.month, day.day) == (2, 29) and year % 4 else day.replace(year=year)
        )
        found += [anniversary - dt.timedelta(days=1), anniversary, anniversary + dt.timedelta(days=1)]
    return found


days = st.one_of(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2040, 12, 31)),
    st.sampled_from([dt.date(y, 2, 29) for y in (1904, 1960, 2000, 2008, 2024, 2028)]),
    st.sampled_from(sorted({b for day in ON_DAYS for b in births_near(day)})),
)


@st.composite
def candidates(draw: st.DrawFn, person_id: int = 1) -> Candidate:
    return Candidate(
        person_id=person_id,
        region=draw(st.sampled_from(DOMICILES)),
        birth_date=draw(days),
        sector=draw(st.sampled_from((*SECTORS, ""))),
        occupation=draw(occupations),
        decile=draw(st.none() | st.integers(1, 10)),
        active=draw(st.booleans()),
        head_of_household=draw(st.booleans()),
        dependants=draw(st.integers(0, 12)),
        special_groups=draw(st.frozensets(st.sampled_from((*SPECIAL_GROUPS, "ASN")))),
    )


candidate_lists = st.integers(0, 25).flatmap(
    lambda n: st.tuples(*(candidates(person_id=i) for i in range(n))).map(list)
)


@st.composite
def rules(draw: st.DrawFn) -> EligibilityRules:
    lines = (0, 14, 15, 17, 18, 59, 60, 61, 120)  # ages the births above sit on either side of
    low = draw(st.none() | st.sampled_from(lines) | st.integers(0, 120))
    high = draw(
        st.none() | st.sampled_from([a for a in lines if a >= (low or 0)]) | st.integers(low or 0, 120)
    )
    named = draw(st.lists(st.sampled_from(OCCUPATIONS[:-1]).flatmap(spelling), max_size=3))
    invented = draw(st.lists(st.text(min_size=1, max_size=8).filter(lambda t: t.strip()), max_size=1))
    return eligibility_rules(
        region=draw(st.sampled_from(SCHEME_REGIONS)),
        min_age=low,
        max_age=high,
        sectors=draw(st.frozensets(st.sampled_from(SECTORS))),
        max_decile=draw(st.none() | st.integers(1, 10)),
        occupations=named + invented,
        special_groups=draw(st.frozensets(st.sampled_from(SPECIAL_GROUPS), max_size=2)),
        exclude_active=draw(st.booleans()),
    )


weights = st.builds(
    PriorityWeights,
    decile=st.integers(0, 1000),
    occupational_risk=st.integers(0, 1000),
    head_of_household=st.integers(0, 1000),
    dependants=st.integers(0, 1000),
    max_dependants=st.integers(0, 1000),
)

risk_tables = st.none() | st.builds(
    RiskTable,
    entries=st.dictionaries(
        st.sampled_from(OCCUPATIONS[:-1]) | st.text(min_size=1, max_size=6), st.integers(1, 5)
    ),
    default=st.integers(1, 5),
    source=st.just("ASUMSI uji / test assumption"),
)
