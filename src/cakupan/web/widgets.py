"""Form widgets every app shares."""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    """The browser's own date picker; the value travels as ISO ``YYYY-MM-DD`` whatever the page's language."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")
