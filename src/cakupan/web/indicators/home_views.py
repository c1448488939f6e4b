"""Where a user lands (``/`` and after login): on their own region, or on the list of their regions.

One region in scope (the province for the admin sistem, the auditor and a provincial Pemda admin; a kab/kota for
its Disnaker; a nagari for its operator): that region's coverage page. Several regions (a BPJSTK branch covering
two kab/kota): a page listing each of them with its own UCJ %, rather than the page of a region above them, whose
headline, trend and indicators would be the larger region's and not the officer's.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cakupan.core.access import Permission, scope_roots
from cakupan.core.regions import common_region
from cakupan.indicators.coverage import DEFAULT_DENOMINATOR, DENOMINATOR_LABELS
from cakupan.web.accounts.scope import require, user_scope
from cakupan.web.indicators.lists import MY_REGIONS
from cakupan.web.indicators.selectors import coverage_get, fact_period
from cakupan.web.language import page_language
from cakupan.web.lists import list_xlsx, wants_xlsx
from cakupan.web.registry.models import Region
from cakupan.web.registry.selectors import region_first_province


def home(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_COVERAGE)
    if region_first_province() is None:
        return render(request, "cakupan/empty.html")
    roots = scope_roots(user_scope(request.user))
    if not roots:
        raise PermissionDenied
    if len(roots) == 1:
        return redirect("region-coverage", code=roots[0])
    return redirect("my-regions")


def my_regions(request: HttpRequest) -> HttpResponse:
    """The user's own regions, each with its UCJ % of the latest facts month and a link to its page."""
    require(request.user, Permission.VIEW_COVERAGE)
    roots = scope_roots(user_scope(request.user))
    if not roots:
        raise PermissionDenied
    period = fact_period()
    if period is None:
        return render(request, "cakupan/no_facts.html")
    known = set(Region.objects.filter(code__in=roots).values_list("code", flat=True))
    figures = [coverage_get(region_code=code, period=period) for code in roots if code in known]
    if wants_xlsx(request, MY_REGIONS):
        return list_xlsx(request, MY_REGIONS, figures)
    # Side by side: the page of the region holding them all lists only these regions in its table and map.
    together = Region.objects.filter(code=common_region(roots) or "").first()
    context = {
        "figures": figures,
        "as_of": period.as_of,
        "denominator_label": DENOMINATOR_LABELS[DEFAULT_DENOMINATOR].text(page_language()),
        "together": together,
    }
    return render(request, "cakupan/my_regions.html", context)
