"""The form of one regional obligation: status and evidence (messages are English msgids, Indonesian in the
catalogue)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.web.compliance.models import OBLIGATION_STATUSES


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


STATUS_LABELS = {"belum": _("not yet"), "sebagian": _("in part"), "terpenuhi": _("fulfilled")}


class ObligationForm(forms.Form):
    code = forms.CharField(max_length=32, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Status"), choices=[(s, STATUS_LABELS[s]) for s in OBLIGATION_STATUSES]
    )
    regulation = forms.CharField(label=_("Regulation number"), max_length=200, required=False)
    budget_line = forms.CharField(label=_("Budget line"), max_length=200, required=False)
    evidence_date = forms.DateField(label=_("Date"), required=False, widget=_DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
