"""The column-wide NIK check gives exactly the problems of the scalar ``check_nik``, row by row."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.core import nik as scalar
from cakupan.core.nik import Sex, check_nik, make_nik, normalize_nik
from cakupan.core.regions import RegionIndex, national_issuing_codes
from cakupan.ingest import nik_frame
from cakupan.ingest.nik_frame import nik_problems, normalize_niks

ISSUING = national_issuing_codes()
KECAMATAN = sorted(c for c in ISSUING.codes if c.count(".") == 2)
# Kecamatan codes no NIK rule knows: a retired kecamatan, an unknown kab/kota, an unknown province.
UNKNOWN_KECAMATAN = ["13.02.99", "13.99.01", "99.01.01", "00.00.00"]

births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
sexes: st.SearchStrategy[Sex] = st.sampled_from(["L", "P"])


@st.composite
def valid_niks(draw: st.DrawFn) -> tuple[str, dt.date, Sex]:
    kecamatan = draw(st.one_of(st.sampled_from(KECAMATAN), st.sampled_from(UNKNOWN_KECAMATAN)))
    born, sex = draw(births), draw(sexes)
    serial = draw(st.integers(1, 9999))
    return make_nik(kecamatan_code=kecamatan, birth_date=born, sex=sex, serial=serial), born, sex


@st.composite
def mutated(draw: st.DrawFn, nik: str) -> str:
    how = draw(st.integers(0, 9))
    at = draw(st.integers(0, 15))
    if how == 0:  # another digit
        return nik[:at] + str(draw(st.integers(0, 9))) + nik[at + 1 :]
    if how == 1:  # separators typists add
        return nik[:at] + draw(st.sampled_from([" ", ".", "-", "\t", "\n", "\u00a0"])) + nik[at:]
    if how == 2:  # 15 or 17 digits
        return nik[:-1] if draw(st.booleans()) else nik + nik[-1]
    if how == 3:  # a look-alike letter or a non-ASCII digit
        return nik[:at] + draw(st.sampled_from(["O", "I", "l", "\u0661", "\uff11"])) + nik[at + 1 :]
    if how == 4:  # serial 0000
        return nik[:12] + "0000"
    if how == 5:  # written day: 00, 32-40 (no man's day), 41-71 (a woman's), 72-99
        return nik[:6] + f"{draw(st.integers(0, 99)):02d}" + nik[8:]
    if how == 6:  # month 00-99
        return nik[:8] + f"{draw(st.integers(0, 99)):02d}" + nik[10:]
    if how == 7:  # Excel's trailing .0 and other endings
        return nik + draw(st.sampled_from([".0", ".00", " ", "e", ""]))
    if how == 8:  # any sixteen digits
        return draw(st.text(alphabet="0123456789", min_size=16, max_size=16))
    return draw(st.text(max_size=20))


@st.composite
def rows(draw: st.DrawFn) -> tuple[str | None, dt.date | None, str | None]:
    nik, born, sex = draw(valid_niks())
    if draw(st.booleans()):
        nik = draw(mutated(nik))
    stated_birth = draw(st.sampled_from(["same", "none", "other", "century", "year", "month", "day"]))
    other = draw(births)
    leap_day = (born.month, born.day) == (2, 29)
    birth: dt.date | None = {
        "same": born,
        "none": None,
        "other": other,
        "century": born.replace(year=born.year - 100) if born.year >= 2000 and not leap_day else born,
        "year": born.replace(year=other.year) if not leap_day else born,
        "month": born.replace(month=other.month) if born.day <= 28 else born,
        "day": born.replace(day=other.day) if other.day <= 28 else born,
    }[stated_birth]
    stated_sex = draw(st.sampled_from([sex, None, "L", "P"]))
    return (None if draw(st.integers(0, 30)) == 0 else nik), birth, stated_sex


def scalar_problems(
    niks: list[str | None], births: list[dt.date | None] | None, stated: list[str | None] | None
) -> list[tuple[int, str, tuple[scalar.Problem, ...]]]:
    found = []
    for i, value in enumerate(niks):
        if value is None:
            continue
        check = check_nik(
            value,
            known_regions=ISSUING,
            birth_date=None if births is None else births[i],
            sex=None if stated is None else stated[i],  # type: ignore[arg-type]
        )
        if check.problems:
            found.append((i, value, check.problems))
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(rows(), max_size=30), st.booleans())
def test_column_check_equals_the_scalar_check(
    data: list[tuple[str | None, dt.date | None, str | None]], with_identity: bool
) -> None:
    raw = [nik for nik, _, _ in data]
    normalized = normalize_niks(pl.Series(raw, dtype=pl.String))
    assert normalized.to_list() == [None if v is None else normalize_nik(v) for v in raw]

    niks = normalized.to_list()
    births = [b for _, b, _ in data] if with_identity else None
    stated = [s for _, _, s in data] if with_identity else None
    found = nik_problems(
        normalized,
        known_regions=ISSUING,
        birth_dates=None if births is None else pl.Series(births, dtype=pl.Date),
        sexes=None if stated is None else pl.Series(stated, dtype=pl.String),
    )
    assert found == scalar_problems(niks, births, stated)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=24))
def test_any_text_normalizes_as_the_scalar_function(text: str) -> None:
    assert normalize_niks(pl.Series([text], dtype=pl.String)).to_list() == [normalize_nik(text)]


def test_clean_rows_never_reach_the_scalar_check(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counting(raw: str, **kwargs: object) -> scalar.NikCheck:
        calls.append(raw)
        return check_nik(raw, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(nik_frame, "check_nik", counting)
    born = [dt.date(1950, 1, 1) + dt.timedelta(days=37 * i) for i in range(2000)]
    sex: list[Sex] = ["P" if i % 3 else "L" for i in range(2000)]
    niks = [
        make_nik(kecamatan_code=KECAMATAN[i % len(KECAMATAN)], birth_date=b, sex=s, serial=i + 1)
        for i, (b, s) in enumerate(zip(born, sex, strict=True))
    ]
    bad = niks[7][:12] + "0000"
    niks[7] = bad
    found = nik_problems(
        pl.Series(niks),
        known_regions=ISSUING,
        birth_dates=pl.Series(born, dtype=pl.Date),
        sexes=pl.Series(sex, dtype=pl.String),
    )
    assert [(position, code) for position, _, problems in found for code in (p.code for p in problems)] == [
        (7, "nik_serial")
    ]
    assert calls == [bad]


def test_known_regions_decide_the_prefix() -> None:
    nik = make_nik(kecamatan_code="13.02.05", birth_date=dt.date(1985, 7, 1), sex="P", serial=3)
    only_province = RegionIndex(frozenset({"13"}))
    found = nik_problems(pl.Series([nik, nik]), known_regions=only_province)
    assert [(position, [p.code for p in problems]) for position, _, problems in found] == [
        (0, ["nik_kabkota"]),
        (1, ["nik_kabkota"]),
    ]
    no_kabkota = RegionIndex.of(["13", "13.02.05"])
    assert [p.code for p in nik_problems(pl.Series([nik]), known_regions=no_kabkota)[0][2]] == ["nik_kabkota"]
    no_kecamatan = RegionIndex.of(["13", "13.02"])
    assert [p.code for p in nik_problems(pl.Series([nik]), known_regions=no_kecamatan)[0][2]] == [
        "nik_kecamatan_retired"
    ]
    assert nik_problems(pl.Series([nik]), known_regions=RegionIndex.of(["13", "13.02", "13.02.05"])) == []


def test_empty_and_all_null_columns() -> None:
    assert nik_problems(pl.Series([], dtype=pl.String), known_regions=ISSUING) == []
    assert nik_problems(pl.Series([None, None], dtype=pl.String), known_regions=ISSUING) == []
    assert normalize_niks(pl.Series([None], dtype=pl.String)).to_list() == [None]
