"""The target form. Percentages accept a decimal comma or point (``33,51`` or ``33.51``); messages are English
msgids translated to Indonesian in the catalogue."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.core.access import in_scope
from cakupan.core.regions import normalize_code
from cakupan.indicators.coverage import DEFAULT_DENOMINATOR, DENOMINATOR_LABELS
from cakupan.indicators.definitions import Definition, definitions
from cakupan.web.language import label_text
from cakupan.web.registry.models import Region
from cakupan.web.targets.models import CoverageTarget
from cakupan.web.widgets import DateInput

_COUNTED_KIND_LABELS = {"nagari": _("all nagari/desa/kelurahan"), "terdata": _("registered persons")}


def target_indicators() -> dict[str, Definition]:
    """Indicators a target can be set for: one percentage per region (no breakdown) over a denominator."""
    return {
        name: d
        for name, d in definitions().items()
        if d.unit == "percent" and d.breakdown is None and d.denominator is not None
    }


def _indicator_choices() -> list[tuple[str, str]]:
    return [(n, label_text(d.label)) for n, d in target_indicators().items()]


def indicator_label(name: str) -> str:
    """An indicator's label in the active language; its name when it is no target indicator."""
    found = target_indicators().get(name)
    if found is None:
        return name
    return label_text(found.label)


def kind_label(kind: str) -> str:
    """A denominator kind's label in the active language."""
    label = DENOMINATOR_LABELS.get(kind)
    if label is not None:
        return label_text(label)
    return str(_COUNTED_KIND_LABELS.get(kind, kind))


def _kind_choices() -> list[tuple[str, str]]:
    kinds: list[str] = []
    for d in target_indicators().values():
        assert d.denominator is not None
        kinds += [k for k in d.denominator.selectable if k not in kinds]
    return [(k, kind_label(k)) for k in kinds]


class PercentField(forms.Field):
    """A percentage between 0 and 100 with at most 2 decimals, typed with a decimal comma or point."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "12"})

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip().removesuffix("%").strip().replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("Type a percentage, e.g. 33,51.")) from None
        if not number.is_finite() or not 0 <= number <= 100:
            raise forms.ValidationError(_("A percentage must be between 0 and 100."))
        if number != number.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Use at most 2 decimals."))
        return number.quantize(Decimal("0.01"))


class TargetForm(forms.Form):
    region = forms.CharField(
        label=_("Region code"), help_text=_("Kemendagri code, e.g. 13.12 (Kab. Pasaman Barat)"), max_length=20
    )
    indicator = forms.ChoiceField(label=_("Indicator"), initial="ucj")
    denominator_kind = forms.ChoiceField(label=_("Denominator"), initial=DEFAULT_DENOMINATOR)
    baseline_value = PercentField(label=_("Baseline (%)"))
    baseline_date = forms.DateField(label=_("Baseline date"), widget=DateInput())
    target_value = PercentField(label=_("Target (%)"))
    target_date = forms.DateField(label=_("Target date"), widget=DateInput())
    source_document = forms.CharField(
        label=_("Source document"),
        help_text=_("e.g. RPJMD Kabupaten Pasaman Barat 2025–2029, or an agreement with its number"),
        max_length=300,
    )

    def __init__(
        self, *args: Any, scope: tuple[str, ...] = (), editing: CoverageTarget | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.editing = editing
        indicator: forms.ChoiceField = self.fields["indicator"]  # type: ignore[assignment]
        indicator.choices = _indicator_choices()
        kind: forms.ChoiceField = self.fields["denominator_kind"]  # type: ignore[assignment]
        kind.choices = _kind_choices()
        if editing is not None:  # the key of a target stays; delete it and create another to change it
            for name in ("region", "indicator", "denominator_kind"):
                self.fields[name].disabled = True

    def clean_region(self) -> Region:
        code = normalize_code(self.cleaned_data["region"])
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("Unknown region codes: %(codes)s") % {"codes": code})
        if not in_scope(code, self.scope):
            raise forms.ValidationError(_("Outside your own region: %(codes)s") % {"codes": code})
        return region

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        base_date, target_date = data.get("baseline_date"), data.get("target_date")
        if base_date and target_date and target_date <= base_date:
            self.add_error("target_date", _("The target date must be after the baseline date."))
        base, target = data.get("baseline_value"), data.get("target_value")
        if base is not None and target is not None and target <= base:
            self.add_error("target_value", _("The target must be above the baseline."))
        indicator, kind = target_indicators().get(data.get("indicator", "")), data.get("denominator_kind")
        selectable = indicator.denominator.selectable if indicator and indicator.denominator else ()
        if kind and indicator is not None and kind not in selectable:
            self.add_error("denominator_kind", _("This denominator does not fit the indicator."))
        region = data.get("region")
        if self.editing is None and isinstance(region, Region) and indicator is not None and kind:
            taken = CoverageTarget.objects.filter(
                region=region, indicator=indicator.name, denominator_kind=kind
            )
            if taken.exists():
                self.add_error(
                    None, _("This region already has a target for this indicator and denominator.")
                )
        return data
