"""From a request to the dashboard a user may see: permission, scope, month (``?tanggal=``) and denominator
kind (``?penyebut=``). Shared by the dashboard page, its XLSX export, its PDF summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from cakupan.core.access import Permission, aggregate_visible
from cakupan.core.regions import is_region_code
from cakupan.indicators.coverage import DEFAULT_DENOMINATOR, DENOMINATOR_LABELS
from cakupan.web.accounts.scope import require, user_scope
from cakupan.web.indicators.dashboard import RegionDashboard, region_dashboard
from cakupan.web.indicators.selectors import fact_period, facts_latest
from cakupan.web.registry.models import Region


class NoFacts(Exception):
    """The coverage facts have never been computed: there is nothing to show yet."""


@dataclass(frozen=True, slots=True)
class DashboardRequest:
    dashboard: RegionDashboard  # children limited to those the user may see
    problems: list[str]  # what was wrong with the query string, already translated


def parse_facts_date(raw: str) -> tuple[dt.date | None, str | None]:
    """``?tanggal=``: a day of a facts month, or nothing (the latest month); a bad value is explained."""
    if not raw:
        return None, None
    try:
        return dt.date.fromisoformat(raw), None
    except ValueError:
        return None, _(
            "The date %(value)s is not valid (use YYYY-MM-DD); showing the latest month instead."
        ) % {"value": raw}


def dashboard_from_request(request: HttpRequest, code: str) -> DashboardRequest:
    """403 without the permission, 404 outside the user's scope or for an unknown region; NoFacts before the
    first facts refresh. A bad date or kind is explained and replaced by the default."""
    require(request.user, Permission.VIEW_COVERAGE)
    scope = user_scope(request.user)
    if not is_region_code(code) or not aggregate_visible(code, scope):
        raise Http404
    if not Region.objects.filter(code=code).exists():
        raise Http404
    as_of, date_problem = parse_facts_date(request.GET.get("tanggal", ""))
    problems = [date_problem] if date_problem else []
    kind = request.GET.get("penyebut", DEFAULT_DENOMINATOR)
    if kind not in DENOMINATOR_LABELS:
        kind = DEFAULT_DENOMINATOR
    refresh = facts_latest()
    period = fact_period(as_of=as_of, refresh=refresh)
    if period is None:
        raise NoFacts
    if as_of is not None and not period.month <= as_of <= period.as_of:
        problems.append(
            _("There are no coverage facts for %(value)s; showing the latest month instead.")
            % {"value": as_of.isoformat()}
        )
    try:
        dashboard = region_dashboard(region_code=code, period=period, kind=kind, refreshed=refresh)
    except Region.DoesNotExist as exc:
        raise Http404 from exc
    visible = [c for c in dashboard.children if aggregate_visible(c.region_code, scope)]
    return DashboardRequest(dashboard=replace(dashboard, children=visible), problems=problems)
