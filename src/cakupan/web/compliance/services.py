"""Writes to the regional obligations: one item of one region at a time, checked against the core's checklist
and audited with what changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from cakupan.compliance import ComplianceError, obligations
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.compliance.models import OBLIGATION_STATUSES, RegionObligation
from cakupan.web.registry.models import Region

FIELDS = ("status", "regulation", "budget_line", "evidence_date", "note")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def region_obligation_save(
    *, region: Region, code: str, values: dict[str, Any], by: Any, request: HttpRequest | None = None
) -> RegionObligation:
    """Record how far ``region`` has met obligation ``code``; "fulfilled" needs its evidence."""
    item = next((o for o in obligations() if o.code == code), None)
    if item is None:
        raise ComplianceError(f"Kewajiban {code!r} tidak dikenal.", f"Unknown obligation {code!r}.")
    if values.get("status") not in OBLIGATION_STATUSES:
        raise ComplianceError("Status tidak dikenal.", "Unknown status.")
    day = values.get("evidence_date")
    if day is not None and day > timezone.localdate():
        raise ComplianceError("Tanggal bukti belum terjadi.", "The evidence date is in the future.")
    if values["status"] == "terpenuhi":
        missing = [kind for kind in item.evidence if not str(values.get(kind) or "").strip()]
        if day is None:
            missing.append("evidence_date")
        if missing:
            names = {
                "regulation": "nomor peraturan",
                "budget_line": "mata anggaran",
                "evidence_date": "tanggal",
            }
            raise ComplianceError(
                "Kewajiban yang terpenuhi memerlukan buktinya: " + ", ".join(names[m] for m in missing) + ".",
                "A fulfilled obligation needs its evidence: " + ", ".join(missing) + ".",
            )
    row = RegionObligation.objects.select_for_update().filter(region=region, code=code).first()
    before = {f: _plain(getattr(row, f)) for f in FIELDS} if row else {}
    row = row or RegionObligation(region=region, code=code)
    for field in FIELDS:
        setattr(row, field, values.get(field) if field == "evidence_date" else (values.get(field) or ""))
    row.updated_by = by
    row.save()
    after = {f: _plain(getattr(row, f)) for f in FIELDS}
    audit_record(
        action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
        actor=by,
        request=request,
        object_type="region_obligation",
        object_id=row.pk,
        region_code=region.code,
        changes={"code": code, **{f: [before.get(f), after[f]] for f in FIELDS if before.get(f) != after[f]}},
    )
    return row
