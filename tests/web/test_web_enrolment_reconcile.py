"""BPJSTK's answer to a batch is applied by the background worker, not in the request (issue 17, point 4): the
upload stores the file and queues a ReconcileJob; the page shows the job waiting, running, done or failed (with
a report per row, in Indonesian, and nothing changed); the answer file is deleted once the worker has read it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cakupan.web.enrolment import batches as svc
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch, EnrolmentMonth, ReconcileJob
from cakupan.web.enrolment.reconcile_jobs import reconcile_files, reconcile_root
from cakupan.web.enrolment.tasks import reconcile_job_task
from cakupan.web.membership.models import Membership
from enrolment_world import World, batch_exported, world_create

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
UNKNOWN_NIK = "1371010101900001"


@pytest.fixture
def world(sumbar_regions: None, settings: LazySettings, tmp_path: Path) -> World:
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return world_create()


def _officer(world: World) -> Client:
    client = Client()
    client.force_login(world.bpjs)
    return client


def _answer(rows: list[tuple[str, str, str, str]]) -> SimpleUploadedFile:
    lines = ["nik;kpj;status;alasan"] + [";".join(r) for r in rows]
    return SimpleUploadedFile("jawaban.csv", ("\n".join(lines) + "\n").encode(), content_type="text/csv")


def _good(world: World) -> SimpleUploadedFile:
    p = world.persons
    return _answer(
        [
            (p[0].nik, "25010000001", "diterima", ""),
            (p[1].nik, "25010000002", "diterima", ""),
            (p[2].nik, "", "ditolak", "NIK tidak cocok dengan Dukcapil"),
        ]
    )


def _post(client: Client, batch: EnrolmentBatch, upload: SimpleUploadedFile) -> Any:
    return client.post(reverse("enrolment:batch-reconcile", args=[batch.pk]), {"berkas": upload}, follow=True)


def _unchanged(batch: EnrolmentBatch, months: int) -> None:
    batch.refresh_from_db()
    assert batch.state == "exported" and batch.reconciled_at is None
    assert not Membership.objects.exists()
    assert not BatchMember.objects.filter(batch=batch).exclude(status="pending").exists()
    assert EnrolmentMonth.objects.filter(member__batch=batch).count() == months


def test_the_upload_only_queues_a_job_and_the_worker_applies_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = batch_exported(world)
    months = EnrolmentMonth.objects.filter(member__batch=batch).count()

    def no_parsing_in_the_request(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("BPJSTK's answer was parsed inside the request")

    monkeypatch.setattr("cakupan.web.enrolment.bpjstk_files.read_reconciliation", no_parsing_in_the_request)
    client = _officer(world)
    response = _post(client, batch, _good(world))
    assert response.status_code == 200

    job = ReconcileJob.objects.get()
    assert (job.batch, job.status, job.created_by, job.file_name) == (
        batch,
        "queued",
        world.bpjs,
        "jawaban.csv",
    )
    stored = reconcile_files(job.pk).uploaded()
    assert stored is not None and stored.suffix == ".csv" and stored.stat().st_mode & 0o077 == 0
    assert DBTaskResult.objects.filter(task_path__endswith="reconcile_job_task").count() == 1
    _unchanged(batch, months)
    page = response.content.decode()
    assert (
        "Menunggu pekerja latar" in page and 'id="job-progress"' in page and 'id="upload-answer"' not in page
    )
    progress = client.get(reverse("enrolment:batch-reconcile-progress", args=[batch.pk])).json()
    assert progress["status"] == "queued" and progress["text"] == "Menunggu pekerja latar"

    monkeypatch.undo()
    reconcile_job_task.call(job.pk)  # what the worker does with the queued task

    job.refresh_from_db()
    assert (job.status, job.accepted, job.rejected, job.missing) == ("done", 2, 1, 1)
    assert job.started_at is not None and job.finished_at is not None
    batch.refresh_from_db()
    assert batch.state == "reconciled"
    assert Membership.objects.filter(kpj__in=["25010000001", "25010000002"]).count() == 2
    assert reconcile_files(job.pk).uploaded() is None  # the answer (NIKs) is gone once read
    page = client.get(reverse("enrolment:batch-reconcile", args=[batch.pk])).content.decode()
    assert "2 pekerja diterima dan kini peserta aktif; 1 ditolak; 1 belum dijawab." in page
    assert 'id="job-progress"' not in page and 'id="upload-answer"' in page  # a later file may follow


def test_a_bad_file_gives_a_report_per_row_in_indonesian_and_changes_nothing(
    world: World, settings: LazySettings
) -> None:
    settings.TASKS = IMMEDIATE
    batch = batch_exported(world)
    months = EnrolmentMonth.objects.filter(member__batch=batch).count()
    p = world.persons
    bad = _answer(
        [
            (p[0].nik, "25010000001", "diterima", ""),
            (p[1].nik, "12-3", "diterima", ""),  # row 3: not a KPJ number
            (UNKNOWN_NIK, "25010000009", "diterima", ""),  # row 4: not in this batch
        ]
    )
    page = _post(_officer(world), batch, bad).content.decode()

    job = ReconcileJob.objects.get()
    assert job.status == "failed" and job.problems_total == 2
    assert [(q["row"], q["column"]) for q in job.problems] == [(3, "kpj"), (4, "nik")]
    assert UNKNOWN_NIK not in str(job.problems)  # kept masked
    _unchanged(batch, months)
    assert 'id="reconcile-problems"' in page and "Berkas tidak diterapkan" in page
    assert "Nomor KPJ 12-3 tidak sah" in page and "tidak ada dalam batch ini" in page
    assert UNKNOWN_NIK not in page
    assert reconcile_files(job.pk).uploaded() is None


def test_the_same_answer_through_the_page_with_an_immediate_worker(
    world: World, settings: LazySettings
) -> None:
    settings.TASKS = IMMEDIATE
    batch = batch_exported(world)
    page = _post(_officer(world), batch, _good(world)).content.decode()
    assert 'id="reconcile-outcome"' in page and "2 pekerja diterima" in page
    batch.refresh_from_db()
    assert batch.state == "reconciled"
    member = BatchMember.objects.get(batch=batch, person=world.persons[2])
    assert (member.status, member.rejection_reason) == ("rejected", "NIK tidak cocok dengan Dukcapil")


def test_a_second_answer_while_one_waits_is_refused(world: World) -> None:
    batch = batch_exported(world)
    client = _officer(world)
    _post(client, batch, _good(world))
    page = _post(client, batch, _good(world)).content.decode()
    assert "masih diproses" in page
    assert ReconcileJob.objects.count() == 1


def test_an_answer_before_the_export_is_refused_at_once_and_nothing_is_stored(world: World) -> None:
    batch = svc.batch_create(
        scheme=world.scheme,
        source=world.source,
        name="Belum diekspor",
        members=[(p.pk, 10) for p in world.persons],
        by=world.maker,
    )
    page = _post(_officer(world), batch, _good(world)).content.decode()
    assert 'class="error"' in page
    assert not ReconcileJob.objects.exists() and not DBTaskResult.objects.exists()
    assert not any(reconcile_root().iterdir())


def test_a_file_that_is_no_csv_is_refused_at_once(world: World) -> None:
    batch = batch_exported(world)
    fake = SimpleUploadedFile("jawaban.csv", b"PK\x03\x04" + bytes(range(256)) * 4)
    page = _post(_officer(world), batch, fake).content.decode()
    assert 'class="error"' in page
    assert not ReconcileJob.objects.exists() and not any(reconcile_root().iterdir())


def test_a_job_whose_worker_died_is_failed_and_its_file_removed(world: World) -> None:
    batch = batch_exported(world)
    client = _officer(world)
    _post(client, batch, _good(world))
    job = ReconcileJob.objects.get()
    ReconcileJob.objects.filter(pk=job.pk).update(status="running")
    dead = subprocess.Popen(["true"])
    dead.wait()
    files = reconcile_files(job.pk)
    files.write_progress(phase="reconcile", stage="apply", done=0, total=0, running=True)
    record = files.read_progress() | {"pid": dead.pid}
    files.progress_file.write_text(json.dumps(record))

    page = client.get(reverse("enrolment:batch-reconcile", args=[batch.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and "Penerapan terhenti" in page
    assert not files.root.exists()
    _unchanged(batch, EnrolmentMonth.objects.filter(member__batch=batch).count())
