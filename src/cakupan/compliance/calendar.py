"""Working days (hari kerja) for legal deadlines: Monday to Friday, less the national holidays of
``holidays.yaml``. A deadline that crosses a year the file does not hold is still computed (weekdays only) and
says so, so that a screen can warn the officer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, model_validator

from cakupan.compliance.errors import ComplianceFileError
from cakupan.core.dated import Cadence, Due, Strict, check_increasing, overdue, read, shipped

PATH = Path(__file__).with_name("holidays.yaml")


class _Year(Strict):
    year: int = Field(ge=2000, le=2100)
    reference: str = Field(min_length=3)
    dates: dict[dt.date, str]

    @model_validator(mode="after")
    def _dates_in_year(self) -> _Year:
        stray = sorted(str(day) for day in self.dates if day.year != self.year)
        if stray:
            raise ValueError(f"dates outside {self.year}: {stray}")
        return self


class _File(Strict):
    cadence: Cadence | None = None  # when the next year's list falls due
    years: list[_Year] = Field(min_length=1)


@dataclass(frozen=True)
class Holidays:
    dates: dict[dt.date, str]
    years: frozenset[int]  # the years whose holidays are known
    cadence: Cadence | None = None
    last_reference: str = ""  # the decree of the last year loaded

    def due(self, on: dt.date, *, name: str = PATH.name) -> Due | None:
        """The next year's list fell due on or before ``on`` and is not loaded."""
        if not self.years:
            return None
        return overdue(name, self.cadence, dt.date(max(self.years), 1, 1), self.last_reference, on)


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    holidays_known: bool  # False when a year on the way has no holiday list: weekdays only were counted
    skipped_holidays: tuple[tuple[dt.date, str], ...]


def parse_holidays(text: str, *, file: str = "holidays.yaml") -> Holidays:
    raw = read(text, _File, file=file, refuse=ComplianceFileError)
    check_increasing(
        file, ((f"years.{i}.year", e.year) for i, e in enumerate(raw.years)), ComplianceFileError
    )
    dates = {day: name for entry in raw.years for day, name in entry.dates.items()}
    years = frozenset(entry.year for entry in raw.years)
    return Holidays(dates, years, raw.cadence, raw.years[-1].reference)


shipped_holidays = shipped(PATH, parse_holidays)


def add_working_days(start: dt.date, days: int, holidays: Holidays | None = None) -> Deadline:
    """The day on which ``days`` working days after ``start`` end (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    table = holidays or shipped_holidays()
    day, counted, skipped, known = start, 0, [], start.year in table.years
    while counted < days:
        day += dt.timedelta(days=1)
        known = known and day.year in table.years
        if day.weekday() >= 5:
            continue
        if day in table.dates:
            skipped.append((day, table.dates[day]))
            continue
        counted += 1
    return Deadline(day, known, tuple(skipped))
