"""Coverage target pages: a Pemda admin creates, edits and deletes targets of regions in scope, audited; others
may only look; bad input is refused with a message and writes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from cakupan.core.access import Role
from cakupan.indicators.targets import target_progress
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.targets.models import CoverageTarget
from cakupan.web.targets.selectors import target_for_region
from cakupan.web.targets.services import target_create

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-uji-123"
PASAMAN_BARAT = "13.12"
PADANG = "13.71"


def _client(username: str, role: Role, regions: list[str]) -> Client:
    client = Client()
    client.force_login(user_create(username=username, password=PASSWORD, role=role, region_codes=regions))
    return client


@pytest.fixture
def pemda(sumbar_regions: None) -> Client:
    """The Pemda admin of Kab. Pasaman Barat."""
    return _client("bappeda", Role.PEMDA_ADMIN, [PASAMAN_BARAT])


def _form(**changes: str) -> dict[str, str]:
    return {
        "region": PASAMAN_BARAT,
        "indicator": "ucj",
        "denominator_kind": "angkatan_kerja",
        "baseline_value": "33,51",
        "baseline_date": "2025-06-30",
        "target_value": "51.4",
        "target_date": "2029-12-31",
        "source_document": "RPJMD Kabupaten Pasaman Barat 2025–2029",
    } | changes


def _message(msgid: str, **params: str) -> str:
    """The message as the page shows it (Indonesian first; the msgid itself until the catalogue has it)."""
    with translation.override("id"):
        text = gettext(msgid)
    return text % params if params else text


def _padang_target() -> CoverageTarget:
    from cakupan.web.registry.models import Region

    return target_create(
        region=Region.objects.get(code=PADANG),
        baseline_value=Decimal("40.00"),
        baseline_date=date(2025, 6, 30),
        target_value=Decimal("60.00"),
        target_date=date(2029, 12, 31),
        source_document="RPJMD Kota Padang",
    )


def test_pemda_creates_a_target_and_it_is_audited(pemda: Client) -> None:
    response = pemda.post("/target/baru/", _form())
    assert response.status_code == 302 and response["Location"] == "/target/"
    target = target_for_region(region_code=PASAMAN_BARAT)
    assert target is not None
    assert (target.baseline_value, target.target_value) == (Decimal("33.51"), Decimal("51.40"))
    assert (target.baseline_date, target.target_date) == (date(2025, 6, 30), date(2029, 12, 31))
    assert target.created_by is not None and target.created_by.username == "bappeda"
    event = AuditEvent.objects.get(action="create", object_type="coverage_target")
    assert (event.actor_name, event.object_id, event.region_code) == (
        "bappeda",
        str(target.pk),
        PASAMAN_BARAT,
    )
    assert event.changes["baseline_value"] == [None, "33.51"]
    assert event.changes["target_date"] == [None, "2029-12-31"]
    listed = pemda.get("/target/").content.decode()
    assert "Kabupaten Pasaman Barat" in listed and "RPJMD Kabupaten Pasaman Barat 2025–2029" in listed
    # the stored target feeds the pure core as it is
    progress = target_progress(
        target.spec(), series=[(date(2025, 6, 30), Decimal("33.51"))], today=date(2026, 1, 1)
    )
    assert progress.months_remaining == 54


def test_pemda_edits_a_target_and_only_the_change_is_audited(pemda: Client) -> None:
    pemda.post("/target/baru/", _form())
    target = CoverageTarget.objects.get()
    page = pemda.get(f"/target/{target.pk}/").content.decode()
    assert "33.51" in page and "RPJMD Kabupaten Pasaman Barat" in page
    # the region posted is ignored: a target's region, indicator and denominator stay
    response = pemda.post(f"/target/{target.pk}/", _form(target_value="52", region=PADANG))
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.target_value, target.region_id) == (Decimal("52.00"), PASAMAN_BARAT)
    event = AuditEvent.objects.get(action="update", object_type="coverage_target")
    assert event.changes == {"target_value": ["51.40", "52.00"]}
    pemda.post(f"/target/{target.pk}/", _form(target_value="52"))
    assert AuditEvent.objects.filter(action="update", object_type="coverage_target").count() == 1


def test_pemda_deletes_a_target_after_confirming(pemda: Client) -> None:
    pemda.post("/target/baru/", _form())
    target = CoverageTarget.objects.get()
    assert "RPJMD Kabupaten Pasaman Barat" in pemda.get(f"/target/{target.pk}/hapus/").content.decode()
    assert CoverageTarget.objects.exists()
    assert pemda.post(f"/target/{target.pk}/hapus/").status_code == 302
    assert not CoverageTarget.objects.exists()
    event = AuditEvent.objects.get(action="delete", object_type="coverage_target")
    assert event.object_id == str(target.pk) and event.changes["target_value"] == ["51.40", None]


def test_targets_outside_the_scope_are_hidden(pemda: Client) -> None:
    padang = _padang_target()
    assert pemda.get(f"/target/{padang.pk}/").status_code == 404
    assert pemda.post(f"/target/{padang.pk}/", _form()).status_code == 404
    assert pemda.post(f"/target/{padang.pk}/hapus/").status_code == 404
    assert CoverageTarget.objects.filter(pk=padang.pk, target_value=Decimal("60.00")).exists()
    assert "RPJMD Kota Padang" not in pemda.get("/target/").content.decode()


def test_a_target_cannot_be_created_outside_the_scope(pemda: Client) -> None:
    page = pemda.post("/target/baru/", _form(region=PADANG)).content.decode()
    assert _message("Outside your own region: %(codes)s", codes=PADANG) in page
    assert not CoverageTarget.objects.exists()


def test_the_province_target_is_listed_for_a_kabupaten_but_cannot_be_changed(pemda: Client) -> None:
    from cakupan.web.registry.models import Region

    province = target_create(
        region=Region.objects.get(code="13"),
        baseline_value=Decimal("30.00"),
        baseline_date=date(2025, 6, 30),
        target_value=Decimal("45.00"),
        target_date=date(2029, 12, 31),
        source_document="RPJMD Provinsi Sumatera Barat",
    )
    assert "RPJMD Provinsi Sumatera Barat" in pemda.get("/target/").content.decode()
    assert f"/target/{province.pk}/" not in pemda.get("/target/").content.decode()
    assert pemda.get(f"/target/{province.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("role", "regions"),
    [(Role.VIEWER, ["13"]), (Role.BPJSTK_OFFICER, ["13.12"]), (Role.SYSTEM_ADMIN, ["13"])],
)
def test_roles_without_the_permission_may_only_look(
    sumbar_regions: None, role: Role, regions: list[str]
) -> None:
    target = _padang_target()
    client = _client("lain", role, regions)
    assert client.get("/target/").status_code == 200
    assert client.get("/target/baru/").status_code == 403
    assert client.post("/target/baru/", _form()).status_code == 403
    assert client.post(f"/target/{target.pk}/", _form(target_value="70")).status_code == 403
    assert client.post(f"/target/{target.pk}/hapus/").status_code == 403
    assert CoverageTarget.objects.filter(target_value=Decimal("60.00")).count() == 1
    assert CoverageTarget.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "msgid"),
    [
        ({"target_date": "2025-06-30"}, "The target date must be after the baseline date."),
        ({"target_date": "2024-12-31"}, "The target date must be after the baseline date."),
        ({"target_value": "100,5"}, "A percentage must be between 0 and 100."),
        ({"baseline_value": "-1"}, "A percentage must be between 0 and 100."),
        ({"baseline_value": "33,515"}, "Use at most 2 decimals."),
        ({"baseline_value": "tiga puluh"}, "Type a percentage, e.g. 33,51."),
        ({"target_value": "30"}, "The target must be above the baseline."),
        ({"denominator_kind": "bpu"}, "This denominator does not fit the indicator."),
    ],
)
def test_invalid_input_shows_the_message_and_writes_nothing(
    pemda: Client, changes: dict[str, str], msgid: str
) -> None:
    response = pemda.post("/target/baru/", _form(**changes))
    assert response.status_code == 200
    assert _message(msgid) in response.content.decode()
    assert not CoverageTarget.objects.exists()
    assert not AuditEvent.objects.filter(object_type="coverage_target").exists()


def test_invalid_edit_keeps_the_stored_target(pemda: Client) -> None:
    pemda.post("/target/baru/", _form())
    target = CoverageTarget.objects.get()
    page = pemda.post(f"/target/{target.pk}/", _form(target_date="2020-01-31")).content.decode()
    assert _message("The target date must be after the baseline date.") in page
    target.refresh_from_db()
    assert target.target_date == date(2029, 12, 31)
    assert not AuditEvent.objects.filter(action="update", object_type="coverage_target").exists()


def test_one_target_per_region_indicator_and_denominator(pemda: Client) -> None:
    pemda.post("/target/baru/", _form())
    page = pemda.post("/target/baru/", _form(target_value="60")).content.decode()
    assert _message("This region already has a target for this indicator and denominator.") in page
    assert CoverageTarget.objects.get().target_value == Decimal("51.40")
    assert pemda.post("/target/baru/", _form(denominator_kind="penduduk_bekerja")).status_code == 302
    assert CoverageTarget.objects.count() == 2


def test_the_service_refuses_what_the_core_refuses(sumbar_regions: None) -> None:
    from cakupan.web.registry.models import Region

    with pytest.raises(ValueError, match="tanggal target harus sesudah"):
        target_create(
            region=Region.objects.get(code=PADANG),
            baseline_value=Decimal("40"),
            baseline_date=date(2025, 6, 30),
            target_value=Decimal("60"),
            target_date=date(2025, 6, 30),
            source_document="RPJMD",
        )
    assert not CoverageTarget.objects.exists() and not AuditEvent.objects.exists()


def test_target_for_region_picks_the_indicator_and_denominator(sumbar_regions: None) -> None:
    target = _padang_target()
    assert target_for_region(region_code=PADANG) == target
    assert target_for_region(region_code=PADANG, denominator_kind="penduduk_bekerja") is None
    assert target_for_region(region_code=PADANG, indicator="bpu_national") is None
    assert target_for_region(region_code=PASAMAN_BARAT) is None


def test_form_labels_follow_the_language(pemda: Client) -> None:
    page = pemda.get("/target/baru/").content.decode()
    assert "Cakupan UCJ" in page and "angkatan kerja" in page
