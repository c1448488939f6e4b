"""The upload form of "Cocokkan berkas": a CSV/XLSX of person records to link to the registry."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class LinkFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        allow_empty_file=True,  # an empty file gets the same explained refusal as every other wrong file
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xlsm"}),
    )
    sheet = forms.CharField(
        label=gettext_lazy("Sheet name (XLSX; empty: the first sheet)"), required=False, max_length=100
    )
    again = forms.BooleanField(
        label=gettext_lazy("Link it again against the registry as it is now"), required=False
    )  # offered only after the same file was linked before
