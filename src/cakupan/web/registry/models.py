"""Regions (Kemendagri), their boundaries, and persons (the registry every other table links to by NIK)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cakupan.web.accounts.scope import ScopedQuerySet


class Region(models.Model):
    """A Kemendagri region; its dotted code is its key, so a person's region column holds the code itself."""

    code = models.CharField(primary_key=True, max_length=13)
    name = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField()  # 1 provinsi, 2 kab/kota, 3 kecamatan, 4 kelurahan/desa
    kind = models.CharField(max_length=20)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Person(models.Model):
    SEX_CHOICES = [("L", "Laki-laki"), ("P", "Perempuan")]
    REGION_SCOPE = "region__code"  # visibility follows domicile

    objects = ScopedQuerySet["Person"].as_manager()

    nik = models.CharField(verbose_name=_("NIK"), max_length=16, unique=True)
    kk_number = models.CharField(verbose_name=_("KK number"), max_length=16, blank=True)
    name = models.CharField(verbose_name=_("name"), max_length=200)
    birth_date = models.DateField(verbose_name=_("birth date"))
    sex = models.CharField(verbose_name=_("sex"), max_length=1, choices=SEX_CHOICES)
    # Domicile (kelurahan/desa), which decides the region a person counts in, not the NIK prefix.
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    address = models.CharField(verbose_name=_("address"), max_length=300, blank=True)
    occupation = models.CharField(verbose_name=_("occupation"), max_length=120, blank=True)
    sector = models.CharField(
        verbose_name=_("sector"), max_length=10, blank=True
    )  # formal / informal / empty when not working
    decile = models.PositiveSmallIntegerField(
        verbose_name=_("welfare decile"), null=True, blank=True
    )  # DTSEN desil 1-10
    import_batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("import"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"Person {self.pk}"


class RegionBoundary(models.Model):
    """A region's polygon, imported from a GeoJSON file (``cakupan regions boundaries``).

    Kept beside Region, not in it, so the many reads of the region list never load geometry. The geometry is
    GeoJSON text (WGS84 ``[lng, lat]``, Polygon or MultiPolygon): no GIS extension is needed on SQLite or
    PostgreSQL, and a map draws it as it is. A region without a row here has no boundary: a map shows it as
    "no boundary", never hides its numbers.
    """

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, db_column="kode_wilayah", related_name="boundary"
    )
    geometry = models.TextField()  # GeoJSON geometry, compact, coordinates rounded to 6 decimals
    # Bounding box, to fit a map to the region without parsing the geometry.
    min_lng = models.FloatField()
    min_lat = models.FloatField()
    max_lng = models.FloatField()
    max_lat = models.FloatField()
    import_batch = models.ForeignKey(
        "imports.ImportBatch", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Boundary {self.region_id}"
