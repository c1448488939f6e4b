"""Person pages: a searchable list and one record, identifiers masked; full NIK only on an audited reveal."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.core.access import Permission
from cakupan.core.nik import mask_nik
from cakupan.web.accounts.scope import require, user_can
from cakupan.web.private_search import private_search_remember, private_search_terms
from cakupan.web.registry.exports import person_export_xlsx
from cakupan.web.registry.models import Person
from cakupan.web.registry.selectors import person_get, person_history, person_list
from cakupan.web.registry.services import person_reveal
from cakupan.web.registry.subject_report import subject_report_xlsx
from cakupan.web.xlsx import CONTENT_TYPE

PAGE_SIZE = 50


def person_index(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PERSONS)
    if request.method == "POST":
        return private_search_remember(request, page="persons", fields=("q",))
    q = private_search_terms(request, page="persons").get("q", "")
    page = Paginator(person_list(user=request.user, q=q), PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = [{"person": p, "nik": mask_nik(p.nik)} for p in page]
    return render(
        request,
        "registry/person_list.html",
        {
            "page": page,
            "rows": rows,
            "q": q,
            "can_export": user_can(request.user, Permission.EXPORT_PERSONS),
        },
    )


def _person_or_404(request: HttpRequest, pk: int) -> Person:
    try:
        return person_get(user=request.user, pk=pk)
    except Person.DoesNotExist as exc:
        raise Http404 from exc


def _detail(
    request: HttpRequest, person: Person, revealed: dict[str, str] | None = None, problem: str | None = None
) -> HttpResponse:
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "nik": revealed["nik"] if revealed else mask_nik(person.nik),
            "kk": (revealed["kk_number"] if revealed else mask_nik(person.kk_number))
            if person.kk_number
            else "",
            "revealed": revealed is not None,
            "problem": problem,
            "memberships": person.memberships.order_by("-start_date"),
            "history": person_history(person=person, revealed=revealed is not None),
            "can_reveal": user_can(request.user, Permission.REVEAL_IDENTIFIERS),
            "can_report": user_can(request.user, Permission.SUBJECT_REPORT),
        },
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.VIEW_PERSONS)
    return _detail(request, _person_or_404(request, pk))


@require_POST
def person_reveal_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.REVEAL_IDENTIFIERS)
    person = _person_or_404(request, pk)
    reason = request.POST.get("alasan", "").strip()
    if len(reason) < 5:
        return _detail(
            request, person, problem=_("State the reason for opening the full data (at least 5 characters).")
        )
    revealed = person_reveal(person=person, user=request.user, reason=reason[:300], request=request)
    return _detail(request, person, revealed=revealed)


def person_subject_report(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.SUBJECT_REPORT)
    person = _person_or_404(request, pk)
    response = HttpResponse(
        subject_report_xlsx(person=person, user=request.user, request=request), content_type=CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="laporan-subjek-data-{person.pk}.xlsx"'
    return response


def person_export(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.EXPORT_PERSONS)
    q = private_search_terms(request, page="persons").get("q", "")
    content = person_export_xlsx(
        persons=person_list(user=request.user, q=q), user=request.user, request=request, query=q
    )
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="penduduk-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
