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
