"""The events a family reports, and which programme answers each (BRIEF §4, PP 82/2019)."""

from __future__ import annotations

from enum import StrEnum

from cakupan.core.labels import Label


class EventKind(StrEnum):
    DEATH = "death"  # death not from work: JKM
    WORK_DEATH = "work_death"  # death from a work accident: JKK
    WORK_ACCIDENT = "work_accident"  # injury at work: JKK medical care and income while unable to work
    DISABILITY = "disability"  # total permanent disability from a work accident: JKK
    PARTIAL_DISABILITY = "partial_disability"  # partial permanent disability: JKK, percentage × 80 × wage


EVENT_LABELS: dict[EventKind, Label] = {
    EventKind.DEATH: Label("Meninggal dunia (bukan kecelakaan kerja)", "Death (not from work)"),
    EventKind.WORK_DEATH: Label("Meninggal karena kecelakaan kerja", "Death from a work accident"),
    EventKind.WORK_ACCIDENT: Label("Kecelakaan kerja", "Work accident"),
    EventKind.DISABILITY: Label(
        "Cacat total tetap karena kecelakaan kerja", "Total permanent disability (work)"
    ),
    EventKind.PARTIAL_DISABILITY: Label(
        "Cacat sebagian tetap karena kecelakaan kerja",
        "Partial disability (work)",
    ),
}

DEATHS = frozenset({EventKind.DEATH, EventKind.WORK_DEATH})


def programme_of(kind: EventKind) -> str:
    """The programme that pays: JKM for a death not from work, JKK for everything a work accident causes."""
    return "JKM" if kind is EventKind.DEATH else "JKK"


# What each benefit item of ``cakupan.rules.benefit`` is, for a family and an officer.
ITEM_LABELS: dict[str, Label] = {
    "jkm_lump_sum": Label("Santunan kematian sekaligus", "Death lump sum"),
    "periodic": Label(
        "Santunan berkala (24 bulan, dibayar sekaligus)",
        "Periodic benefit (24 months, paid at once)",
    ),
    "funeral": Label("Biaya pemakaman", "Funeral costs"),
    "scholarship": Label("Beasiswa anak", "Child's scholarship"),
    "jkk_death_wage_multiple": Label(
        "Santunan kematian karena kecelakaan kerja", "Work accident death benefit"
    ),
    "jkk_total_disability_wage_multiple": Label(
        "Santunan cacat total tetap",
        "Total permanent disability benefit",
    ),
    "jkk_partial_disability": Label("Santunan cacat sebagian tetap", "Partial permanent disability benefit"),
    "jkk_stmb": Label("Santunan sementara tidak mampu bekerja (STMB)", "Income while unable to work (STMB)"),
}
