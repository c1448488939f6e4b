"""One record per file a user imported: what it was, what happened, and the problems found in it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    SOURCES = [
        ("persons", "Penduduk"),
        ("memberships", "Kepesertaan"),
        ("employers", "Pemberi kerja (OSS)"),
        ("employers-bpjstk", "Pemberi kerja (data BPJSTK)"),
        ("staff", "Pegawai pemerintah"),
        ("asn-family", "Keluarga ASN"),
        ("jakon-projects", "Proyek jasa konstruksi"),
        ("labour-force", "Angkatan kerja"),
        ("boundaries", "Batas wilayah"),
    ]

    source = models.CharField(verbose_name=_("data source"), max_length=20, choices=SOURCES)
    file_name = models.CharField(verbose_name=_("file name"), max_length=255)
    file_sha256 = models.CharField(verbose_name=_("file SHA-256"), max_length=64)
    rows_total = models.PositiveIntegerField(verbose_name=_("rows"))
    rows_created = models.PositiveIntegerField(verbose_name=_("rows created"))
    rows_updated = models.PositiveIntegerField(verbose_name=_("rows updated"))
    rows_rejected = models.PositiveIntegerField(verbose_name=_("rows rejected"))
    # Rows rejected only because their NIK was not in the registry yet: the same file may be imported again.
    rows_awaiting_person = models.PositiveIntegerField(verbose_name=_("rows awaiting a person"), default=0)
    warnings = models.PositiveIntegerField(verbose_name=_("warnings"))
    # The first problems, for the screen; the full list is the error report the user downloads.
    problems_sample = models.JSONField(verbose_name=_("sample of problems"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    # The importing user's scope region codes when the file was imported; empty for an import from the command
    # line, which may hold rows of every region (see selectors.import_batch_list for who may see it).
    scope = models.JSONField(verbose_name=_("scope"), default=list)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["source", "file_sha256"], name="import_file_hash")]

    def __str__(self) -> str:
        return f"{self.source} {self.file_name}"


class ColumnMapping(models.Model):
    """A column mapping a user saved: for files of ``source`` with exactly these headers, reused automatically."""

    source = models.CharField(max_length=20, choices=ImportBatch.SOURCES)
    signature = models.CharField(max_length=64)  # cakupan.ingest.mapping.header_signature of the headers
    columns = models.JSONField(default=dict)  # normalised header -> canonical column, or null to ignore it
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "signature"], name="column_mapping_unique_signature")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.signature[:8]}"


class ImportJob(models.Model):
    """A file uploaded in the browser, on its way through check, (column mapping,) preview and commit.

    Its files (the upload, the checked rows as Parquet, the problems, the error XLSX, the progress) live in
    ``<data dir>/impor/<id>/`` (cakupan.web.imports.progress.JobFiles); the row counts here are the preview's.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "menunggu diperiksa"
        VALIDATING = "validating", "sedang diperiksa"
        NEEDS_MAPPING = "needs_mapping", "perlu pemetaan kolom"
        READY = "ready", "siap disimpan"
        COMMITTING = "committing", "sedang disimpan"
        COMMITTED = "committed", "tersimpan"
        CANCELLED = "cancelled", "dibatalkan"
        FAILED = "failed", "gagal"

    class Note(models.TextChoices):
        NONE = "", ""
        INTERRUPTED = "interrupted", "terhenti; tidak ada yang berubah"
        ALREADY_IMPORTED = "already_imported", "sudah diimpor"
        NOTHING_VALID = "nothing_valid", "tidak ada baris yang sah"
        CRASHED = "crashed", "galat tak terduga"

    id = models.UUIDField(verbose_name=_("ID"), primary_key=True, default=uuid.uuid4, editable=False)
    source = models.CharField(verbose_name=_("data source"), max_length=20, choices=ImportBatch.SOURCES)
    file_name = models.CharField(verbose_name=_("file name"), max_length=255)
    file_sha256 = models.CharField(verbose_name=_("file SHA-256"), max_length=64)
    file_size = models.PositiveBigIntegerField(verbose_name=_("file size"))
    sheet = models.CharField(verbose_name=_("sheet"), max_length=100, blank=True)
    sheets = models.JSONField(verbose_name=_("sheets"), default=list)  # the worksheet names of an XLSX file
    language = models.CharField(verbose_name=_("language"), max_length=5, default="id")  # of the error report
    # The uploader confirms the file is a system export: 16-digit numbers ending in 0 are exact (audited).
    exact_numbers = models.BooleanField(verbose_name=_("exact numbers"), default=False)
    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    note = models.CharField(
        verbose_name=_("note"), max_length=20, choices=Note.choices, blank=True, default=""
    )
    problem = models.JSONField(
        verbose_name=_("problem"), null=True, blank=True
    )  # a whole-file problem: {"code": ..., "params": {...}}
    scope = models.JSONField(
        verbose_name=_("scope"), default=list
    )  # the uploader's scope region codes at upload
    headers = models.JSONField(
        verbose_name=_("headers"), default=list
    )  # [{"name": normalised header, "samples": [masked values]}]
    mapping = models.JSONField(
        verbose_name=_("column mapping"), default=dict
    )  # the mapping used: normalised header -> column or null
    mapping_saved = models.ForeignKey(
        ColumnMapping, verbose_name=_("saved mapping"), null=True, blank=True, on_delete=models.SET_NULL
    )
    columns_present = models.JSONField(verbose_name=_("columns present"), default=list)
    rows_total = models.PositiveIntegerField(verbose_name=_("rows"), default=0)
    rows_valid = models.PositiveIntegerField(verbose_name=_("rows valid"), default=0)
    rows_rejected = models.PositiveIntegerField(verbose_name=_("rows rejected"), default=0)
    rows_new = models.PositiveIntegerField(verbose_name=_("rows new"), default=0)
    rows_existing = models.PositiveIntegerField(verbose_name=_("rows existing"), default=0)
    warnings = models.PositiveIntegerField(verbose_name=_("warnings"), default=0)
    problems_sample = models.JSONField(verbose_name=_("sample of problems"), default=list)
    preview = models.JSONField(
        verbose_name=_("preview"), default=list
    )  # the first valid rows, personal data masked
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["source", "file_sha256"], name="import_job_file_hash")]

    def __str__(self) -> str:
        return f"{self.source} {self.file_name} ({self.status})"
