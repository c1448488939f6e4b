"""Writes for record linkage: store a run and its candidates, confirm or dismiss a candidate, merge two persons.

The linking itself (slow: seconds for 200,000 rows) runs before any transaction opens; only the writes of its
result are atomic.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
from django.db import models, transaction
from django.db.models import ForeignObjectRel
from django.http import HttpRequest
from django.utils import timezone

from cakupan.core.nik import mask_nik
from cakupan.linkage.decide import GAMMAS
from cakupan.linkage.engine import (
    LinkageModel,
    LinkResult,
    Thresholds,
    duplicates,
    level_labels,
    link,
    load_model,
)
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record
from cakupan.web.history.models import RecordChange
from cakupan.web.indicators.services import facts_refresh_enqueue
from cakupan.web.linkage.models import LinkCandidate, LinkRun, PersonMerge
from cakupan.web.linkage.selectors import registry_frame, thresholds_configured
from cakupan.web.registry.models import Person

BATCH_SIZE = 2000
OPEN = (LinkCandidate.Status.PENDING, LinkCandidate.Status.AUTO_LINKED)


class LinkDecisionError(ValueError):
    """A decision that cannot be taken on this candidate (the message is in Bahasa Indonesia)."""


def _agreement(row: dict[str, Any], labels: dict[str, dict[int, str]]) -> dict[str, str]:
    found = {}
    for gamma in GAMMAS:
        comparison = gamma.removeprefix("gamma_")
        value = row.get(gamma)
        if value is not None and comparison in labels:
            found[comparison] = labels[comparison].get(int(value), str(value))
    return found


def _record_fields(records: pl.DataFrame) -> dict[int, dict[str, Any]]:
    def text(value: Any, limit: int) -> str:
        return "" if value is None else str(value).strip()[:limit]

    fields = {}
    for row in records.iter_rows(named=True):
        birth = row["tanggal_lahir"]
        fields[int(row["record_id"])] = {
            "record_nik": text(row["nik"], 16),
            "record_name": text(row["nama"], 200),
            "record_birth_date": birth if isinstance(birth, dt.date) else None,
            "record_sex": text(row["jenis_kelamin"], 1),
            "record_region_code": text(row["kode_wilayah"], 13),
        }
    return fields


def link_run_create(
    *,
    records: pl.DataFrame,
    source: str,
    file_name: str = "",
    file_sha256: str = "",
    import_batch: Any = None,
    user: Any = None,
    actor_name: str = "",
    thresholds: Thresholds | None = None,
    model: LinkageModel | None = None,
    request: HttpRequest | None = None,
    scope: Sequence[str] | None = None,
    on_run: Callable[[LinkRun, LinkResult], None] | None = None,
) -> tuple[LinkRun, LinkResult]:
    """Link ``records`` (layout ``cakupan.linkage.engine.COLUMNS``, record_id = row number) to the registry
    (with ``scope``: the persons domiciled in those regions).

    Stores the run (with its counts, from the engine's one decision per row: linked by NIK, linked
    automatically, to review, not found), every probabilistic link, every candidate for review (NIK conflicts
    included), and audits it. Links by exact NIK are only counted. ``on_run`` is called inside the run's
    transaction, after everything is stored (a job marks itself done there, so job and run commit together).
    """
    thresholds = thresholds or thresholds_configured()
    model = model or load_model()
    started = time.perf_counter()
    registry = registry_frame(scope=scope)
    result = link(records, registry, thresholds=thresholds, model=model)
    seconds = time.perf_counter() - started
    labels = level_labels(model)
    # One decision per row (cakupan.linkage.decide): the counts come from it and add up to the rows linked.
    counts = result.counts
    # Exact-NIK links are counted, not stored: the NIK itself is the link, and there are many of them.
    stored = result.pairs.filter(~((pl.col("method") == "nik") & (pl.col("status") == "auto_linked")))
    fields = _record_fields(records.join(stored.select("record_id").unique(), on="record_id", how="semi"))
    with transaction.atomic():
        run = LinkRun.objects.create(
            kind=LinkRun.Kind.FILE,
            source=source,
            file_name=file_name[:255],
            file_sha256=file_sha256,
            import_batch=import_batch,
            match_threshold=thresholds.match,
            review_threshold=thresholds.review,
            model_version=model.version,
            rows_total=records.height,
            registry_rows=registry.height,
            rows_nik_linked=counts.nik,
            rows_auto_linked=counts.auto_linked,
            rows_pending=counts.review,
            rows_unmatched=counts.not_found,
            nik_conflicts=result.nik_conflicts,
            seconds=round(seconds, 3),
            created_by=user,
        )
        LinkCandidate.objects.bulk_create(
            (
                LinkCandidate(
                    run=run,
                    source_row=int(row["record_id"]),
                    person_id=int(row["person_id"]),
                    method=row["method"],
                    match_weight=float(row["match_weight"]),
                    match_probability=row["match_probability"],
                    rank=int(row["rank"]),
                    agreement=_agreement(row, labels),
                    status=row["status"],
                    **fields[int(row["record_id"])],
                )
                for row in stored.iter_rows(named=True)
            ),
            batch_size=BATCH_SIZE,
        )
        _audit_run(run, user=user, actor_name=actor_name, request=request)
        if on_run is not None:
            on_run(run, result)
    return run, result


def link_duplicates_create(
    *,
    user: Any = None,
    actor_name: str = "",
    threshold: float | None = None,
    model: LinkageModel | None = None,
    request: HttpRequest | None = None,
    scope: Sequence[str] | None = None,
    on_run: Callable[[LinkRun], None] | None = None,
) -> LinkRun:
    """Search the registry (with ``scope``: the persons domiciled in those regions) for persons that look like
    one human under different NIKs; queue them for review.

    Never merges anything. A pair already queued or decided in an earlier search is not queued again.
    ``on_run`` is called inside the run's transaction, after everything is stored.
    """
    thresholds = thresholds_configured()
    review = thresholds.review if threshold is None else threshold
    model = model or load_model()
    started = time.perf_counter()
    registry = registry_frame(scope=scope)
    found = duplicates(registry, threshold=review, model=model)
    seconds = time.perf_counter() - started
    labels = level_labels(model)
    known = {
        (min(a, b), max(a, b))
        for a, b in LinkCandidate.objects.filter(run__kind=LinkRun.Kind.DUPLICATES).values_list(
            "record_person_id", "person_id"
        )
    }
    new = [
        row
        for row in found.pairs.iter_rows(named=True)
        if (int(row["left_id"]), int(row["right_id"])) not in known
    ]
    with transaction.atomic():
        run = LinkRun.objects.create(
            kind=LinkRun.Kind.DUPLICATES,
            source="registry",
            match_threshold=thresholds.match,
            review_threshold=review,
            model_version=model.version,
            rows_total=registry.height,
            registry_rows=registry.height,
            rows_pending=len(new),
            seconds=round(seconds, 3),
            created_by=user,
        )
        LinkCandidate.objects.bulk_create(
            (
                LinkCandidate(
                    run=run,
                    source_row=int(row["left_id"]),
                    record_person_id=int(row["left_id"]),
                    person_id=int(row["right_id"]),
                    method=LinkCandidate.Method.SPLINK,
                    match_weight=float(row["match_weight"]),
                    match_probability=float(row["match_probability"]),
                    agreement=_agreement(row, labels),
                    status=LinkCandidate.Status.PENDING,
                )
                for row in new
            ),
            batch_size=BATCH_SIZE,
        )
        _audit_run(run, user=user, actor_name=actor_name, request=request)
        if on_run is not None:
            on_run(run)
    return run


def _audit_run(run: LinkRun, *, user: Any, actor_name: str, request: HttpRequest | None) -> None:
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=user,
        actor_name=actor_name,
        request=request,
        object_type="link_run",
        object_id=run.pk,
        changes={
            "kind": run.kind,
            "source": run.source,
            "file": run.file_name,
            "rows": run.rows_total,
            "nik_linked": run.rows_nik_linked,
            "auto_linked": run.rows_auto_linked,
            "pending": run.rows_pending,
            "unmatched": run.rows_unmatched,
            "nik_conflicts": run.nik_conflicts,
            "thresholds": [run.match_threshold, run.review_threshold],
        },
    )


def _decide(
    candidate: LinkCandidate,
    *,
    status: str,
    user: Any,
    note: str,
    request: HttpRequest | None,
) -> LinkCandidate:
    old = candidate.status
    candidate.status = status
    candidate.decided_by = user
    candidate.decided_at = timezone.now()
    candidate.note = note[:300]
    candidate.save(update_fields=["status", "decided_by", "decided_at", "note"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=user,
        request=request,
        object_type="link_candidate",
        object_id=candidate.pk,
        region_code=candidate.person.region_id,
        changes={"status": [old, status], "person": candidate.person_id, "run": candidate.run_id},
        reason=note[:300],
    )
    return candidate


@transaction.atomic
def link_candidate_confirm(
    *, candidate: LinkCandidate, user: Any, note: str = "", request: HttpRequest | None = None
) -> LinkCandidate:
    """The record is this person: confirmed; the record's other open candidates are dismissed."""
    candidate = LinkCandidate.objects.select_for_update().select_related("person", "run").get(pk=candidate.pk)
    if candidate.run.kind == LinkRun.Kind.DUPLICATES:
        raise LinkDecisionError("Pasangan duplikat registri diputuskan dengan menggabungkan atau menolaknya.")
    if candidate.status not in OPEN:
        raise LinkDecisionError(f"Kandidat ini sudah diputuskan ({candidate.get_status_display()}).")
    _decide(candidate, status=LinkCandidate.Status.CONFIRMED, user=user, note=note, request=request)
    others = LinkCandidate.objects.filter(
        run_id=candidate.run_id, source_row=candidate.source_row, status__in=OPEN
    ).exclude(pk=candidate.pk)
    for other in others.select_related("person"):
        _decide(
            other,
            status=LinkCandidate.Status.DISMISSED,
            user=user,
            note="otomatis: baris dikonfirmasi ke orang lain",
            request=request,
        )
    return candidate


