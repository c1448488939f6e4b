"""The gap list page: uncovered workers of a region, NIK masked, filtered, paged, and its audited XLSX export."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cakupan.core.access import Permission, aggregate_visible
from cakupan.core.nik import mask_nik
from cakupan.core.regions import is_region_code
from cakupan.web.accounts.scope import require, user_can, user_scope
from cakupan.web.indicators.gaps import SECTORS, GapFilters, age_on, gap_filters_parse, uncovered_workers
from cakupan.web.indicators.selectors import FactPeriod, fact_period
from cakupan.web.private_search import private_search_remember, private_search_terms
from cakupan.web.registry.exports import person_export_xlsx
from cakupan.web.registry.models import Person, Region
from cakupan.web.registry.selectors import region_ancestors, region_children, region_get
from cakupan.web.registry.views import PAGE_SIZE
from cakupan.web.xlsx import CONTENT_TYPE


@dataclass(frozen=True, slots=True)
class GapRequest:
    region: Region
    period: FactPeriod
    filters: GapFilters
    problems: list[str]


def _gap_request(request: HttpRequest, code: str) -> GapRequest | None:
    """The region (404 outside the user's scope), the facts period and the filters; None without facts."""
    if not is_region_code(code) or not aggregate_visible(code, user_scope(request.user)):
        raise Http404
    try:
        region = region_get(code=code)
    except Region.DoesNotExist as exc:
        raise Http404 from exc
    # The name searched is personal data: POSTed and kept in the session, never in the URL.
    params = {**request.GET.dict(), "q": private_search_terms(request, page="gaps").get("q", "")}
    filters, problems = gap_filters_parse(params, region_code=code)
    period = fact_period(as_of=filters.date)
    if period is None:
        return None
    if filters.date is not None and not period.month <= filters.date <= period.as_of:
        problems.append(
            _("There are no coverage facts for %(value)s; showing the latest month instead.")
            % {"value": filters.date.isoformat()}
        )
    return GapRequest(region=region, period=period, filters=filters, problems=problems)


def _region_choices(code: str, filters: GapFilters, scope: tuple[str, ...]) -> list[Region]:
    """The children the user may see, plus the filtered region when it lies deeper (typed into the URL)."""
    choices = [r for r in region_children(code=code) if aggregate_visible(r.code, scope)]
    if filters.region and filters.region not in {r.code for r in choices}:
        with suppress(Region.DoesNotExist):
            choices.append(region_get(code=filters.region))
    return choices


def gap_list(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Permission.VIEW_PERSONS)
    if request.method == "POST":
        return private_search_remember(request, page="gaps", fields=("q",))
    gap = _gap_request(request, code)
    if gap is None:
        return render(request, "cakupan/no_facts.html")
    persons = uncovered_workers(
        user=request.user, region_code=code, as_of=gap.period.as_of, filters=gap.filters
    )
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = [
        {"person": p, "nik": mask_nik(p.nik), "age": age_on(p.birth_date, gap.period.as_of)} for p in page
    ]
    scope = user_scope(request.user)
    return render(
        request,
        "cakupan/coverage_gaps.html",
        {
            "region": gap.region,
            "breadcrumbs": region_ancestors(code=code),
            "as_of": gap.period.as_of,
            "filters": gap.filters,
            "filter_query": gap.filters.query(),
            "problems": gap.problems,
            "children": _region_choices(code, gap.filters, scope),
            "sectors": SECTORS,
            "sexes": Person.SEX_CHOICES,
            "deciles": range(1, 11),
            "page": page,
            "rows": rows,
            "can_export": user_can(request.user, Permission.EXPORT_PERSONS),
        },
    )


def gap_export(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Permission.EXPORT_PERSONS)
    gap = _gap_request(request, code)
    if gap is None:
        return render(request, "cakupan/no_facts.html")
    persons = uncovered_workers(
        user=request.user, region_code=code, as_of=gap.period.as_of, filters=gap.filters
    )
    # The audit entry records what was exported: the gap list of which region, on which day, with which filters.
    query = f"belum-terlindungi {code} per {gap.period.as_of.isoformat()}"
    if gap.filters.query():
        query += f" {gap.filters.query()}"
    if gap.filters.name:
        query += f" nama={gap.filters.name}"
    content = person_export_xlsx(persons=persons, user=request.user, request=request, query=query)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    filename = f"belum-terlindungi-{code}-{gap.period.as_of:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
