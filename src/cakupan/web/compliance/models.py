"""Compliance records of a region (issue 8): how far the Pemda has met each regional obligation, with its evidence.
The checklist itself is the core's (``cakupan.compliance.obligations``); a row exists once an officer records it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cakupan.web.accounts.scope import ScopedQuerySet
from cakupan.web.registry.models import Region

OBLIGATION_STATUSES = ("belum", "sebagian", "terpenuhi")


class RegionObligation(models.Model):
    REGION_SCOPE = "region__code"
    objects = ScopedQuerySet["RegionObligation"].as_manager()

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    code = models.CharField(verbose_name=_("code"), max_length=32)  # cakupan.compliance.obligations item code
    status = models.CharField(
        verbose_name=_("status"),
        max_length=10,
        choices=[(s, s) for s in OBLIGATION_STATUSES],
        default="belum",
    )
    regulation = models.CharField(
        verbose_name=_("regulation"), max_length=200, blank=True
    )  # e.g. "Perbup Solok 2/2025"
    budget_line = models.CharField(
        verbose_name=_("budget line"), max_length=200, blank=True
    )  # e.g. a DPA line and amount
    evidence_date = models.DateField(verbose_name=_("evidence date"), null=True, blank=True)
    note = models.CharField(verbose_name=_("note"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("regional obligation")
        verbose_name_plural = _("regional obligations")
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="region_obligation_once")]
        ordering = ["region_id", "code"]


class Meeting(models.Model):
    """A Rapat Kepatuhan of a region on a date: the packet as prepared, its findings and the actions agreed."""

    REGION_SCOPE = "region__code"
    objects = ScopedQuerySet["Meeting"].as_manager()

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    held_on = models.DateField(verbose_name=_("held on"))
    title = models.CharField(verbose_name=_("title"), max_length=200)
    place = models.CharField(verbose_name=_("place"), max_length=200, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    packet = models.JSONField(
        verbose_name=_("packet"), default=dict
    )  # cakupan.web.compliance.packet.packet_build, as prepared
    packet_at = models.DateTimeField(verbose_name=_("packet at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["region", "held_on"], name="meeting_once_a_day")]


FINDING_TOPICS = ("coverage", "employers", "staff", "nagari", "budget", "claims", "obligations", "other")
ACTION_STATUSES = ("open", "in_progress", "done", "dropped")


class MeetingFinding(models.Model):
    REGION_SCOPE = "meeting__region__code"
    objects = ScopedQuerySet["MeetingFinding"].as_manager()

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="findings"
    )
    topic = models.CharField(verbose_name=_("topic"), max_length=20, choices=[(t, t) for t in FINDING_TOPICS])
    text = models.CharField(verbose_name=_("text"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting finding")
        verbose_name_plural = _("meeting findings")
        ordering = ["pk"]


class FollowUpAction(models.Model):
    """An action agreed at a meeting: who does what by when, and the finding it answers (of the same meeting); its
    status is reported at the next meeting. Late or not: ``cakupan.compliance.actions.action_overdue``."""

    REGION_SCOPE = "meeting__region__code"
    objects = ScopedQuerySet["FollowUpAction"].as_manager()

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="actions"
    )
    finding = models.ForeignKey(
        MeetingFinding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.CharField(verbose_name=_("description"), max_length=500)
    owner = models.CharField(verbose_name=_("owner"), max_length=200)  # an office (OPD) or an officer
    due_date = models.DateField(verbose_name=_("due date"))
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=[(s, s) for s in ACTION_STATUSES], default="open"
    )
    status_note = models.CharField(verbose_name=_("status note"), max_length=300, blank=True)
    closed_on = models.DateField(
        verbose_name=_("closed on"), null=True, blank=True
    )  # the day it was reported done or dropped
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_date", "pk"]


LETTER_STEPS = ("sp1", "sp2", "denda", "tmp2t")  # cakupan.compliance.sanctions.STEP_CODES
ISSUERS = ("bpjstk", "pemda")  # cakupan.compliance.sanctions.ISSUERS: the office that sends a letter
CASE_OUTCOMES = ("complied", "withdrawn")


class LetterTemplate(models.Model):
    """An office's own wording of one step's letter (the office: BPJSTK or the Pemda, of one kab/kota); until
    edited, the shipped text of cakupan.compliance is used."""

    REGION_SCOPE = "region__code"
    objects = ScopedQuerySet["LetterTemplate"].as_manager()

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    issuer = models.CharField(verbose_name=_("issuer"), max_length=8, choices=[(i, i) for i in ISSUERS])
    step = models.CharField(verbose_name=_("step"), max_length=8, choices=[(s, s) for s in LETTER_STEPS])
    subject = models.CharField(verbose_name=_("subject"), max_length=300)
    body = models.TextField(verbose_name=_("body"))
    number_format = models.CharField(verbose_name=_("number format"), max_length=120)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(fields=["region", "issuer", "step"], name="letter_template_once")
        ]


class Letter(models.Model):
    """A warning letter (or fine, or request to withhold services) sent to an employer, kept as sent. The letters
    of an employer not yet closed form its open case; closing records the outcome on each of them."""

    REGION_SCOPE = "employer__region__code"
    objects = ScopedQuerySet["Letter"].as_manager()

    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    issuer = models.CharField(
        verbose_name=_("issuer"), max_length=8, choices=[(i, i) for i in ISSUERS], default="bpjstk"
    )
    step = models.CharField(verbose_name=_("step"), max_length=8, choices=[(s, s) for s in LETTER_STEPS])
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    seq = models.PositiveIntegerField(
        verbose_name=_("sequence number")
    )  # running number of the office's letters in the kab/kota and year
    number = models.CharField(verbose_name=_("number"), max_length=120)
    issued_on = models.DateField(verbose_name=_("issued on"))
    due_on = models.DateField(verbose_name=_("due on"), null=True, blank=True)
    subject = models.CharField(verbose_name=_("subject"), max_length=300)
    body = models.TextField(verbose_name=_("body"))  # the letter as sent
    findings = models.JSONField(
        verbose_name=_("findings"), default=list
    )  # [[kind, Indonesian reason], ...] as sent
    reference = models.CharField(verbose_name=_("reference"), max_length=300)
    dues_owed = models.BigIntegerField(
        verbose_name=_("dues owed"), null=True, blank=True
    )  # whole Rupiah, for the fine
    fine_months = models.PositiveSmallIntegerField(verbose_name=_("fine months"), null=True, blank=True)
    fine = models.BigIntegerField(verbose_name=_("fine"), null=True, blank=True)  # whole Rupiah
    closed_on = models.DateField(verbose_name=_("closed on"), null=True, blank=True)
    outcome = models.CharField(
        verbose_name=_("outcome"), max_length=10, choices=[(o, o) for o in CASE_OUTCOMES], blank=True
    )
    outcome_note = models.CharField(verbose_name=_("outcome note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "issuer", "year", "seq"], name="letter_seq_once"),
            models.UniqueConstraint(fields=["region", "issuer", "number"], name="letter_number_once"),
        ]
        indexes = [models.Index(fields=["employer", "closed_on"], name="letter_open_case")]
