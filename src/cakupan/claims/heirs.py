"""Heirs of a participant, and which children the scholarship pays for this year.

Scholarships (PP 82/2019) go to at most ``benefits/scholarship/max_children`` children of a participant who died or is
totally disabled; a child stops counting at the age limit, on marriage or on taking a job. From Permenaker 1/2025 (Pasal 103
ayat (3a)) a child still in school keeps it while working as a wage earner (PU) for at most
``benefits/scholarship/work_exception_pu_months`` consecutive months, as a BPU participant or as an apprentice
(magang); before it any work ends it. Children are counted
oldest first among those still in school, so the order is the same whoever types the heirs in. A child not (yet) in
school has no level and is not paid this year (the family claims when the child enrols).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from cakupan.claims.errors import ClaimError
from cakupan.core.labels import Label
from cakupan.rules import LEVELS
from cakupan.rules.loader import ParameterTree, default_tree


class Work(StrEnum):
    """What work a child does, as far as the scholarship is concerned."""

    NONE = ""
    PU = "pu"  # wage earner (penerima upah)
    BPU = "bpu"  # not a wage earner (bukan penerima upah)
    APPRENTICE = "apprentice"  # magang


WORK_LABELS: dict[Work, Label] = {
    Work.NONE: Label("Tidak bekerja", "Not working"),
    Work.PU: Label("Bekerja sebagai PU", "Working as PU (wage earner)"),
    Work.BPU: Label("Bekerja sebagai BPU", "Working as BPU"),
    Work.APPRENTICE: Label("Magang", "Apprentice"),
}


class Relation(StrEnum):
    SPOUSE = "spouse"  # janda/duda
    CHILD = "child"
    PARENT = "parent"
    GRANDCHILD = "grandchild"
    SIBLING = "sibling"
    PARENT_IN_LAW = "parent_in_law"
    OTHER = "other"  # named in a will or by the court


RELATION_LABELS: dict[Relation, Label] = {
    Relation.SPOUSE: Label("Janda/duda", "Widow/widower"),
    Relation.CHILD: Label("Anak", "Child"),
    Relation.PARENT: Label("Orang tua", "Parent"),
    Relation.GRANDCHILD: Label("Cucu", "Grandchild"),
    Relation.SIBLING: Label("Saudara kandung", "Sibling"),
    Relation.PARENT_IN_LAW: Label("Mertua", "Parent-in-law"),
    Relation.OTHER: Label("Lainnya (wasiat/penetapan)", "Other (will/court)"),
}


@dataclass(frozen=True)
class Heir:
    name: str
    relation: Relation
    birth_date: dt.date | None = None
    nik: str = ""
    school_level: str = ""  # TK, SD, SMP, SMA, S1 (children in school); empty otherwise
    married: bool = False
    work: Work = Work.NONE
    work_months: int | None = None  # consecutive months as PU; None = not known (counts as too long)


@dataclass(frozen=True)
class ChildDecision:
    heir: Heir
    counted: bool  # paid a scholarship this year
    indonesian: str  # why, without the child's name (shown beside a masked name)
    english: str


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def scholarship_age_limit(on: dt.date, *, tree: ParameterTree | None = None) -> int:
    """The age at which a child's scholarship stops, by the parameters in force on ``on``."""
    return int((tree or default_tree()).value("benefits/scholarship/age_limit", on=on).scalar())


def work_stop(heir: Heir, *, on: dt.date, tree: ParameterTree | None = None) -> tuple[str, str] | None:
    """Why the child's work ends the scholarship on ``on`` (Indonesian, English), or None when it does not."""
    if heir.work is Work.NONE:
        return None
    rule = (tree or default_tree()).value("benefits/scholarship/work_exception_pu_months", on=on)
    most = int(rule.scalar())
    if most == 0:
        return (
            f"sudah bekerja: sebelum Permenaker 1/2025 bekerja apa pun menghentikan beasiswa ({rule.reference})",
            "employed: before Permenaker 1/2025 any work ends the scholarship",
        )
    if heir.work is not Work.PU:
        return None
    if heir.work_months is None:
        return (
            f"bekerja sebagai PU, lama berturut-turut tidak diketahui (dikecualikan paling lama {most} bulan, "
            f"{rule.reference})",
            f"working as PU for an unknown time (excepted up to {most} months)",
        )
    if heir.work_months > most:
        return (
            f"bekerja sebagai PU {heir.work_months} bulan berturut-turut, lebih dari {most} bulan ({rule.reference})",
            f"working as PU {heir.work_months} consecutive months, more than {most}",
        )
    return None


