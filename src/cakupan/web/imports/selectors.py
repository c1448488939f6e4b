"""Reads about imports: jobs and batches a user may see, saved column mappings, and rows already stored.

An import carries the scope region codes of the user who made it. Another user sees it when their own regions
cover all of those (the rows and problems of an import stay within its maker's regions, since rows outside were
rejected); an import from the command line (no scope) may hold rows of every region, so only users whose
regions cover every loaded province see it. Both also need the ``import_data`` permission (checked by views).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl
from django.db.models import QuerySet

from cakupan.core.access import in_scope
from cakupan.web.accounts.scope import user_scope
from cakupan.web.employers.matching import EMPLOYER_ID
from cakupan.web.imports.models import ColumnMapping, ImportBatch, ImportJob
from cakupan.web.imports.writers import TARGETS
from cakupan.web.registry.models import Region

LIST_LIMIT = 1000
LOOKUP_CHUNK = 5000
ACTIVE = (
    ImportJob.Status.QUEUED,
    ImportJob.Status.VALIDATING,
    ImportJob.Status.NEEDS_MAPPING,
    ImportJob.Status.READY,
    ImportJob.Status.COMMITTING,
    ImportJob.Status.FAILED,
)


def _covered(object_scope: Sequence[str], scope: tuple[str, ...], provinces: list[str]) -> bool:
    codes = list(object_scope) or provinces
    return bool(codes) and all(in_scope(code, scope) for code in codes)


def _provinces() -> list[str]:
    return list(Region.objects.filter(level=1).values_list("code", flat=True))


def import_scope_covers(*, scope: Sequence[str], object_scope: Sequence[str]) -> bool:
    """True when regions ``scope`` cover an import made with ``object_scope`` (empty: the command line)."""
    return _covered(object_scope, tuple(scope), [] if object_scope else _provinces())


def import_visible(*, user: Any, object_scope: Sequence[str]) -> bool:
    return import_scope_covers(scope=user_scope(user), object_scope=object_scope)


def import_job_list(*, user: Any) -> list[ImportJob]:
    """Staged imports not yet committed or cancelled (and failed ones), newest first, that ``user`` may see."""
    scope = user_scope(user)
    jobs = ImportJob.objects.filter(status__in=ACTIVE).select_related("created_by")[:LIST_LIMIT]
    return [j for j in jobs if _covered(j.scope, scope, [])]


def import_job_get(*, user: Any, pk: Any) -> ImportJob:
    """One staged import ``user`` may see; ImportJob.DoesNotExist (a 404) otherwise."""
    job = ImportJob.objects.select_related("created_by", "batch").get(pk=pk)
    if not import_visible(user=user, object_scope=job.scope):
        raise ImportJob.DoesNotExist
    return job


def import_batch_list(*, user: Any) -> list[ImportBatch]:
    scope = user_scope(user)
    provinces = _provinces()
    batches = ImportBatch.objects.select_related("created_by").order_by("-created_at", "-id")[:LIST_LIMIT]
    return [b for b in batches if _covered(b.scope, scope, provinces)]


def import_batch_get(*, user: Any, pk: int) -> ImportBatch:
    batch = ImportBatch.objects.select_related("created_by").get(pk=pk)
    if not import_visible(user=user, object_scope=batch.scope):
        raise ImportBatch.DoesNotExist
    return batch


def import_batch_job(*, batch: ImportBatch) -> ImportJob | None:
    """The staged import (browser upload) that made ``batch``, if any: it keeps the error report."""
    return batch.jobs.filter(status=ImportJob.Status.COMMITTED).first()


def import_job_pending(*, user: Any, source: str, sha: str) -> ImportJob | None:
    """An upload of the same file by the same user still on its way (not committed, cancelled or failed)."""
    return (
        ImportJob.objects.filter(created_by=user, source=source, file_sha256=sha)
        .exclude(status__in=[ImportJob.Status.COMMITTED, ImportJob.Status.CANCELLED, ImportJob.Status.FAILED])
        .first()
    )


def column_mapping_find(*, source: str, signature: str) -> ColumnMapping | None:
    return ColumnMapping.objects.filter(source=source, signature=signature).first()


def existing_key_count(*, source: str, rows: pl.DataFrame) -> int:
    """How many of ``rows`` (validated, with ``person_id`` for memberships) are already stored by natural key."""
    if EMPLOYER_ID in rows.columns:  # BPJSTK's employer data, matched row by row
        return rows.height - rows.get_column(EMPLOYER_ID).null_count()
    target = TARGETS.get(source)
    if target is None or rows.height == 0:
        return 0
    by_field = {f: c for c, f in target.fields.items()}
    columns = [by_field[k] for k in target.key]
    if any(c not in rows.columns for c in columns):
        return 0
    keys = set(rows.select(columns).iter_rows())
    first = sorted({k[0] for k in keys})
    model: Any = target.model
    stored: QuerySet[Any] = model._default_manager.all()
    found = 0
    for start in range(0, len(first), LOOKUP_CHUNK):
        part = stored.filter(**{f"{target.key[0]}__in": first[start : start + LOOKUP_CHUNK]})
        found += sum(1 for k in part.values_list(*target.key) if tuple(k) in keys)
    return found
