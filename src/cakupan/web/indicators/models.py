"""Denominators of the coverage indicator, each with its kind, period and source."""

from __future__ import annotations

from django.db import models

from cakupan.web.registry.models import Region


class LabourForceStat(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+")
    period = models.DateField()  # first day of the month the figure describes
    kind = models.CharField(max_length=30)  # angkatan_kerja, penduduk_bekerja, potensi_tenaga_kerja, bpu
    value = models.BigIntegerField()
    source = models.CharField(max_length=300)
    import_batch = models.ForeignKey(
        "imports.ImportBatch", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "period", "kind"], name="labourforce_natural_key"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.region_id} {self.period:%Y-%m}"


class CoverageFact(models.Model):
    """One count of the coverage facts (``cakupan.indicators.facts``): an indicator's numerator, or its count
    of registered persons ('terdata'), for one kelurahan/desa and month. Regions above a desa are sums over
    its code prefix. Rewritten whole by ``facts_refresh``; never edited by hand."""

    indicator = models.CharField(max_length=40)
    group = models.CharField(
        max_length=10, blank=True
    )  # breakdown value (PU, JKK, informal) or "" for the total
    region_code = models.CharField(max_length=13, db_column="kode_wilayah")  # kelurahan/desa
    period = models.DateField()  # first day of the month
    measure = models.CharField(max_length=10)  # numerator | terdata
    value = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["indicator", "period", "measure", "group"], name="coveragefact_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}/{self.group} {self.region_code} {self.period:%Y-%m}"


class FactsRefresh(models.Model):
    """One recomputation of the coverage facts: which months they describe and how long it took."""

    as_of = models.DateField()  # the state of the last month is taken on this day
    first_period = models.DateField()  # the earliest month shown (the base month before it is not stored)
    last_period = models.DateField()
    engine = models.CharField(max_length=20)
    rows = models.PositiveIntegerField()
    duration_ms = models.PositiveIntegerField()
    finished_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Facts {self.first_period:%Y-%m}..{self.last_period:%Y-%m} on {self.as_of}"
