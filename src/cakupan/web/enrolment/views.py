"""Enrolment pages: the overview, funding sources, schemes with their optimiser runs and the person check,
trajectories and the contribution schedule. Views stay thin: forms parse, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.core.access import Permission
from cakupan.core.nik import mask_nik
from cakupan.enrolment.states import EnrolmentError
from cakupan.funding import SOURCE_LABELS, SourceKind
from cakupan.web.accounts.scope import require, user_can, user_scope
from cakupan.web.enrolment import lists
from cakupan.web.enrolment.allocation import allocation_run_create
from cakupan.web.enrolment.batches import batches_from_run
from cakupan.web.enrolment.forms import FundingSourceForm, SchemeForm
from cakupan.web.enrolment.models import AllocationRun, FundingSource, Scheme
from cakupan.web.enrolment.schedule import contribution_schedule
from cakupan.web.enrolment.selectors import batch_list, lapse_alerts, latest_run, person_check
from cakupan.web.language import english_active, error_text, label_text
from cakupan.web.lists import list_xlsx, wants_xlsx
from cakupan.web.params import whole_number


def source_label(kind: str) -> str:
    label = SOURCE_LABELS.get(SourceKind(kind))
    return label_text(label) if label else kind


def may_see_batches(request: HttpRequest) -> None:
    """Planners, approvers and BPJSTK officers see batches; anyone else gets 403."""
    wanted = (Permission.PLAN_ENROLMENT, Permission.APPROVE_ENROLMENT, Permission.RECONCILE_ENROLMENT)
    if not any(user_can(request.user, p) for p in wanted):
        require(request.user, Permission.PLAN_ENROLMENT)


def enrolment_index(request: HttpRequest) -> HttpResponse:
    may_see_batches(request)
    today = timezone.localdate()
    sources = [(s, source_label(s.kind)) for s in FundingSource.objects.visible_to(request.user)]
    schemes = Scheme.objects.visible_to(request.user).select_related("region")
    batches = batch_list(user=request.user)
    if wants_xlsx(request, lists.SOURCES):
        return list_xlsx(request, lists.SOURCES, sources)
    if wants_xlsx(request, lists.SCHEMES):
        return list_xlsx(request, lists.SCHEMES, schemes)
    if wants_xlsx(request, lists.BATCHES):
        return list_xlsx(request, lists.BATCHES, batches)
    return render(
        request,
        "enrolment/index.html",
        {
            "sources": sources,
            "schemes": schemes,
            "batches": batches[:50],
            "alerts": lapse_alerts(user=request.user, today=today),
        },
    )


def _source_or_404(request: HttpRequest, pk: int) -> FundingSource:
    found = FundingSource.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def source_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, Permission.PLAN_ENROLMENT)
    source = _source_or_404(request, pk) if pk is not None else None
    form = FundingSourceForm(request.POST or None, instance=source, scope=user_scope(request.user))
    if request.method == "POST" and form.is_valid():
        from cakupan.web.enrolment.services import funding_source_save

        try:
            funding_source_save(source=source, values=form.values(), by=request.user, request=request)
        except EnrolmentError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(
                request, _("The funding source %(name)s is saved.") % {"name": form.values()["name"]}
            )
            return redirect("enrolment:index")
    intro = _(
        "A budget line of one fiscal year and what it may pay for. DBH Sawit pays for plantation workers for the "
        "months its realised revenue covers; an APB Nagari only for its own residents."
    )
    context = {"form": form, "edited": source, "heading": _("New funding source"), "intro": intro}
    return render(request, "enrolment/form.html", context)


def _scheme_or_404(request: HttpRequest, pk: int) -> Scheme:
    found = Scheme.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def scheme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, Permission.PLAN_ENROLMENT)
    scheme = _scheme_or_404(request, pk) if pk is not None else None
    form = SchemeForm(
        request.POST or None, instance=scheme, scope=user_scope(request.user), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        from cakupan.web.enrolment.services import scheme_save

        try:
            saved = scheme_save(
                scheme=scheme,
                values=form.values(),
                sources=form.cleaned_data["sources"],
                by=request.user,
                request=request,
            )
        except EnrolmentError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The scheme %(name)s is saved.") % {"name": saved.name})
            return redirect("enrolment:scheme", pk=saved.pk)
    intro = _(
        "Who may be protected (eligibility) and who comes first (priority points, shown beside every score)."
    )
    context = {"form": form, "edited": scheme, "heading": _("New scheme"), "intro": intro}
    return render(request, "enrolment/form.html", context)


def _run_rows(scheme: Scheme, run: AllocationRun | None) -> list[dict[str, Any]]:
    if run is None:
        return []
    names = {str(s.pk): (s.name, source_label(s.kind), s.budget, s.months) for s in scheme.sources.all()}
    greedy = {s["key"]: s for s in run.summary["greedy"]["sources"]}
    marginal = {m["key"]: m for m in run.summary["marginal"]}
    pricing = run.summary.get("pricing", {})  # runs before PP 50/2025 was modelled have none
    rows = []
    for s in run.summary["optimum"]["sources"]:
        name, kind, budget, months = names.get(s["key"], (s["key"], "", 0, 0))
        priced = pricing.get(s["key"])
        rows.append(
            {
                "key": s["key"],
                "name": name,
                "kind": kind,
                "budget": budget,
                "months": months,
                **s,
                "greedy_persons": greedy.get(s["key"], {}).get("persons", 0),
                "extra_persons": marginal.get(s["key"], {}).get("extra_persons", 0),
                "eligible": run.summary["eligible_by_source"].get(s["key"], 0),
                "committed": run.summary.get("committed", {}).get(s["key"], 0),
                # what one worker costs this source per sector group, and why (PP 50/2025's discount or not)
                "unit_costs": sorted(priced["costs"].items()) if priced else [],
                "cost_reason": (priced["reason_en"] if english_active() else priced["reason"])
                if priced
                else "",
            }
        )
    return rows


def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.PLAN_ENROLMENT)
    scheme = _scheme_or_404(request, pk)
    run = latest_run(scheme)
    # A NIK is personal data: the check is POSTed, never put in the URL (browser history, server logs).
    nik = request.POST.get("nik", "").strip() if request.method == "POST" else ""
    check = person_check(scheme=scheme, nik=nik, user=request.user) if nik else None
    context: dict[str, Any] = {"scheme": scheme, "run": run, "rows": _run_rows(scheme, run), "check": check}
    if run is not None:
        best, base = run.summary["optimum"], run.summary["greedy"]
        context["gap"] = (
            round(100 * (best["objective"] - base["objective"]) / best["objective"], 2)
            if best["objective"]
            else 0
        )
        picks = run.picks.select_related("person", "source").order_by("-score", "person_id")[:20]
        context["picks"] = [(mask_nik(p.person.nik), p) for p in picks]
    context["english"] = english_active()
    return render(request, "enrolment/scheme_detail.html", context)


@require_POST
def scheme_run(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.PLAN_ENROLMENT)
    scheme = _scheme_or_404(request, pk)
    try:
        allocation_run_create(scheme=scheme, by=request.user, request=request)
    except (EnrolmentError, ValueError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The optimiser has run; its choice is below."))
    return redirect("enrolment:scheme", pk=scheme.pk)


@require_POST
def run_batches(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft batches from an optimiser run: one per funding source that funds someone."""
    require(request.user, Permission.PLAN_ENROLMENT)
    run = AllocationRun.objects.visible_to(request.user).filter(pk=pk).select_related("scheme").first()
    if run is None:
        raise Http404
    try:
        batches_from_run(run=run, by=request.user, request=request)
    except EnrolmentError as exc:
        messages.error(request, error_text(exc))
        return redirect("enrolment:scheme", pk=run.scheme_id)
    messages.success(request, _("The draft batches are made; each waits for its checker."))
    return redirect("enrolment:index")


def schedule(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.PLAN_ENROLMENT)
    year = whole_number(request.GET.get("tahun"), timezone.localdate().year, minimum=2000, maximum=2100)
    months, rows = contribution_schedule(user=request.user, year=year)
    export = lists.schedule_export(months)
    if wants_xlsx(request, export):
        return list_xlsx(request, export, rows)
    by_month = [
        {"month": m, "cells": [r.by_month[m] for r in rows], "total": sum(r.by_month[m][1] for r in rows)}
        for m in months
    ]
    return render(
        request,
        "enrolment/schedule.html",
        {
            "year": year,
            "by_month": by_month,
            "rows": rows,
            "grand": sum(m["total"] for m in by_month),
            "labels": {r.source_id: source_label(r.kind) for r in rows},
        },
    )
