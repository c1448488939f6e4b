"""Coverage target pages: the list (``view_coverage``), and create, edit, delete (``manage_targets``, for
regions inside the user's scope; a target outside it answers 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cakupan.core.access import Permission, in_scope
from cakupan.web.accounts.scope import require, user_can, user_scope
from cakupan.web.lists import list_xlsx, wants_xlsx
from cakupan.web.targets.forms import TargetForm, indicator_label, kind_label
from cakupan.web.targets.lists import TARGETS
from cakupan.web.targets.models import CoverageTarget
from cakupan.web.targets.selectors import target_get_for_change, target_list
from cakupan.web.targets.services import target_create, target_delete, target_update


def _target_or_404(request: HttpRequest, pk: int) -> CoverageTarget:
    target = target_get_for_change(user=request.user, pk=pk)
    if target is None:
        raise Http404
    return target


def target_index(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_COVERAGE)
    scope = user_scope(request.user)
    manage = user_can(request.user, Permission.MANAGE_TARGETS)
    rows = [
        {
            "target": t,
            "indicator_label": indicator_label(t.indicator),
            "denominator_label": kind_label(t.denominator_kind),
            "editable": manage and in_scope(t.region_id, scope),
        }
        for t in target_list(user=request.user)
    ]
    if wants_xlsx(request, TARGETS):
        return list_xlsx(request, TARGETS, rows)
    return render(request, "targets/target_list.html", {"rows": rows, "can_manage": manage})


def _save(form: TargetForm, request: HttpRequest, editing: CoverageTarget | None) -> bool:
    """Write the form's values; False (with the core's message on the form) when the core refuses them."""
    data: dict[str, Any] = form.cleaned_data
    values = {
        name: data[name]
        for name in ("baseline_value", "baseline_date", "target_value", "target_date", "source_document")
    }
    try:
        if editing is None:
            target_create(
                region=data["region"],
                indicator=data["indicator"],
                denominator_kind=data["denominator_kind"],
                by=request.user,
                request=request,
                **values,
            )
        else:
            target_update(target=editing, by=request.user, request=request, **values)
    except ValueError as exc:
        form.add_error(None, str(exc))
        return False
    return True


def target_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_TARGETS)
    form = TargetForm(request.POST or None, scope=user_scope(request.user))
    if request.method == "POST" and form.is_valid() and _save(form, request, None):
        messages.success(request, _("The target is saved."))
        return redirect("target-list")
    return render(request, "targets/target_form.html", {"form": form})


def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_TARGETS)
    target = _target_or_404(request, pk)
    initial = {
        "region": target.region_id,
        "indicator": target.indicator,
        "denominator_kind": target.denominator_kind,
        "baseline_value": str(target.baseline_value),
        "baseline_date": target.baseline_date,
        "target_value": str(target.target_value),
        "target_date": target.target_date,
        "source_document": target.source_document,
    }
    form = TargetForm(request.POST or None, initial=initial, scope=user_scope(request.user), editing=target)
    if request.method == "POST" and form.is_valid() and _save(form, request, target):
        messages.success(request, _("The target is saved."))
        return redirect("target-list")
    return render(request, "targets/target_form.html", {"form": form, "edited": target})


def target_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (audited)."""
    require(request.user, Permission.MANAGE_TARGETS)
    target = _target_or_404(request, pk)
    if request.method == "POST":
        target_delete(target=target, by=request.user, request=request)
        messages.success(request, _("The target is deleted."))
        return redirect("target-list")
    return render(request, "targets/target_confirm_delete.html", {"target": target})
