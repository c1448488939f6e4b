"""The events a family reports, and which programme answers each (BRIEF §4, PP 82/2019)."""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    DEATH = "death"  # death not from work: JKM
    WORK_DEATH = "work_death"  # death from a work accident: JKK
    WORK_ACCIDENT = "work_accident"  # injury at work: JKK medical care and income while unable to work
    DISABILITY = "disability"  # total permanent disability from a work accident: JKK
    PARTIAL_DISABILITY = "partial_disability"  # partial permanent disability: JKK, percentage × 80 × wage


EVENT_LABELS: dict[EventKind, tuple[str, str]] = {
    EventKind.DEATH: ("Meninggal dunia (bukan kecelakaan kerja)", "Death (not from work)"),
    EventKind.WORK_DEATH: ("Meninggal karena kecelakaan kerja", "Death from a work accident"),
    EventKind.WORK_ACCIDENT: ("Kecelakaan kerja", "Work accident"),
    EventKind.DISABILITY: ("Cacat total tetap karena kecelakaan kerja", "Total permanent disability (work)"),
    EventKind.PARTIAL_DISABILITY: (
        "Cacat sebagian tetap karena kecelakaan kerja",
        "Partial disability (work)",
    ),
}

DEATHS = frozenset({EventKind.DEATH, EventKind.WORK_DEATH})


def programme_of(kind: EventKind) -> str:
    """The programme that pays: JKM for a death not from work, JKK for everything a work accident causes."""
    return "JKM" if kind is EventKind.DEATH else "JKK"


# What each benefit item of ``cakupan.rules.benefit`` is, for a family and an officer.
ITEM_LABELS: dict[str, tuple[str, str]] = {
    "jkm_lump_sum": ("Santunan kematian sekaligus", "Death lump sum"),
    "periodic": (
        "Santunan berkala (24 bulan, dibayar sekaligus)",
        "Periodic benefit (24 months, paid at once)",
    ),
    "funeral": ("Biaya pemakaman", "Funeral costs"),
    "scholarship": ("Beasiswa anak", "Child's scholarship"),
    "jkk_death_wage_multiple": ("Santunan kematian karena kecelakaan kerja", "Work accident death benefit"),
    "jkk_total_disability_wage_multiple": (
        "Santunan cacat total tetap",
        "Total permanent disability benefit",
    ),
    "jkk_partial_disability": ("Santunan cacat sebagian tetap", "Partial permanent disability benefit"),
    "jkk_stmb": ("Santunan sementara tidak mampu bekerja (STMB)", "Income while unable to work (STMB)"),
}
