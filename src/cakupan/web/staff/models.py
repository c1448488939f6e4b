"""Government staff (ASN, non-ASN, perangkat nagari, Bamus, kader) and the family members ASN register with
BPJS Ketenagakerjaan. Both link to the person registry by NIK when the person is in it; staff outside the DTSEN
extract are kept, unlinked."""

from __future__ import annotations

from django.db import models

from cakupan.web.accounts.scope import ScopedQuerySet
from cakupan.web.registry.models import Person, Region


class Staff(models.Model):
    REGION_SCOPE = "region__code"  # visibility follows the region of the instansi

    objects = ScopedQuerySet["Staff"].as_manager()

    nik = models.CharField(max_length=16)
    name = models.CharField(max_length=200)
    agency = models.CharField(max_length=200)  # instansi / OPD / nagari
    status = models.CharField(max_length=20)  # ASN, non_ASN, perangkat_nagari, bamus, kader
    region = models.ForeignKey(Region, on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    import_batch = models.ForeignKey(
        "imports.ImportBatch", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nik", "agency"], name="staff_natural_key")]

    def __str__(self) -> str:
        return f"Staff {self.pk}"


class AsnFamilyMember(models.Model):
    REGION_SCOPE = "region__code"

    objects = ScopedQuerySet["AsnFamilyMember"].as_manager()

    asn_nik = models.CharField(max_length=16)
    asn_name = models.CharField(max_length=200)
    agency = models.CharField(max_length=200)
    member_nik = models.CharField(max_length=16)
    member_name = models.CharField(max_length=200)
    relation = models.CharField(
        max_length=20
    )  # suami, istri, anak, orang_tua, mertua, saudara_kandung, lainnya
    kpj = models.CharField(max_length=20, blank=True)  # BPJSTK participant number, when already issued
    registered_on = models.DateField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+")
    asn_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    import_batch = models.ForeignKey(
        "imports.ImportBatch", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["asn_nik", "member_nik"], name="asn_family_natural_key")
        ]

    def __str__(self) -> str:
        return f"AsnFamilyMember {self.pk}"
