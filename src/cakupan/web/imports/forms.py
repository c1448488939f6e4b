"""Forms of the import pages: the upload, and the column mapping (one choice per header of the file)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cakupan.ingest.schemas import LAYOUTS, Layout
from cakupan.web.imports.models import ImportBatch

SOURCE_LABELS = {
    "persons": gettext_lazy("Persons (DTSEN-like resident list)"),
    "memberships": gettext_lazy("BPJS Ketenagakerjaan memberships"),
    "labour-force": gettext_lazy("Labour-force figures (BPS)"),
}
IGNORE = "-"
EXACT_NUMBERS_LABEL = gettext_lazy(
    "The numbers in this file are exact: it is an export from a system, not typed into Excel "
    "(16-digit numbers ending in 0, such as NIKs, are read as they are)"
)


def exact_numbers_field() -> forms.BooleanField:
    return forms.BooleanField(label=EXACT_NUMBERS_LABEL, required=False)


def source_choices() -> list[tuple[str, Any]]:
    """Every source with a tabular layout (in the order ImportBatch lists them)."""
    known = dict(ImportBatch.SOURCES)
    return [(s, SOURCE_LABELS.get(s, known[s])) for s, _label in ImportBatch.SOURCES if s in LAYOUTS]


class UploadForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Kind of data"), choices=source_choices)
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        allow_empty_file=True,  # an empty file gets the same explained refusal as every other wrong file
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xlsm"}),
    )
    sheet = forms.CharField(
        label=gettext_lazy("Sheet name (XLSX; empty: the first sheet)"), required=False, max_length=100
    )
    exact_numbers = exact_numbers_field()


class MappingForm(forms.Form):
    """One choice per file header: a canonical column of the layout, or ignore."""

    save = forms.BooleanField(
        label=gettext_lazy("Save this mapping: use it automatically for the next file with the same headers"),
        required=False,
        initial=True,
    )
    exact_numbers = exact_numbers_field()

    def __init__(
        self,
        *args: Any,
        headers: Sequence[Mapping[str, Any]],
        layout: Layout,
        initial_choices: Mapping[str, str | None],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.layout = layout
        self.header_names = [str(h["name"]) for h in headers]
        choices = [(IGNORE, _("— ignore this column —"))] + [
            (c.name, _("%(column)s (required)") % {"column": c.name} if c.required else c.name)
            for c in layout.columns
        ]
        self.rows: list[dict[str, Any]] = []
        for i, header in enumerate(headers):
            name = f"kolom_{i}"
            self.fields[name] = forms.ChoiceField(
                label=str(header["name"]),
                choices=choices,
                initial=initial_choices.get(str(header["name"])) or IGNORE,
            )
            self.rows.append({"header": header, "field_name": name})

    def bound_rows(self) -> list[dict[str, Any]]:
        return [{**row, "field": self[str(row["field_name"])]} for row in self.rows]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen: dict[str, list[str]] = {}
        for i, header in enumerate(self.header_names):
            target = cleaned.get(f"kolom_{i}")
            if target and target != IGNORE:
                chosen.setdefault(target, []).append(header)
        for target, headers in chosen.items():
            if len(headers) > 1:
                self.add_error(
                    None,
                    _("Column %(column)s is chosen for more than one header (%(headers)s); choose one.")
                    % {"column": target, "headers": ", ".join(headers)},
                )
        missing = [c.name for c in self.layout.columns if c.required and c.name not in chosen]
        if missing:
            self.add_error(
                None,
                _("Required columns not chosen yet: %(columns)s. Pick the header that holds each of them.")
                % {"columns": ", ".join(missing)},
            )
        return cleaned

    def columns(self) -> dict[str, str | None]:
        """Header -> canonical column, or None for an ignored header."""
        found: dict[str, str | None] = {}
        for i, header in enumerate(self.header_names):
            target = self.cleaned_data.get(f"kolom_{i}")
            found[header] = None if not target or target == IGNORE else target
        return found
