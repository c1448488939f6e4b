"""Benefits that reach families (issue 7): events reported for a person, the claim that follows with its heirs and
documents, the decision as it was made (reasons, items, parameter versions), and the yearly scholarship payments.

The rules live in the pure core (``cakupan.claims`` decides coverage and heirs, ``cakupan.rules`` the amounts);
these models keep what was reported, decided and paid, by whom and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cakupan.claims import ClaimState, EventKind, Relation, Work
from cakupan.web.accounts.scope import ScopedQuerySet
from cakupan.web.enrolment.models import Scheme
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person, Region

_USER = settings.AUTH_USER_MODEL


class Claim(models.Model):
    """One reported event (death, work accident, disability) of one person, and the claim of the family."""

    # The region the person lived in when the event was reported: scope and the impact figures keep to it even
    # when the person later moves.
    REGION_SCOPE = "region__code"
    objects = ScopedQuerySet["Claim"].as_manager()

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    kind = models.CharField(
        verbose_name=_("kind"), max_length=20, choices=[(k.value, k.value) for k in EventKind]
    )
    event_date = models.DateField(verbose_name=_("event date"))
    disability_percent = models.PositiveSmallIntegerField(
        verbose_name=_("disability percent"), null=True, blank=True
    )  # partial disability: the figure the medical adviser set, when it replaces the table
    disability_injuries = models.JSONField(
        verbose_name=_("injuries (partial disability table)"), default=list, blank=True
    )  # codes of benefits/jkk/partial_disability_table, "CODE" or "CODE:NN" (NN % of function lost)
    disability_basis = models.CharField(
        verbose_name=_("disability percentage set by"),
        max_length=10,
        blank=True,
        choices=[("table", _("the table")), ("adviser", _("the medical adviser"))],
    )  # which figure priced a partial disability: the table rows or the medical adviser's percentage
    disability_left_handed = models.BooleanField(verbose_name=_("left-handed"), default=False)
    unable_days = models.PositiveIntegerField(verbose_name=_("days unable to work"), null=True, blank=True)
    description = models.CharField(verbose_name=_("description"), max_length=500, blank=True)
    state = models.CharField(verbose_name=_("state"), max_length=20, default=ClaimState.REPORTED.value)
    # The decision (cakupan.claims.assess), stored as made, with the parameter versions it used
    covered = models.BooleanField(verbose_name=_("covered"))
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    segment = models.CharField(verbose_name=_("segment"), max_length=5, blank=True)
    contribution_months = models.PositiveIntegerField(verbose_name=_("contribution months"), default=0)
    due_total = models.BigIntegerField(
        verbose_name=_("benefit due"), default=0
    )  # one-off Rp due to the family
    scholarship_per_year = models.BigIntegerField(verbose_name=_("scholarship per year"), default=0)
    forgone_total = models.BigIntegerField(
        verbose_name=_("benefit forgone"), default=0
    )  # Rp the family would have had, had the worker been covered
    assessment = models.JSONField(verbose_name=_("assessment"))
    assessed_at = models.DateTimeField(verbose_name=_("assessed at"))
    documents = models.JSONField(verbose_name=_("documents"), default=list)  # codes of the documents received
    # Outcome at BPJSTK
    submitted_on = models.DateField(verbose_name=_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(verbose_name=_("decided on"), null=True, blank=True)
    paid_amount = models.BigIntegerField(
        verbose_name=_("amount paid"), null=True, blank=True
    )  # one-off Rp BPJSTK paid (scholarships apart)
    bpjstk_reference = models.CharField(verbose_name=_("BPJSTK reference"), max_length=60, blank=True)
    note = models.CharField(
        verbose_name=_("note"), max_length=500, blank=True
    )  # the last rejection, return or withdrawal reason
    reported_by = models.ForeignKey(
        _USER, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-event_date", "-pk"]
        indexes = [models.Index(fields=["state"], name="claim_state")]

    def __str__(self) -> str:
        return f"Claim {self.pk}"


class Heir(models.Model):
    """A member of the family named in the claim; children carry their school level for the scholarship."""

    REGION_SCOPE = "claim__region__code"
    objects = ScopedQuerySet["Heir"].as_manager()

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="heirs")
    name = models.CharField(verbose_name=_("name"), max_length=200)
    relation = models.CharField(
        verbose_name=_("relation"), max_length=20, choices=[(r.value, r.value) for r in Relation]
    )
    nik = models.CharField(verbose_name=_("NIK"), max_length=16, blank=True)
    birth_date = models.DateField(verbose_name=_("birth date"), null=True, blank=True)
    school_level = models.CharField(verbose_name=_("school level"), max_length=3, blank=True)
    married = models.BooleanField(verbose_name=_("married"), default=False)
    work = models.CharField(
        verbose_name=_("work"),
        max_length=12,
        blank=True,
        choices=[(w.value, w.value) for w in Work if w.value],
    )  # pu, bpu, apprentice; "" = not working (before migration 0003: a bare "employed" flag, now pu)
    work_months = models.PositiveSmallIntegerField(
        verbose_name=_("consecutive months as PU"), null=True, blank=True
    )  # None = not known, which ends the scholarship
    scholarship = models.BooleanField(
        verbose_name=_("scholarship"), default=False
    )  # counted for a scholarship when the claim was assessed
    decision_id = models.CharField(
        verbose_name=_("decision (Indonesian)"), max_length=300, blank=True
    )  # why (not), from the assessment, no name in it
    decision_en = models.CharField(verbose_name=_("decision (English)"), max_length=300, blank=True)
    stopped = models.CharField(
        verbose_name=_("scholarship stopped"), max_length=300, blank=True
    )  # why the scholarship stopped (married, working...)

    class Meta:
        verbose_name = _("heir")
        verbose_name_plural = _("heirs")
        ordering = ["pk"]


class ScholarshipPayment(models.Model):
    """One year of a child's scholarship as BPJSTK paid it; the next year's claim falls due a year later."""

    REGION_SCOPE = "heir__claim__region__code"
    objects = ScopedQuerySet["ScholarshipPayment"].as_manager()

    heir = models.ForeignKey(Heir, verbose_name=_("heir"), on_delete=models.CASCADE, related_name="payments")
    school_level = models.CharField(verbose_name=_("school level"), max_length=3)
    amount = models.BigIntegerField(verbose_name=_("amount"))
    paid_on = models.DateField(verbose_name=_("paid on"))
    recorded_by = models.ForeignKey(
        _USER, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scholarship payment")
        verbose_name_plural = _("scholarship payments")
        ordering = ["paid_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["heir", "paid_on"], name="scholarship_payment_once")]
