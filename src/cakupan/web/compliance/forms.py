"""The form of one regional obligation: status and evidence (messages are English msgids, Indonesian in the
catalogue)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cakupan.web.compliance.models import OBLIGATION_STATUSES, Meeting, MeetingFinding
from cakupan.web.enrolment.forms import RupiahField
from cakupan.web.widgets import DateInput

STATUS_LABELS = {"belum": _("not yet"), "sebagian": _("in part"), "terpenuhi": _("fulfilled")}


class ObligationForm(forms.Form):
    code = forms.CharField(max_length=32, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Status"), choices=[(s, STATUS_LABELS[s]) for s in OBLIGATION_STATUSES]
    )
    regulation = forms.CharField(label=_("Regulation number"), max_length=200, required=False)
    budget_line = forms.CharField(label=_("Budget line"), max_length=200, required=False)
    evidence_date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


TOPIC_LABELS = {
    "coverage": _("Coverage and target"),
    "employers": _("Employers"),
    "staff": _("Government staff"),
    "nagari": _("Nagari participation"),
    "budget": _("Budget realisation"),
    "claims": _("Claims paid"),
    "obligations": _("Regional obligations"),
    "other": _("Other"),
}
ACTION_STATUS_LABELS = {
    "open": pgettext_lazy("action status", "open"),
    "in_progress": pgettext_lazy("action status", "in progress"),
    "done": pgettext_lazy("action status", "done"),
    "dropped": pgettext_lazy("action status", "dropped"),
}


class MeetingForm(forms.Form):
    region = forms.CharField(label=_("Region code"), max_length=20)
    held_on = forms.DateField(label=_("Meeting date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class FindingForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=list(TOPIC_LABELS.items()))
    text = forms.CharField(label=_("Finding"), max_length=500)


class FindingChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A finding of the meeting, shown as its number in the meeting's list and the start of its text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.numbers: dict[int, int] = {}

    def label_from_instance(self, obj: Any) -> str:
        text = obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"
        return f"{self.numbers.get(obj.pk, '?')}. {text}"


class ActionForm(forms.Form):
    """An action agreed at ``meeting``; the finding it answers can only be one of that meeting's findings."""

    description = forms.CharField(label=_("Action"), max_length=500)
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    finding = FindingChoice(
        label=_("Finding it answers"),
        queryset=MeetingFinding.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["finding"]
        assert isinstance(field, FindingChoice)
        field.queryset = MeetingFinding.objects.filter(meeting=meeting).order_by("pk")
        field.numbers = {pk: i for i, pk in enumerate(field.queryset.values_list("pk", flat=True), start=1)}


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=list(ACTION_STATUS_LABELS.items()))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


STEP_LABELS = {
    "sp1": _("First written warning"),
    "sp2": _("Second written warning"),
    "denda": _("Fine"),
    "tmp2t": _("Request to withhold public services"),
}
OUTCOME_LABELS = {"complied": _("complied"), "withdrawn": _("withdrawn")}


class LetterIssueForm(forms.Form):
    issued_on = forms.DateField(label=_("Letter date"), widget=DateInput())
    due_on = forms.DateField(
        label=_("Deadline (leave empty to compute it)"), required=False, widget=DateInput()
    )
    dues_owed = RupiahField(
        label=_("Contributions that should have been paid (Rp), for a fine"), required=False
    )


class BulkIssueForm(forms.Form):
    issued_on = forms.DateField(label=_("Letter date"), widget=DateInput())


class CaseCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closing date"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=list(OUTCOME_LABELS.items()))
    note = forms.CharField(label=_("Reason or note"), max_length=300, required=False)


class LetterTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    number_format = forms.CharField(label=_("Number format"), max_length=120)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 24, "cols": 90}))
