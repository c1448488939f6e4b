"""The import tasks and a busy database (issue 17, point 2): a check or commit that meets "database is locked"
runs again once the database is free, instead of ending "crashed"; a check claimed by a worker that died before it
marked its job is queued again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.imports import staging
from cakupan.web.imports.models import ImportJob
from cakupan.web.imports.progress import JobFiles
from cakupan.web.registry.models import Person
from factories import person_row, write_persons

pytestmark = pytest.mark.django_db
SOLOK = "13.02.05.2001"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def client(settings: LazySettings, tmp_path: Path, sumbar_regions: None) -> Client:
    settings.TASKS = IMMEDIATE
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    user = user_create(
        username="pemda", password="kata-sandi-uji-123", role=Role.PEMDA_ADMIN, region_codes=["13"]
    )
    browser = Client()
    browser.force_login(user)
    return browser


def _upload(client: Client, tmp_path: Path) -> ImportJob:
    rows = [person_row(kecamatan=SOLOK[:8], desa=SOLOK, serial=i, name=f"WARGA {i}") for i in range(1, 4)]
    with write_persons(tmp_path / "p.csv", rows).open("rb") as handle:
        client.post(reverse("imports:upload"), {"source": "persons", "file": handle, "sheet": ""})
    return ImportJob.objects.get()


def _busy_once(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Make ``staging.<name>`` fail once with SQLite's "database is locked"; the list counts the calls."""
    real = getattr(staging, name)
    calls: list[int] = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(staging, name, flaky)
    return calls


def test_a_check_that_meets_a_busy_database_runs_again(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _busy_once(monkeypatch, "source_validate")
    job = _upload(client, tmp_path)
    assert len(calls) == 2
    assert job.status == ImportJob.Status.READY and job.note == ImportJob.Note.NONE and job.rows_valid == 3


def test_a_commit_that_meets_a_busy_database_runs_again(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _upload(client, tmp_path)
    calls = _busy_once(monkeypatch, "import_staged_commit")
    client.post(reverse("imports:job-commit", args=[job.pk]))
    job.refresh_from_db()
    assert len(calls) == 2
    assert job.status == ImportJob.Status.COMMITTED and Person.objects.count() == 3


def test_a_check_claimed_by_a_dead_worker_is_queued_again(
    client: Client, tmp_path: Path, settings: LazySettings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = _upload(client, tmp_path)
    assert job.status == ImportJob.Status.QUEUED
    files = JobFiles.of(job.pk)
    files.write_progress(phase="validate", stage="queued", done=0, total=0, running=True)
    record = files.read_progress()
    record["pid"] = 2**22 + 12345  # the worker that claimed the task and died: no such process
    files.progress_file.write_text(json.dumps(record))
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(status="RUNNING")  # claimed by that worker: never run again by itself
    assert staging.import_jobs_recover() == 1
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert not files.read_progress()["running"]
    assert staging.import_jobs_recover() == 0  # once
