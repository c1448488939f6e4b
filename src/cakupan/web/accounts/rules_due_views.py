"""The system admin's page of rule values due: every dated file whose next value fell due by its cadence and is
not loaded (the same list as ``cakupan rules check``), so that someone asks for the new regulation in time."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.core.access import Permission
from cakupan.rules.due import due_on
from cakupan.web.accounts.scope import require
from cakupan.web.language import english_active


def rules_due(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_USERS)
    raw, problem = request.GET.get("tanggal", ""), ""
    day = timezone.localdate()
    if raw:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            problem = _("The date %(value)s is not valid (use YYYY-MM-DD); showing today instead.") % {
                "value": raw
            }
    rows = [(due, due.english if english_active() else due.indonesian) for due in due_on(day)]
    return render(request, "accounts/rules_due.html", {"day": day, "rows": rows, "problem": problem})
