"""Reads of coverage targets."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cakupan.core.regions import ancestors_of
from cakupan.indicators.coverage import DEFAULT_DENOMINATOR
from cakupan.web.accounts.scope import scope_q, user_scope
from cakupan.web.targets.models import CoverageTarget


def target_for_region(
    *, region_code: str, indicator: str = "ucj", denominator_kind: str = DEFAULT_DENOMINATOR
) -> CoverageTarget | None:
    """The target of one region for one indicator and denominator kind, or None. No access check: the caller
    has already decided that the user may see the region's aggregate figures."""
    return (
        CoverageTarget.objects.filter(
            region_id=region_code, indicator=indicator, denominator_kind=denominator_kind
        )
        .select_related("region")
        .first()
    )


def target_list(*, user: Any) -> QuerySet[CoverageTarget]:
    """Targets whose aggregate figures the user may see: of regions inside the user's scope and above it
    (a kab/kota officer sees the province's target too). Only those inside the scope can be changed
    (``target_get_for_change``)."""
    scope = user_scope(user)
    above = {code for s in scope for code in ancestors_of(s)}
    return (
        CoverageTarget.objects.filter(scope_q(CoverageTarget.REGION_SCOPE, scope) | Q(region_id__in=above))
        .select_related("region")
        .order_by("region_id", "indicator", "denominator_kind")
    )


def target_get_for_change(*, user: Any, pk: int) -> CoverageTarget | None:
    """One target inside the user's scope (for edit and delete), or None when absent or outside it."""
    return CoverageTarget.objects.visible_to(user).select_related("region").filter(pk=pk).first()
