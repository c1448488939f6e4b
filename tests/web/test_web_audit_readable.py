"""The audit log reads as Bahasa Indonesia: object and field names from the models' verbose names, changes as
before -> after, on screen and in the XLSX export (issue 18, point 9)."""

from __future__ import annotations

import re
from pathlib import Path

import fastexcel
import pytest
from django.db import models
from django.test import Client
from django.utils.translation import override, trans_real

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.labels import OBJECT_MODELS, OTHER_OBJECTS, audit_models
from cakupan.web.audit.services import audit_record

SRC = Path(__file__).resolve().parents[2] / "src" / "cakupan" / "web"
# object_type="..." in an audit_record call, OBJECT_TYPE = "..." constants, and the meeting models, whose
# object type is their class name in lower case (compliance/meetings.py).
_LITERAL = re.compile(r'(?:object_type=|OBJECT_TYPE = )"([a-z_]+)"')


def _object_types_in_code() -> set[str]:
    found = {m for path in SRC.rglob("*.py") for m in _LITERAL.findall(path.read_text())}
    return found | {"meeting", "meetingfinding", "followupaction"}


def _translated(label: object) -> bool:
    """``label`` is a message (its English text) with an entry in the Indonesian catalogue."""
    with override("en"):
        return str(label) in trans_real.translation("id")._catalog


def test_every_object_type_in_the_code_has_a_readable_name() -> None:
    assert _object_types_in_code() - set(OBJECT_MODELS) - set(OTHER_OBJECTS) == set()


def test_every_model_in_the_audit_log_and_every_field_has_an_indonesian_name() -> None:
    missing = []
    for model in audit_models():
        meta = model._meta
        if "verbose_name" not in meta.original_attrs or not _translated(meta.original_attrs["verbose_name"]):
            missing.append(meta.label)
        fields = [f for f in meta.get_fields() if isinstance(f, models.Field) and not f.auto_created]
        missing += [
            f"{meta.label}.{f.name}"
            for f in fields
            if f._verbose_name is None or not _translated(f._verbose_name)
        ]
    assert missing == []


@pytest.mark.django_db
def test_the_log_shows_names_and_before_after_in_indonesian_on_screen_and_in_xlsx(
    sumbar_regions: None,
) -> None:
    audit_record(
        action="update",
        object_type="enrolment_batch",
        object_id=5,
        region_code="13.02",
        changes={"state": ["draft", "verified"], "monthly_cost": [16800, 20000], "rows": 3,
                 "note": ["", "NIK 1302051234567890 salah"]},
    )  # fmt: skip
    client = Client()
    client.force_login(user_create(username="aud", password="kata-sandi-uji-123", role=Role.VIEWER,
                                   region_codes=["13"]))  # fmt: skip
    with override("id"):
        page = client.get("/audit/", {"aksi": "update"}).content.decode()
    table = page.split('id="audit-table"')[1]
    assert "Batch pendaftaran 5" in table and "enrolment_batch" not in table
    assert "Biaya per bulan: 16800 → 20000" in table and "Jumlah baris: 3" in table
    assert "Tahap: Draf → Diverifikasi" in table  # a core state without database choices: the core's label
    assert "{" not in table and "1302051234567890" not in table  # no Python dict, personal data masked

    content = client.get("/audit/ekspor/", {"aksi": "update"}).content
    sheet = fastexcel.read_excel(content).load_sheet(0).to_polars()
    assert sheet["Objek"].to_list() == ["Batch pendaftaran"]
    changes = sheet["Perubahan"][0]
    assert "Biaya per bulan: 16800 → 20000" in changes and "{" not in changes
