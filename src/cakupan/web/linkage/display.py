"""How a candidate is shown: masked values, and one row per compared field with an agreement marker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from cakupan.core.nik import mask_nik
from cakupan.web.linkage.models import LinkCandidate

# Agreement of one compared field: the marker class, its symbol and what it means.
AGREE, PARTIAL, DIFFER, MISSING = "agree", "partial", "differ", "missing"
SYMBOLS = {AGREE: "✓", PARTIAL: "≈", DIFFER: "✗", MISSING: "–"}

# Level labels of cakupan.linkage.engine.comparisons() -> (marker, text).
LEVELS: dict[str, dict[str, tuple[str, Any]]] = {
    "name": {
        "exact": (AGREE, _("same")),
        "one_typo": (PARTIAL, _("one letter differs")),
        "name_dropped": (PARTIAL, _("one name missing")),
        "similar": (PARTIAL, _("similar")),
        "one_name_shared": (PARTIAL, _("one name the same")),
        "different": (DIFFER, _("different")),
    },
    "dob": {
        "exact": (AGREE, _("same")),
        "day_month_swapped": (PARTIAL, _("day and month swapped")),
        "within_a_week": (PARTIAL, _("within a week")),
        "year_differs": (PARTIAL, _("same day and month, other year")),
        "same_year": (PARTIAL, _("same year only")),
        "different": (DIFFER, _("different")),
    },
    "sex": {"exact": (AGREE, _("same")), "different": (DIFFER, _("different"))},
    "region": {
        "same_desa": (AGREE, _("same kelurahan/desa")),
        "same_kecamatan": (PARTIAL, _("same kecamatan")),
        "same_kabkota": (PARTIAL, _("same kab/kota")),
        "different": (DIFFER, _("other kab/kota")),
    },
    "nik": {"exact": (AGREE, _("same")), "different": (DIFFER, _("different"))},
}
FIELD_LABELS = {
    "nik": "NIK",
    "name": _("Name"),
    "dob": _("Birth date"),
    "sex": _("Sex"),
    "region": _("Domicile"),
}


def mask_name(name: str) -> str:
    """``BUDI SAPUTRA`` -> ``B*** S******``: the initials and the length of each name."""
    return " ".join(part[:1] + "*" * (len(part) - 1) for part in name.split())


def _date(value: dt.date | None, revealed: bool) -> str:
    if value is None:
        return ""
    return value.isoformat() if revealed else str(value.year)


@dataclass(frozen=True)
class FieldRow:
    key: str
    label: Any
    record: str
    person: str
    marker: str
    symbol: str
    meaning: Any


def comparison_rows(candidate: LinkCandidate, *, revealed: bool) -> list[FieldRow]:
    """Record and registry person side by side, masked unless ``revealed``, with the linker's agreement."""
    person = candidate.person
    other = candidate.record_person
    record = {
        "nik": other.nik if other else candidate.record_nik,
        "name": other.name if other else candidate.record_name,
        "dob": other.birth_date if other else candidate.record_birth_date,
        "sex": other.sex if other else candidate.record_sex,
        "region": other.region_id if other else candidate.record_region_code,
    }
    registry = {
        "nik": person.nik,
        "name": person.name,
        "dob": person.birth_date,
        "sex": person.sex,
        "region": person.region_id,
    }

    def shown(key: str, value: Any) -> str:
        if value in (None, ""):
            return ""
        if key == "nik":
            return str(value) if revealed else mask_nik(str(value))
        if key == "name":
            return str(value) if revealed else mask_name(str(value))
        if key == "dob":
            return _date(value, revealed)
        return str(value)

    rows = []
    for key in ("nik", "name", "dob", "sex", "region"):
        label = candidate.agreement.get(key)
        if label is None or label == "null" or not record[key] or not registry[key]:
            marker, meaning = MISSING, _("missing on one side")
        else:
            marker, meaning = LEVELS.get(key, {}).get(label, (PARTIAL, label))
        rows.append(
            FieldRow(
                key=key,
                label=FIELD_LABELS[key],
                record=shown(key, record[key]),
                person=shown(key, registry[key]),
                marker=marker,
                symbol=SYMBOLS[marker],
                meaning=meaning,
            )
        )
    return rows
