"""Safe parsers for numbers typed into a URL or a form field by hand (``request.GET`` / ``request.POST``).

A query string is whatever the visitor sends: ``?proses=99999999999999999999`` overflows the database's 64-bit
integer, ``"²".isdigit()`` is true but ``int("²")`` fails, ``int("1" * 5000)`` refuses to parse. A view that
reads an id or a number from the request goes through these functions; a bad value is treated as absent
(``None`` or the default), never as a server error.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")
MAX_ID = 2**63 - 1  # the largest key of a BigAutoField (and a signed 64-bit integer column)
_MAX_DIGITS = len(str(MAX_ID))


def is_digits(value: object) -> bool:
    """Whether ``value`` is a non-empty string of ASCII digits 0-9 only (no sign, space or other script's digits)."""
    return isinstance(value, str) and value.isascii() and value.isdigit()


def record_id(value: object) -> int | None:
    """A database key (1 to 2**63 - 1) written as plain digits, else None."""
    if not is_digits(value):
        return None
    text = str(value).lstrip("0")
    if not text or len(text) > _MAX_DIGITS:
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def whole_number(value: object, default: T, *, minimum: int, maximum: int) -> int | T:
    """A whole number written as plain digits (surrounding spaces allowed) within ``minimum..maximum``, else
    ``default``."""
    text = value.strip() if isinstance(value, str) else ""
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if not is_digits(digits) or len(digits.lstrip("0")) > len(str(max(abs(minimum), abs(maximum)))):
        return default
    number = -int(digits) if negative else int(digits)
    return number if minimum <= number <= maximum else default
