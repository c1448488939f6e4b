"""Reads for record linkage: the registry as a frame for the linker, the review queue, runs, thresholds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import Q, QuerySet

from cakupan.linkage.engine import LinkageModel, Thresholds, load_model
from cakupan.web.accounts.scope import scope_q, user_scope
from cakupan.web.imports.selectors import import_visible
from cakupan.web.linkage.models import LinkCandidate, LinkJob, LinkRun, PersonMerge
from cakupan.web.registry.models import Person

FETCH_CHUNK = 20_000


def registry_frame(*, scope: Sequence[str] | None = None) -> pl.DataFrame:
    """Every registry person in the linker's layout (``cakupan.linkage.engine.COLUMNS``), record_id = Person id;
    with ``scope``, only those domiciled in those regions (an officer links against the persons they may see)."""
    columns = ("id", "nik", "name", "birth_date", "sex", "region_id")
    persons = (
        Person.objects.all()
        if scope is None
        else Person.objects.filter(scope_q("region__code", tuple(scope)))
    )
    rows = persons.order_by("id").values_list(*columns).iterator(chunk_size=FETCH_CHUNK)
    frame = pl.DataFrame(
        list(rows),
        schema={
            "record_id": pl.Int64,
            "nik": pl.String,
            "nama": pl.String,
            "tanggal_lahir": pl.Date,
            "jenis_kelamin": pl.String,
            "kode_wilayah": pl.String,
        },
        orient="row",
    )
    return frame


def thresholds_configured() -> Thresholds:
    return Thresholds(
        match=settings.CAKUPAN_LINK_MATCH_THRESHOLD, review=settings.CAKUPAN_LINK_REVIEW_THRESHOLD
    )


@dataclass(frozen=True)
class ThresholdReport:
    """The thresholds in force and what they were measured to give (on synthetic data with known truth)."""

    thresholds: Thresholds
    model: LinkageModel
    measured: dict[str, Any] | None

    @property
    def measured_exactly(self) -> bool:
        return self.measured is not None and float(self.measured["match"]) == self.thresholds.match


def threshold_report() -> ThresholdReport:
    thresholds = thresholds_configured()
    model = load_model()
    return ThresholdReport(thresholds=thresholds, model=model, measured=model.measured(thresholds))


STATUSES = [s.value for s in LinkCandidate.Status]
METHODS = [m.value for m in LinkCandidate.Method]


def candidate_queryset(*, user: Any) -> QuerySet[LinkCandidate]:
    """Candidates whose person (and, for a duplicate, whose other person) lies in the user's scope."""
    other_in_scope = Q(record_person__isnull=True) | scope_q("record_person__region__code", user_scope(user))
    return (
        LinkCandidate.objects.visible_to(user)
        .filter(other_in_scope)
        .select_related("run", "person", "person__region", "record_person", "record_person__region")
    )


def candidate_list(
    *,
    user: Any,
    status: str = "pending",
    run: int | None = None,
    region: str = "",
    method: str = "",
    kind: str = "",
) -> QuerySet[LinkCandidate]:
    """The review queue: candidates in scope, filtered; best evidence first."""
    candidates = candidate_queryset(user=user)
    if status in STATUSES:
        candidates = candidates.filter(status=status)
    if run is not None:
        candidates = candidates.filter(run_id=run)
    if region:
        candidates = candidates.filter(
            Q(person__region__code=region) | Q(person__region__code__startswith=region + ".")
        )
    if method in METHODS:
        candidates = candidates.filter(method=method)
    if kind in LinkRun.Kind.values:
        candidates = candidates.filter(run__kind=kind)
    return candidates.order_by("-match_weight", "id")


def candidate_get(*, user: Any, pk: int) -> LinkCandidate:
    """One candidate in the user's scope; LinkCandidate.DoesNotExist (a 404) otherwise."""
    return candidate_queryset(user=user).get(pk=pk)


def candidate_alternatives(*, candidate: LinkCandidate, user: Any) -> QuerySet[LinkCandidate]:
    """The other candidates of the same record in the same run (the user may see)."""
    return (
        candidate_queryset(user=user)
        .filter(run_id=candidate.run_id, source_row=candidate.source_row)
        .exclude(pk=candidate.pk)
        .order_by("rank", "-match_weight")
    )


def run_list(*, limit: int = 10) -> QuerySet[LinkRun]:
    """The latest runs (counts only, no personal data)."""
    return (
        LinkRun.objects.select_related("created_by")
        .prefetch_related("jobs")
        .order_by("-created_at", "-id")[:limit]
    )


# --- runs started in the browser (LinkJob) ---
# A job carries its maker's scope regions: another user with review_links sees it when their regions cover all
# of those (the same rule as for imports), since its file and outcome concern the persons of those regions.


def link_job_visible(*, user: Any, job: LinkJob) -> bool:
    return import_visible(user=user, object_scope=job.scope)


def link_job_get(*, user: Any, pk: Any) -> LinkJob:
    """One job ``user`` may see; LinkJob.DoesNotExist (a 404) otherwise."""
    job = LinkJob.objects.select_related("created_by", "run").get(pk=pk)
    if not link_job_visible(user=user, job=job):
        raise LinkJob.DoesNotExist
    return job


def link_job_list(*, user: Any, limit: int = 20) -> list[LinkJob]:
    """The latest jobs ``user`` may see, newest first."""
    jobs = LinkJob.objects.select_related("created_by", "run").order_by("-created_at")[: limit * 5]
    return [job for job in jobs if link_job_visible(user=user, job=job)][:limit]


def run_decisions(*, run: LinkRun) -> dict[str, int]:
    """Rows of ``run`` by the state of their candidates now (reviews happen after the run): still waiting,
    confirmed, and rows whose every candidate was dismissed."""
    by_row: dict[int, set[str]] = {}
    for row, status in LinkCandidate.objects.filter(run=run).values_list("source_row", "status"):
        by_row.setdefault(row, set()).add(status)
    confirmed = sum(1 for s in by_row.values() if LinkCandidate.Status.CONFIRMED in s)
    waiting = sum(
        1
        for s in by_row.values()
        if LinkCandidate.Status.PENDING in s and LinkCandidate.Status.CONFIRMED not in s
    )
    dismissed = sum(1 for s in by_row.values() if s == {LinkCandidate.Status.DISMISSED})
    return {"waiting": waiting, "confirmed": confirmed, "dismissed": dismissed}


def merged_nik_targets(niks: list[str], *, chunk: int = 5000) -> dict[str, int]:
    """NIKs of person records merged away -> the kept person's id (the latest merge of each NIK wins)."""
    merges = PersonMerge.objects.filter(kept__isnull=False).order_by("merged_at", "pk")
    if merges.count() <= len(niks):
        # Merges are few (each is a reviewer's decision) and a file has up to millions of NIKs: read the merges
        # once rather than look up every NIK (the ORM prepares each of a million parameters in Python).
        wanted = set(niks)
        return {nik: kept for nik, kept in merges.values_list("merged_nik", "kept_id") if nik in wanted}
    found: dict[str, int] = {}
    for start in range(0, len(niks), chunk):
        part = merges.filter(merged_nik__in=niks[start : start + chunk])
        found.update(part.values_list("merged_nik", "kept_id"))
    return found
