"""Heirs of a participant, and which children the scholarship pays for this year.

Scholarships (PP 82/2019) go to at most ``benefits/scholarship/max_children`` children of a participant who died or is
totally disabled; a child stops counting at the age limit, on marriage or on taking a job. Children are counted
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
    employed: bool = False


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
        elif child.employed:
            why = ("sudah bekerja", "employed")
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
            decisions.append(ChildDecision(child, True, f"beasiswa {level}.", f"{level} scholarship."))
            continue
        decisions.append(ChildDecision(child, False, f"tidak dibayar, {why[0]}.", f"not paid, {why[1]}."))
    return decisions
