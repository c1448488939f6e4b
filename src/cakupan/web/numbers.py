"""Numbers kept as text (a meeting packet's JSON holds ``"27.17"`` so its figures never drift) shown in the page's
format: ``{{ packet.coverage.percent|decimal_text }}`` reads 27,17 in Bahasa Indonesia, 27.17 in English. A builtin
template library (no ``{% load %}``). Years are written with ``|stringformat:"d"``: never 2.025."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def decimal_text(value: object) -> str:
    """A number written as text, localized with its own decimal places; anything else as it is."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return str(formats.localize(number)) if number.is_finite() else str(value)
