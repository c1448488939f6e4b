"""``{% load enrolment_labels %}{{ batch.state|state_label }}``: a batch state in the page's language."""

from __future__ import annotations

from django import template

from cakupan.enrolment.states import STATE_LABELS, BatchState
from cakupan.web.language import label_text

register = template.Library()


@register.filter
def state_label(state: str | None) -> str:
    if not state:
        return "–"
    return label_text(STATE_LABELS[BatchState(state)])
