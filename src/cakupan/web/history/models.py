"""What an import changed in a record that already existed: which import, who, when, each field old -> new."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RecordChange(models.Model):
    batch = models.ForeignKey("imports.ImportBatch", null=True, on_delete=models.SET_NULL, related_name="+")
    entity = models.CharField(
        max_length=20
    )  # the import source whose table holds the record ("persons", ...)
    object_id = models.BigIntegerField()  # primary key of the changed record in that table
    changes = models.JSONField()  # {"model field": [old, new]}, values as text (dates ISO 8601)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["entity", "object_id"], name="record_change_object")]
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entity} {self.object_id}"
