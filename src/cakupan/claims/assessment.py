"""What the family is owed for one event, and why: covered on the day? by which membership? for how many months?
then the items and amounts from the dated parameters, each with the version (date, legal reference) it used.

When the worker was not protected, ``forgone`` holds what the family would have received had they been: the cost of
non-coverage. Without a wage on record it is priced at the lowest BPU income basis (a stated assumption).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cakupan.claims.coverage import Spell, contribution_months, contribution_runs, spell_on
from cakupan.claims.errors import ClaimError
from cakupan.claims.events import EVENT_LABELS, EventKind, programme_of
from cakupan.claims.heirs import ChildDecision, Heir, check_heirs, scholarship_children
from cakupan.rules import Benefit, Source, benefit
from cakupan.rules.loader import ParameterTree, default_tree


@dataclass(frozen=True)
class Reason:
    passed: bool
    indonesian: str
    english: str


@dataclass(frozen=True)
class Assessment:
    kind: EventKind
    on: dt.date
    programme: str
    covered: bool
    spell: Spell | None
    contribution_months: int
    reasons: tuple[Reason, ...]
    benefit: Benefit | None  # due, when covered
    forgone: Benefit | None  # would have been due, when not covered
    children: tuple[ChildDecision, ...]
    assumed_wage: bool = False  # forgone priced at the lowest BPU income basis

    @property
    def due_total(self) -> int:
        return self.benefit.total if self.benefit else 0

    @property
    def scholarship_per_year(self) -> int:
        return self.benefit.scholarship_per_year if self.benefit else 0

    @property
    def forgone_total(self) -> int:
        return self.forgone.total if self.forgone else 0

    def parameters(self) -> list[Source]:
        """Every parameter version the amounts used, once each, in the order first used."""
        seen: dict[tuple[str, str], Source] = {}
        for result in (self.benefit, self.forgone):
            for item in result.items if result else ():
                for source in item.sources:
                    seen.setdefault((source.name, source.since), source)
        return list(seen.values())

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready record, stored with the claim so the decision stays as it was made."""
        return {
            "event": self.kind.value,
            "date": self.on.isoformat(),
            "programme": self.programme,
            "covered": self.covered,
            "membership": self.spell.key if self.spell else None,
            "segment": self.spell.segment if self.spell else "",
            "contribution_months": self.contribution_months,
            "reasons": [{"passed": r.passed, "id": r.indonesian, "en": r.english} for r in self.reasons],
            "benefit": self.benefit.as_dict() if self.benefit else None,
            "forgone": self.forgone.as_dict() if self.forgone else None,
            "assumed_wage": self.assumed_wage,
            "children": [
                {"name": c.heir.name, "counted": c.counted, "id": c.indonesian, "en": c.english}
                for c in self.children
            ],
            "parameters": [
                {"name": s.name, "value": s.value, "since": s.since, "reference": s.reference}
                for s in self.parameters()
            ],
            "due_total": self.due_total,
            "scholarship_per_year": self.scholarship_per_year,
            "forgone_total": self.forgone_total,
        }


def _coverage_reason(spells: Sequence[Spell], on: dt.date, programme: str, found: Spell | None) -> Reason:
    day = on.isoformat()
    if found is not None:
        end = found.end.isoformat() if found.end else "masih berjalan"
        end_en = found.end.isoformat() if found.end else "open"
        return Reason(
            True,
            f"Aktif pada {day}: kepesertaan {found.segment} {found.start.isoformat()} s.d. {end} dengan program "
            f"{programme}.",
            f"Active on {day}: {found.segment} membership {found.start.isoformat()} to {end_en} with {programme}.",
        )
    other = [s for s in spells if s.start <= on and (s.end is None or on <= s.end)]
    if other:
        held = ", ".join(sorted({p for s in other for p in s.programmes}))
        return Reason(
            False,
            f"Aktif pada {day} tetapi tanpa program {programme} (program: {held}).",
            f"Active on {day} but without {programme} (programmes: {held}).",
        )
    ended = [s.end for s in spells if s.end is not None and s.end < on]
    if ended:
        last = max(ended).isoformat()
        return Reason(
            False,
            f"Tidak aktif pada {day}: kepesertaan terakhir berakhir {last}.",
            f"Not active on {day}: the last membership ended {last}.",
        )
    later = [s.start for s in spells if s.start > on]
    if later:
        first = min(later).isoformat()
        return Reason(
            False,
            f"Tidak aktif pada {day}: kepesertaan baru mulai {first}.",
            f"Not active on {day}: membership only started {first}.",
        )
    return Reason(
        False,
        f"Tidak terdaftar sebagai peserta BPJS Ketenagakerjaan pada {day}.",
        f"Not a BPJS Ketenagakerjaan participant on {day}.",
    )