@transaction.atomic
def link_candidate_dismiss(
    *, candidate: LinkCandidate, user: Any, note: str = "", request: HttpRequest | None = None
) -> LinkCandidate:
    """The record is not this person (or the two persons are two humans)."""
    candidate = LinkCandidate.objects.select_for_update().select_related("person").get(pk=candidate.pk)
    if candidate.status not in OPEN:
        raise LinkDecisionError(f"Kandidat ini sudah diputuskan ({candidate.get_status_display()}).")
    return _decide(candidate, status=LinkCandidate.Status.DISMISSED, user=user, note=note, request=request)


# --- merging two persons ---


def _snapshot(person: Person) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for field in Person._meta.concrete_fields:
        value = getattr(person, field.attname)
        record[field.attname] = value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
    return record


def _unique_sets(model: type[models.Model], field: models.Field[Any, Any]) -> list[tuple[str, ...]]:
    """The unique field sets of ``model`` that contain ``field`` (other than the field alone when it is a FK)."""
    sets: list[tuple[str, ...]] = []
    for constraint in model._meta.constraints:
        if (
            isinstance(constraint, models.UniqueConstraint)
            and constraint.condition is None
            and constraint.fields
        ):
            sets.append(tuple(constraint.fields))
    sets.extend(tuple(group) for group in model._meta.unique_together)
    if field.unique:
        sets.append((field.name,))
    return [s for s in sets if field.name in s]


