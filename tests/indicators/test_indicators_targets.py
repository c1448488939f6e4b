"""Coverage targets: progress, required pace, current pace and projected date, checked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.indicators.targets import (
    TargetSpec,
    months_between,
    target_progress,
)

D = Decimal
TODAY = date(2026, 7, 15)


def month_ends(first: date, count: int) -> list[date]:
    """``count`` month ends starting with the month of ``first``."""
    out = []
    for i in range(count):
        year, month = divmod(first.year * 12 + first.month - 1 + i, 12)
        next_year, next_month = divmod(year * 12 + month + 1, 12)
        out.append(date.fromordinal(date(next_year, next_month + 1, 1).toordinal() - 1))
    return out


def pasaman_barat() -> TargetSpec:
    return TargetSpec(
        baseline_value=D("33.51"),
        baseline_date=date(2025, 6, 30),
        target_value=D("51.40"),
        target_date=date(2029, 12, 31),
        source="RPJMD Kabupaten Pasaman Barat (contoh)",
    )


def national() -> TargetSpec:
    return TargetSpec(
        baseline_value=D("32.15"),
        baseline_date=date(2025, 12, 31),
        target_value=D("43.92"),
        target_date=date(2029, 12, 31),
        source="RPJMN 2025–2029",
    )


def test_months_are_calendar_months() -> None:
    assert months_between(date(2026, 6, 30), date(2029, 12, 31)) == 42
    assert months_between(date(2025, 1, 31), date(2025, 2, 28)) == 1
    assert months_between(date(2025, 3, 1), date(2025, 1, 31)) == -2


def test_pasaman_barat_twelve_months_at_a_quarter_point() -> None:
    # 12 month ends 2025-07 .. 2026-06, each 0.25 pp above the last: 33.76, 34.01, ..., 36.51.
    dates = month_ends(date(2025, 7, 31), 12)
    series = [(d, D("33.51") + D("0.25") * (i + 1)) for i, d in enumerate(dates)]
    p = target_progress(pasaman_barat(), series=series, today=TODAY)
    assert (p.current_date, p.current_value) == (date(2026, 6, 30), D("36.51"))
    # progress = (36.51 − 33.51) ÷ (51.40 − 33.51) × 100 = 3.00 ÷ 17.89 × 100 = 16.769… → 16.8
    assert p.progress_percent == D("16.8")
    # gap = 51.40 − 36.51 = 14.89 pp; months 2026-06 → 2029-12 = 3 × 12 + 6 = 42
    assert p.gap_pp == D("14.89")
    assert p.months_remaining == 42
    # required pace = 14.89 ÷ 42 = 0.3545… → 0.35 pp per month
    assert p.required_pace == D("0.35")
    # a straight line: the least-squares slope is its step, 0.25
    assert (p.current_pace, p.pace_method, p.pace_points) == (D("0.25"), "regression", 12)
    # ⌈14.89 ÷ 0.25⌉ = ⌈59.56⌉ = 60 months after 2026-06 → 2031-06
    assert p.projected_date == date(2031, 6, 30)
    assert p.on_track is False
    assert p.reached is False
    assert "12 titik bulanan terakhir" in p.method_id
    assert "last 12 monthly points" in p.method_en


def test_national_rpjmn_on_track() -> None:
    # 2025-12 .. 2026-06: 32.15, 32.45, ..., 33.95 (0.30 pp a month).
    dates = month_ends(date(2025, 12, 31), 7)
    series = [(d, D("32.15") + D("0.30") * i) for i, d in enumerate(dates)]
    p = target_progress(national(), series=series, today=TODAY)
    assert p.current_value == D("33.95")
    # progress = 1.80 ÷ 11.77 × 100 = 15.293… → 15.3
    assert p.progress_percent == D("15.3")
    # gap = 43.92 − 33.95 = 9.97; 42 months left; 9.97 ÷ 42 = 0.2373… → 0.24
    assert (p.gap_pp, p.months_remaining, p.required_pace) == (D("9.97"), 42, D("0.24"))
    assert (p.current_pace, p.pace_points) == (D("0.30"), 7)
    # ⌈9.97 ÷ 0.30⌉ = ⌈33.23⌉ = 34 months after 2026-06 → 2029-04, before 2029-12
    assert p.projected_date == date(2029, 4, 30)
    assert p.on_track is True
    assert p.target_passed is False


def test_pace_is_the_least_squares_slope_not_first_to_last() -> None:
    # x = 0, 1, 2, 3; y = 34.00, 34.50, 34.40, 35.10; x̄ = 1.5, ȳ = 34.5
    # Σ(x−x̄)(y−ȳ) = 0.75 + 0 − 0.05 + 0.90 = 1.60; Σ(x−x̄)² = 5 → slope 0.32 (first to last: 1.10 ÷ 3 = 0.37)
    dates = month_ends(date(2026, 3, 31), 4)
    series = list(zip(dates, [D("34.00"), D("34.50"), D("34.40"), D("35.10")], strict=True))
    p = target_progress(national(), series=series, today=TODAY)
    assert p.current_pace == D("0.32")
    # ⌈(43.92 − 35.10) ÷ 0.32⌉ = ⌈8.82 ÷ 0.32⌉ = ⌈27.56⌉ = 28 months after 2026-06 → 2028-10
    assert p.projected_date == date(2028, 10, 31)


def test_only_the_last_twelve_points_make_the_pace() -> None:
    # Six flat months at 30.00, then twelve months rising 0.10 a month: the flat start is ignored.
    dates = month_ends(date(2025, 1, 31), 18)
    values = [D("30.00")] * 6 + [D("30.00") + D("0.10") * (i + 1) for i in range(12)]
    p = target_progress(pasaman_barat(), series=list(zip(dates, values, strict=True)), today=TODAY)
    assert (p.current_pace, p.pace_points) == (D("0.10"), 12)
    # the current value 31.20 is below the baseline 33.51: (31.20 − 33.51) ÷ 17.89 = −12.91… %
    assert p.progress_percent == D("-12.9")


def test_missing_months_count_as_months() -> None:
    # Two points 6 months apart, 0.60 pp apart: 0.10 pp a month, not 0.60.
    series = [(date(2026, 1, 31), D("34.00")), (date(2026, 7, 31), D("34.60"))]
    assert target_progress(national(), series=series, today=TODAY).current_pace == D("0.10")


def test_flat_series_has_no_projected_date() -> None:
    series = [(d, D("35.00")) for d in month_ends(date(2026, 1, 31), 6)]
    p = target_progress(national(), series=series, today=TODAY)
    assert p.current_pace == D("0.00")
    assert p.projected_date is None
    assert p.on_track is False
    assert p.required_pace == D("0.21")  # (43.92 − 35.00) ÷ 42 = 8.92 ÷ 42 = 0.2123…


def test_falling_series_has_no_projected_date() -> None:
    series = [(date(2026, 5, 31), D("35.00")), (date(2026, 6, 30), D("34.90"))]
    p = target_progress(national(), series=series, today=TODAY)
    assert p.current_pace == D("-0.10")
    assert (p.projected_date, p.on_track) == (None, False)


def test_already_reached() -> None:
    series = [(date(2026, 5, 31), D("51.00")), (date(2026, 6, 30), D("52.30"))]
    p = target_progress(pasaman_barat(), series=series, today=TODAY)
    assert p.reached is True
    assert p.projected_date == date(2026, 6, 30)
    assert p.on_track is True
    assert p.gap_pp == D("-0.90")
    assert p.required_pace == D("0.00")
    # (52.30 − 33.51) ÷ 17.89 = 18.79 ÷ 17.89 = 105.03… %
    assert p.progress_percent == D("105.0")


def test_one_point_falls_back_to_the_pace_since_the_baseline() -> None:
    # baseline 33.51 at 2025-06; one point 34.71 at 2025-12: (34.71 − 33.51) ÷ 6 = 0.20
    p = target_progress(pasaman_barat(), series=[(date(2025, 12, 31), D("34.71"))], today=TODAY)
    assert (p.current_pace, p.pace_method, p.pace_points) == (D("0.20"), "since_baseline", 0)
    # ⌈(51.40 − 34.71) ÷ 0.20⌉ = ⌈83.45⌉ = 84 months after 2025-12 → 2032-12
    assert p.projected_date == date(2032, 12, 31)
    assert "sejak tanggal nilai awal" in p.method_id


def test_one_point_in_the_baseline_month_has_no_pace() -> None:
    p = target_progress(pasaman_barat(), series=[(date(2025, 6, 30), D("33.51"))], today=TODAY)
    assert (p.current_pace, p.pace_method, p.projected_date, p.on_track) == (None, "none", None, False)
    assert p.progress_percent == D("0.0")
    assert "tidak dapat dihitung" in p.method_id


def test_target_date_passed_and_not_reached() -> None:
    series = [(date(2030, 1, 31), D("45.00")), (date(2030, 2, 28), D("45.50"))]
    p = target_progress(pasaman_barat(), series=series, today=date(2030, 3, 10))
    assert (p.months_remaining, p.required_pace, p.target_passed, p.on_track) == (0, None, True, False)
    # pace 0.50; ⌈(51.40 − 45.50) ÷ 0.50⌉ = ⌈11.8⌉ = 12 months after 2030-02 → 2031-02
    assert p.projected_date == date(2031, 2, 28)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target_date": date(2025, 6, 30)}, "tanggal target harus sesudah"),
        ({"target_date": date(2024, 1, 31)}, "tanggal target harus sesudah"),
        ({"target_value": D("100.01")}, "antara 0 dan 100"),
        ({"baseline_value": D("-1")}, "antara 0 dan 100"),
        ({"baseline_value": D("NaN")}, "antara 0 dan 100"),
        ({"target_value": D("33.51")}, "lebih tinggi dari nilai awal"),
        ({"source": "  "}, "dokumen sumber"),
    ],
)
def test_invalid_targets_are_refused_in_indonesian(changes: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "baseline_value": D("33.51"),
        "baseline_date": date(2025, 6, 30),
        "target_value": D("51.40"),
        "target_date": date(2029, 12, 31),
        "source": "RPJMD",
    }
    with pytest.raises(ValueError, match=message):
        TargetSpec(**(fields | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "series",
    [
        [],
        [(date(2026, 6, 30), D("35")), (date(2026, 5, 31), D("36"))],
        [(date(2026, 6, 1), D("35")), (date(2026, 6, 30), D("36"))],
        [(date(2026, 6, 30), D("Infinity"))],
    ],
    ids=["empty", "out-of-order", "same-month", "infinite"],
)
def test_unusable_series_is_refused(series: list[tuple[date, Decimal]]) -> None:
    with pytest.raises(ValueError, match="capaian"):
        target_progress(national(), series=series, today=TODAY)


@st.composite
def specs(draw: st.DrawFn) -> TargetSpec:
    baseline = draw(st.decimals(min_value=0, max_value="99.99", places=2))
    target = draw(st.decimals(min_value=baseline + D("0.01"), max_value=100, places=2))
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
    end = draw(st.dates(min_value=date.fromordinal(start.toordinal() + 1), max_value=date(2060, 12, 31)))
    return TargetSpec(
        baseline_value=baseline, baseline_date=start, target_value=target, target_date=end, source="RPJMD"
    )


@st.composite
def series_of(draw: st.DrawFn) -> list[tuple[date, Decimal]]:
    first = draw(st.integers(min_value=2000 * 12, max_value=2040 * 12))
    steps = draw(st.lists(st.integers(min_value=1, max_value=6), max_size=20))
    indices = [first]
    for step in steps:
        indices.append(indices[-1] + step)
    values = draw(st.lists(st.decimals(min_value=0, max_value=150, places=2), min_size=len(indices)))
    return [(date(i // 12, i % 12 + 1, 28), v) for i, v in zip(indices, values, strict=False)]


@settings(max_examples=300, deadline=None)
@given(spec=specs(), series=series_of(), today=st.dates(min_value=date(2000, 1, 1)))
def test_random_series_never_crash_and_follow_the_definitions(
    spec: TargetSpec, series: list[tuple[date, Decimal]], today: date
) -> None:
    p = target_progress(spec, series=series, today=today)
    span = Fraction(spec.target_value - spec.baseline_value)
    moved = Fraction(p.current_value - spec.baseline_value)
    # progress share is (current − baseline) ÷ (target − baseline) × 100 to within half a rounding step
    assert abs(Fraction(p.progress_percent) / 100 * span - moved) <= Fraction(1, 2000) * span
    assert p.gap_pp == spec.target_value - p.current_value
    assert p.reached == (p.current_value >= spec.target_value)
    assert p.months_remaining >= 0
    if p.required_pace is not None:
        assert p.months_remaining > 0
        owed = max(Fraction(p.gap_pp), Fraction(0))
        assert abs(Fraction(p.required_pace) * p.months_remaining - owed) <= Fraction(p.months_remaining, 200)
    if p.reached:
        assert p.projected_date == p.current_date and p.on_track
    elif p.projected_date is not None:
        assert p.projected_date > p.current_date
        assert p.current_pace is not None and p.current_pace >= 0
        assert p.on_track == (months_between(p.projected_date, spec.target_date) >= 0)
    else:
        assert not p.on_track
    assert p.target_passed == (today > spec.target_date)
    assert p.method_id and p.method_en
