"""Writes to funding sources and schemes, checked by the pure core (earmarks, eligibility, weights) before
anything is saved, and audited with their values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from cakupan import funding
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
    created: bool,
) -> None:
    changes = {
        name: [None if created else _plain(getattr(obj, name)), _plain(values[name])]
        for name in fields
        if name in values and (created or _plain(getattr(obj, name)) != _plain(values[name]))
    }
    for name, value in values.items():
        setattr(obj, name, value)
    if object_type == "funding_source":
        if obj.kind == funding.SourceKind.APB_NAGARI and not obj.earmark_regions and obj.region.level == 4:
            obj.earmark_regions = obj.region_id  # a nagari's budget protects that nagari's residents only
        _check_source(obj)
    obj.save()
    if changes:
        audit_record(
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
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
    created = source is None
    obj = FundingSource(created_by=by) if source is None else source
    _save(obj, SOURCE_FIELDS, values, object_type="funding_source", by=by, request=request, created=created)
    return obj


@transaction.atomic
def scheme_save(
    *,
    scheme: Scheme | None = None,
    values: dict[str, Any],
    sources: Sequence[FundingSource],
    by: Any,
    request: HttpRequest | None = None,
) -> Scheme:
    """Create or change a scheme; its eligibility rules and weights are checked by the core before saving."""
    from cakupan.web.enrolment.allocation import scheme_rules, scheme_weights
    from cakupan.web.enrolment.schedule import monthly_cost

    created = scheme is None
    obj = Scheme(created_by=by) if scheme is None else scheme
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        scheme_rules(obj)
        scheme_weights(obj)
        monthly_cost(
            scheme=obj, on=obj.start_date
        )  # programmes a BPU may have, an income basis within bounds
    except ValueError as exc:
        raise EnrolmentError(str(exc), getattr(exc, "english", str(exc))) from exc
    _save(obj, SCHEME_FIELDS, values, object_type="scheme", by=by, request=request, created=created)
    obj.sources.set(sources)
    return obj
