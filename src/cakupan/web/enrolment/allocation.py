"""Run the optimiser for a scheme: candidates from the registry, eligibility and priority from the scheme, the
exact allocation over its funding sources beside the greedy baseline, and what an extra Rp 100 juta buys."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
from django.db import transaction
from django.http import HttpRequest

from cakupan import funding
from cakupan.enrolment.states import EnrolmentError
from cakupan.targeting import (
    EligibilityRules,
    PriorityWeights,
    eligibility_rules,
    eligible_mask,
    priority_scores,
    priority_weights,
)
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.enrolment.candidates import scheme_candidates
from cakupan.web.enrolment.models import AllocationPick, AllocationRun, FundingSource, Scheme, split_list
from cakupan.web.enrolment.schedule import committed_cost, source_pricing

EXTRA_BUDGET = 100_000_000  # the marginal question: what would another Rp 100 juta protect?


def scheme_rules(scheme: Scheme) -> EligibilityRules:
    return eligibility_rules(
        region=scheme.region_id,
        min_age=scheme.min_age,
        max_age=scheme.max_age,
        sectors=split_list(scheme.sectors),
        max_decile=scheme.max_decile,
        occupations=split_list(scheme.occupations),
        special_groups=split_list(scheme.special_groups),
        exclude_active=scheme.exclude_active,
    )


def scheme_weights(scheme: Scheme) -> PriorityWeights:
    return priority_weights(
        decile=scheme.weight_decile,
        occupational_risk=scheme.weight_risk,
        head_of_household=scheme.weight_head,
        dependants=scheme.weight_dependants,
        max_dependants=scheme.max_dependants,
    )


def core_source(
    source: FundingSource, *, scheme: Scheme, monthly_cost: int | None = None, committed: int = 0
) -> funding.FundingSource:
    """The core's view of a source for ``scheme``: the budget not yet promised to approved batches, what one
    worker costs it per sector group for its months from the scheme's start (``monthly_cost`` given: that, for
    checks that need no cost), and an earmark that defaults to the source's own region when that lies inside the
    scheme's (a kecamatan CSR in a kabupaten scheme pays for that kecamatan only)."""
    regions = split_list(source.earmark_regions)
    if not regions and source.region_id.startswith(scheme.region_id + "."):
        regions = (source.region_id,)
    costs: tuple[tuple[str, int], ...] = ()
    if monthly_cost is None:
        pricing = source_pricing(scheme=scheme, source=source, start=scheme.start_date)
        monthly_cost, costs = pricing.undiscounted[0], tuple((g.group, g.total) for g in pricing.groups)
    return funding.FundingSource(
        key=str(source.pk),
        kind=funding.SourceKind(source.kind),
        name=source.name,
        fiscal_year=source.fiscal_year,
        budget=max(0, source.budget - committed),
        months=source.months,
        monthly_cost=monthly_cost,
        costs=costs,
        earmark=funding.Earmark(
            regions=frozenset(regions),
            sectors=frozenset(split_list(source.earmark_sectors)),
            occupations=frozenset(split_list(source.earmark_occupations)),
            max_decile=source.earmark_max_decile,
        ),
    )


def ranked_eligible(scheme: Scheme, user: Any) -> tuple[pl.DataFrame, int]:
    """The eligible candidates with their score, highest first (ties: lower person id), and how many persons
    the region has."""
    frame = scheme_candidates(scheme=scheme, user=user)
    mask = eligible_mask(frame, scheme_rules(scheme), on=scheme.start_date)
    scored = frame.with_columns(priority_scores(frame, scheme_weights(scheme)).alias("score"))
    return scored.filter(mask).sort(["score", "person_id"], descending=[True, False]), frame.height


def _result(allocation: funding.Allocation) -> dict[str, Any]:
    return {
        "objective": allocation.objective,
        "persons": int((allocation.assigned >= 0).sum()),
        "proven_optimal": allocation.proven_optimal,
        "stages": [stage.as_dict() for stage in allocation.stages],  # primary, then earmarked money first
        "seconds": round(allocation.seconds, 3),
        "sources": [
            {
                "key": s.key,
                "persons": s.persons,
                "person_months": s.person_months,
                "cost": s.cost,
                "unspent": s.unspent,
            }
            for s in allocation.sources
        ],
    }


