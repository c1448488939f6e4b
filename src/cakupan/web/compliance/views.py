"""Compliance pages under /kepatuhan/: the regional obligations checklist of a region with its evidence."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cakupan.compliance import ComplianceError, obligations
from cakupan.core.access import Permission, aggregate_visible, in_scope
from cakupan.web.accounts.scope import require, user_can, user_scope
from cakupan.web.compliance.forms import STATUS_LABELS, ObligationForm
from cakupan.web.compliance.lists import OBLIGATIONS
from cakupan.web.compliance.models import RegionObligation
from cakupan.web.compliance.services import region_obligation_save
from cakupan.web.language import english_active, error_text
from cakupan.web.lists import list_xlsx, wants_xlsx
from cakupan.web.next_steps import next_step_note
from cakupan.web.registry.models import Region


def region_obligations(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the checklist (aggregate, like the coverage page); POST: record one item (``manage_compliance``, the
    region inside the user's own)."""
    require(request.user, Permission.VIEW_COVERAGE)
    scope = user_scope(request.user)
    region = Region.objects.filter(code=code).first()
    if region is None or not aggregate_visible(code, scope):
        raise Http404
    editable = user_can(request.user, Permission.MANAGE_COMPLIANCE) and in_scope(code, scope)
    problem = ""
    if request.method == "POST":
        if not editable:
            require(request.user, Permission.MANAGE_COMPLIANCE)
            raise Http404
        form = ObligationForm(request.POST)
        if form.is_valid():
            values = dict(form.cleaned_data)
            try:
                region_obligation_save(
                    region=region, code=values.pop("code"), values=values, by=request.user, request=request
                )
            except ComplianceError as exc:
                problem = error_text(exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("compliance:obligations", code=code)
        else:
            problem = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    recorded = {row.code: row for row in RegionObligation.objects.filter(region=region)}
    rows = []
    for item in obligations():
        row = recorded.get(item.code)
        initial: dict[str, object] = {"code": item.code, "status": row.status if row else "belum"}
        if row:
            initial.update(
                regulation=row.regulation,
                budget_line=row.budget_line,
                evidence_date=row.evidence_date,
                note=row.note,
            )
        rows.append(
            {
                "item": item,
                "text": item.english if english_active() else item.indonesian,
                "row": row,
                "status": STATUS_LABELS[row.status if row else "belum"],
                "form": ObligationForm(initial=initial, auto_id=f"id_{item.code}_%s") if editable else None,
                "next_step": next_step_note(
                    workflow="obligation",
                    state=row.status if row else "belum",
                    user=request.user,
                    region_code=region.code,
                    can_act=editable,
                ),
            }
        )
    if wants_xlsx(request, OBLIGATIONS):
        return list_xlsx(request, OBLIGATIONS, rows, region_code=region.code)
    done = sum(1 for row in recorded.values() if row.status == "terpenuhi")
    context = {"region": region, "rows": rows, "done": done, "total": len(rows), "problem": problem}
    return render(request, "compliance/obligations.html", context, status=400 if problem else 200)
