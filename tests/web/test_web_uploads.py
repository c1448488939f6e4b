"""Every upload on every page has a size limit, enforced while the request body arrives (issue 17, point 4: a
505 MB BPJSTK answer took 6 GB of memory): the UploadGate, first of FILE_UPLOAD_HANDLERS, stops reading the
body once the files pass the page's limit, a page without an upload takes no file at all, and the WSGI server
refuses a body larger than the largest limit before the application sees it."""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import LazySettings, settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

import cakupan.web
from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.enrolment.models import ReconcileJob
from cakupan.web.imports.models import ImportJob
from cakupan.web.imports.uploads import UPLOAD_LIMITS, largest_request_bytes, upload_gate
from cakupan.web.linkage.models import LinkJob
from enrolment_world import PASSWORD, batch_exported, world_create

MB = 1024 * 1024
CHUNK = 64 * 1024  # Django's upload handlers read the body in chunks of this size
WEB = Path(cakupan.web.__file__).parent
# Each template with a file input, and the page (URL name) that renders it and takes its file.
UPLOAD_TEMPLATES = {
    "cakupan/imports/upload.html": "imports:upload",
    "cakupan/linkage/upload.html": "linkage:file-upload",
    "enrolment/reconcile.html": "enrolment:batch-reconcile",
}
# The Python modules that read an uploaded file (a form's FileField, or request.FILES).
UPLOAD_CODE = {
    "imports/forms.py",
    "imports/views.py",
    "linkage/forms.py",
    "linkage/job_views.py",
    "enrolment/batch_views.py",
}


def test_every_page_with_a_file_input_has_its_own_limit() -> None:
    templates = WEB / "templates"
    with_files = {
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if "multipart/form-data" in path.read_text()
    }
    assert with_files == set(UPLOAD_TEMPLATES), "a new upload form: add its page to UPLOAD_LIMITS"
    readers = {
        str(path.relative_to(WEB))
        for path in WEB.rglob("*.py")
        if "migrations" not in path.parts and re.search(r"request\.FILES|FileField\(", path.read_text())
    }
    assert readers == UPLOAD_CODE, "a new upload: add its page to UPLOAD_LIMITS"
    assert set(UPLOAD_LIMITS) == set(UPLOAD_TEMPLATES.values())
    assert settings.FILE_UPLOAD_HANDLERS[0] == "cakupan.web.imports.uploads.UploadGate"


def test_each_limit_is_a_documented_setting() -> None:
    configuration = (WEB.parents[2] / "docs" / "configuration.md").read_text()
    for setting in set(UPLOAD_LIMITS.values()):
        assert isinstance(getattr(settings, setting), int) and getattr(settings, setting) > 0
        assert f"`{setting}`" in configuration
    if not os.environ.get("CAKUPAN_MAX_ANSWER_UPLOAD_BYTES"):
        assert settings.CAKUPAN_MAX_ANSWER_UPLOAD_BYTES == 20 * MB


# --- each upload page refuses a file over its limit, and keeps nothing -----------------------------------------


@pytest.fixture
def small_limits(settings: LazySettings, tmp_path: Path) -> None:
    settings.CAKUPAN_MAX_UPLOAD_BYTES = 1 * MB
    settings.CAKUPAN_MAX_ANSWER_UPLOAD_BYTES = 1 * MB
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "unggahan-sementara"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()