def _repoint(merged: Person, kept: Person) -> tuple[dict[str, list[int]], dict[str, list[dict[str, Any]]]]:
    """Move every row that refers to ``merged`` (any model, any foreign key) to ``kept``.

    A row that would then duplicate one of ``kept``'s rows under a unique constraint (the same membership held
    twice) is deleted instead, and its fields returned so the merge record keeps them.
    """
    moved: dict[str, list[int]] = {}
    dropped: dict[str, list[dict[str, Any]]] = {}
    for relation in Person._meta.get_fields(include_hidden=True):  # related_name="+" ones are hidden
        if not isinstance(relation, ForeignObjectRel) or not (relation.one_to_many or relation.one_to_one):
            continue  # only the reverse side of a foreign key (or one-to-one) to Person
        model, field = relation.related_model, relation.field
        if model is None or not isinstance(model, type):
            continue
        key = f"{model._meta.label}.{field.name}"
        rows = model._base_manager.filter(**{field.name: merged})
        unique_sets = _unique_sets(model, field)
        if not unique_sets:
            ids = list(rows.values_list("pk", flat=True))
            if ids:
                model._base_manager.filter(pk__in=ids).update(**{field.name: kept})
                moved[key] = ids
            continue
        for row in rows:
            clash = any(
                model._base_manager.filter(
                    **{field.name: kept}, **{name: getattr(row, name) for name in names if name != field.name}
                ).exists()
                for names in unique_sets
            )
            if clash:
                dropped.setdefault(key, []).append(
                    {f.attname: _plain(getattr(row, f.attname)) for f in model._meta.concrete_fields}
                )
                row.delete()
            else:
                setattr(row, field.name, kept)
                row.save(update_fields=[field.name])
                moved.setdefault(key, []).append(row.pk)
    return moved, dropped


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


