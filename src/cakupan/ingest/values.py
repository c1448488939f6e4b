"""Parse one cell's text into a typed value. Each parser returns ``None`` for text it cannot accept.

They are plain functions so they can be fuzzed one by one; the validator applies them once per distinct value.
"""

from __future__ import annotations

import datetime as dt
import re

from cakupan.core.nik import normalize_nik
from cakupan.ingest.schemas import PROGRAMMES

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_INT64_MAX = 2**63 - 1
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
_TIME_SUFFIX = re.compile(r"[ T]00:00(:00(\.0+)?)?$")
_PERIOD = re.compile(r"([0-9]{4})-([0-9]{2})")
_PLAIN_INT = re.compile(r"[0-9]+")
_GROUPED_DOT = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_GROUPED_COMMA = re.compile(r"[0-9]{1,3}(,[0-9]{3})+")
_EXCEL_WHOLE = re.compile(r"([0-9]+)\.0+")
_ZERO_CENTS = re.compile(r",00$")
_RP = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_PROGRAMME_SPLIT = re.compile(r"[;,/+\s]+")
_SIXTEEN_DIGITS = re.compile(r"[0-9]{16}")
_SEX = {
    "LK": "L",
    "PR": "P",
    "L": "L",
    "LAKI-LAKI": "L",
    "LAKI LAKI": "L",
    "P": "P",
    "PEREMPUAN": "P",
    "WANITA": "P",
    "PRIA": "L",
}


def parse_date(text: str) -> dt.date | None:
    """ISO, ``DD/MM/YYYY``, ``DD-MM-YYYY``, or an Excel serial day number."""
    text = _TIME_SUFFIX.sub("", text.strip())
    if _PLAIN_INT.fullmatch(text) and len(text) <= 5:
        serial = int(text)
        if serial <= 0:
            return None
        as_date = _EXCEL_EPOCH + dt.timedelta(days=serial)
        return as_date if 1900 <= as_date.year <= 2100 else None
    for fmt in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time of day
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2100:
            return parsed
    return None


def parse_period(text: str) -> dt.date | None:
    """``YYYY-MM`` -> the first day of that month."""
    match = _PERIOD.fullmatch(text.strip())
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return dt.date(year, month, 1) if 1900 <= year <= 2100 and 1 <= month <= 12 else None


def parse_count(text: str) -> int | None:
    """A non-negative whole number: ``226964``, ``226.964``, ``226,964`` or Excel's ``226964.0``."""
    text = text.strip()
    if _PLAIN_INT.fullmatch(text):
        return _int64(text)
    if _GROUPED_DOT.fullmatch(text) or _GROUPED_COMMA.fullmatch(text):
        return _int64(text.replace(".", "").replace(",", ""))
    whole = _EXCEL_WHOLE.fullmatch(text)
    return _int64(whole.group(1)) if whole else None


def _int64(digits: str) -> int | None:
    """The value of ``digits``, or None when it does not fit the Int64 column it is stored in."""
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(_INT64_MAX)):  # also keeps int() clear of its 4,300-digit limit
        return None
    value = int(digits)
    return value if value <= _INT64_MAX else None


def parse_rupiah(text: str) -> int | None:
    """Whole Rupiah: ``1000000``, ``1.000.000``, ``1,000,000``, ``Rp 1.000.000``, ``Rp 1.000.000,00``."""
    return parse_count(_ZERO_CENTS.sub("", _RP.sub("", text.strip())))


def parse_sex(text: str) -> str | None:
    return _SEX.get(text.strip().upper())


def parse_decile(text: str) -> int | None:
    value = parse_count(text)
    return value if value is not None and 1 <= value <= 10 else None


def parse_programmes(text: str) -> str | None:
    """``jkk; JKM`` -> ``JKK;JKM`` in the canonical order; None when empty or any part is unknown."""
    parts = {p.upper() for p in _PROGRAMME_SPLIT.split(text.strip()) if p}
    if not parts or not parts <= set(PROGRAMMES):
        return None
    return ";".join(p for p in PROGRAMMES if p in parts)


def parse_choice(text: str, choices: tuple[str, ...]) -> str | None:
    by_folded = {c.casefold(): c for c in choices}
    return by_folded.get(text.strip().casefold())


def parse_kk(text: str) -> str | None:
    """A KK number is written like a NIK (16 digits) and suffers the same spreadsheet habits: spaces, dots,
    an apostrophe in front, a ``.0`` behind; they are removed the same way."""
    digits = normalize_nik(text)
    return digits if _SIXTEEN_DIGITS.fullmatch(digits) else None
