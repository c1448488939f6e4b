"""The parsers for hand-typed numbers (``cakupan.web.params``): a bad value is absent, never an exception."""

from __future__ import annotations

import pytest

from cakupan.web.params import MAX_ID, is_digits, record_id, whole_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("0042", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("99999999999999999999", None),  # issue 17: ?proses=99999999999999999999
        ("9" * 5000, None),  # more digits than int() parses
        ("0", None),
        ("000", None),
        ("", None),
        (None, None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1.0", None),
        ("²", None),  # "²".isdigit() is True, int("²") fails
        ("١٢", None),  # Arabic-Indic digits
        ("1\x00", None),
        (12, None),  # only text comes from a request
    ],
)
def test_record_id(value: object, expected: int | None) -> None:
    assert record_id(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025", 2025),
        (" 2025 ", 2025),
        ("1999", None),
        ("2101", None),
        ("", None),
        (None, None),
        ("²⁰²⁵", None),
        ("9" * 5000, None),
        ("20 25", None),
    ],
)
def test_whole_number_within_bounds(value: object, expected: int | None) -> None:
    assert whole_number(value, None, minimum=2000, maximum=2100) == expected


def test_whole_number_negative_and_default() -> None:
    assert whole_number("-5", 0, minimum=-10, maximum=10) == -5
    assert whole_number("-11", 0, minimum=-10, maximum=10) == 0
    assert whole_number("--5", 7, minimum=-10, maximum=10) == 7
    assert whole_number("-", 7, minimum=-10, maximum=10) == 7


def test_is_digits() -> None:
    assert is_digits("0123456789")
    assert not any(is_digits(v) for v in ("", "²", "١", "1 ", "-1", None, 1))