def assess(
    *,
    kind: EventKind,
    on: dt.date,
    spells: Sequence[Spell],
    heirs: Sequence[Heir] = (),
    disability_percent: int | None = None,
    unable_days: int | None = None,
    injuries: Sequence[str] = (),
    left_handed: bool = False,
    tree: ParameterTree | None = None,
) -> Assessment:
    """Decide one event: the reasons in order (coverage, contribution period, children), then the amounts.

    A partial disability is priced from ``injuries`` (codes of the table, ``CODE`` or ``CODE:NN``) or from the
    medical adviser's ``disability_percent``, which wins when both are given (``cakupan.rules.injuries``)."""
    tree = tree or default_tree()
    try:
        kind = EventKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in EventKind)
        raise ClaimError(
            f"Peristiwa {kind!r} tidak dikenal; pilihan: {choices}.",
            f"Unknown event {kind!r}; choices: {choices}.",
        ) from None
    check_heirs(heirs, on=on)
    programme = programme_of(kind)
    found = spell_on(spells, on, programme)
    months = contribution_months(spells, on, programme)
    runs = ", ".join(
        first if first == last else f"{first} s.d. {last}"
        for first, last in contribution_runs(spells, on, programme)
    )
    runs_en = runs.replace(" s.d. ", " to ")
    reasons = [_coverage_reason(spells, on, programme, found)]
    reasons.append(
        Reason(
            months > 0,
            f"Masa iur {programme}: {months} bulan sampai bulan peristiwa"
            + (
                f" ({runs}; bulan mulai dan bulan peristiwa masing-masing dihitung satu bulan penuh)"
                if runs
                else ""
            )
            + " (menurut data kepesertaan di registri; catatan iuran BPJSTK yang menentukan).",
            f"{programme} contribution period: {months} months up to the month of the event"
            + (
                f" ({runs_en}; the month of the start and the month of the event each count as a whole month)"
                if runs
                else ""
            )
            + " (from the registry's memberships; BPJSTK's payment record decides).",
        )
    )
    if kind is EventKind.WORK_ACCIDENT:
        reasons.append(
            Reason(
                True,
                "Perawatan dan pengobatan sesuai kebutuhan medis tanpa batas biaya, dibayar BPJSTK langsung ke "
                "fasilitas kesehatan (PP 82/2019): tidak dihitung di sini.",
                "Medical care as medically needed, without a ceiling, paid by BPJSTK to the provider "
                "(PP 82/2019): not priced here.",
            )
        )
    children = tuple(scholarship_children(heirs, on=on, tree=tree))
    levels = [c.heir.school_level for c in children if c.counted]
    wage = found.wage_basis if found else None
    assumed = False
    if found is None:  # price what was lost at the latest wage on record before the event
        usable = sorted((s for s in spells if s.wage_basis > 0 and s.start <= on), key=lambda s: s.start)
        wage = usable[-1].wage_basis if usable else None
    if wage is None or wage <= 0:
        wage = int(tree.value("bpu/income_basis/minimum", on=on).scalar())
        assumed = kind is not EventKind.DEATH
        if assumed:
            reasons.append(
                Reason(
                    False,
                    f"Tidak ada upah tercatat: manfaat JKK dihitung dengan penghasilan BPU terendah Rp {wage:,}.".replace(
                        ",", "."
                    ),
                    f"No wage on record: JKK benefits are priced at the lowest BPU income, Rp {wage:,}.",
                )
            )
    result = benefit(
        event=kind.value,
        on=on,
        contribution_months=months,
        segment=found.segment if found else None,
        wage=wage,
        children=levels,
        disability_percent=disability_percent,
        unable_days=unable_days,
        injuries=injuries,
        left_handed=left_handed,
        tree=tree,
    )
    if found is not None and result.waiting is not None:
        waiting = result.waiting
        reasons.append(Reason(not waiting.funeral_only, waiting.reason_id, waiting.reason_en))
    reasons.append(
        Reason(result.scholarship.eligible, result.scholarship.reason_id, result.scholarship.reason_en)
    )
    if not result.scholarship.eligible:  # no child is paid when the scholarship itself is not due
        children = tuple(
            ChildDecision(
                c.heir,
                False,
                "tidak dibayar, beasiswa tidak berlaku untuk klaim ini.",
                "not paid, no scholarship is due on this claim.",
            )
            if c.counted
            else c
            for c in children
        )
    label_id, label_en = EVENT_LABELS[kind].id, EVENT_LABELS[kind].en
    if found is None and result.total == 0:
        reasons.append(
            Reason(
                False,
                f"{label_id}: tidak ada manfaat; bila terlindungi, perawatan sesuai kebutuhan medis dan STMB "
                "(tidak dihitung tanpa jumlah hari tidak mampu bekerja).",
                f"{label_en}: no benefits; had the worker been protected, medical care as needed and income while "
                "unable to work (not priced without the days unable to work).",
            )
        )
    elif found is None:
        reasons.append(
            Reason(
                False,
                f"{label_id}: keluarga tidak menerima manfaat; bila terlindungi mereka menerima Rp "
                f"{result.total:,} sekaligus".replace(",", ".")
                + (" (dihitung dengan penghasilan BPU terendah)." if assumed else "."),
                f"{label_en}: the family receives nothing; had the worker been protected they would have received "
                f"Rp {result.total:,} at once" + (" (priced at the lowest BPU income)." if assumed else "."),
            )
        )
    return Assessment(
        kind=kind,
        on=on,
        programme=programme,
        covered=found is not None,
        spell=found,
        contribution_months=months,
        reasons=tuple(reasons),
        benefit=result if found is not None else None,
        forgone=result if found is None else None,
        children=children,
        assumed_wage=assumed,
    )
