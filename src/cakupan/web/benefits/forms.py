"""Forms of the claim pages: the event report with its heirs (a formset: one row per family member), the
documents checklist, the claim's steps and the yearly scholarship. Messages are English msgids translated to
Indonesian in the catalogue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cakupan import claims
from cakupan.claims import EVENT_LABELS, RELATION_LABELS, WORK_LABELS, EventKind, Relation, Work
from cakupan.core.labels import Language
from cakupan.core.nik import normalize_nik
from cakupan.rules import LEVELS
from cakupan.rules.injuries import TABLE, injuries, percent_text
from cakupan.rules.loader import default_tree
from cakupan.web.enrolment.forms import RupiahField
from cakupan.web.params import is_digits
from cakupan.web.widgets import DateInput


def _nik(value: str) -> str:
    text = normalize_nik(value)
    if len(text) != 16 or not is_digits(text):
        raise forms.ValidationError(_("A NIK has 16 digits."))
    return text


class ReportForm(forms.Form):
    nik = forms.CharField(label=_("NIK of the worker"), max_length=24)
    kind = forms.ChoiceField(label=_("Event"), choices=[(k.value, EVENT_LABELS[k].id) for k in EventKind])
    event_date = forms.DateField(label=_("Date of the event"), widget=DateInput())
    injuries = forms.MultipleChoiceField(
        label=_("Injuries (partial disability): the percentage follows from the table"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "The table is not yet checked against the official Lampiran; rows marked * were not found in the "
            "sources read: ask the medical adviser to confirm them."
        ),
    )
    function_percent = forms.IntegerField(
        label=_("Function lost, % (functional disability; leave empty when the part is lost)"),
        min_value=1,
        max_value=100,
        required=False,
    )
    left_handed = forms.BooleanField(label=_("Left-handed worker (right and left swap)"), required=False)
    disability_percent = forms.IntegerField(
        label=_("Different percentage set by the medical adviser (replaces the table)"),
        min_value=1,
        max_value=99,
        required=False,
    )
    unable_days = forms.IntegerField(
        label=_("Days unable to work (work accident)"), min_value=0, max_value=3650, required=False
    )
    description = forms.CharField(
        label=_("What happened"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, english: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language: Language = "en" if english else "id"
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(k.value, EVENT_LABELS[k].text(language)) for k in EventKind]
        injuries = self.fields["injuries"]
        assert isinstance(injuries, forms.MultipleChoiceField)
        injuries.choices = injury_choices(language)

    def clean_nik(self) -> str:
        return _nik(self.cleaned_data["nik"])

    def injury_specs(self) -> list[str]:
        """The chosen injuries as the core takes them: CODE, or CODE:NN when NN % of function is lost."""
        percent = self.cleaned_data.get("function_percent")
        codes = self.cleaned_data.get("injuries") or []
        return [f"{code}:{percent}" if percent else code for code in codes]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        partial = kind == EventKind.PARTIAL_DISABILITY.value
        if partial and not data.get("injuries") and not data.get("disability_percent"):
            self.add_error(
                "injuries",
                _(
                    "A partial disability needs the injury from the table or the percentage set by the medical adviser."
                ),
            )
        for name in ("injuries", "function_percent", "left_handed", "disability_percent"):
            if not partial and data.get(name):
                self.add_error(name, _("Only a partial disability has injuries and a percentage."))
        if partial and data.get("function_percent") and not data.get("injuries"):
            self.add_error(
                "function_percent", _("The function lost is a share of an injury: pick the injury.")
            )
        if kind != EventKind.WORK_ACCIDENT.value and data.get("unable_days") is not None:
            self.add_error("unable_days", _("Only a work accident has days unable to work."))
        return data


def injury_choices(language: Language) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rows of the partial-disability table in force today, grouped by body part, each with its percentage
    (the claim is priced with the table in force on the day of the accident)."""
    table = default_tree().value(TABLE, on=timezone.localdate()).value
    assert isinstance(table, dict)
    names = injuries()
    return [
        (
            group.text(language),
            [
                (
                    code,
                    f"{row.label.text(language)} ({percent_text(Decimal(table[code]))})"
                    + (" *" if row.source == "not_found" else ""),
                )
                for code, row in names.rows.items()
                if row.group == key and code in table
            ],
        )
        for key, group in names.groups.items()
    ]


class HeirForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    relation = forms.ChoiceField(
        label=_("Relation"), choices=[(r.value, RELATION_LABELS[r].id) for r in Relation], required=False
    )
    nik = forms.CharField(label=_("NIK"), max_length=24, required=False)
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput(), required=False)
    school_level = forms.ChoiceField(
        label=_("School level"), choices=[("", "-"), *[(level, level) for level in LEVELS]], required=False
    )
    married = forms.BooleanField(label=_("Married"), required=False)
    work = forms.ChoiceField(
        label=_("Working"), choices=[(w.value, WORK_LABELS[w].id) for w in Work], required=False
    )
    work_months = forms.IntegerField(
        label=_("Months in a row as PU"), min_value=1, max_value=600, required=False
    )

    def __init__(self, *args: Any, english: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language: Language = "en" if english else "id"
        relation = self.fields["relation"]
        assert isinstance(relation, forms.ChoiceField)
        relation.choices = [(r.value, RELATION_LABELS[r].text(language)) for r in Relation]
        work = self.fields["work"]
        assert isinstance(work, forms.ChoiceField)
        work.choices = [(w.value, WORK_LABELS[w].text(language)) for w in Work]

    def clean_nik(self) -> str:
        value = self.cleaned_data.get("nik") or ""
        return _nik(value) if value.strip() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(
            data.get(k) for k in ("nik", "birth_date", "school_level", "married", "work", "work_months")
        )
        if filled and not (data.get("name") or "").strip():
            self.add_error("name", _("This row has data but no name."))
        if data.get("work_months") is not None and data.get("work") != Work.PU.value:
            self.add_error("work_months", _("Months in a row are only for work as PU."))
        return data

    def heir(self) -> claims.Heir | None:
        data = self.cleaned_data
        if not data or not (data.get("name") or "").strip():
            return None
        return claims.Heir(
            name=data["name"].strip(),
            relation=Relation(data.get("relation") or Relation.OTHER.value),
            birth_date=data.get("birth_date"),
            nik=data.get("nik") or "",
            school_level=data.get("school_level") or "",
            married=bool(data.get("married")),
            work=Work(data.get("work") or ""),
            work_months=data.get("work_months"),
        )


# absolute_max: a forged TOTAL_FORMS of 10**20 builds at most 15 forms (Django's default would be 1,015 per request).
HeirFormSet = forms.formset_factory(HeirForm, extra=4, max_num=15, validate_max=True, absolute_max=15)


class StepForm(forms.Form):
    """The fields a step may need: a date (submitted, paid, rejected), an amount, BPJSTK's reference, a reason."""

    on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    amount = RupiahField(label=_("Amount paid once (Rp, scholarships apart)"), required=False)
    reference = forms.CharField(label=_("BPJSTK reference"), max_length=60, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ScholarshipForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    school_level = forms.ChoiceField(label=_("School level"), choices=[(level, level) for level in LEVELS])
    still_eligible = forms.BooleanField(
        label=_(
            "The child is still in school, under the age limit, not married and not working beyond what the rules allow"
        ),
        required=False,
    )
