"""What an import tells an officer about persons outside their regions, audited per NIK.

Elsewhere one answer covers "not registered" and "registered outside your regions" (a membership whose person
is out of scope is ``person_unknown``, as the claim and batch forms answer). A persons file cannot do so: loading
a row whose NIK is registered outside the officer's regions would move that person, and treating it as new would
make a duplicate, so the row is refused with ``person_outside_scope``, which tells the officer the NIK is
registered somewhere. Each such answer is written to the audit log as a reveal of that person, by the uploader,
once per import job and person.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cakupan.core.nik import mask_nik
from cakupan.ingest.validate import RowProblem
from cakupan.web.audit.models import AuditEvent
from cakupan.web.linkage.selectors import merged_nik_targets
from cakupan.web.registry.models import Person

REGISTERED_ELSEWHERE = "person_outside_scope"
LOOKUP_CHUNK = 5000


def _reason(job_id: object) -> str:
    return f"pemeriksaan impor {job_id}: NIK terdaftar di luar wilayah kerja pengunggah"


def import_reveals_audit(*, problems: Iterable[RowProblem], user: Any, job_id: object) -> int:
    """Audit a reveal of each person whose NIK ``problems`` report as registered outside the uploader's regions
    (``person_outside_scope``), unless already audited for this job; returns the number of events written."""
    niks = sorted({p.value for p in problems if p.problem.code == REGISTERED_ELSEWHERE and p.value})
    if not niks:
        return 0
    persons: dict[str, tuple[int, str]] = {}
    for start in range(0, len(niks), LOOKUP_CHUNK):
        chunk = niks[start : start + LOOKUP_CHUNK]
        persons.update(
            (nik, (pk, region))
            for nik, pk, region in Person.objects.filter(nik__in=chunk).values_list("nik", "pk", "region_id")
        )
    merged = merged_nik_targets([n for n in niks if n not in persons])
    if merged:
        kept = dict(Person.objects.filter(pk__in=set(merged.values())).values_list("pk", "region_id"))
        persons.update((nik, (pk, kept[pk])) for nik, pk in merged.items() if pk in kept)
    reason = _reason(job_id)
    done = set(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.REVEAL, object_type="person", reason=reason
        ).values_list("object_id", flat=True)
    )
    actor = user if user is not None and user.is_authenticated else None
    events = []
    for nik, (pk, region) in sorted(persons.items()):
        if str(pk) in done:
            continue
        done.add(str(pk))
        events.append(
            AuditEvent(
                action=AuditEvent.Action.REVEAL,
                actor=actor,
                actor_name=actor.get_username() if actor is not None else "",
                object_type="person",
                object_id=str(pk),
                region_code=region,
                changes={"import_job": str(job_id), "nik": mask_nik(nik)},
                reason=reason,
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)
