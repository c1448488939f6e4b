"""The letter templates of an office (BPJSTK or the Pemda) in one kab/kota, under /kepatuhan/templat-surat/: the
kab/kota of the user's regions, the four steps' texts of one of them, and the edit page with its fields."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cakupan.compliance import ComplianceError
from cakupan.compliance.letters import PLACEHOLDERS
from cakupan.core.access import Permission, in_scope
from cakupan.web.accounts.scope import require, scope_q, user_scope
from cakupan.web.compliance import letters
from cakupan.web.compliance.forms import STEP_LABELS, LetterTemplateForm
from cakupan.web.compliance.models import LETTER_STEPS
from cakupan.web.language import error_text, label_text
from cakupan.web.registry.models import Region


def _office(request: HttpRequest, code: str) -> tuple[Region, str]:
    """The kab/kota ``code`` (inside the user's regions) and the office the user writes for."""
    require(request.user, Permission.ISSUE_LETTERS)
    issuer = letters.issuer_of(request.user)
    region = Region.objects.filter(code=code).first()
    if (
        issuer is None
        or region is None
        or code.count(".") != 1
        or not in_scope(code, user_scope(request.user))
    ):
        raise Http404
    return region, issuer


def letter_template_regions(request: HttpRequest) -> HttpResponse:
    """The kab/kota whose templates the user may edit: those inside the user's regions, or the one holding them."""
    require(request.user, Permission.ISSUE_LETTERS)
    scope = user_scope(request.user)
    holding = {letters.kabkota_of(code) for code in scope if code.count(".") >= 1}
    regions = Region.objects.filter(Q(level=2) & (scope_q("code", scope) | Q(code__in=holding))).order_by(
        "code"
    )
    return render(request, "compliance/letter_regions.html", {"regions": regions})


def letter_templates(request: HttpRequest, code: str) -> HttpResponse:
    region, issuer = _office(request, code)
    rows = [
        (letters.template_in_use(step, region=region, issuer=issuer), STEP_LABELS[step])
        for step in LETTER_STEPS
    ]
    return render(
        request, "compliance/letter_templates.html", {"rows": rows, "region": region, "issuer": issuer}
    )


def letter_template_edit(request: HttpRequest, code: str, step: str) -> HttpResponse:
    region, issuer = _office(request, code)
    if step not in LETTER_STEPS:
        raise Http404
    current = letters.template_in_use(step, region=region, issuer=issuer)
    initial = {"subject": current.subject, "body": current.body, "number_format": current.number_format}
    form = LetterTemplateForm(request.POST or None, initial=initial)
    problem = ""
    if request.method == "POST":
        office: dict[str, Any] = {
            "region": region, "issuer": issuer, "step": step, "by": request.user, "request": request
        }  # fmt: skip
        if request.POST.get("reset"):
            letters.letter_template_reset(**office)
            messages.success(request, _("The shipped text is used again."))
            return redirect("compliance:letter-template", code=code, step=step)
        if form.is_valid():
            try:
                letters.letter_template_save(**office, **form.cleaned_data)
            except ComplianceError as exc:
                problem = error_text(exc)
            else:
                messages.success(request, _("The template is saved."))
                return redirect("compliance:letter-templates", code=code)
        else:
            problem = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    context = {
        "step": step,
        "region": region,
        "issuer": issuer,
        "label": STEP_LABELS[step],
        "form": form,
        "edited": current.edited,
        "placeholders": [(name, label_text(label)) for name, label in PLACEHOLDERS.items()],
        "problem": problem,
    }
    return render(request, "compliance/letter_template.html", context, status=400 if problem else 200)
