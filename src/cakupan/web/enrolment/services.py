"""Writes to funding sources and schemes, checked by the pure core (earmarks, eligibility, weights) before
anything is saved, and audited with their values."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from cakupan import funding
from cakupan.core.access import in_scope
from cakupan.enrolment.states import EnrolmentError
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.enrolment.models import FundingSource, Scheme

SOURCE_FIELDS = (
    "region",
    "kind",
    "name",
    "fiscal_year",
    "budget",
    "months",
    "earmark_regions",
    "earmark_sectors",
    "earmark_occupations",
    "earmark_max_decile",
    "legal_basis",
)
SCHEME_FIELDS = (
    "region",
    "name",
    "fiscal_year",
    "start_date",
    "programmes",
    "income_basis",
    "min_age",
    "max_age",
    "sectors",
    "max_decile",
    "occupations",
    "special_groups",
    "exclude_active",
    "weight_decile",
    "weight_risk",
    "weight_head",
    "weight_dependants",
    "max_dependants",
)


def _plain(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _check_source(source: FundingSource) -> None:
    """Refuse a source the optimiser could not use (negative budget, overlapping earmarks, an APB Nagari
    earmarked beyond its nagari, DBH Sawit without plantation occupations...)."""
    from cakupan.web.enrolment.allocation import core_source

    probe = Scheme(region=source.region, fiscal_year=source.fiscal_year, programmes="JKK;JKM", income_basis=0)
    core = core_source(source, scheme=probe, monthly_cost=1)
    problems = funding.check_sources([core], region=source.region_id, fiscal_year=source.fiscal_year)
    if problems:
        raise EnrolmentError(" ".join(p.indonesian for p in problems), " ".join(p.english for p in problems))


def _save(
    obj: Any,
    fields: Sequence[str],
    values: dict[str, Any],
    *,
    object_type: str,
    by: Any,
    request: HttpRequest | None,
    extra: dict[str, list[Any]] | None = None,
) -> None:
    """Save ``obj`` with ``values``; the audit compares with the row as stored (a bound form has already
    changed the instance in memory), and records nothing when nothing changed."""
    stored = type(obj).objects.filter(pk=obj.pk).first() if obj.pk else None
    for name, value in values.items():
        setattr(obj, name, value)
    if object_type == "funding_source":
        if obj.kind == funding.SourceKind.APB_NAGARI and not obj.earmark_regions and obj.region.level == 4:
            obj.earmark_regions = obj.region_id  # a nagari's budget protects that nagari's residents only
        _check_source(obj)
    changes = {
        name: [None if stored is None else _plain(getattr(stored, name)), _plain(getattr(obj, name))]
        for name in fields
        if stored is None or _plain(getattr(stored, name)) != _plain(getattr(obj, name))
    } | (extra or {})
    obj.save()
    if changes:
        audit_record(
            action=AuditEvent.Action.CREATE if stored is None else AuditEvent.Action.UPDATE,
            actor=by,
            request=request,
            object_type=object_type,
            object_id=obj.pk,
            region_code=obj.region_id,
            changes=changes,
        )


@transaction.atomic
def funding_source_save(
    *,
    source: FundingSource | None = None,
    values: dict[str, Any],
    by: Any,
    request: HttpRequest | None = None,
) -> FundingSource:
    obj = FundingSource(created_by=by) if source is None else source
    _save(obj, SOURCE_FIELDS, values, object_type="funding_source", by=by, request=request)
    return obj


def _check_scheme_sources(scheme: Scheme, sources: Sequence[FundingSource]) -> None:
    """A scheme is paid by sources of its own fiscal year whose region contains the scheme's or lies inside it,
    and its cover starts within that year."""
    problems: list[tuple[str, str]] = []
    if scheme.start_date.year != scheme.fiscal_year:
        problems.append(
            (
                f"Perlindungan mulai {scheme.start_date:%d-%m-%Y}, di luar tahun anggaran {scheme.fiscal_year}.",
                f"Cover starts on {scheme.start_date:%d-%m-%Y}, outside fiscal year {scheme.fiscal_year}.",
            )
        )
    for source in sources:
        related = in_scope(scheme.region_id, [source.region_id]) or in_scope(
            source.region_id, [scheme.region_id]
        )
        if not related:
            problems.append(
                (
                    f"{source.name} adalah anggaran {source.region_id}, bukan wilayah skema {scheme.region_id}.",
                    f"{source.name} is a budget of {source.region_id}, not of the scheme's region {scheme.region_id}.",
                )
            )
        if source.fiscal_year != scheme.fiscal_year:
            problems.append(
                (
                    f"{source.name} untuk tahun anggaran {source.fiscal_year}, skema untuk {scheme.fiscal_year}.",
                    f"{source.name} is for fiscal year {source.fiscal_year}, the scheme for {scheme.fiscal_year}.",
                )
            )
    if problems:
        raise EnrolmentError(" ".join(p[0] for p in problems), " ".join(p[1] for p in problems))


@transaction.atomic
def scheme_save(
    *,
    scheme: Scheme | None = None,
    values: dict[str, Any],
    sources: Sequence[FundingSource],
    by: Any,
    request: HttpRequest | None = None,
) -> Scheme:
    """Create or change a scheme; its eligibility rules, weights, programmes and sources are checked before
    saving. Sources attached by someone who sees more regions than ``by`` stay attached."""
    from cakupan.web.enrolment.allocation import scheme_rules, scheme_weights
    from cakupan.web.enrolment.schedule import monthly_cost

    obj = Scheme(created_by=by) if scheme is None else scheme
    probe = copy.copy(obj)  # checked with the new values before anything is written
    for name, value in values.items():
        setattr(probe, name, value)
    try:
        scheme_rules(probe)
        scheme_weights(probe)
        monthly_cost(
            scheme=probe, on=probe.start_date
        )  # programmes a BPU may have, an income basis within bounds
    except ValueError as exc:
        raise EnrolmentError(str(exc), getattr(exc, "english", str(exc))) from exc
    before: list[int] = sorted(obj.sources.values_list("pk", flat=True)) if obj.pk else []
    hidden = (
        []
        if not obj.pk or by is None
        else list(obj.sources.exclude(pk__in=FundingSource.objects.visible_to(by)))
    )
    chosen = list(dict.fromkeys([*sources, *hidden]))
    _check_scheme_sources(probe, chosen)
    after = sorted(s.pk for s in chosen)
    extra = {"sources": [before or None, after]} if before != after else {}
    _save(obj, SCHEME_FIELDS, values, object_type="scheme", by=by, request=request, extra=extra)
    obj.sources.set(chosen)
    return obj
