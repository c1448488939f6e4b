"""The page's language for what the core says (``core.labels.Label``, bilingual refusals): one helper for every view,
and the ``label`` template filter (a builtin, no ``{% load %}``): ``{{ source_kind_label|label }}``. Django's gettext
stays for the templates' own text."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from cakupan.core.labels import Label, Language
from cakupan.ingest.schemas import PAYER_LABELS, STAFF_STATUS_LABELS
from cakupan.targeting import SPECIAL_GROUP_LABELS

register = template.Library()


def page_language() -> Language:
    return "en" if (get_language() or "id").startswith("en") else "id"


def english_active() -> bool:
    return page_language() == "en"


def label_text(label: Label) -> str:
    """A core label in the page's language."""
    return label.text(page_language())


def error_text(exc: Exception) -> str:
    """A core error's sentence in the page's language."""
    english = getattr(exc, "english", None)
    return english if english and english_active() else str(exc)


@register.filter(name="label")
def label_filter(value: Label | None) -> str:
    return "–" if value is None else label_text(value)


# Stored codes a template shows, by the name of their label table: ``{{ membership.payer|coded:"payer" }}``.
CODED: dict[str, dict[str, Label]] = {
    "payer": PAYER_LABELS,
    "staff_status": STAFF_STATUS_LABELS,
    "special_group": SPECIAL_GROUP_LABELS,
}


@register.filter
def coded(code: str | None, table: str) -> str:
    """A stored code's label in the page's language; an unknown code as it is, an empty one as "–"."""
    if not code:
        return "–"
    label = CODED[table].get(code)
    return label_text(label) if label else code
