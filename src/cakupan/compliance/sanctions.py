"""The sanctions ladder of PP 86/2013 (``sanctions.yaml``, dated, strict) and what may be sent next to an employer:
a first warning, a second once the first has run out, the fine once the second has, and the request to the Pemda
to withhold public services once the fine's time has passed. Pure: the web shell passes the letters already sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Literal

from pydantic import Field

from cakupan.compliance.calendar import Holidays, add_working_days
from cakupan.compliance.errors import ComplianceError, ComplianceFileError
from cakupan.core.dated import Entry, Strict, Values, in_force, read, shipped

PATH = Path(__file__).with_name("sanctions.yaml")
StepCode = Literal["sp1", "sp2", "denda", "tmp2t"]
STEP_CODES: tuple[StepCode, ...] = ("sp1", "sp2", "denda", "tmp2t")
Issuer = Literal["bpjstk", "pemda"]
ISSUERS: tuple[Issuer, ...] = ("bpjstk", "pemda")


class _Step(Strict):
    code: StepCode
    issuers: list[Issuer] = Field(min_length=1)
    id: str = Field(min_length=3)
    en: str = Field(min_length=3)
    article: str = Field(min_length=3)
    days: int | None = Field(ge=1, le=366)
    day_kind: Literal["working", "calendar"]
    from_previous_deadline: bool = False


class _Entry(Entry):
    fine_rate_per_month: Decimal = Field(
        gt=0, lt=1, strict=False
    )  # written "0.001": a string, read as Decimal
    steps: list[_Step]


@dataclass(frozen=True)
class Step:
    code: StepCode
    indonesian: str
    english: str
    article: str
    days: int | None  # how long the employer has to comply; None for the last step
    working_days: bool
    issuers: tuple[str, ...]  # the offices that may send it
    from_previous: bool = False  # the period runs from the previous step's deadline, not the letter's date


@dataclass(frozen=True)
class Ladder:
    start: dt.date
    reference: str
    fine_rate_per_month: Decimal
    steps: tuple[Step, ...]

    def step(self, code: str) -> Step:
        return next(s for s in self.steps if s.code == code)


def parse_sanctions(text: str, *, file: str = "sanctions.yaml") -> tuple[Ladder, ...]:
    raw = read(text, Values[_Entry], file=file, refuse=ComplianceFileError)
    ladders = []
    for entry in raw.values:
        codes = tuple(step.code for step in entry.steps)
        if codes != STEP_CODES or any(s.days is None for s in entry.steps[:-1]):
            raise ComplianceError(
                f"Berkas {file}, nilai mulai {entry.from_}: langkah harus {', '.join(STEP_CODES)} berurutan, "
                "masing-masing dengan jangka waktu kecuali yang terakhir.",
                f"File {file}, value from {entry.from_}: the steps must be {', '.join(STEP_CODES)} in order, "
                "each with a period except the last.",
            )
        steps = tuple(
            Step(
                s.code,
                s.id,
                s.en,
                s.article,
                s.days,
                s.day_kind == "working",
                tuple(s.issuers),
                s.from_previous_deadline,
            )
            for s in entry.steps
        )
        ladders.append(Ladder(entry.from_, entry.reference, entry.fine_rate_per_month, steps))
    return tuple(ladders)


_shipped = shipped(PATH, parse_sanctions)


def ladder_on(on: dt.date, table: tuple[Ladder, ...] | None = None) -> Ladder:
    ladder = in_force(table or _shipped(), on)
    if ladder is None:
        raise ComplianceError(
            f"Belum ada aturan sanksi yang berlaku pada {on.isoformat()}.",
            f"No sanctions rule is in force on {on.isoformat()}.",
        )
    return ladder


def due_date(
    step: Step, issued_on: dt.date, holidays: Holidays | None = None, *, previous_due: dt.date | None = None
) -> dt.date | None:
    """The last day the employer has to comply with a letter of ``step`` issued on ``issued_on``. A step whose period
    runs from the end of the previous one (the fine: 30 days from the end of the second written warning) counts
    from ``previous_due``, whatever the letter's date; such a deadline may already have passed when it is sent."""
    if step.days is None:
        return None
    start = issued_on
    if step.from_previous:
        if previous_due is None:
            raise ComplianceError(
                f"{step.indonesian}: jangka waktunya dihitung sejak batas waktu surat sebelumnya, yang tidak ada.",
                f"{step.english}: its period runs from the previous letter's deadline, which is missing.",
            )
        start = previous_due
    if step.working_days:
        return add_working_days(start, step.days, holidays).due
    return start + dt.timedelta(days=step.days)


