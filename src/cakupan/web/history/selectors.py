"""Read the change history of a record."""

from __future__ import annotations

from django.db.models import QuerySet

from cakupan.web.history.models import RecordChange


def record_history(*, entity: str, object_id: int) -> QuerySet[RecordChange]:
    """Changes to one record, newest first, with the import and the user that made them."""
    return RecordChange.objects.filter(entity=entity, object_id=object_id).select_related(
        "batch", "changed_by"
    )
