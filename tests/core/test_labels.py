"""Every name the core shows a person is a ``Label`` with both languages, and every code that reaches a screen has
one: the label tables are found by walking the core's modules (a new table is checked without being listed here),
and the code sets below (enums, stored codes) must each be covered by their table."""

from __future__ import annotations

import importlib
import pkgutil
from enum import Enum
from typing import Any, get_args

import pytest

from cakupan.claims import ACTION_LABELS as CLAIM_ACTION_LABELS
from cakupan.claims import EVENT_LABELS, RELATION_LABELS, ClaimAction, ClaimState, EventKind, Relation
from cakupan.claims import STATE_LABELS as CLAIM_STATE_LABELS
from cakupan.compliance import FINDING_LABELS, PROJECT_STATUS_LABELS, SCALE_LABELS, SECTION_LABELS
from cakupan.compliance.employers import FindingKind
from cakupan.compliance.jakon import ProjectStatus
from cakupan.compliance.programmes import SCALES
from cakupan.core.labels import Label
from cakupan.enrolment import ACTION_LABELS as BATCH_ACTION_LABELS
from cakupan.enrolment import STATE_LABELS as BATCH_STATE_LABELS
from cakupan.enrolment.states import Action, BatchState
from cakupan.funding import SOURCE_LABELS, SourceKind
from cakupan.indicators.coverage import DENOMINATOR_LABELS
from cakupan.indicators.definitions import PUBLISHED_KINDS, Payer, definitions
from cakupan.ingest.schemas import PAYER_LABELS, PAYERS, STAFF_STATUS_LABELS, STAFF_STATUSES
from cakupan.targeting import SPECIAL_GROUP_LABELS, SPECIAL_GROUPS

CORE_PACKAGES = ("core", "ingest", "indicators", "linkage", "maps", "rules", "targeting", "funding", "enrolment",
                 "claims", "compliance")  # fmt: skip


def _core_modules() -> list[Any]:
    found = []
    for package in CORE_PACKAGES:
        root = importlib.import_module(f"cakupan.{package}")
        found.append(root)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"cakupan.{package}."):
            found.append(importlib.import_module(info.name))
    return found


def _label_tables() -> dict[str, dict[Any, Label]]:
    tables: dict[str, dict[Any, Label]] = {}
    for module in _core_modules():
        for name, value in vars(module).items():
            if isinstance(value, dict) and value and any(isinstance(v, Label) for v in value.values()):
                tables[f"{module.__name__}.{name}"] = value
    return tables


def test_the_tables_are_found() -> None:
    names = set(_label_tables())
    assert {"cakupan.claims.states.STATE_LABELS", "cakupan.ingest.schemas.STAFF_STATUS_LABELS"} <= names
    assert len(names) >= 15


@pytest.mark.parametrize("name", sorted(_label_tables()))
def test_every_label_has_both_languages(name: str) -> None:
    table = _label_tables()[name]
    assert all(isinstance(v, Label) for v in table.values()), name
    empty = [key for key, label in table.items() if not label.id.strip() or not label.en.strip()]
    assert empty == []


def test_no_old_shape_of_label_is_left_in_the_core() -> None:
    """(id, en) tuples and {"id": ..., "en": ...} dicts were the two old shapes of a label table."""
    old = []
    for module in _core_modules():
        for name, value in vars(module).items():
            if not (name.isupper() and isinstance(value, dict) and value):
                continue
            values = list(value.values())
            pairs = all(
                isinstance(v, tuple) and len(v) == 2 and all(isinstance(t, str) for t in v) for v in values
            )
            if pairs and name.endswith(("LABELS", "NAMES", "TITLES")):
                old.append(f"{module.__name__}.{name}")
    assert old == []


# The codes that reach a screen, with the table that names them.
COVERED: list[tuple[str, set[Any], dict[Any, Label]]] = [
    ("claim states", set(ClaimState), CLAIM_STATE_LABELS),
    ("claim actions", set(ClaimAction), CLAIM_ACTION_LABELS),
    ("claim events", set(EventKind), EVENT_LABELS),
    ("heir relations", set(Relation), RELATION_LABELS),
    ("compliance findings", set(FindingKind), FINDING_LABELS),
    ("construction project statuses", set(ProjectStatus), PROJECT_STATUS_LABELS),
    ("business scales", set(SCALES), SCALE_LABELS),
    ("KBLI sections", set("ABCDEFGHIJKLMNOPQRSTU"), SECTION_LABELS),
    ("batch states", set(BatchState), BATCH_STATE_LABELS),
    ("batch actions", set(Action), BATCH_ACTION_LABELS),
    ("funding sources", set(SourceKind), SOURCE_LABELS),
    ("published denominators", set(PUBLISHED_KINDS), DENOMINATOR_LABELS),
    ("membership payers", set(PAYERS) | set(get_args(Payer)), PAYER_LABELS),
    ("employment segments of government staff", set(STAFF_STATUSES), STAFF_STATUS_LABELS),
    ("targeted groups", set(SPECIAL_GROUPS), SPECIAL_GROUP_LABELS),
]


@pytest.mark.parametrize(("what", "codes", "table"), COVERED, ids=[c[0] for c in COVERED])
def test_every_code_shown_has_a_label(what: str, codes: set[Any], table: dict[Any, Label]) -> None:
    keys = {k.value if isinstance(k, Enum) else k for k in table}
    assert {c.value if isinstance(c, Enum) else c for c in codes} <= keys, what


def test_every_indicator_has_both_names() -> None:
    for name, spec in definitions().items():
        assert spec.label.id.strip() and spec.label.en.strip(), name


def test_a_label_refuses_a_missing_language() -> None:
    with pytest.raises(ValueError, match="both languages"):
        Label("Pemberi kerja", " ")
    assert Label("Pemberi kerja", "Employer").text("en") == "Employer"
    assert Label("Pemberi kerja", "Employer").text("id") == str(Label("Pemberi kerja", "Employer"))
