"""The imported files list as XLSX (cakupan.web.lists): every file the user may see, not only the page shown."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cakupan.web.imports.models import ImportBatch
from cakupan.web.imports.templatetags.import_labels import source_label
from cakupan.web.lists import Column, ListExport

IMPORTS = ListExport[ImportBatch](
    "impor",
    _("Imported files"),
    "import_batch",
    (
        Column("#", lambda b: b.pk, "number"),
        Column(_("File"), lambda b: b.file_name),
        Column(_("Kind of data"), lambda b: source_label(b.source)),
        Column(_("Rows"), lambda b: b.rows_total, "number"),
        Column(_("New"), lambda b: b.rows_created, "number"),
        Column(_("Updated"), lambda b: b.rows_updated, "number"),
        Column(_("Rejected"), lambda b: b.rows_rejected, "number"),
        Column(_("By"), lambda b: b.created_by.username if b.created_by else gettext("command line")),
        Column(_("When"), lambda b: b.created_at, "datetime"),
    ),
)
