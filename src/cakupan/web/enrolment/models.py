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

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    kind = models.CharField(
        verbose_name=_("kind"), max_length=20, choices=[(k.value, k.value) for k in SourceKind]
    )
    name = models.CharField(verbose_name=_("name"), max_length=200)
    fiscal_year = models.PositiveSmallIntegerField(verbose_name=_("fiscal year"))
    budget = models.BigIntegerField(verbose_name=_("budget"))  # whole Rupiah
    months = models.PositiveSmallIntegerField(
        verbose_name=_("months"), default=12
    )  # months of cover per worker (DBH Sawit: realised)
    earmark_regions = models.CharField(
        verbose_name=_("earmarked regions"), max_length=500, blank=True
    )  # ";"-separated region codes
    earmark_sectors = models.CharField(verbose_name=_("earmarked sectors"), max_length=100, blank=True)
    earmark_occupations = models.CharField(
        verbose_name=_("earmarked occupations"), max_length=500, blank=True
    )
    earmark_max_decile = models.PositiveSmallIntegerField(
        verbose_name=_("earmarked maximum decile"), null=True, blank=True
    )
    legal_basis = models.CharField(
        verbose_name=_("legal basis"), max_length=300, blank=True
    )  # e.g. "Perbup Solok 2/2025", DPA number
    created_by = models.ForeignKey(
        _USER,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["-fiscal_year", "region_id", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.fiscal_year})"


class Scheme(models.Model):
    """A protection scheme of a region and year: whom it may protect, who comes first, which programmes."""

    REGION_SCOPE = "region__code"
    objects = ScopedQuerySet["Scheme"].as_manager()

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    name = models.CharField(verbose_name=_("name"), max_length=200)
    fiscal_year = models.PositiveSmallIntegerField(verbose_name=_("fiscal year"))
    start_date = models.DateField(verbose_name=_("start date"))  # first day of cover of the first batch
    programmes = models.CharField(verbose_name=_("programmes"), max_length=30, default="JKK;JKM")
    income_basis = models.BigIntegerField(
        verbose_name=_("income basis")
    )  # declared income basis (BPU), whole Rupiah
    # Eligibility (cakupan.targeting.EligibilityRules)
    min_age = models.PositiveSmallIntegerField(
        verbose_name=_("minimum age"), null=True, blank=True, default=15
    )
    max_age = models.PositiveSmallIntegerField(verbose_name=_("maximum age"), null=True, blank=True)
    sectors = models.CharField(verbose_name=_("sectors"), max_length=50, blank=True)
    max_decile = models.PositiveSmallIntegerField(verbose_name=_("maximum decile"), null=True, blank=True)
    occupations = models.CharField(verbose_name=_("occupations"), max_length=500, blank=True)
    special_groups = models.CharField(verbose_name=_("special groups"), max_length=100, blank=True)
    exclude_active = models.BooleanField(verbose_name=_("exclude active members"), default=True)
    # Priority weights (cakupan.targeting.PriorityWeights), shown beside every score
    weight_decile = models.PositiveSmallIntegerField(verbose_name=_("weight of decile"), default=10)
    weight_risk = models.PositiveSmallIntegerField(verbose_name=_("weight of risk"), default=5)
    weight_head = models.PositiveSmallIntegerField(verbose_name=_("weight of household head"), default=10)
    weight_dependants = models.PositiveSmallIntegerField(verbose_name=_("weight of dependants"), default=3)
    max_dependants = models.PositiveSmallIntegerField(verbose_name=_("maximum dependants"), default=5)
    sources = models.ManyToManyField(
        FundingSource, verbose_name=_("funding sources"), related_name="schemes", blank=True
    )
    created_by = models.ForeignKey(
        _USER,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        ordering = ["-fiscal_year", "region_id", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.fiscal_year})"


class AllocationRun(models.Model):
    """One run of the optimiser for a scheme: the exact optimum, the greedy baseline beside it, and marginals."""

    REGION_SCOPE = "scheme__region__code"
    objects = ScopedQuerySet["AllocationRun"].as_manager()

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="runs"
    )
    as_of = models.DateField(
        verbose_name=_("as of")
    )  # the date eligibility ("not already active", age) was decided on
    candidates = models.PositiveIntegerField(verbose_name=_("candidates"))  # persons in the region
    eligible = models.PositiveIntegerField(verbose_name=_("eligible"))
    summary = models.JSONField(
        verbose_name=_("summary")
    )  # per source persons/cost/unspent, objectives, seconds, marginals
    created_by = models.ForeignKey(
        _USER,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
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

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="batches"
    )
    source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="batches"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    name = models.CharField(verbose_name=_("name"), max_length=200)
    state = models.CharField(verbose_name=_("state"), max_length=12, default=BatchState.DRAFT.value)
    start_date = models.DateField(verbose_name=_("start date"))
    months = models.PositiveSmallIntegerField(verbose_name=_("months"))
    monthly_cost = models.BigIntegerField(
        verbose_name=_("monthly cost")
    )  # Rp per worker per month, from the rules on start_date, without any discount
    # What the source really pays per worker and month, per sector group ({"transportasi": [8400, ...], ...}): a
    # discount (PP 50/2025) depends on who pays, the worker's sector group and the month. Empty (batches made
    # before it): monthly_cost for every worker and month.
    month_costs = models.JSONField(
        verbose_name=_("cost per month and sector group"), default=dict, blank=True
    )
    income_basis = models.BigIntegerField(verbose_name=_("income basis"))
    programmes = models.CharField(verbose_name=_("programmes"), max_length=30)
    run = models.ForeignKey(
        AllocationRun,
        verbose_name=_("allocation run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    renewal_of = models.ForeignKey(
        "self",
        verbose_name=_("renewal of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        _USER, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by = models.ForeignKey(
        _USER,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        _USER,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(verbose_name=_("approved at"), null=True, blank=True)
    exported_at = models.DateTimeField(verbose_name=_("exported at"), null=True, blank=True)
    reconciled_at = models.DateTimeField(verbose_name=_("reconciled at"), null=True, blank=True)
    note = models.CharField(
        verbose_name=_("note"), max_length=500, blank=True
    )  # the last return or cancel reason
    # Users who made the batch or changed its members: none of them may approve it (maker-checker).
    member_editors = models.JSONField(verbose_name=_("member editors"), default=list)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("enrolment batch")
        verbose_name_plural = _("enrolment batches")
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
    cost_group = models.CharField(
        max_length=20, blank=True
    )  # sector group of the cost (funding.sector_group)
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
