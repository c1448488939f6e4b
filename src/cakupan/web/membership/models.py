"""BPJS Ketenagakerjaan memberships: who is protected, in which segment and programmes, from when to when."""

from __future__ import annotations

from django.db import models

from cakupan.web.accounts.scope import ScopedQuerySet
from cakupan.web.registry.models import Person


class Membership(models.Model):
    REGION_SCOPE = "person__region__code"  # visibility follows the member's domicile

    objects = ScopedQuerySet["Membership"].as_manager()
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    kpj = models.CharField(max_length=20)  # BPJSTK participant number
    segment = models.CharField(max_length=5)  # PU, BPU, JAKON, PMI
    programmes = models.CharField(max_length=30)  # canonical "JKK;JKM;JHT"
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)  # None = open
    wage_basis = models.BigIntegerField()  # whole Rupiah
    payer = models.CharField(max_length=20)
    employer_npp = models.CharField(max_length=20, blank=True)
    import_batch = models.ForeignKey(
        "imports.ImportBatch", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "segment", "start_date"], name="membership_natural_key"
            ),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"], name="membership_period")]

    def __str__(self) -> str:
        return f"Membership {self.pk}"
