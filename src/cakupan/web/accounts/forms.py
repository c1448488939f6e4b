"""Forms for user administration; region codes are typed as a list (``13.02, 13.72``) and checked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from cakupan.core.access import ROLE_LABELS, in_scope
from cakupan.core.regions import normalize_code
from cakupan.core.usernames import MESSAGES, username_new_problem
from cakupan.web.language import page_language
from cakupan.web.registry.models import Region


class AccessForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, label) for r, label in ROLE_LABELS.items()])
    regions = forms.CharField(
        label=_("Region codes"),
        help_text=_("Kemendagri codes separated by commas, e.g. 13.02, 13.72"),
        max_length=500,
    )

    def __init__(self, *args: Any, admin_scope: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.admin_scope = admin_scope

    def clean_regions(self) -> list[str]:
        codes = [
            normalize_code(c) for c in self.cleaned_data["regions"].replace(";", ",").split(",") if c.strip()
        ]
        if not codes:
            raise forms.ValidationError(_("Give at least one region code."))
        known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(_("Unknown region codes: %(codes)s") % {"codes": ", ".join(unknown)})
        outside = [c for c in codes if not in_scope(c, self.admin_scope)]
        if outside:
            raise forms.ValidationError(
                _("Outside your own region: %(codes)s") % {"codes": ", ".join(outside)}
            )
        return codes


class NewUserForm(AccessForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Lowercase letters a-z, digits, and . - _ between them; at most 32 characters."),
    )
    password = forms.CharField(label=_("First password"), widget=forms.PasswordInput, min_length=10)

    field_order = ["username", "password", "role", "regions"]

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        existing = get_user_model().objects.values_list("username", flat=True)
        problem = username_new_problem(username, existing)
        if problem is not None:
            raise forms.ValidationError(MESSAGES[problem][page_language()])
        return username
