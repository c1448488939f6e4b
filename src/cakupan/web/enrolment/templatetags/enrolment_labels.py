"""``{% load enrolment_labels %}{{ batch.state|state_label }}``: a batch state in the page's language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from cakupan.enrolment.states import STATE_LABELS, BatchState

register = template.Library()


@register.filter
def state_label(state: str | None) -> str:
    if not state:
        return "–"
    labels = STATE_LABELS[BatchState(state)]
    return labels[1] if (get_language() or "id").startswith("en") else labels[0]