def check_heirs(heirs: Sequence[Heir], *, on: dt.date) -> None:
    """Refuse heirs that cannot be right: a child without a birth date, a level not in the table, a birth after the
    event... every problem in one message."""
    problems: list[tuple[str, str]] = []
    for number, heir in enumerate(heirs, start=1):
        where_id, where_en = (
            f"Ahli waris {number} ({heir.name or '-'})",
            f"Heir {number} ({heir.name or '-'})",
        )
        if not heir.name.strip():
            problems.append((f"{where_id}: nama kosong.", f"{where_en}: the name is empty."))
        if heir.school_level and heir.school_level not in LEVELS:
            problems.append(
                (
                    f"{where_id}: jenjang {heir.school_level!r} tidak dikenal ({', '.join(LEVELS)}).",
                    f"{where_en}: unknown school level {heir.school_level!r} ({', '.join(LEVELS)}).",
                )
            )
        if heir.relation is Relation.CHILD and heir.birth_date is None:
            problems.append(
                (
                    f"{where_id}: tanggal lahir anak wajib diisi.",
                    f"{where_en}: a child's birth date is required.",
                )
            )
        if heir.work_months is not None and (heir.work is not Work.PU or heir.work_months < 1):
            problems.append(
                (
                    f"{where_id}: lama bekerja (bulan) hanya untuk anak yang bekerja sebagai PU, paling sedikit 1.",
                    f"{where_en}: months of work only for a child working as PU, at least 1.",
                )
            )
        if heir.school_level and heir.relation is not Relation.CHILD:
            problems.append(
                (
                    f"{where_id}: jenjang sekolah hanya untuk anak (beasiswa).",
                    f"{where_en}: a school level is only for a child (scholarship).",
                )
            )
        # A child may be born after the parent's death (up to ~10 months); anyone else was born before it.
        latest = on + dt.timedelta(days=300) if heir.relation is Relation.CHILD else on
        if heir.birth_date is not None and heir.birth_date > latest:
            problems.append(
                (
                    f"{where_id}: tanggal lahir {heir.birth_date.isoformat()} sesudah tanggal peristiwa "
                    f"{on.isoformat()}.",
                    f"{where_en}: birth date {heir.birth_date.isoformat()} is after the event on {on.isoformat()}.",
                )
            )
    if problems:
        raise ClaimError(" ".join(p[0] for p in problems), " ".join(p[1] for p in problems))


def scholarship_children(
    heirs: Sequence[Heir], *, on: dt.date, tree: ParameterTree | None = None
) -> list[ChildDecision]:
    """For every child among ``heirs``, whether a scholarship is paid for the year starting ``on``, and why."""
    tree = tree or default_tree()
    children = sorted(
        (heir for heir in heirs if heir.relation is Relation.CHILD),
        key=lambda heir: (heir.birth_date or on, heir.name),
    )
    if not children:
        return []
    first = tree.get("benefits/scholarship/age_limit").values[0].start
    if on < first:
        return [
            ChildDecision(
                child,
                False,
                f"tidak dibayar, tidak ada parameter beasiswa yang berlaku pada {on.isoformat()} (mulai "
                f"{first.isoformat()}).",
                f"not paid, no scholarship parameters in force on {on.isoformat()} (from {first.isoformat()}).",
            )
            for child in children
        ]
    limit = tree.value("benefits/scholarship/age_limit", on=on)
    cap = tree.value("benefits/scholarship/max_children", on=on)
    most, too_old = int(cap.scalar()), int(limit.scalar())
    decisions: list[ChildDecision] = []
    counted = 0
    for child in children:
        age = age_on(child.birth_date, on) if child.birth_date else None
        if age is not None and age >= too_old:
            why = (
                f"berusia {age} tahun, batas {too_old} ({limit.reference})",
                f"aged {age}, limit {too_old}",
            )
        elif child.married:
            why = ("sudah menikah", "married")
        elif (stop := work_stop(child, on=on, tree=tree)) is not None:
            why = stop
        elif not child.school_level:
            why = (
                "belum/tidak bersekolah: diajukan saat mulai sekolah",
                "not in school: claimed when the child enrols",
            )
        elif counted >= most:
            why = (f"sudah {most} anak yang menerima ({cap.reference})", f"{most} children already counted")
        else:
            counted += 1
            level = child.school_level
            kept = _kept_while_working(child, on=on, tree=tree)
            decisions.append(
                ChildDecision(child, True, f"beasiswa {level}{kept[0]}.", f"{level} scholarship{kept[1]}.")
            )
            continue
        decisions.append(ChildDecision(child, False, f"tidak dibayar, {why[0]}.", f"not paid, {why[1]}."))
    return decisions


def _kept_while_working(child: Heir, *, on: dt.date, tree: ParameterTree) -> tuple[str, str]:
    """The rule that keeps a working child's scholarship, said beside the decision ('' when not working)."""
    if child.work is Work.NONE:
        return ("", "")
    rule = tree.value("benefits/scholarship/work_exception_pu_months", on=on)
    doing = {
        Work.PU: (
            f"bekerja sebagai PU {child.work_months} bulan berturut-turut",
            f"working as PU {child.work_months} months",
        ),
        Work.BPU: ("bekerja sebagai peserta BPU", "working as a BPU participant"),
        Work.APPRENTICE: ("magang", "an apprentice"),
    }[child.work]
    return (f", tetap dibayar walau {doing[0]} ({rule.reference})", f", kept while {doing[1]}")
