"""The regional obligations checklist: shown to whoever sees the region's coverage, recorded by the Pemda admin of
the region with its evidence (a fulfilled item without evidence refused, nothing saved), every change audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cakupan.compliance import obligations, parse_obligations
from cakupan.compliance.errors import ComplianceError
from cakupan.compliance.obligations import PATH
from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.compliance.models import RegionObligation

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-uji-123"


@pytest.fixture
def users(sumbar_regions: None) -> dict[str, Any]:
    return {
        "solok": user_create(
            username="disnaker", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13.02"]
        ),
        "padang": user_create(
            username="padang", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13.71"]
        ),
        "bpjs": user_create(
            username="bpjs", password=PASSWORD, role=Role.BPJSTK_OFFICER, region_codes=["13.02"]
        ),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _save(client: Client, **values: str) -> Any:
    return client.post(reverse("compliance:obligations", args=["13.02"]), {"status": "belum", **values})


def test_a_fulfilled_obligation_needs_its_evidence(users: dict[str, Any]) -> None:
    client = _client(users["solok"])
    refused = _save(client, code="regulasi", status="terpenuhi")
    assert (
        refused.status_code == 400
        and "memerlukan buktinya: nomor peraturan, tanggal" in refused.content.decode()
    )
    assert not RegionObligation.objects.exists()
    saved = _save(
        client,
        code="regulasi",
        status="terpenuhi",
        regulation="Perbup Solok 2/2025",
        evidence_date="2025-02-10",
    )
    assert saved.status_code == 302
    page = client.get(reverse("compliance:obligations", args=["13.02"])).content.decode()
    assert "Perbup Solok 2/2025" in page and "<strong>1</strong> / 10" in page
    _save(client, code="regulasi", status="sebagian", regulation="Perbup Solok 2/2025")
    event = AuditEvent.objects.filter(object_type="region_obligation").order_by("-at", "-pk").first()
    assert event is not None and event.changes["status"] == ["terpenuhi", "sebagian"]


def test_an_unknown_item_or_a_future_date_is_refused(users: dict[str, Any]) -> None:
    client = _client(users["solok"])
    assert "tidak dikenal" in _save(client, code="terbang").content.decode()
    assert "belum terjadi" in _save(client, code="bumd", evidence_date="2999-01-01").content.decode()
    assert not RegionObligation.objects.exists()


def test_who_sees_and_who_records(users: dict[str, Any]) -> None:
    url = reverse("compliance:obligations", args=["13.02"])
    bpjs = _client(users["bpjs"])
    assert bpjs.get(url).status_code == 200 and "<details>" not in bpjs.get(url).content.decode()
    assert _save(bpjs, code="bumd").status_code == 403
    padang = _client(users["padang"])
    assert padang.get(url).status_code == 404  # another kab/kota
    assert padang.get(reverse("compliance:obligations", args=["13"])).status_code == 200  # the province above
    assert (
        padang.post(
            reverse("compliance:obligations", args=["13"]), {"code": "bumd", "status": "belum"}
        ).status_code
        == 404
    )
    assert not RegionObligation.objects.exists()


def test_the_checklist_file_is_strict() -> None:
    assert [o.code for o in obligations()][:2] == ["regulasi", "anggaran"]
    for broken in (
        PATH.read_text().replace("evidence: [regulation]", "evidence: [peraturan]", 1),
        PATH.read_text().replace("code: anggaran", "code: regulasi"),
        PATH.read_text().replace("items:", "butir:"),
    ):
        with pytest.raises(ComplianceError):
            parse_obligations(broken)
