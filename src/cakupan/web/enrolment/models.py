"""Protecting the next workers: funding sources with their budgets and earmarks, schemes (who is eligible, who
comes first), optimiser runs, and enrolment batches from draft to active memberships (issue 6).

The rules live in the pure core (``cakupan.targeting``, ``cakupan.funding``, ``cakupan.enrolment``); these
models keep what officers decided, who decided it and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cakupan.enrolment.states import BatchState
from cakupan.funding import SourceKind
from cakupan.web.accounts.scope import ScopedQuerySet
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person, Region

_USER = settings.AUTH_USER_MODEL


def split_list(text: str) -> tuple[str, ...]:
    """A ``;``-separated list as stored (earmark regions, sectors, occupations, groups) to its items."""
    return tuple(item.strip() for item in text.split(";") if item.strip())


class FundingSource(models.Model):
    """A budget line of one fiscal year (APBD, APB Nagari, DBH Sawit, CSR, BAZNAS) and what it may pay for."""

    REGION_SCOPE = "region__code"
    objects = ScopedQuerySet["FundingSource"].as_manager()

    region = models.ForeignKey(Region, on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+")
    kind = models.CharField(max_length=20, choices=[(k.value, k.value) for k in SourceKind])
    name = models.CharField(max_length=200)
    fiscal_year = models.PositiveSmallIntegerField()
    budget = models.BigIntegerField()  # whole Rupiah
    months = models.PositiveSmallIntegerField(default=12)  # months of cover per worker (DBH Sawit: realised)
    earmark_regions = models.CharField(max_length=500, blank=True)  # ";"-separated region codes
    earmark_sectors = models.CharField(max_length=100, blank=True)
    earmark_occupations = models.CharField(max_length=500, blank=True)
    earmark_max_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    legal_basis = models.CharField(max_length=300, blank=True)  # e.g. "Perbup Solok 2/2025", DPA number
    created_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "region_id", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.fiscal_year})"


class Scheme(models.Model):
    """A protection scheme of a region and year: whom it may protect, who comes first, which programmes."""

    REGION_SCOPE = "region__code"
    objects = ScopedQuerySet["Scheme"].as_manager()

    region = models.ForeignKey(Region, on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+")
    name = models.CharField(max_length=200)
    fiscal_year = models.PositiveSmallIntegerField()
    start_date = models.DateField()  # first day of cover of the first batch
    programmes = models.CharField(max_length=30, default="JKK;JKM")
    income_basis = models.BigIntegerField()  # declared income basis (BPU), whole Rupiah
    # Eligibility (cakupan.targeting.EligibilityRules)
    min_age = models.PositiveSmallIntegerField(null=True, blank=True, default=15)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    sectors = models.CharField(max_length=50, blank=True)
    max_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    occupations = models.CharField(max_length=500, blank=True)
    special_groups = models.CharField(max_length=100, blank=True)
    exclude_active = models.BooleanField(default=True)
    # Priority weights (cakupan.targeting.PriorityWeights), shown beside every score
    weight_decile = models.PositiveSmallIntegerField(default=10)
    weight_risk = models.PositiveSmallIntegerField(default=5)
    weight_head = models.PositiveSmallIntegerField(default=10)
    weight_dependants = models.PositiveSmallIntegerField(default=3)
    max_dependants = models.PositiveSmallIntegerField(default=5)
    sources = models.ManyToManyField(FundingSource, related_name="schemes", blank=True)
    created_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "region_id", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.fiscal_year})"


class AllocationRun(models.Model):
    """One run of the optimiser for a scheme: the exact optimum, the greedy baseline beside it, and marginals."""

    REGION_SCOPE = "scheme__region__code"
    objects = ScopedQuerySet["AllocationRun"].as_manager()

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="runs")
    as_of = models.DateField()  # the date eligibility ("not already active", age) was decided on
    candidates = models.PositiveIntegerField()  # persons in the region
    eligible = models.PositiveIntegerField()
    summary = models.JSONField()  # per source persons/cost/unspent, objectives, seconds, marginals
    created_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class AllocationPick(models.Model):
    """A worker the optimum funds, from which source, with their priority score."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="picks")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(FundingSource, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "person"], name="allocation_pick_once")]


