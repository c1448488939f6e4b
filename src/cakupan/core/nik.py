"""NIK (Nomor Induk Kependudukan) rules.

Layout ``PP KK CC DDMMYY SSSS``: province, kab/kota and kecamatan *where the NIK was first issued* (it keeps
them when the person moves, and may carry a kecamatan code from before a region was split), birth date with
40 added to the day for women, and a serial from 0001. Structure cannot prove that Dukcapil issued a NIK; these
rules reject numbers that cannot be one and flag the ones that disagree with what else a row states.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container
from dataclasses import dataclass
from typing import Literal

from cakupan.core.problems import Problem

Sex = Literal["L", "P"]
_SIXTEEN = re.compile(r"[0-9]{16}")
_SEPARATORS = re.compile(r"[\s.\-]")
_LEADING = re.compile(r"^[\s']+")  # blanks and the apostrophe Excel uses to keep a number as text
# A number cell Excel turned into text: "1302054107850003.0" (or ",0" in an Indonesian locale).
_EXCEL_WHOLE = re.compile(r"([0-9]{16})[.,]0+")
# Excel's scientific notation, "1.30205E+15" or "1,30205E+15": the digits past the mantissa are gone. One digit
# before the decimal mark, as Excel writes it, so a NIK with a letter E typed for a 3 is not taken for one.
_SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?[eE][+-]?[0-9]{1,3}")
WOMAN_DAY_OFFSET = 40
# Put by the reader before the digits of an XLSX number cell whose digits Excel may have changed
# (cakupan.ingest.xlsx_guard): "≈1302054107850010". Such a value is never taken for the number it shows.
INEXACT_NUMBER_MARK = "≈"


@dataclass(frozen=True, slots=True)
class NikCheck:
    nik: str | None  # the 16 digits, or None when the input is not 16 digits
    problems: tuple[Problem, ...]
    sex: Sex | None = None
    birth_day: int | None = None
    birth_month: int | None = None
    birth_yy: int | None = None  # two-digit year; the century is not in the NIK

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def kecamatan_code(self) -> str | None:
        return None if self.nik is None else f"{self.nik[0:2]}.{self.nik[2:4]}.{self.nik[4:6]}"


def normalize_nik(raw: str) -> str:
    """The NIK as 16 digits when it is one, whatever spreadsheets and typists added around it.

    Removes spaces, dots and dashes (``1302 0541 0785 0003``, ``1302.0541.0785.0003``), the apostrophe that
    forces Excel to keep a number as text (``'1302054107850003``) and the ``.0`` a number cell gains when it is
    turned into text (``1302054107850003.0``). Scientific notation (``1.30205E+15``) and a number marked as
    inexact (``INEXACT_NUMBER_MARK``) are returned as written, so that ``check_nik`` can say the digits were lost. Applying it twice changes nothing more.
    """
    text = _LEADING.sub("", raw).strip()
    if _SCIENTIFIC.fullmatch(text) or text.startswith(INEXACT_NUMBER_MARK):
        return text
    whole = _EXCEL_WHOLE.fullmatch(text)
    if whole is not None:
        return whole.group(1)
    return _SEPARATORS.sub("", text).lstrip("'")


def _is_real_date(day: int, month: int, yy: int) -> bool:
    # 29 February exists in a century year only when it is a leap year; 2000 is, so 00 allows it.
    year = 2000 + yy
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def check_nik(
    raw: str,
    *,
    known_regions: Container[str],
    birth_date: dt.date | None = None,
    sex: Sex | None = None,
) -> NikCheck:
    """Check one NIK against the region codes in ``known_regions`` and, if given, a stated birth date and sex.

    Unknown province or kab/kota codes are errors; an unknown kecamatan under a known kab/kota is a warning,
    because NIKs keep codes from before a region was split.
    """
    nik = normalize_nik(raw)
    if not _SIXTEEN.fullmatch(nik):
        if _SCIENTIFIC.fullmatch(nik):
            return NikCheck(nik=None, problems=(Problem("nik_scientific", params={"value": nik}),))
        if nik.startswith(INEXACT_NUMBER_MARK):
            shown = nik.removeprefix(INEXACT_NUMBER_MARK)
            return NikCheck(nik=None, problems=(Problem("number_inexact", params={"value": shown}),))
        return NikCheck(nik=None, problems=(Problem("nik_format"),))

    problems: list[Problem] = []
    province, kabkota, kecamatan = nik[0:2], f"{nik[0:2]}.{nik[2:4]}", f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"
    if province not in known_regions:
        problems.append(Problem("nik_province", params={"code": province}))
    elif kabkota not in known_regions:
        problems.append(Problem("nik_kabkota", params={"code": kabkota}))
    elif kecamatan not in known_regions:
        problems.append(Problem("nik_kecamatan_retired", "warning", {"code": kecamatan}))

    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    nik_sex: Sex = "P" if day > WOMAN_DAY_OFFSET else "L"
    if nik_sex == "P":
        day -= WOMAN_DAY_OFFSET
    if not _is_real_date(day, month, yy):
        problems.append(Problem("nik_birth_date", params={"digits": nik[6:12]}))
        return NikCheck(nik=nik, problems=(*problems, *_serial_problems(nik)))

    if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        day,
        month,
        yy,
    ):
        problems.append(
            Problem(
                "nik_birth_date_mismatch",
                params={"nik_date": f"{day:02d}-{month:02d}-{yy:02d}", "stated": birth_date.isoformat()},
            )
        )
    if sex is not None and sex != nik_sex:
        problems.append(Problem("nik_sex_mismatch", params={"nik_sex": nik_sex, "stated": sex}))
    problems.extend(_serial_problems(nik))
    return NikCheck(
        nik=nik, problems=tuple(problems), sex=nik_sex, birth_day=day, birth_month=month, birth_yy=yy
    )


def _serial_problems(nik: str) -> list[Problem]:
    return [Problem("nik_serial")] if nik[12:16] == "0000" else []


def make_nik(*, kecamatan_code: str, birth_date: dt.date, sex: Sex, serial: int) -> str:
    """Compose a NIK (used by the synthetic population and by tests)."""
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial out of range: {serial}")
    digits = kecamatan_code.replace(".", "")
    if len(digits) != 6:
        raise ValueError(f"not a kecamatan code: {kecamatan_code!r}")
    day = birth_date.day + (WOMAN_DAY_OFFSET if sex == "P" else 0)
    return f"{digits}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def mask_nik(nik: str) -> str:
    """``1302054107850003`` -> ``1302********0003``: region kept, birth date hidden."""
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:] if len(nik) > 8 else "*" * len(nik)
