"""Compliance records of a region (issue 8): how far the Pemda has met each regional obligation, with its evidence.
The checklist itself is the core's (``cakupan.compliance.obligations``); a row exists once an officer records it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cakupan.web.accounts.scope import ScopedQuerySet
from cakupan.web.registry.models import Region

OBLIGATION_STATUSES = ("belum", "sebagian", "terpenuhi")


class RegionObligation(models.Model):
    REGION_SCOPE = "region__code"
    objects = ScopedQuerySet["RegionObligation"].as_manager()

    region = models.ForeignKey(Region, on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+")
    code = models.CharField(max_length=32)  # cakupan.compliance.obligations item code
    status = models.CharField(max_length=10, choices=[(s, s) for s in OBLIGATION_STATUSES], default="belum")
    regulation = models.CharField(max_length=200, blank=True)  # e.g. "Perbup Solok 2/2025"
    budget_line = models.CharField(max_length=200, blank=True)  # e.g. a DPA line and amount
    evidence_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="region_obligation_once")]
        ordering = ["region_id", "code"]