def _page(name: str) -> tuple[Any, str, dict[str, str], str]:
    """The user who may upload on page ``name``, its URL, its other fields and the name of its file field."""
    if name == "enrolment:batch-reconcile":
        world = world_create()
        return world.bpjs, reverse(name, args=[batch_exported(world).pk]), {}, "berkas"
    user = user_create(username="pemda", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13"])
    fields = {"source": "persons"} if name == "imports:upload" else {}
    return user, reverse(name), fields, "file"


def _csv(size: int) -> bytes:
    line = b"1302054107850001;25010000001;diterima;\n"
    return b"nik;kpj;status;alasan\n" + line * (size // len(line) + 1)


def _nothing_stored() -> None:
    assert (
        not ImportJob.objects.exists() and not LinkJob.objects.exists() and not ReconcileJob.objects.exists()
    )
    assert not any(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir())
    leftovers = [p for p in Path(settings.DATA_DIR).rglob("*") if p.is_file()]
    assert leftovers == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(UPLOAD_LIMITS))
def test_a_file_over_the_pages_limit_is_refused_with_a_message_and_nothing_is_stored(
    name: str, sumbar_regions: None, small_limits: None
) -> None:
    user, url, fields, field = _page(name)
    client = Client()
    client.force_login(user)
    upload = SimpleUploadedFile("besar.csv", _csv(MB + 200 * 1024), content_type="text/csv")
    response = client.post(url, {**fields, field: upload}, follow=True)
    assert response.status_code == 200
    assert "Berkas lebih besar dari batas 1 MB" in response.content.decode()
    _nothing_stored()


# --- the limit is checked while the body arrives, not after ------------------------------------------------------


class _CountingStream:
    """The request body as the WSGI server hands it over, counting the bytes the application reads."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.read_bytes += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self.stream.readline(size)
        self.read_bytes += len(data)
        return data


def _posted(url: str, body_field: str, size: int) -> tuple[Any, _CountingStream]:
    upload = SimpleUploadedFile("besar.csv", _csv(size), content_type="text/csv")
    request = RequestFactory().post(url, {"csrfmiddlewaretoken": "x", body_field: upload})
    counting = _CountingStream(request._stream)  # type: ignore[attr-defined]
    request._stream = counting  # type: ignore[attr-defined]
    return request, counting


@pytest.mark.parametrize("name", sorted(UPLOAD_LIMITS))
def test_reading_stops_at_the_limit_not_at_the_end_of_the_body(name: str, small_limits: None) -> None:
    url = reverse(name, args=[1]) if name.startswith("enrolment:") else reverse(name)
    request, counting = _posted(url, "berkas" if name.startswith("enrolment:") else "file", 8 * MB)
    total = int(request.META["CONTENT_LENGTH"])
    assert request.FILES == {} and request.POST["csrfmiddlewaretoken"] == "x"
    assert upload_gate(request).exceeded and upload_gate(request).limit == MB
    assert counting.read_bytes <= MB + 4 * CHUNK < total  # at most the limit and a few chunks of 8 MB
    assert not any(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir())


def test_a_page_without_an_upload_takes_no_file(small_limits: None) -> None:
    for url in ("/masuk/", reverse("enrolment:batch-members", args=[1])):
        request, counting = _posted(url, "file", 2 * MB)
        assert request.FILES == {} and upload_gate(request).limit == 0 and upload_gate(request).exceeded
        assert counting.read_bytes <= 4 * CHUNK


def test_a_file_within_the_limit_passes(small_limits: None) -> None:
    request, _ = _posted(reverse("imports:upload"), "file", MB // 2)
    assert request.FILES["file"].size > MB // 2 and not upload_gate(request).exceeded


def test_the_wsgi_server_refuses_a_body_over_the_largest_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import waitress

    from cakupan.cli import web

    served: dict[str, Any] = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **options: served.update(options))
    monkeypatch.setattr(
        web, "_worker_supervisor", lambda: SimpleNamespace(start=lambda: None, stop=lambda: None)
    )
    monkeypatch.setattr(signal, "signal", lambda *args: None)
    web._serve("127.0.0.1", 8123, 1)
    largest = max(settings.CAKUPAN_MAX_UPLOAD_BYTES, settings.CAKUPAN_MAX_ANSWER_UPLOAD_BYTES)
    assert served["max_request_body_size"] == largest_request_bytes() == largest + 5 * MB
    assert served["max_request_body_size"] < 1 << 30  # below waitress's own default of 1 GiB
