"""Uploaded files hold personal data: a job's folder goes after the retention period, running jobs are kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.imports.models import ImportJob
from cakupan.web.imports.progress import JobFiles
from cakupan.web.imports.retention import job_files_expire
from factories import person_row, write_persons

pytestmark = pytest.mark.django_db
DESA = "13.02.05.2001"


@pytest.fixture
def uploaded(settings: LazySettings, tmp_path: Path, sumbar_regions: None) -> ImportJob:
    """A persons file uploaded and checked in the browser, waiting to be saved."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.CAKUPAN_UPLOAD_RETENTION_DAYS = 30
    user = user_create(
        username="pemda", password="kata-sandi-uji-123", role=Role.PEMDA_ADMIN, region_codes=["13"]
    )
    client = Client()
    client.force_login(user)
    rows = [person_row(kecamatan=DESA[:8], desa=DESA, serial=1)]
    with write_persons(tmp_path / "p.csv", rows).open("rb") as handle:
        client.post(reverse("imports:upload"), {"source": "persons", "file": handle, "sheet": ""})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READY and JobFiles.of(job.pk).root.is_dir()
    return job


def test_files_stay_within_the_retention_period(uploaded: ImportJob) -> None:
    assert job_files_expire(now=timezone.now() + dt.timedelta(days=29)) == 0
    assert JobFiles.of(uploaded.pk).uploaded() is not None


def test_an_abandoned_job_loses_its_files_and_is_cancelled(uploaded: ImportJob) -> None:
    assert job_files_expire(now=timezone.now() + dt.timedelta(days=31)) == 1
    assert not JobFiles.of(uploaded.pk).root.exists()
    uploaded.refresh_from_db()
    assert uploaded.status == ImportJob.Status.CANCELLED


def test_a_running_job_is_never_touched(uploaded: ImportJob) -> None:
    ImportJob.objects.filter(pk=uploaded.pk).update(status=ImportJob.Status.COMMITTING)
    assert job_files_expire(now=timezone.now() + dt.timedelta(days=365)) == 0
    assert JobFiles.of(uploaded.pk).uploaded() is not None
