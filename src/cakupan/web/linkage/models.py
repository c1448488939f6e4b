"""Record linkage: runs of the linker, the candidate links they found (with the review decisions), and merges
of two Person records that turned out to be one human."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cakupan.web.accounts.scope import ScopedQuerySet
from cakupan.web.registry.models import Person


class LinkRun(models.Model):
    """One run of ``cakupan.linkage.engine``: a file's records against the registry, or the registry against itself."""

    class Kind(models.TextChoices):
        FILE = "file", "berkas ke registri"
        DUPLICATES = "duplicates", "duplikat dalam registri"

    kind = models.CharField(verbose_name=_("kind"), max_length=12, choices=Kind.choices)
    source = models.CharField(
        verbose_name=_("data source"), max_length=40
    )  # what the records are: "file", "memberships", "registry", ...
    file_name = models.CharField(verbose_name=_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(verbose_name=_("file SHA-256"), max_length=64, blank=True)
    import_batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    match_threshold = models.FloatField(verbose_name=_("match threshold"))
    review_threshold = models.FloatField(verbose_name=_("review threshold"))
    model_version = models.PositiveSmallIntegerField(verbose_name=_("model version"))
    rows_total = models.PositiveIntegerField(verbose_name=_("rows"))
    registry_rows = models.PositiveIntegerField(verbose_name=_("registry rows"))
    rows_nik_linked = models.PositiveIntegerField(
        verbose_name=_("rows linked by NIK"), default=0
    )  # exact NIK, agreeing with name and birth date
    rows_auto_linked = models.PositiveIntegerField(
        verbose_name=_("rows linked automatically"), default=0
    )  # by Splink, at or above the match threshold
    rows_pending = models.PositiveIntegerField(
        verbose_name=_("rows pending review"), default=0
    )  # rows with candidates waiting for review
    rows_unmatched = models.PositiveIntegerField(verbose_name=_("rows unmatched"), default=0)
    nik_conflicts = models.PositiveIntegerField(
        verbose_name=_("NIK conflicts"), default=0
    )  # exact NIK whose name and birth date disagree
    seconds = models.FloatField(verbose_name=_("seconds"), default=0.0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"LinkRun {self.pk} ({self.kind})"


class LinkCandidate(models.Model):
    """A record of a run paired with a registry person, with the linker's evidence and the review decision.

    The record's own fields are kept (as read from its file) so a reviewer can compare them with the person;
    pages show them masked. For a duplicate search the record is itself a registry person (``record_person``).
    """

    class Status(models.TextChoices):
        AUTO_LINKED = "auto_linked", "ditautkan otomatis"
        PENDING = "pending", "menunggu tinjauan"
        CONFIRMED = "confirmed", "dikonfirmasi"
        DISMISSED = "dismissed", "ditolak"
        MERGED = "merged", "digabung"

    class Method(models.TextChoices):
        NIK = "nik", "NIK sama"
        NIK_CONFLICT = "nik_conflict", "NIK sama, data lain berbeda"
        SPLINK = "splink", "probabilistik (Splink)"

    REGION_SCOPE = "person__region__code"  # visibility follows the registry person's domicile

    objects = ScopedQuerySet["LinkCandidate"].as_manager()

    run = models.ForeignKey(
        LinkRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="candidates"
    )
    source_row = models.PositiveIntegerField(
        verbose_name=_("source row")
    )  # row number in the file (header = row 1), or the person id
    record_nik = models.CharField(verbose_name=_("record NIK"), max_length=16, blank=True)
    record_name = models.CharField(verbose_name=_("record name"), max_length=200, blank=True)
    record_birth_date = models.DateField(verbose_name=_("record birth date"), null=True, blank=True)
    record_sex = models.CharField(verbose_name=_("record sex"), max_length=1, blank=True)
    record_region_code = models.CharField(verbose_name=_("record region code"), max_length=13, blank=True)
    record_person = models.ForeignKey(
        Person,
        verbose_name=_("record person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )  # the record is a registry person (duplicate search)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    method = models.CharField(verbose_name=_("method"), max_length=12, choices=Method.choices)
    match_weight = models.FloatField(verbose_name=_("match weight"))
    match_probability = models.FloatField(
        verbose_name=_("match probability"), null=True, blank=True
    )  # null for exact-NIK pairs
    rank = models.PositiveSmallIntegerField(
        verbose_name=_("rank"), default=1
    )  # 1 = the record's best candidate
    agreement = models.JSONField(
        verbose_name=_("agreement"), default=dict
    )  # comparison -> level label (cakupan.linkage.engine)
    status = models.CharField(verbose_name=_("status"), max_length=12, choices=Status.choices, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(verbose_name=_("decided at"), null=True, blank=True)
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("match candidate")
        verbose_name_plural = _("match candidates")
        ordering = ["-match_weight", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "source_row", "person"], name="link_candidate_unique_pair")
        ]
        indexes = [models.Index(fields=["run", "source_row"], name="link_candidate_row")]

    def __str__(self) -> str:
        return f"LinkCandidate {self.pk}"


class PersonMerge(models.Model):
    """Two Person records found to be one human: ``kept`` stays, the other was deleted after its links moved.

    Both provenances are kept: the merged record's every field (with the import batch it came from), the kept
    record's fields before the merge, and which related rows moved or were dropped as exact duplicates.
    """

    kept = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="merges")
    kept_nik = models.CharField(max_length=16)
    merged_person_id = models.BigIntegerField()
    merged_nik = models.CharField(max_length=16, db_index=True)
    merged_record = models.JSONField()  # every field of the deleted Person, import_batch id included
    kept_record = models.JSONField()  # the kept Person's fields before the merge
    moved = models.JSONField(default=dict)  # "app.Model.field" -> ids repointed to the kept person
    dropped = models.JSONField(default=dict)  # "app.Model.field" -> rows deleted as duplicates of kept's rows
    candidate = models.ForeignKey(
        LinkCandidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"PersonMerge {self.pk}"


class LinkJob(models.Model):
    """A linkage started in the browser and run by the background worker: a file uploaded by an officer against
    the registry of their regions, or the duplicate search there. ``run`` is set, in the run's own transaction,
    when it is done. Its files (the rows as read, their problems, the exact-NIK links) live in
    ``<data dir>/pencocokan/<id>/`` (cakupan.web.linkage.jobs.job_files)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "menunggu"
        RUNNING = "running", "sedang dicocokkan"
        DONE = "done", "selesai"
        FAILED = "failed", "gagal"

    class Note(models.TextChoices):
        NONE = "", ""
        NOTHING_TO_LINK = "nothing_to_link", "tidak ada baris yang dapat dicocokkan"
        INTERRUPTED = "interrupted", "terhenti; tidak ada yang tersimpan"
        CRASHED = "crashed", "galat tak terduga"

    id = models.UUIDField(verbose_name=_("ID"), primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(verbose_name=_("kind"), max_length=12, choices=LinkRun.Kind.choices)
    file_name = models.CharField(verbose_name=_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(verbose_name=_("file SHA-256"), max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(verbose_name=_("file size"), default=0)
    sheet = models.CharField(verbose_name=_("sheet"), max_length=100, blank=True)
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    note = models.CharField(
        verbose_name=_("note"), max_length=20, choices=Note.choices, blank=True, default=""
    )
    problem = models.JSONField(
        verbose_name=_("problem"), null=True, blank=True
    )  # a whole-file problem: {"code": ..., "params": {...}}
    scope = models.JSONField(
        verbose_name=_("scope"), default=list
    )  # the maker's scope regions: the registry it is linked against
    rows_total = models.PositiveIntegerField(verbose_name=_("rows"), default=0)
    rows_skipped = models.PositiveIntegerField(
        verbose_name=_("rows skipped"), default=0
    )  # rows without a name, or outside the scope
    warnings = models.PositiveIntegerField(
        verbose_name=_("warnings"), default=0
    )  # cells read as missing (a bad NIK, date or sex)
    problems_sample = models.JSONField(
        verbose_name=_("sample of problems"), default=list
    )  # the first problems; masked when shown
    run = models.ForeignKey(
        LinkRun, verbose_name=_("run"), null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
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
        verbose_name = _("matching file job")
        verbose_name_plural = _("matching file jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "file_sha256"], name="link_job_file_hash")]

    def __str__(self) -> str:
        return f"LinkJob {self.pk} ({self.kind}, {self.status})"
