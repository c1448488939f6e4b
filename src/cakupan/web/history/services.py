"""Write the history of records an import changed."""

from __future__ import annotations

import datetime as dt

from cakupan.web.history.diff import FieldChanges
from cakupan.web.history.models import RecordChange

BATCH_SIZE = 2000


def record_changes_save(
    *, entity: str, found: FieldChanges, batch_id: int | None, user_id: int | None, now: dt.datetime
) -> int:
    """Store one RecordChange per changed record; returns how many. Runs inside the import's transaction."""
    RecordChange.objects.bulk_create(
        (
            RecordChange(
                batch_id=batch_id,
                entity=entity,
                object_id=object_id,
                changes=diff,
                changed_by_id=user_id,
                changed_at=now,
            )
            for object_id, diff in found.changes
        ),
        batch_size=BATCH_SIZE,
    )
    return len(found.changes)
