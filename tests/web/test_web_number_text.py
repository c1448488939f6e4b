"""Numbers kept as text are shown in the page's format; the demo's closing figure in each language's digits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from cakupan.web.demo import coverage_sentences
from cakupan.web.numbers import decimal_text


def test_decimal_text_uses_the_page_language() -> None:
    with translation.override("id"):
        assert decimal_text("49.93") == "49,93" and decimal_text("1234.5") == "1.234,5"
        assert decimal_text(None) == "–" and decimal_text("n/a") == "n/a"
    with translation.override("en"):
        assert decimal_text("49.93") == "49.93"


def test_the_demo_says_its_figure_in_indonesian_digits() -> None:
    indonesian, english = coverage_sentences(
        dt.date(2025, 6, 30), dt.date(2025, 6, 30), Decimal("27.17"), 4215, 15512
    )
    assert "27,17 % = 4.215 peserta aktif ÷ 15.512 angkatan kerja" in indonesian
    assert "27.17 % = 4,215 active participants ÷ 15,512 labour force" in english
