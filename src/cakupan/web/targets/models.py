"""Coverage targets (RPJMN, RPJMD, regional agreements): baseline and target value and date, and the source
document, one per region, indicator and denominator kind. The figures behind them are aggregates, so a target is
not personal data; it is region-scoped all the same, so only the region's own officers may change it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cakupan.indicators.coverage import DEFAULT_DENOMINATOR
from cakupan.indicators.targets import TargetSpec
from cakupan.web.accounts.scope import ScopedQuerySet
from cakupan.web.registry.models import Region


class CoverageTarget(models.Model):
    REGION_SCOPE = "region__code"

    objects = ScopedQuerySet["CoverageTarget"].as_manager()

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    indicator = models.CharField(
        verbose_name=_("indicator"), max_length=50, default="ucj"
    )  # an indicator definition's name
    denominator_kind = models.CharField(
        verbose_name=_("denominator"), max_length=30, default=DEFAULT_DENOMINATOR
    )
    baseline_value = models.DecimalField(
        verbose_name=_("baseline value"), max_digits=5, decimal_places=2
    )  # percent
    baseline_date = models.DateField(verbose_name=_("baseline date"))
    target_value = models.DecimalField(
        verbose_name=_("target value"), max_digits=5, decimal_places=2
    )  # percent
    target_date = models.DateField(verbose_name=_("target date"))
    source_document = models.CharField(
        verbose_name=_("source document"), max_length=300
    )  # e.g. "RPJMD Kab. Pasaman Barat 2025–2029"
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")
        ordering = ["region_id", "indicator", "denominator_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "denominator_kind"], name="coverage_target_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"Target {self.indicator} {self.region_id} {self.target_value}% {self.target_date}"

    def spec(self) -> TargetSpec:
        """The target as the pure core's value, for ``cakupan.indicators.targets.target_progress``."""
        return TargetSpec(
            baseline_value=self.baseline_value,
            baseline_date=self.baseline_date,
            target_value=self.target_value,
            target_date=self.target_date,
            source=self.source_document,
        )
