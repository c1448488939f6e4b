"""Figures that cannot be true carry a flag that names the likely cause (issue 18, point 3)."""

from __future__ import annotations

import datetime as dt

from cakupan.indicators.coverage import Coverage, Denominator
from cakupan.indicators.definitions import definition
from cakupan.indicators.plausibility import (
    DENOMINATOR_VALID_MONTHS,
    coverage_flags,
    figure_flags,
    flags_for,
)

AS_OF = dt.date(2025, 6, 30)
LABOUR = Denominator(kind="angkatan_kerja", value=98, period=dt.date(2024, 8, 1), source="BPS Kab. Solok")
RESIDENTS = Denominator(
    kind="potensi_tenaga_kerja", value=150, period=dt.date(2024, 8, 1), source="BPS Kab. Solok"
)


def _coverage(active: int, denominator: Denominator | None) -> Coverage:
    return Coverage("13.02.05", "Kec. Uji", 3, AS_OF, active, denominator)


def test_ucj_above_100_percent_names_the_denominator_its_source_and_period() -> None:
    coverage = _coverage(168, LABOUR)
    assert str(coverage.percent) == "171.43"
    (flag,) = coverage_flags(coverage)
    assert flag.kind == "above_100"
    assert flag.message("id") == (
        "Peserta aktif (168) melebihi angkatan kerja (98): angkatan kerja wilayah ini mungkin terlalu kecil "
        "atau usang (sumber BPS Kab. Solok, periode 2024-08), atau peserta terdaftar dengan domisili yang salah."
    )
    assert "exceed the labour force (angkatan kerja) (98)" in flag.message("en")


def test_a_plausible_figure_has_no_flag() -> None:
    assert coverage_flags(_coverage(98, LABOUR), residents=RESIDENTS) == ()
    assert coverage_flags(_coverage(5, None)) == ()


def test_more_participants_than_working_age_residents() -> None:
    # Over the employed population the figure is below 100 %, but the region has fewer residents of working
    # age than active participants.
    employed = Denominator(kind="penduduk_bekerja", value=400, period=dt.date(2024, 8, 1), source="BPS")
    (flag,) = coverage_flags(_coverage(168, employed), residents=RESIDENTS)
    assert flag.kind == "more_than_residents"
    assert "melebihi penduduk usia kerja wilayah ini (150; sumber BPS Kab. Solok, periode 2024-08)" in (
        flag.message("id")
    )
    assert "domisili yang salah" in flag.message("id")


def test_residents_as_the_denominator_is_flagged_once() -> None:
    flags = coverage_flags(_coverage(168, RESIDENTS), residents=RESIDENTS)
    assert [f.kind for f in flags] == ["above_100"]


def test_a_denominator_older_than_its_validity() -> None:
    valid = DENOMINATOR_VALID_MONTHS["angkatan_kerja"]
    old = Denominator(kind="angkatan_kerja", value=1000, period=dt.date(2021, 8, 1), source="Sakernas 2021")
    (flag,) = coverage_flags(_coverage(100, old))
    assert flag.kind == "stale_denominator"
    assert flag.message("id") == (
        f"Penyebut usang: angkatan kerja periode 2021-08 (sumber Sakernas 2021) berumur 46 bulan pada "
        f"2025-06-30, lebih dari masa berlakunya {valid} bulan; impor angka yang lebih baru."
    )
    # At the limit it is still valid.
    limit = dt.date(2025 - valid // 12, 6 - valid % 12, 1)
    fresh = Denominator(kind="angkatan_kerja", value=1000, period=limit, source="Sakernas")
    assert coverage_flags(_coverage(100, fresh)) == ()


def test_flags_add_up() -> None:
    old = Denominator(kind="angkatan_kerja", value=98, period=dt.date(2019, 8, 1), source="Sakernas 2019")
    flags = flags_for(
        numerator=168, percent=_coverage(168, old).percent, denominator=old, as_of=AS_OF, residents=RESIDENTS
    )
    assert [f.kind for f in flags] == ["above_100", "stale_denominator", "more_than_residents"]


def test_indicator_figures_are_flagged_by_the_same_rule() -> None:
    figure = definition("ucj").figure(numerator=168, denominator=98, period=AS_OF, source="BPS Kab. Solok")
    (flag,) = figure_flags(figure, denominator=LABOUR, as_of=AS_OF)
    assert flag.kind == "above_100"
    # A counted denominator (all nagari) cannot be out of date and has no published figure to question.
    nagari = definition("nagari_participation").figure(
        numerator=3, denominator=4, period=AS_OF, source="Daftar wilayah"
    )
    assert figure_flags(nagari, denominator=None, as_of=AS_OF) == ()
