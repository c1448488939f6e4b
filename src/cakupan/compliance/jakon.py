"""Construction projects (jasa konstruksi, Jakon): is a project registered with BPJS Ketenagakerjaan, and in time?

The contractor must register every project's workers for JKK and JKM within a number of working days after the
SPK (surat perintah kerja) or contract is signed (``jakon.yaml``, dated, with its reference; the article is
UNVERIFIED). A review says, as of a day, which of five states a project is in, with a reason in both languages:

- ``terdaftar``: registered on or before the deadline (or registered with no date given: timeliness unknown);
- ``terlambat``: registered after the deadline;
- ``dalam_tenggat``: not registered yet, the deadline has not passed;
- ``belum_terdaftar``: not registered, the deadline has passed and the work is not finished;
- ``selesai_tanpa_daftar``: the work finished without ever being registered (its workers went uncovered).

A registration dated after the review day does not count yet, so a packet built as of a past day stays true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pydantic import Field

from cakupan.compliance.calendar import Holidays, add_working_days
from cakupan.compliance.errors import ComplianceError, ComplianceFileError
from cakupan.core.dated import Entry, Values, in_force, read, shipped
from cakupan.core.labels import Label

PATH = Path(__file__).with_name("jakon.yaml")


class ProjectStatus(StrEnum):
    REGISTERED = "terdaftar"
    LATE = "terlambat"
    WITHIN_DEADLINE = "dalam_tenggat"
    UNREGISTERED = "belum_terdaftar"
    FINISHED_UNREGISTERED = "selesai_tanpa_daftar"


PROJECT_STATUS_LABELS: dict[ProjectStatus, Label] = {
    ProjectStatus.REGISTERED: Label("Terdaftar", "Registered"),
    ProjectStatus.LATE: Label("Terdaftar terlambat", "Registered late"),
    ProjectStatus.WITHIN_DEADLINE: Label(
        "Belum terdaftar, masih dalam tenggat",
        "Not registered, within the deadline",
    ),
    ProjectStatus.UNREGISTERED: Label("Belum terdaftar, lewat tenggat", "Not registered, deadline passed"),
    ProjectStatus.FINISHED_UNREGISTERED: Label("Selesai tanpa didaftarkan", "Finished without registration"),
}
# Not registered (yet) on the review day: the contract value of these is what the meeting reads.
UNREGISTERED = frozenset(
    {ProjectStatus.WITHIN_DEADLINE, ProjectStatus.UNREGISTERED, ProjectStatus.FINISHED_UNREGISTERED}
)


class _Entry(Entry):
    working_days: int = Field(ge=1, le=90)


@dataclass(frozen=True)
class DeadlineRule:
    start: dt.date
    reference: str
    working_days: int


@dataclass(frozen=True)
class ProjectFacts:
    code: str  # kode proyek
    region: str  # Kemendagri code of the project's location
    spk_date: dt.date  # tanggal SPK / contract signed
    contract_value: int = 0  # nilai kontrak, whole Rupiah
    finished_on: dt.date | None = None  # tanggal selesai (PHO), when known
    registration_number: str = ""  # nomor registrasi proyek di BPJS Ketenagakerjaan
    registered_on: dt.date | None = None  # tanggal registrasi


@dataclass(frozen=True)
class ProjectReview:
    facts: ProjectFacts
    status: ProjectStatus
    deadline: dt.date | None  # None: no rule loaded for the SPK date
    holidays_known: bool  # False: a year on the way had no holiday list, weekdays only were counted
    reference: str
    indonesian: str
    english: str
    days_late: int = 0  # calendar days after the deadline (registered late, or still not registered)

    @property
    def registered(self) -> bool:
        return self.status not in UNREGISTERED


def parse_deadlines(text: str, *, file: str = "jakon.yaml") -> tuple[DeadlineRule, ...]:
    raw = read(text, Values[_Entry], file=file, refuse=ComplianceFileError)
    return tuple(DeadlineRule(e.from_, e.reference, e.working_days) for e in raw.values)


_shipped = shipped(PATH, parse_deadlines)


def deadline_rule_on(day: dt.date, table: tuple[DeadlineRule, ...] | None = None) -> DeadlineRule | None:
    """The rule in force on ``day`` (None before the first one)."""
    return in_force(table or _shipped(), day)


def _check(facts: ProjectFacts) -> None:
    value = facts.contract_value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ComplianceError(
            f"Proyek {facts.code}: nilai kontrak negatif atau tidak sah ({value!r}).",
            f"Project {facts.code}: negative or invalid contract value ({value!r}).",
        )


def review_project(
    facts: ProjectFacts,
    *,
    on: dt.date,
    table: tuple[DeadlineRule, ...] | None = None,
    holidays: Holidays | None = None,
) -> ProjectReview:
    """The registration state of the project ``facts`` on ``on``, with its deadline and reason."""
    _check(facts)
    rule = deadline_rule_on(facts.spk_date, table)
    spk = facts.spk_date.isoformat()
    if rule is None:
        due, known, reference = None, True, ""
        why_id = f"Tidak ada tenggat pendaftaran yang dimuat untuk SPK tanggal {spk}"
        why_en = f"No registration deadline is loaded for an SPK of {spk}"
    else:
        deadline = add_working_days(facts.spk_date, rule.working_days, holidays)
        due, known, reference = deadline.due, deadline.holidays_known, rule.reference
        why_id = f"Batas pendaftaran {due.isoformat()}: {rule.working_days} hari kerja setelah SPK {spk}"
        why_en = f"Registration deadline {due.isoformat()}: {rule.working_days} working days after the SPK of {spk}"
        if not known:
            why_id += " (hari libur tahun itu belum dimuat: hanya Senin-Jumat dihitung)"
            why_en += " (that year's holidays are not loaded: Monday to Friday only were counted)"

    def review(status: ProjectStatus, what: tuple[str, str], late: int = 0) -> ProjectReview:
        return ProjectReview(
            facts, status, due, known, reference, f"{what[0]}. {why_id}.", f"{what[1]}. {why_en}.", late
        )

    registered_on = facts.registered_on if facts.registered_on and facts.registered_on <= on else None
    number = facts.registration_number.strip()
    if registered_on is not None:
        day = registered_on.isoformat()
        late = (registered_on - due).days if due is not None else 0
        if late > 0:
            what = (f"Didaftarkan {day}, {late} hari setelah batas", f"Registered on {day}, {late} days late")
            return review(ProjectStatus.LATE, what, late)
        return review(ProjectStatus.REGISTERED, (f"Didaftarkan {day}", f"Registered on {day}"))
    if number and facts.registered_on is None:
        what = (
            f"Terdaftar (nomor {number}); tanggal registrasi tidak diketahui, ketepatan waktu tidak diperiksa",
            f"Registered (number {number}); registration date unknown, timeliness not checked",
        )
        return review(ProjectStatus.REGISTERED, what)
    overdue = max((on - due).days, 0) if due is not None else 0
    if facts.finished_on is not None and facts.finished_on <= on:
        day = facts.finished_on.isoformat()
        what = (
            f"Pekerjaan selesai {day} tanpa didaftarkan: pekerjanya tidak terlindungi JKK dan JKM",
            f"Work finished on {day} without registration: its workers were not covered by JKK and JKM",
        )
        late = (
            max((facts.finished_on - due).days, 0) if due is not None else 0
        )  # uncovered until the work ended
        return review(ProjectStatus.FINISHED_UNREGISTERED, what, late)
    if due is None or on > due:
        past = (f", {overdue} hari lewat batas", f", {overdue} days past the deadline") if due else ("", "")
        what = (
            f"Belum didaftarkan pada {on.isoformat()}{past[0]}",
            f"Not registered on {on.isoformat()}{past[1]}",
        )
        return review(ProjectStatus.UNREGISTERED, what, overdue)
    what = (
        f"Belum didaftarkan; masih ada waktu sampai {due.isoformat()}",
        f"Not registered yet; there is time until {due.isoformat()}",
    )
    return review(ProjectStatus.WITHIN_DEADLINE, what)


@dataclass
class ProjectCount:
    projects: int = 0
    contract_value: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in ProjectStatus})
    value_by_status: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in ProjectStatus})
    unregistered: int = 0  # not registered on the review day (within the deadline or not)
    value_unregistered: int = 0  # their contract value, whole Rupiah

    def add(self, review: ProjectReview) -> None:
        value = review.facts.contract_value
        self.projects += 1
        self.contract_value += value
        self.by_status[review.status.value] += 1
        self.value_by_status[review.status.value] += value
        if not review.registered:
            self.unregistered += 1
            self.value_unregistered += value

    def as_dict(self) -> dict[str, object]:
        return {
            "projects": self.projects,
            "contract_value": self.contract_value,
            "by_status": dict(self.by_status),
            "value_by_status": dict(self.value_by_status),
            "unregistered": self.unregistered,
            "value_unregistered": self.value_unregistered,
        }


def summarise_projects(reviews: Iterable[ProjectReview]) -> ProjectCount:
    """How many projects are in each state, and their contract values."""
    count = ProjectCount()
    for review in reviews:
        count.add(review)
    return count
