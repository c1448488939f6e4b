"""Employers: the licensing office's business register (OSS, by NIB) joined with BPJS Ketenagakerjaan's employer
data (by NPP). An employer without an NPP is not registered with BPJSTK: a PWBD candidate.

The two are imported as separate files in either order and meet on one record (cakupan.web.employers.matching).
A record known only from BPJSTK's data has no OSS figures yet (``workforce`` is NULL, ``kbli`` empty, ``nib``
NULL unless BPJSTK gave it): it is listed as not matched and is not reviewed until the OSS list brings it."""

from __future__ import annotations

from django.db import models

from cakupan.web.accounts.scope import ScopedQuerySet
from cakupan.web.registry.models import Region


class Employer(models.Model):
    REGION_SCOPE = "region__code"  # visibility follows where the business is

    objects = ScopedQuerySet["Employer"].as_manager()

    # Nomor Induk Berusaha (OSS), 13 digits; NULL for an employer BPJSTK's data gave without NIB
    nib = models.CharField(max_length=13, unique=True, null=True, blank=True)
    npp = models.CharField(max_length=20, blank=True)  # BPJSTK employer number; empty = not registered
    name = models.CharField(max_length=200)
    kbli = models.CharField(max_length=5, blank=True)  # main business activity, KBLI 2020 (5 digits); OSS
    region = models.ForeignKey(Region, on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+")
    workforce = models.BigIntegerField(
        null=True, blank=True
    )  # jumlah tenaga kerja (OSS); NULL = not in OSS yet
    workers_registered = models.BigIntegerField(null=True, blank=True)  # tenaga kerja terdaftar (BPJSTK)
    wages_reported = models.BigIntegerField(null=True, blank=True)  # total upah dilaporkan, whole Rupiah
    programmes = models.CharField(max_length=30, blank=True)  # canonical "JKK;JKM;JHT"
    scale = models.CharField(max_length=10, blank=True)  # OSS skala usaha: mikro, kecil, menengah, besar
    capital = models.BigIntegerField(null=True, blank=True)  # modal usaha, whole Rupiah
    import_batch = models.ForeignKey(
        "imports.ImportBatch", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["npp"], name="employer_npp")]

    def __str__(self) -> str:
        return f"Employer {self.nib or self.npp}"

    @property
    def in_oss(self) -> bool:
        """Whether the OSS list (or a file in its layout) has brought this employer."""
        return self.workforce is not None


class ConstructionProject(models.Model):
    """A construction project (jasa konstruksi, Jakon) and whether its contractor registered it with BPJS
    Ketenagakerjaan; reviewed by ``cakupan.compliance.jakon`` (``cakupan.web.employers.projects``)."""

    REGION_SCOPE = "region__code"  # visibility follows where the project is

    objects = ScopedQuerySet["ConstructionProject"].as_manager()

    code = models.CharField(max_length=50, unique=True)  # kode proyek (e.g. the tender or contract code)
    name = models.CharField(max_length=300)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+")
    contractor_nib = models.CharField(max_length=13, blank=True)  # NIB kontraktor (OSS), 13 digits
    contractor_name = models.CharField(max_length=200)
    contract_value = models.BigIntegerField()  # nilai kontrak, whole Rupiah
    funding = models.CharField(
        max_length=12
    )  # sumber pendanaan: apbn, apbd, apb_nagari, bumn_bumd, swasta, lainnya
    spk_date = models.DateField()  # SPK / contract signed: the registration deadline counts from here
    finished_on = models.DateField(null=True, blank=True)
    registration_number = models.CharField(max_length=30, blank=True)  # nomor registrasi proyek di BPJSTK
    registered_on = models.DateField(null=True, blank=True)
    import_batch = models.ForeignKey(
        "imports.ImportBatch", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"ConstructionProject {self.code}"
