"""Coverage targets: how far a region is from its target, the pace it needs, and when it arrives at its own pace.

A target (RPJMN, RPJMD, a regional agreement) has a baseline value and date, a target value and date, and the
document it comes from: Kab. Pasaman Barat 33.51 % → 51.4 %; national RPJMN 2025–2029 32.15 % (2025) → 43.92 %
(2029). ``target_progress`` compares it with the observed UCJ series (one value per month, oldest first).

Method (all arithmetic exact, in ``Fraction``; results rounded half-up only at the end):

- **Months** are calendar months, the day is ignored: 2026-06-30 → 2029-12-31 is 3 × 12 + 6 = 42 months. A
  series of month ends therefore counts one per month.
- **Progress share** = (current − baseline) ÷ (target − baseline) × 100, 1 decimal. Negative when coverage fell
  below the baseline, above 100 when the target is exceeded.
- **Gap** = target − current, percentage points (pp), 2 decimals; negative when the target is exceeded.
- **Months remaining** = months from the current point's date to the target date, at least 0.
- **Required pace** = max(gap, 0) ÷ months remaining, pp per month, 2 decimals; ``None`` when no month remains.
- **Current pace** = slope of the ordinary least-squares line through the last (up to) 12 points, x = month
  index, y = value, pp per month. With a single point: (current − baseline) ÷ months since the baseline when
  the baseline's month is before the current point's month, else ``None``. The shown pace is rounded to
  2 decimals; the projection uses the exact slope (as a spreadsheet's SLOPE would).
- **Projected date** = the last day of the month in which the line from the current point at the current pace
  first reaches the target: current month + ⌈gap ÷ pace⌉. Already reached: the current point's date. Pace
  unknown or ≤ 0 while not reached: ``None``; also ``None`` when it lies more than ``HORIZON_MONTHS`` ahead.
- **On track**: reached, or the projected month is not after the target date's month.

Edge cases: the target must lie above the baseline (progress share is undefined otherwise); an empty series,
two points in one month or points out of order raise ``ValueError``; series values are not limited to 0–100
(a stale published denominator can give more than 100 %); points before the baseline date are used as they
are; ``today`` only says whether the target date has passed.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Literal

REGRESSION_POINTS = 12
HORIZON_MONTHS = 1200  # a projection beyond 100 years is reported as "not reached"

PaceMethod = Literal["regression", "since_baseline", "none"]


@dataclass(frozen=True)
class TargetSpec:
    """A coverage target: values are percentages (0–100), as published, with the document they come from."""

    baseline_value: Decimal
    baseline_date: date
    target_value: Decimal
    target_date: date
    source: str

    def __post_init__(self) -> None:
        validate_target(self)


def validate_target(spec: TargetSpec) -> None:
    """Raise ``ValueError`` (Indonesian message, English in brackets) when the target cannot be used."""
    for name, value in (("nilai awal", spec.baseline_value), ("nilai target", spec.target_value)):
        if not value.is_finite() or not 0 <= value <= 100:
            raise ValueError(
                f"{name} harus antara 0 dan 100 persen (value must be between 0 and 100 %), bukan {value}"
            )
    if spec.target_date <= spec.baseline_date:
        raise ValueError(
            "tanggal target harus sesudah tanggal nilai awal (target date must be after the baseline date): "
            f"{spec.target_date.isoformat()} ≤ {spec.baseline_date.isoformat()}"
        )
    if spec.target_value <= spec.baseline_value:
        raise ValueError(
            "nilai target harus lebih tinggi dari nilai awal (target must be above the baseline): "
            f"{spec.target_value} ≤ {spec.baseline_value}"
        )
    if not spec.source.strip():
        raise ValueError("dokumen sumber target harus diisi (the source document is required)")


@dataclass(frozen=True)
class TargetProgress:
    spec: TargetSpec
    current_value: Decimal
    current_date: date
    reached: bool  # current value ≥ target value
    progress_percent: Decimal  # share of the way from baseline to target, 1 decimal
    gap_pp: Decimal  # target − current, percentage points, 2 decimals
    months_remaining: int  # from the current point's month to the target month, ≥ 0
    required_pace: Decimal | None  # pp per month, 2 decimals
    current_pace: Decimal | None  # pp per month, 2 decimals
    pace_method: PaceMethod
    pace_points: int  # points the regression used; 0 for the other methods
    projected_date: date | None  # month end in which the target is reached at the current pace
    on_track: bool
    target_passed: bool  # today is after the target date
    method_id: str
    method_en: str


def months_between(start: date, end: date) -> int:
    """Calendar months from ``start`` to ``end`` (the day is ignored); negative when ``end`` is earlier."""
    return (end.year - start.year) * 12 + end.month - start.month


def target_progress(spec: TargetSpec, *, series: list[tuple[date, Decimal]], today: date) -> TargetProgress:
    """Progress of the observed ``series`` (month-end UCJ %, oldest first; the last point is current)."""
    _check_series(series)
    current_date, current_value = series[-1]
    baseline, target = Fraction(spec.baseline_value), Fraction(spec.target_value)
    current = Fraction(current_value)
    gap = target - current
    reached = gap <= 0
    months_remaining = max(0, months_between(current_date, spec.target_date))
    pace, method, points = _current_pace(spec, series)
    projected = current_date if reached else _projected(current_date, gap, pace)
    on_track = reached or (projected is not None and months_between(projected, spec.target_date) >= 0)
    method_id, method_en = _method_text(method, points)
    return TargetProgress(
        spec=spec,
        current_value=current_value,
        current_date=current_date,
        reached=reached,
        progress_percent=_rounded((current - baseline) / (target - baseline) * 100, 1),
        gap_pp=_rounded(gap, 2),
        months_remaining=months_remaining,
        required_pace=_rounded(max(gap, Fraction(0)) / months_remaining, 2) if months_remaining else None,
        current_pace=None if pace is None else _rounded(pace, 2),
        pace_method=method,
        pace_points=points,
        projected_date=projected,
        on_track=on_track,
        target_passed=today > spec.target_date,
        method_id=method_id,
        method_en=method_en,
    )


def _check_series(series: list[tuple[date, Decimal]]) -> None:
    if not series:
        raise ValueError("deret capaian kosong (the coverage series is empty)")
    for value in (v for _, v in series):
        if not value.is_finite():
            raise ValueError(f"nilai capaian tidak sah (invalid coverage value): {value}")
    for (earlier, _), (later, _) in pairwise(series):
        if months_between(earlier, later) <= 0:
            raise ValueError(
                "deret capaian harus urut dari bulan terlama, satu titik per bulan "
                f"(one point per month, oldest first): {earlier.isoformat()}, {later.isoformat()}"
            )


def _current_pace(
    spec: TargetSpec, series: list[tuple[date, Decimal]]
) -> tuple[Fraction | None, PaceMethod, int]:
    """The pace in pp per month, how it was found, and how many points the regression used."""
    recent = series[-REGRESSION_POINTS:]
    if len(recent) >= 2:
        return _slope(recent), "regression", len(recent)
    current_date, current_value = series[-1]
    months = months_between(spec.baseline_date, current_date)
    if months > 0:
        return (Fraction(current_value) - Fraction(spec.baseline_value)) / months, "since_baseline", 0
    return None, "none", 0


def _slope(points: list[tuple[date, Decimal]]) -> Fraction:
    """Ordinary least-squares slope with x = months since the first point (distinct, checked by the caller)."""
    xs = [Fraction(months_between(points[0][0], d)) for d, _ in points]
    ys = [Fraction(v) for _, v in points]
    mean_x, mean_y = sum(xs, Fraction(0)) / len(xs), sum(ys, Fraction(0)) / len(ys)
    covariance = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)), Fraction(0))
    variance = sum(((x - mean_x) ** 2 for x in xs), Fraction(0))
    return covariance / variance


def _projected(current_date: date, gap: Fraction, pace: Fraction | None) -> date | None:
    """Month end of the month in which current + pace × months first reaches current + gap (gap > 0)."""
    if pace is None or pace <= 0:
        return None
    months = math.ceil(gap / pace)
    if months > HORIZON_MONTHS:
        return None
    index = current_date.year * 12 + current_date.month - 1 + months
    year, month = divmod(index, 12)
    if year > date.max.year:
        return None
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def _rounded(value: Fraction, places: int) -> Decimal:
    """``value`` rounded half-up (away from zero) to ``places`` decimals, exactly."""
    scaled = abs(value) * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    sign = "-" if value < 0 and whole else ""
    return Decimal(f"{sign}{whole}e-{places}")


_COMMON_ID = (
    "Persentase kemajuan = (capaian sekarang − nilai awal) ÷ (target − nilai awal) × 100; "
    "laju yang dibutuhkan = selisih ke target ÷ sisa bulan sampai tanggal target (poin persen per bulan)."
)
_COMMON_EN = (
    "Progress = (current − baseline) ÷ (target − baseline) × 100; "
    "required pace = gap to target ÷ months left until the target date (percentage points per month)."
)


def _method_text(method: PaceMethod, points: int) -> tuple[str, str]:
    """The method in Indonesian and English, as shown beside the figures."""
    if method == "regression":
        pace_id = (
            f"Laju saat ini = kemiringan garis kuadrat terkecil melalui {points} titik bulanan terakhir "
            "(poin persen per bulan); proyeksi = bulan ketika garis dari capaian sekarang dengan laju itu "
            "mencapai target."
        )
        pace_en = (
            f"Current pace = slope of the least-squares line through the last {points} monthly points "
            "(percentage points per month); projection = the month in which the line from the current value "
            "at that pace reaches the target."
        )
    elif method == "since_baseline":
        pace_id = (
            "Laju saat ini = (capaian sekarang − nilai awal) ÷ bulan sejak tanggal nilai awal, karena baru ada "
            "satu titik bulanan; proyeksi = bulan ketika garis dari capaian sekarang dengan laju itu mencapai "
            "target."
        )
        pace_en = (
            "Current pace = (current − baseline) ÷ months since the baseline date, as there is only one "
            "monthly point; projection = the month in which the line from the current value at that pace "
            "reaches the target."
        )
    else:
        pace_id = (
            "Laju saat ini tidak dapat dihitung: baru ada satu titik bulanan, pada bulan nilai awal atau "
            "sebelumnya; tanpa proyeksi."
        )
        pace_en = (
            "The current pace cannot be computed: there is only one monthly point, in or before the "
            "baseline's month; no projection."
        )
    return f"{pace_id} {_COMMON_ID}", f"{pace_en} {_COMMON_EN}"