class EnrolmentBatch(models.Model):
    """Workers to register with BPJSTK together, paid by one funding source (maker-checker, then frozen)."""

    REGION_SCOPE = "region__code"
    objects = ScopedQuerySet["EnrolmentBatch"].as_manager()

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="batches")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="batches")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+")
    name = models.CharField(max_length=200)
    state = models.CharField(max_length=12, default=BatchState.DRAFT.value)
    start_date = models.DateField()
    months = models.PositiveSmallIntegerField()
    monthly_cost = models.BigIntegerField()  # Rp per worker per month, from the rules on start_date
    income_basis = models.BigIntegerField()
    programmes = models.CharField(max_length=30)
    run = models.ForeignKey(AllocationRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    renewal_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    verified_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    reconciled_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)  # the last return or cancel reason
    # Users who made the batch or changed its members: none of them may approve it (maker-checker).
    member_editors = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Batch {self.pk} {self.name}"


class BatchMember(models.Model):
    """A worker in a batch. The identity columns are copied at approval (the frozen snapshot BPJSTK receives)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    REGION_SCOPE = "batch__region__code"
    objects = ScopedQuerySet["BatchMember"].as_manager()

    batch = models.ForeignKey(EnrolmentBatch, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveIntegerField(default=0)
    # Frozen at approval (cakupan.web.enrolment.registration.SNAPSHOT)
    nik = models.CharField(max_length=16, blank=True)
    kk_number = models.CharField(max_length=16, blank=True)
    name = models.CharField(max_length=200, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    occupation = models.CharField(max_length=120, blank=True)
    region_code = models.CharField(max_length=13, blank=True)
    address = models.CharField(max_length=300, blank=True)
    # From BPJSTK's returned file
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    kpj = models.CharField(max_length=20, blank=True)
    rejection_reason = models.CharField(max_length=300, blank=True)
    membership = models.OneToOneField(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolment"
    )

    class Meta:
        ordering = ["-score", "person_id"]
        constraints = [models.UniqueConstraint(fields=["batch", "person"], name="batch_member_once")]


class EnrolmentMonth(models.Model):
    """One month of cover a batch has promised a worker, from approval until BPJSTK rejects them.

    The unique (person, month) pair is what stops two officers approving the same worker for the same months in
    two batches at once: the database refuses the second approval, whichever engine it is."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # first day of the month
    member = models.ForeignKey(BatchMember, on_delete=models.CASCADE, related_name="months")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="enrolment_month_once")]


class ReconcileJob(models.Model):
    """BPJSTK's answer to a batch, uploaded by an officer and applied by the background worker
    (``cakupan.web.enrolment.reconcile_jobs``): the request only stores the file and queues it. The file lives
    in ``<data dir>/rekonsiliasi/<id>/`` until the worker has read it; what it did (counts) or why it changed
    nothing (``problems`` per row, or ``error`` for the whole file) stays here, NIKs masked."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the background worker")
        RUNNING = "running", _("Being applied")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    REGION_SCOPE = "batch__region__code"
    objects = ScopedQuerySet["ReconcileJob"].as_manager()

    batch = models.ForeignKey(EnrolmentBatch, on_delete=models.CASCADE, related_name="reconcile_jobs")
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    accepted = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField(default=0)
    # The first problems of a refused file: {"row", "column", "value", "code", "severity", "params"}, masked.
    problems = models.JSONField(default=list)
    problems_total = models.PositiveIntegerField(default=0)
    error = models.JSONField(null=True, blank=True)  # a refusal of the whole file: {"id": ..., "en": ...}
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"ReconcileJob {self.pk} (batch {self.batch_id}, {self.status})"
