"""One record per file a user imported: what it was, what happened, and the problems found in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    SOURCES = [
        ("persons", "Penduduk"),
        ("memberships", "Kepesertaan"),
        ("employers", "Pemberi kerja"),
        ("staff", "Pegawai pemerintah"),
        ("asn-family", "Keluarga ASN"),
        ("labour-force", "Angkatan kerja"),
        ("boundaries", "Batas wilayah"),
    ]

    source = models.CharField(max_length=20, choices=SOURCES)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    rows_total = models.PositiveIntegerField()
    rows_created = models.PositiveIntegerField()
    rows_updated = models.PositiveIntegerField()
    rows_rejected = models.PositiveIntegerField()
    # Rows rejected only because their NIK was not in the registry yet: the same file may be imported again.
    rows_awaiting_person = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField()
    # The first problems, for the screen; the full list is the error report the user downloads.
    problems_sample = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["source", "file_sha256"], name="import_file_hash")]

    def __str__(self) -> str:
        return f"{self.source} {self.file_name}"
