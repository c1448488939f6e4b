"""Forms of the enrolment pages. Rupiah amounts accept the way offices type them (``604.800.000``,
``Rp 604.800.000``, ``604800000``); messages are English msgids translated to Indonesian in the catalogue."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.core.access import in_scope
from cakupan.core.regions import normalize_code
from cakupan.funding import SOURCE_LABELS, SourceKind
from cakupan.targeting import SECTORS, SPECIAL_GROUP_LABELS, SPECIAL_GROUPS
from cakupan.web.enrolment.models import FundingSource, Scheme
from cakupan.web.enrolment.services import SCHEME_FIELDS, SOURCE_FIELDS
from cakupan.web.language import label_text
from cakupan.web.params import is_digits, record_id
from cakupan.web.registry.models import Region
from cakupan.web.widgets import DateInput


class RupiahField(forms.Field):
    """A whole number of Rupiah, zero or more, with dots or spaces between thousands and an optional "Rp"."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "24"})

    def to_python(self, value: Any) -> int | None:
        text = re.sub(r"^rp\.?", "", str(value or "").strip(), flags=re.IGNORECASE).strip()
        text = re.sub(r"[.\s]", "", text)
        if not text:
            return None
        if text.startswith("-") and is_digits(text[1:]):
            raise forms.ValidationError(_("An amount cannot be negative."))
        if not is_digits(text) or len(text) > 16:
            raise forms.ValidationError(_("Type a whole number of Rupiah, e.g. 604.800.000."))
        return int(text)


class RecordChoicesField(forms.ModelMultipleChoiceField[Any]):
    """Records ticked in a list: a value that is no database key (text, a number too large for the column) is
    refused as an unknown choice before it reaches the database."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if record_id(str(pk)) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django API the stubs do not list


class _ScopedRegion(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=20, **kwargs)
        self.scope: tuple[str, ...] = ()

    def clean(self, value: Any) -> Region:
        code = normalize_code(super().clean(value))
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("Unknown region codes: %(codes)s") % {"codes": code})
        if not in_scope(code, self.scope):
            raise forms.ValidationError(_("Outside your own region: %(codes)s") % {"codes": code})
        return region


def _list(text: str) -> str:
    """A list typed one per line or separated by commas/semicolons, stored ``;``-separated."""
    return ";".join(item.strip() for item in re.split(r"[\n,;]", text or "") if item.strip())


class FundingSourceForm(forms.ModelForm[FundingSource]):
    region = _ScopedRegion(
        label=_("Region of the budget"), help_text=_("Kemendagri code, e.g. 13.02 (Kab. Solok) or a nagari")
    )
    budget = RupiahField(label=_("Budget (Rp)"))
    earmark_regions = forms.CharField(
        label=_("Only for residents of"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Region codes, one per line; empty: the whole region. An APB Nagari pays for its own nagari."
        ),
    )
    earmark_sectors = forms.MultipleChoiceField(
        label=_("Only for the sector"),
        required=False,
        choices=[(s, s) for s in SECTORS],
        widget=forms.CheckboxSelectMultiple,
    )
    earmark_occupations = forms.CharField(
        label=_("Only for the occupations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, e.g. Buruh Kebun Sawit (DBH Sawit pays for plantation workers only)."),
    )

    class Meta:
        model = FundingSource
        fields = list(SOURCE_FIELDS)
        labels = {
            "kind": _("Kind"),
            "name": _("Name"),
            "fiscal_year": _("Fiscal year"),
            "months": _("Months of cover per worker"),
            "earmark_max_decile": _("Only up to DTSEN decile"),
            "legal_basis": _("Legal basis or budget line"),
        }

    def __init__(self, *args: Any, scope: tuple[str, ...] = (), **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            kwargs.setdefault("initial", {})
            kwargs["initial"] |= {
                "region": instance.region_id,
                "earmark_regions": "\n".join(instance.earmark_regions.split(";")),
                "earmark_sectors": [s for s in instance.earmark_sectors.split(";") if s],
                "earmark_occupations": "\n".join(instance.earmark_occupations.split(";")),
            }
        super().__init__(*args, **kwargs)
        self.fields["region"].scope = scope  # type: ignore[attr-defined]
        kind: forms.ChoiceField = self.fields["kind"]  # type: ignore[assignment]
        kind.choices = [(k.value, label_text(SOURCE_LABELS[k])) for k in SourceKind]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["earmark_regions"] = _list(data["earmark_regions"])
        data["earmark_sectors"] = ";".join(data["earmark_sectors"])
        data["earmark_occupations"] = _list(data["earmark_occupations"])
        return data


class SchemeForm(forms.ModelForm[Scheme]):
    region = _ScopedRegion(label=_("Region of the scheme"), help_text=_("Kemendagri code, e.g. 13.71"))
    income_basis = RupiahField(label=_("Declared income basis (Rp per month)"), initial=1_000_000)
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        required=False,
        choices=[(s, s) for s in SECTORS],
        widget=forms.CheckboxSelectMultiple,
    )
    occupations = forms.CharField(
        label=_("Occupations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line; empty: any occupation."),
    )
    special_groups = forms.MultipleChoiceField(
        label=_("Special groups"),
        required=False,
        choices=[(g, g) for g in SPECIAL_GROUPS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: anyone; else only members of these groups."),
    )
    sources = RecordChoicesField(
        label=_("Funding sources"),
        queryset=FundingSource.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Scheme
        fields = list(SCHEME_FIELDS)
        widgets = {"start_date": DateInput()}
        labels = {
            "name": _("Name"),
            "fiscal_year": _("Fiscal year"),
            "start_date": _("Cover starts on"),
            "programmes": _("Programmes"),
            "min_age": _("Minimum age"),
            "max_age": _("Maximum age"),
            "max_decile": _("Up to DTSEN decile"),
            "exclude_active": _("Only workers not yet protected"),
            "weight_decile": _("Points per decile below 11"),
            "weight_risk": _("Points per occupational risk level"),
            "weight_head": _("Points for a head of household"),
            "weight_dependants": _("Points per dependant"),
            "max_dependants": _("Dependants counted at most"),
        }

    def __init__(self, *args: Any, scope: tuple[str, ...] = (), user: Any = None, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            kwargs.setdefault("initial", {})
            kwargs["initial"] |= {
                "region": instance.region_id,
                "sectors": [s for s in instance.sectors.split(";") if s],
                "occupations": "\n".join(instance.occupations.split(";")),
                "special_groups": [g for g in instance.special_groups.split(";") if g],
                "sources": list(instance.sources.all()),
            }
        super().__init__(*args, **kwargs)
        self.fields["region"].scope = scope  # type: ignore[attr-defined]
        sources: forms.ModelMultipleChoiceField[FundingSource] = self.fields["sources"]  # type: ignore[assignment]
        sources.queryset = FundingSource.objects.visible_to(user)
        groups: forms.MultipleChoiceField = self.fields["special_groups"]  # type: ignore[assignment]
        groups.choices = [(g, label_text(SPECIAL_GROUP_LABELS[g])) for g in SPECIAL_GROUPS]

    def clean_start_date(self) -> Any:
        day = self.cleaned_data["start_date"]
        if day is not None and day.day != 1:
            raise forms.ValidationError(_("Cover starts on the first day of a month."))
        return day

    def values(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "sources"}
        data["sectors"] = ";".join(data["sectors"])
        data["occupations"] = _list(data["occupations"])
        data["special_groups"] = ";".join(data["special_groups"])
        data["programmes"] = _list(data["programmes"].upper())
        return data
