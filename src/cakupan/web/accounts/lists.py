"""The user accounts list as XLSX (cakupan.web.lists): the accounts an administrator manages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cakupan.web.lists import Column, ListExport

USERS = ListExport[Any](
    "pengguna",
    _("Users"),
    "user",
    (
        Column(_("User name"), lambda r: r.user.username),
        Column(_("Role"), lambda r: str(r.role_label)),
        Column(_("Regions"), lambda r: ", ".join(r.region_codes)),
        Column(_("Active"), lambda r: gettext("yes") if r.user.is_active else gettext("no")),
    ),
)
