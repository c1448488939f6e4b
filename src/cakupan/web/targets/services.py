"""Writes to coverage targets. Every write is checked by the pure core's rules (``validate_target``) and audited
with its old and new values in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from cakupan.indicators.coverage import DEFAULT_DENOMINATOR
from cakupan.indicators.targets import TargetSpec
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.registry.models import Region
from cakupan.web.targets.models import CoverageTarget

OBJECT_TYPE = "coverage_target"
VALUE_FIELDS = ("baseline_value", "baseline_date", "target_value", "target_date", "source_document")
_CENT = Decimal("0.01")


def _plain(value: Any) -> Any:
    """A value as the audit log's JSON keeps it: percentages as text with 2 decimals, dates in ISO form."""
    if isinstance(value, Decimal):
        return str(value.quantize(_CENT))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _values(
    *,
    baseline_value: Decimal,
    baseline_date: dt.date,
    target_value: Decimal,
    target_date: dt.date,
    source_document: str,
) -> dict[str, Any]:
    """The values checked by the core's rules (``ValueError`` in Indonesian when they cannot be used)."""
    spec = TargetSpec(
        baseline_value=baseline_value.quantize(_CENT),
        baseline_date=baseline_date,
        target_value=target_value.quantize(_CENT),
        target_date=target_date,
        source=source_document.strip(),
    )
    return {
        "baseline_value": spec.baseline_value,
        "baseline_date": spec.baseline_date,
        "target_value": spec.target_value,
        "target_date": spec.target_date,
        "source_document": spec.source,
    }


@transaction.atomic
def target_create(
    *,
    region: Region,
    indicator: str = "ucj",
    denominator_kind: str = DEFAULT_DENOMINATOR,
    baseline_value: Decimal,
    baseline_date: dt.date,
    target_value: Decimal,
    target_date: dt.date,
    source_document: str,
    by: Any = None,
    request: HttpRequest | None = None,
) -> CoverageTarget:
    values = _values(
        baseline_value=baseline_value,
        baseline_date=baseline_date,
        target_value=target_value,
        target_date=target_date,
        source_document=source_document,
    )
    target = CoverageTarget.objects.create(
        region=region, indicator=indicator, denominator_kind=denominator_kind, created_by=by, **values
    )
    changes = {"indicator": [None, indicator], "denominator_kind": [None, denominator_kind]}
    changes |= {name: [None, _plain(value)] for name, value in values.items()}
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=by,
        request=request,
        object_type=OBJECT_TYPE,
        object_id=target.pk,
        region_code=region.code,
        changes=changes,
    )
    return target


@transaction.atomic
def target_update(
    *,
    target: CoverageTarget,
    baseline_value: Decimal,
    baseline_date: dt.date,
    target_value: Decimal,
    target_date: dt.date,
    source_document: str,
    by: Any = None,
    request: HttpRequest | None = None,
) -> CoverageTarget:
    """Change a target's values (its region, indicator and denominator kind stay); only a real change is
    saved and audited."""
    values = _values(
        baseline_value=baseline_value,
        baseline_date=baseline_date,
        target_value=target_value,
        target_date=target_date,
        source_document=source_document,
    )
    changes = {
        name: [_plain(getattr(target, name)), _plain(value)]
        for name, value in values.items()
        if _plain(getattr(target, name)) != _plain(value)
    }
    if not changes:
        return target
    for name, value in values.items():
        setattr(target, name, value)
    target.save(update_fields=[*values, "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=by,
        request=request,
        object_type=OBJECT_TYPE,
        object_id=target.pk,
        region_code=target.region_id,
        changes=changes,
    )
    return target


@transaction.atomic
def target_delete(*, target: CoverageTarget, by: Any = None, request: HttpRequest | None = None) -> None:
    fields = ("indicator", "denominator_kind", *VALUE_FIELDS)
    changes = {name: [_plain(getattr(target, name)), None] for name in fields}
    pk, region_code = target.pk, target.region_id
    target.delete()
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=by,
        request=request,
        object_type=OBJECT_TYPE,
        object_id=pk,
        region_code=region_code,
        changes=changes,
    )
