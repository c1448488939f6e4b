"""The first screen's derived figures (cakupan.indicators.glance): change since last month, best and worst child,
active participants still needed for a target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cakupan.indicators.coverage import Coverage, Denominator
from cakupan.indicators.glance import best_and_worst, month_change, participants_to_target

JUNE = dt.date(2025, 6, 30)


def _child(code: str, active: int, denominator: int | None) -> Coverage:
    published = (
        None
        if denominator is None
        else Denominator("angkatan_kerja", denominator, dt.date(2025, 5, 1), "BPS")
    )
    return Coverage(code, f"Wilayah {code}", 2, JUNE, active, published)


def test_change_is_the_difference_of_the_two_months_ucj() -> None:
    change = month_change(
        previous_active=90, previous_percent=Decimal("9.00"), active=99, percent=Decimal("9.90")
    )
    assert (change.participants, change.points, change.at_current_denominator) == (9, Decimal("0.90"), False)


def test_without_last_months_denominator_the_points_use_this_months_and_say_so() -> None:
    change = month_change(
        previous_active=1, previous_percent=None, active=3, percent=Decimal("1.00"), denominator=300
    )
    assert (change.participants, change.points, change.at_current_denominator) == (2, Decimal("0.67"), True)
    assert month_change(previous_active=1, previous_percent=None, active=3, percent=None).points is None


def test_best_and_worst_leave_out_regions_without_a_percent_or_with_a_warning() -> None:
    children = [
        _child("13.01", 5, 10),
        _child("13.02", 1, 10),
        _child("13.03", 50, None),
        _child("13.04", 20, 10),
    ]
    ranked = best_and_worst(children, flagged={"13.04"})  # 200 %: cannot be true
    assert ranked is not None
    assert (ranked.best.region_code, ranked.worst.region_code, ranked.ranked, ranked.left_out) == (
        "13.01",
        "13.02",
        2,
        1,
    )
    assert best_and_worst(children[:1]) is None  # nothing to compare
    tie = best_and_worst([_child("13.72", 1, 10), _child("13.71", 1, 10)])
    assert tie is not None and tie.best.region_code == tie.worst.region_code == "13.71"


def test_participants_to_target_rounds_up_to_whole_workers() -> None:
    assert (
        participants_to_target(active=10, denominator=333, target_percent=Decimal("5.00")) == 7
    )  # 16.65 -> 17
    assert participants_to_target(active=20, denominator=333, target_percent=Decimal("5.00")) == 0
