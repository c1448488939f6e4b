"""Reads for the enrolment pages: lists in the user's scope, lapse alerts, and "would this person be chosen,
and why (not)"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from cakupan import funding
from cakupan.targeting import Candidate, Decision, explain
from cakupan.web.enrolment.allocation import core_source, scheme_rules, scheme_weights
from cakupan.web.enrolment.candidates import scheme_candidates
from cakupan.web.enrolment.models import AllocationPick, AllocationRun, BatchMember, EnrolmentBatch, Scheme


def batch_list(*, user: Any) -> QuerySet[EnrolmentBatch]:
    """The batches the user may see, newest first (explicitly: Django drops Meta.ordering from a GROUP BY)."""
    return (
        EnrolmentBatch.objects.visible_to(user)
        .select_related("source", "scheme", "region", "created_by", "approved_by")
        .annotate(
            member_count=Count("members"),
            accepted_count=Count("members", filter=Q(members__status=BatchMember.Status.ACCEPTED)),
            rejected_count=Count("members", filter=Q(members__status=BatchMember.Status.REJECTED)),
        )
        .order_by("-created_at", "-pk")
    )


def latest_run(scheme: Scheme) -> AllocationRun | None:
    return scheme.runs.order_by("-created_at", "-pk").first()


@dataclass(frozen=True)
class LapseAlert:
    batch: EnrolmentBatch
    workers: int
    ends: dt.date
    renewed_by: EnrolmentBatch | None


def lapse_alerts(*, user: Any, today: dt.date, days: int | None = None) -> list[LapseAlert]:
    """Reconciled batches whose accepted workers' cover ends within ``days`` (CAKUPAN_LAPSE_ALERT_DAYS), or has
    ended without a renewal: a 3-month DBH Sawit cohort lapses unless renewed."""
    horizon = today + dt.timedelta(days=days if days is not None else settings.CAKUPAN_LAPSE_ALERT_DAYS)
    rows = (
        BatchMember.objects.visible_to(user)
        .filter(status=BatchMember.Status.ACCEPTED, membership__end_date__lte=horizon)
        .values("batch_id")
        .annotate(workers=Count("pk"), ends=Max("membership__end_date"))
    )
    found = {row["batch_id"]: row for row in rows}
    batches = EnrolmentBatch.objects.filter(pk__in=found).select_related("source", "scheme")
    renewals = {
        b.renewal_of_id: b
        for b in EnrolmentBatch.objects.filter(renewal_of_id__in=found).exclude(state="cancelled")
    }
    alerts = [
        LapseAlert(
            batch=b, workers=found[b.pk]["workers"], ends=found[b.pk]["ends"], renewed_by=renewals.get(b.pk)
        )
        for b in batches
    ]
    return sorted(alerts, key=lambda a: (a.renewed_by is not None, a.ends))


@dataclass(frozen=True)
class PersonCheck:
    nik: str
    decision: Decision | None  # None: not in the scheme's region (or not visible to the user)
    chosen_source: str | None
    why_not_chosen: tuple[str, str] | None  # Indonesian, English


def candidate_of(row: dict[str, Any]) -> Candidate:
    """A row of ``scheme_candidates`` as the core's Candidate."""
    return Candidate(
        person_id=row["person_id"],
        region=row["region"],
        birth_date=row["birth_date"],
        sector=row["sector"],
        occupation=row["occupation"],
        decile=row["decile"],
        active=row["active"],
        head_of_household=row["head_of_household"],
        dependants=row["dependants"],
        special_groups=frozenset(row["special_groups"]),
    )


def person_check(*, scheme: Scheme, nik: str, user: Any) -> PersonCheck:
    """Would this worker be chosen under ``scheme``, and why (not): each eligibility rule with its reason, the
    priority score with its parts, and against the latest optimiser run, the source that funds them or why none
    does (no source may fund them, or their score is below the lowest funded score)."""
    frame = scheme_candidates(scheme=scheme, user=user).filter(pl.col("nik") == nik.strip())
    if frame.is_empty():
        return PersonCheck(nik, None, None, None)
    row = frame.row(0, named=True)
    decision = explain(candidate_of(row), scheme_rules(scheme), scheme_weights(scheme), on=scheme.start_date)
    run = latest_run(scheme)
    if not decision.eligible or run is None:
        return PersonCheck(nik, decision, None, None)
    pick = AllocationPick.objects.filter(run=run, person_id=row["person_id"]).select_related("source").first()
    if pick is not None:
        return PersonCheck(nik, decision, pick.source.name, None)
    sources = list(scheme.sources.order_by("pk"))
    allowed = funding.eligible_matrix(
        frame, [core_source(s, scheme=scheme, monthly_cost=1) for s in sources]
    )[0]
    if not allowed.any():
        return PersonCheck(
            nik,
            decision,
            None,
            (
                "Tidak ada sumber dana skema ini yang boleh membiayainya (peruntukan wilayah, sektor, pekerjaan "
                "atau desil).",
                "No funding source of this scheme may pay for them (earmarked region, sector, occupation or decile).",
            ),
        )
    cutoffs = run.summary.get("cutoffs", {})
    parts_id, parts_en = [], []
    for source, ok in zip(sources, allowed, strict=True):
        if ok:
            cut = cutoffs.get(str(source.pk))
            parts_id.append(
                f"{source.name}: skor terendah yang dibiayai {cut}"
                if cut is not None
                else f"{source.name}: tidak membiayai siapa pun"
            )
            parts_en.append(
                f"{source.name}: lowest funded score {cut}"
                if cut is not None
                else f"{source.name}: funds no one"
            )
    score = decision.priority.score
    return PersonCheck(
        nik,
        decision,
        None,
        (
            f"Memenuhi syarat, tetapi anggaran habis untuk pekerja dengan skor lebih tinggi (skornya {score}; "
            + "; ".join(parts_id)
            + ").",
            f"Eligible, but the budget went to workers with higher scores (score {score}; "
            + "; ".join(parts_en)
            + ").",
        ),
    )
