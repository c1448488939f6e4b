"""Readable audit events: the object an event is about and the fields it changed, named in the page's language.

Object types name a model (its ``verbose_name``) or, for the few events about no single row, a label of their
own; the keys of ``changes`` are the model's fields (their ``verbose_name``, choice values shown by their label)
or the counts and notes an import or export records (EXTRA_KEYS). A value is shown as stored, which already masks
personal data, and any 16-digit number in it is masked again to be sure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from cakupan.claims.states import STATE_LABELS as CLAIM_STATE_LABELS
from cakupan.core.labels import Label
from cakupan.enrolment.states import STATE_LABELS as BATCH_STATE_LABELS
from cakupan.web.audit.services import mask_identifiers
from cakupan.web.language import label_text

# Every object type audit_record is called with that names a row of a model.
OBJECT_MODELS = {
    "person": "registry.Person",
    "user": settings.AUTH_USER_MODEL,
    "api_token": "api.APIToken",
    "audit_event": "audit.AuditEvent",
    "claim": "benefits.Claim",
    "heir": "benefits.Heir",
    "scholarship_payment": "benefits.ScholarshipPayment",
    "enrolment_batch": "enrolment.EnrolmentBatch",
    "funding_source": "enrolment.FundingSource",
    "scheme": "enrolment.Scheme",
    "allocation_run": "enrolment.AllocationRun",
    "region_obligation": "compliance.RegionObligation",
    "letter": "compliance.Letter",
    "letter_template": "compliance.LetterTemplate",
    "meeting": "compliance.Meeting",
    "meetingfinding": "compliance.MeetingFinding",
    "followupaction": "compliance.FollowUpAction",
    "link_candidate": "linkage.LinkCandidate",
    "link_run": "linkage.LinkRun",
    "link_job": "linkage.LinkJob",
    "import_job": "imports.ImportJob",
    "import_batch": "imports.ImportBatch",
    "coverage_target": "targets.CoverageTarget",
}
# Object types about no single row.
OTHER_OBJECTS = {
    "import_errors": _("import errors"),
    "letter_case": _("employer letter case"),
    "region_coverage": _("coverage of regions"),
}
# Keys of ``changes`` that are no field of the event's model.
EXTRA_KEYS = {
    "rows": _("rows"),
    "list": _("list"),
    "query": _("query"),
    "file": _("file"),
    "report": _("report"),
    "heirs": _("heirs"),
    "reassessed": _("reassessed"),
    "letters": _("letters"),
    "added_persons": _("persons added"),
    "removed_persons": _("persons removed"),
    "persons": _("persons"),
    "objective": _("objective"),
    "password": _("password"),
    "totp": _("two-step verification"),
    "username": _("username"),
    "body_sha256": _("body SHA-256"),
    "scholarship_stopped": _("scholarship stopped"),
    "sha256": _("SHA-256"),
    "nik_linked": _("linked by NIK"),
    "auto_linked": _("linked automatically"),
    "pending": _("pending review"),
    "unmatched": _("unmatched"),
    "thresholds": _("thresholds"),
    "created": _("created"),
    "updated": _("updated"),
    "rejected": _("rejected"),
    "accepted": _("accepted"),
    "numbers_confirmed_exact": _("numbers confirmed exact"),
    "level": _("school level"),
    "first_year": _("first year"),
    "on": _("date"),
    "merged_person": _("merged person"),
    "merged_nik": _("merged NIK"),
    "moved": _("records moved"),
    "dropped": _("records dropped"),
    "person_merge": _("merge record"),
    "rows_rejected": _("rows rejected"),
    "role": _("role"),
    "regions": _("regions"),
    "must_change_password": _("must change password"),
}
# Keys whose value is a list of values, not a [before, after] pair.
LIST_KEYS = frozenset({"thresholds", "letters"})


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    is_pair: bool  # before -> after; otherwise only ``after`` holds the value


def audit_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in OBJECT_MODELS.values()]


def _model(object_type: str) -> type[models.Model] | None:
    label = OBJECT_MODELS.get(object_type)
    return apps.get_model(label) if label else None


def object_label(object_type: str) -> str:
    model = _model(object_type)
    if model is not None:
        return capfirst(str(model._meta.verbose_name))
    other = OTHER_OBJECTS.get(object_type)
    return capfirst(str(other) if other is not None else object_type.replace("_", " "))


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


# Fields that store a core state without database choices: their values are shown by the core's labels.
VALUE_LABELS: dict[tuple[str, str], Mapping[str, Label]] = {
    ("claim", "state"): {state.value: label for state, label in CLAIM_STATE_LABELS.items()},
    ("enrolment_batch", "state"): {state.value: label for state, label in BATCH_STATE_LABELS.items()},
}


def _text(value: Any, field: models.Field[Any, Any] | None, labels: Mapping[str, Label] | None = None) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return gettext_now("yes") if value else gettext_now("no")
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_text(v, None)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_text(v, None) for v in value)
    if labels is not None and isinstance(value, str) and value in labels:
        return label_text(labels[value])
    if field is not None and field.choices:
        value = dict(field.flatchoices).get(value, value)
    return mask_identifiers(str(value))


def change_lines(object_type: str, changes: Mapping[str, Any]) -> list[Change]:
    """One line per changed field or recorded note, in the order stored."""
    model = _model(object_type)
    lines = []
    for key, value in changes.items():
        field = _field(model, key)
        name = field.verbose_name if field is not None else EXTRA_KEYS.get(key, key.replace("_", " "))
        label = capfirst(str(name))
        values = VALUE_LABELS.get((object_type, key))
        if isinstance(value, list) and len(value) == 2 and key not in LIST_KEYS:
            lines.append(Change(label, _text(value[0], field, values), _text(value[1], field, values), True))
        else:
            lines.append(Change(label, "", _text(value, field, values), False))
    return lines


def changes_text(object_type: str, changes: Mapping[str, Any]) -> str:
    """The changes as lines of text, "Field: before → after", for the XLSX export."""
    return "\n".join(
        f"{c.label}: {c.before} → {c.after}" if c.is_pair else f"{c.label}: {c.after}"
        for c in change_lines(object_type, changes)
    )