@dataclass(frozen=True)
class SentLetter:
    """A letter of the employer's open case (not yet closed), as the shell stored it."""

    step: str
    number: str
    issued_on: dt.date
    due_on: dt.date | None


@dataclass(frozen=True)
class NextStep:
    step: Step | None  # what may be sent now; None when nothing may be
    earliest: dt.date | None  # when it may be sent, if not yet
    indonesian: str
    english: str


def next_step(history: Sequence[SentLetter], *, compliant: bool, on: dt.date) -> NextStep:
    """What may be sent on ``on`` to an employer with the open case ``history`` (oldest first)."""
    ladder = ladder_on(on)
    if compliant:
        if history:
            return NextStep(
                None,
                None,
                "Pemberi kerja kini patuh: tutup kasus ini dengan hasil 'patuh'.",
                "The employer now complies: close this case as 'complied'.",
            )
        return NextStep(
            None, None, "Pemberi kerja patuh; tidak perlu surat.", "The employer complies; no letter."
        )
    if not history:
        return NextStep(
            ladder.step("sp1"),
            None,
            "Langkah pertama: teguran tertulis pertama.",
            "First step: a first written warning.",
        )
    last = history[-1]
    index = STEP_CODES.index(last.step)
    if index == len(STEP_CODES) - 1:
        return NextStep(
            None,
            None,
            "Langkah terakhir sudah dikirim: sanksi tidak mendapat pelayanan publik tertentu dikenakan oleh Pemda.",
            "The last step has been sent: the Pemda imposes the withholding of public services.",
        )
    following = ladder.step(STEP_CODES[index + 1])
    if last.due_on is not None and on <= last.due_on:
        earliest = last.due_on + dt.timedelta(days=1)
        return NextStep(
            following,
            earliest,
            f"Surat {last.number} masih berlaku sampai {last.due_on.isoformat()}; "
            f"{following.indonesian.lower()} dapat dikirim mulai {earliest.isoformat()}.",
            f"Letter {last.number} runs until {last.due_on.isoformat()}; "
            f"the {following.english.lower()} may be sent from {earliest.isoformat()}.",
        )
    return NextStep(
        following,
        None,
        f"Surat {last.number} telah lewat batas waktunya: langkah berikutnya {following.indonesian.lower()}.",
        f"Letter {last.number} has run out: next step, {following.english.lower()}.",
    )


def fine_months(second_warning_due: dt.date, on: dt.date) -> int:
    """Months of fine from the end of the second warning to ``on``: every month begun counts, at least one."""
    months = (on.year - second_warning_due.year) * 12 + on.month - second_warning_due.month
    if on.day > second_warning_due.day:
        months += 1
    return max(1, months)


def fine_amount(*, dues_owed: int, months: int, rate: Decimal) -> int:
    """The fine in whole Rupiah (rounded down): ``rate`` per month of the contributions that should have been paid."""
    if dues_owed < 0 or months < 0:
        raise ComplianceError(
            "Iuran terutang dan jumlah bulan tidak boleh negatif.", "Dues and months must not be negative."
        )
    return int((Decimal(dues_owed) * rate * months).to_integral_value(rounding=ROUND_DOWN))
