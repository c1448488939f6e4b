"""Multi-year trajectories: from a target (a number of workers, or a UCJ % by a year), the yearly quotas, the
budget each year needs at current rates (what the chosen payer really pays, e.g. with PP 50/2025's discount) and
the UCJ path, for several assumptions side by side."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cakupan.core.access import Permission
from cakupan.funding.costs import sector_group_names, yearly_costs
from cakupan.funding.errors import FundingError
from cakupan.funding.sources import PAYER_OF, SOURCE_LABELS
from cakupan.funding.trajectory import Assumptions, Trajectory, plan_by_count, plan_by_percent
from cakupan.rules import RulesError, lowest_bpu_contribution, parameter
from cakupan.web.accounts.scope import require
from cakupan.web.language import english_active, error_text


def _percent_list(text: str) -> list[Decimal]:
    values = []
    for part in (text or "0").replace(";", " ").split():
        try:
            value = Decimal(part.replace(",", "."))
        except InvalidOperation:
            raise forms.ValidationError(_("Type percentages separated by spaces, e.g. 0 5 10.")) from None
        if not value.is_finite() or not 0 <= value < 100:
            raise forms.ValidationError(_("A percentage must be between 0 and 100."))
        values.append(value)
    if len(values) > 4:
        raise forms.ValidationError(_("At most 4 scenarios."))
    return values


def _payer_choices() -> list[tuple[str, str]]:
    sources = [
        (payer, SOURCE_LABELS[kind].text("en" if english_active() else "id"))
        for kind, payer in PAYER_OF.items()
    ]
    return [
        ("", str(_("Not stated: the full contribution"))),
        *sources,
        ("mandiri", str(_("The workers themselves (mandiri)"))),
    ]


class TrajectoryForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Target"),
        choices=[("jumlah", _("A number of workers")), ("persen", _("A UCJ percentage by a year"))],
        initial="jumlah",
    )
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    target_workers = forms.IntegerField(
        label=_("Workers to protect"), min_value=1, required=False, initial=37584
    )
    years = forms.IntegerField(
        label=_("Over how many years"), min_value=1, max_value=30, required=False, initial=5
    )
    first_year = forms.IntegerField(
        label=_("Workers in the first year"), min_value=1, required=False, initial=3000
    )
    target_percent = forms.DecimalField(
        label=_("UCJ target (%)"), min_value=0, max_value=100, required=False, decimal_places=2
    )
    by_year = forms.IntegerField(label=_("By the year"), min_value=2000, max_value=2100, required=False)
    labour_force = forms.IntegerField(label=_("Labour force now"), min_value=1, required=False)
    active_now = forms.IntegerField(label=_("Active participants now"), min_value=0, required=False)
    lapse_rates = forms.CharField(
        label=_("Yearly lapse rates to compare (%)"), initial="0 5 10", required=False
    )
    growth = forms.DecimalField(
        label=_("Labour force growth per year (%)"),
        initial=Decimal("1"),
        required=False,
        min_value=-50,
        max_value=50,
        decimal_places=2,
    )

    payer = forms.ChoiceField(
        label=_("Who pays"),
        required=False,
        choices=_payer_choices,  # called when the form is shown, in the page's language
    )
    sector = forms.ChoiceField(
        label=_("Sector group of the workers (PP 50/2025 discount)"),
        required=False,
        choices=[("", _("Not stated"))] + [(group, group) for group in sector_group_names()],
    )

    def clean_lapse_rates(self) -> list[Decimal]:
        return _percent_list(self.cleaned_data.get("lapse_rates", ""))


def _yearly(data: dict[str, Any]) -> tuple[tuple[int, int], ...]:
    """What one worker paid by the chosen payer costs each plan year (none chosen: monthly cost × 12)."""
    if not data.get("payer"):
        return ()
    start = data["start_year"]
    last = max(start + (data.get("years") or 1) - 1, data.get("by_year") or start, start)
    lowest = int(parameter("bpu/income_basis/minimum", on=dt.date(start, 1, 1)).scalar())
    return yearly_costs(
        payer=data["payer"],
        sector=data.get("sector") or None,
        years=range(start, last + 1),
        income=lowest,
        programmes=("JKK", "JKM"),
    )


def _plans(data: dict[str, Any]) -> list[Trajectory]:
    cost = lowest_bpu_contribution(on=dt.date(data["start_year"], 1, 1)).total
    growth = (data.get("growth") or Decimal(0)) / 100
    yearly = _yearly(data)
    plans = []
    for rate in data["lapse_rates"]:
        assumptions = Assumptions(
            monthly_cost=cost, lapse_rate=rate / 100, labour_force_growth=growth, yearly_costs=yearly
        )
        name = f"{rate}%"
        if data["mode"] == "jumlah":
            plans.append(
                plan_by_count(
                    name=name,
                    target=data["target_workers"],
                    years=data["years"],
                    first_year=data["first_year"],
                    start_year=data["start_year"],
                    assumptions=assumptions,
                    labour_force=data.get("labour_force"),
                    active_other=data.get("active_now") or 0,
                )
            )
        else:
            plans.append(
                plan_by_percent(
                    name=name,
                    target_percent=data["target_percent"],
                    by_year=data["by_year"],
                    start_year=data["start_year"],
                    labour_force=data["labour_force"],
                    active_now=data["active_now"],
                    assumptions=assumptions,
                )
            )
    return plans


def trajectories(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.PLAN_ENROLMENT)
    initial = {"start_year": timezone.localdate().year + 1}
    form = TrajectoryForm(request.GET or None, initial=initial)
    plans: list[Trajectory] = []
    if request.GET and form.is_valid():
        data = form.cleaned_data
        needed = (
            ("target_workers", "years", "first_year")
            if data["mode"] == "jumlah"
            else ("target_percent", "by_year", "labour_force", "active_now")
        )
        for name in needed:
            if data.get(name) is None:
                form.add_error(name, _("This field is required."))
        if not form.errors:
            try:
                plans = _plans(data)
            except (FundingError, RulesError) as exc:
                form.add_error(None, error_text(exc))
    years = [y.year for y in plans[0].years] if plans else []
    side = [
        {"year": year, "cells": [next(y for y in p.years if y.year == year) for p in plans]} for year in years
    ]
    return render(
        request,
        "enrolment/trajectories.html",
        {"form": form, "plans": plans, "side": side, "english": english_active()},
    )