def allocation_run_create(*, scheme: Scheme, by: Any, request: HttpRequest | None = None) -> AllocationRun:
    """Optimise the scheme's funding over its eligible candidates and keep the result (audited). The reading
    and solving happen before the write transaction, so SQLite's single writer is held only for the writes."""
    db_sources = list(scheme.sources.order_by("pk"))
    if not db_sources:
        raise EnrolmentError(
            "Skema ini belum punya sumber dana. Tambahkan sumber dana pada skema lalu hitung lagi.",
            "This scheme has no funding source yet. Add one to the scheme and run again.",
        )
    full = [core_source(s, scheme=scheme) for s in db_sources]
    problems = funding.check_sources(full, region=scheme.region_id, fiscal_year=scheme.fiscal_year)
    if problems:
        names = {str(s.pk): s.name for s in db_sources}
        raise EnrolmentError(
            " ".join(f"{names.get(p.source, p.source)}: {p.indonesian}" for p in problems),
            " ".join(f"{names.get(p.source, p.source)}: {p.english}" for p in problems),
        )
    committed = {str(s.pk): committed_cost(s.pk) for s in db_sources}
    sources = [core_source(s, scheme=scheme, committed=committed[str(s.pk)]) for s in db_sources]
    ranked, candidates = ranked_eligible(scheme, by)
    scores = ranked["score"].to_numpy().astype(np.int64)
    weights = scores + 1  # every protected person-month counts, higher priority counts more
    eligible = funding.eligible_matrix(ranked, sources)
    groups = funding.sector_groups(ranked["occupation"])  # the cost of a worker depends on their sector group
    best = funding.optimise(weights=weights, eligible=eligible, sources=sources, groups=groups)
    baseline = funding.greedy(weights=weights, eligible=eligible, sources=sources, groups=groups)
    margins = funding.marginal(
        weights=weights, eligible=eligible, sources=sources, groups=groups, extra=EXTRA_BUDGET
    )
    person_ids = ranked["person_id"].to_numpy()
    cutoffs = {
        sources[j].key: int(scores[best.assigned == j].min())
        for j in range(len(sources))
        if (best.assigned == j).any()
    }
    summary = {
        "optimum": _result(best),
        "greedy": _result(baseline),
        "marginal": [
            {"key": m.key, "extra_budget": m.extra_budget, "extra_persons": m.extra_persons} for m in margins
        ],
        "cutoffs": cutoffs,
        "eligible_by_source": {s.key: int(eligible[:, j].sum()) for j, s in enumerate(sources)},
        "committed": committed,  # promised to approved batches before this run, per source
        # what one worker costs each source per sector group, and why (PP 50/2025's discount or not)
        "pricing": {
            str(s.pk): source_pricing(scheme=scheme, source=s, start=scheme.start_date).as_dict()
            for s in db_sources
        },
    }
    with transaction.atomic():
        return _run_save(
            scheme=scheme,
            summary=summary,
            counts=(candidates, ranked.height),
            picks=(best, person_ids, scores, sources),
            by=by,
            request=request,
        )


def _run_save(
    *,
    scheme: Scheme,
    summary: dict[str, Any],
    counts: tuple[int, int],
    picks: tuple[funding.Allocation, np.ndarray, np.ndarray, list[funding.FundingSource]],
    by: Any,
    request: HttpRequest | None,
) -> AllocationRun:
    candidates, eligible = counts
    best, person_ids, scores, sources = picks
    picked = best.assigned >= 0
    run = AllocationRun.objects.create(
        scheme=scheme,
        as_of=scheme.start_date,
        candidates=candidates,
        eligible=eligible,
        summary=summary,
        created_by=by,
    )
    AllocationPick.objects.bulk_create(
        [
            AllocationPick(
                run=run,
                person_id=int(person_ids[i]),
                source_id=int(sources[best.assigned[i]].key),
                score=int(scores[i]),
            )
            for i in np.flatnonzero(picked)
        ],
        batch_size=5000,
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=by,
        request=request,
        object_type="allocation_run",
        object_id=run.pk,
        region_code=scheme.region_id,
        changes={"persons": [None, int(picked.sum())], "objective": [None, best.objective]},
    )
    return run
