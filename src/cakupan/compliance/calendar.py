"""Working days (hari kerja) for legal deadlines: Monday to Friday, less the national holidays of
``holidays.yaml``. A deadline that crosses a year the file does not hold is still computed (weekdays only) and
says so, so that a screen can warn the officer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cakupan.compliance.errors import ComplianceError

PATH = Path(__file__).with_name("holidays.yaml")


class _Year(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    year: int = Field(ge=2000, le=2100)
    reference: str = Field(min_length=3)
    dates: dict[dt.date, str]

    @model_validator(mode="after")
    def _dates_in_year(self) -> _Year:
        stray = sorted(str(day) for day in self.dates if day.year != self.year)
        if stray:
            raise ValueError(f"dates outside {self.year}: {stray}")
        return self


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    years: list[_Year] = Field(min_length=1)


@dataclass(frozen=True)
class Holidays:
    dates: dict[dt.date, str]
    years: frozenset[int]  # the years whose holidays are known


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    holidays_known: bool  # False when a year on the way has no holiday list: weekdays only were counted
    skipped_holidays: tuple[tuple[dt.date, str], ...]


def parse_holidays(text: str, *, file: str = "holidays.yaml") -> Holidays:
    try:
        raw = _File.model_validate(yaml.safe_load(text), strict=False)
    except (ValidationError, yaml.YAMLError) as exc:
        raise ComplianceError(f"Berkas {file} tidak sah: {exc}", f"File {file} is invalid: {exc}") from None
    years = [entry.year for entry in raw.years]
    if len(years) != len(set(years)):
        raise ComplianceError(f"Berkas {file}: tahun berulang.", f"File {file}: a year is repeated.")
    dates = {day: name for entry in raw.years for day, name in entry.dates.items()}
    return Holidays(dates, frozenset(years))


@lru_cache(maxsize=1)
def shipped_holidays() -> Holidays:
    return parse_holidays(PATH.read_text(encoding="utf-8"), file=PATH.name)


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
