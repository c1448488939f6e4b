"""Labels of import statuses and sources in the page's language: ``{{ job.status|status_label }}``."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy

from cakupan.web.imports.forms import SOURCE_LABELS
from cakupan.web.imports.models import ImportBatch

register = template.Library()

STATUS_LABELS = {
    "queued": gettext_lazy("Waiting to be checked"),
    "validating": gettext_lazy("Being checked"),
    "needs_mapping": gettext_lazy("Columns to map"),
    "ready": gettext_lazy("Ready to save"),
    "committing": gettext_lazy("Being saved"),
    "committed": gettext_lazy("Saved"),
    "cancelled": gettext_lazy("Cancelled"),
    "failed": gettext_lazy("Failed"),
}


@register.filter
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@register.filter
def source_label(source: str) -> str:
    return str(SOURCE_LABELS.get(source) or dict(ImportBatch.SOURCES).get(source, source))