@transaction.atomic
def person_merge(
    *,
    keep: Person,
    merge: Person,
    user: Any,
    reason: str,
    candidate: LinkCandidate | None = None,
    request: HttpRequest | None = None,
) -> PersonMerge:
    """Merge ``merge`` into ``keep`` (two records of one human): memberships and every other reference move to
    ``keep``, ``merge`` is deleted, and a PersonMerge keeps both records' fields and provenance. Audited."""
    if keep.pk == merge.pk:
        raise LinkDecisionError("Orang yang digabung dan yang dipertahankan harus dua catatan berbeda.")
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    merge = Person.objects.select_for_update().get(pk=merge.pk)
    if candidate is not None:
        candidate = LinkCandidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status not in OPEN:
            raise LinkDecisionError(f"Kandidat ini sudah diputuskan ({candidate.get_status_display()}).")
        if {candidate.person_id, candidate.record_person_id} != {keep.pk, merge.pk}:
            raise LinkDecisionError("Kandidat ini tidak memasangkan kedua orang tersebut.")
    merged_record = _snapshot(merge)
    merged_record["history_ids"] = list(
        RecordChange.objects.filter(entity="persons", object_id=merge.pk).values_list("pk", flat=True)
    )
    record = PersonMerge.objects.create(
        kept=keep,
        kept_nik=keep.nik,
        merged_person_id=merge.pk,
        merged_nik=merge.nik,
        merged_record=merged_record,
        kept_record=_snapshot(keep),
        candidate=candidate,
        reason=reason[:300],
        merged_by=user,
    )
    moved, dropped = _repoint(merge, keep)
    merged_pk, merged_nik = merge.pk, merge.nik
    merge.delete()
    record.moved, record.dropped = moved, dropped
    record.save(update_fields=["moved", "dropped"])
    now = timezone.now()
    # The pair that was merged, and any other open pair that now joins the kept person to itself.
    LinkCandidate.objects.filter(record_person_id=keep.pk, person_id=keep.pk, status__in=OPEN).update(
        status=LinkCandidate.Status.MERGED, decided_by=user, decided_at=now, note=reason[:300]
    )
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=user,
        request=request,
        object_type="person",
        object_id=keep.pk,
        region_code=keep.region_id,
        changes={
            "merged_person": [merged_pk, None],
            "merged_nik": [mask_nik(merged_nik), None],
            "moved": {key: len(ids) for key, ids in moved.items()},
            "dropped": {key: len(rows) for key, rows in dropped.items()},
            "person_merge": record.pk,
        },
        reason=reason[:300],
    )
    facts_refresh_enqueue()  # the merged person's memberships now count once
    return record
