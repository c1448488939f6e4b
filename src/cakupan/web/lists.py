"""Every list page as XLSX: a list declares its columns once (ListExport) and its page gets an "Unduh XLSX" link.

The link is the page's own address with ``?unduh=<key>`` added to its filters, so the download holds the rows of
the same selector, filters and region scope as the page, with personal data masked as the page masks it (the
column functions read the page's own row values). Headers are in the page's language, money is a number shown
as Rupiah, dates are dates. Each download is recorded in the audit log as the other exports are.

In a view::

    if wants_xlsx(request, CLAIMS):
        return list_xlsx(request, CLAIMS, rows)

and in its template (a builtin tag, no ``load`` needed): ``{% xlsx_link "klaim" %}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from django import template
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record, mask_identifiers
from cakupan.web.xlsx import CONTENT_TYPE, DATE, DATETIME, RUPIAH, Sheet, xlsx_bytes

PARAM = "unduh"
Row = TypeVar("Row")
Kind = Literal["text", "number", "money", "date", "datetime"]
_FORMATS: dict[str, str | None] = {
    "text": None,
    "number": None,
    "money": RUPIAH,
    "date": DATE,
    "datetime": DATETIME,
}


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str | Promise  # a lazy translation: the page's language when the file is made
    value: Callable[[Row], Any]
    kind: Kind = "text"


@dataclass(frozen=True)
class ListExport(Generic[Row]):
    key: str  # the value of ?unduh= and the file name, e.g. "klaim"
    title: str | Promise  # the sheet's name
    object_type: str  # what the rows are, for the audit log (cakupan.web.audit.labels)
    columns: tuple[Column[Row], ...]


def wants_xlsx(request: HttpRequest, export: ListExport[Any]) -> bool:
    return request.GET.get(PARAM) == export.key


def list_xlsx(
    request: HttpRequest, export: ListExport[Row], rows: Iterable[Row], *, region_code: str = ""
) -> HttpResponse:
    """The rows as an XLSX download; the export is audited with the row count and the page's filters."""
    sheet = Sheet(
        str(export.title)[:31],
        [str(c.header) for c in export.columns],
        ([c.value(row) for c in export.columns] for row in rows),
        formats=[_FORMATS[c.kind] for c in export.columns],
    )
    content = xlsx_bytes(sheet)
    query = request.GET.copy()
    query.pop(PARAM, None)
    audit_record(
        action=AuditEvent.Action.EXPORT,
        request=request,
        object_type=export.object_type,
        region_code=region_code,
        changes={"list": export.key, "rows": sheet.written, "query": mask_identifiers(query.urlencode())},
    )
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    name = f"{export.key}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


register = template.Library()


@register.simple_tag(takes_context=True)
def xlsx_link(context: dict[str, Any], key: str) -> str:
    """An "Unduh XLSX" link to the current page, its filters kept, asking for the list ``key``."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("halaman", None)  # the download holds every page
    query[PARAM] = key
    return format_html(
        '<a class="button xlsx-download" data-list="{}" href="?{}">{}</a>',
        key,
        query.urlencode(),
        _("Download XLSX"),
    )
