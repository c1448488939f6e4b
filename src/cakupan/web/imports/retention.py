"""Uploaded files hold personal data, so they are not kept for ever.

The folder of a browser import or linkage job (the upload, its checked rows, the error file, the linked rows) is
deleted once the job has been idle for ``CAKUPAN_UPLOAD_RETENTION_DAYS``. A job still waiting to be saved is then
cancelled: nothing of it was written, and its file is gone. Jobs that are running are never touched. The database
records (who imported what, when, with which counts) stay; only the files go.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from cakupan.web.imports.models import ImportJob
from cakupan.web.imports.progress import JobFiles
from cakupan.web.linkage.files import job_files
from cakupan.web.linkage.models import LinkJob

IMPORT_RUNNING = (ImportJob.Status.QUEUED, ImportJob.Status.VALIDATING, ImportJob.Status.COMMITTING)
IMPORT_WAITING = (ImportJob.Status.READY, ImportJob.Status.NEEDS_MAPPING)
LINK_RUNNING = (LinkJob.Status.QUEUED, LinkJob.Status.RUNNING)


def job_files_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the files of jobs idle for longer than the retention period; returns how many folders went."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.CAKUPAN_UPLOAD_RETENTION_DAYS)
    removed = 0
    for job in ImportJob.objects.filter(updated_at__lt=cutoff).exclude(status__in=IMPORT_RUNNING):
        files = JobFiles.of(job.pk)
        if files.root.exists():
            files.remove()
            removed += 1
        if job.status in IMPORT_WAITING:
            ImportJob.objects.filter(pk=job.pk, status=job.status).update(status=ImportJob.Status.CANCELLED)
    for link_job in LinkJob.objects.filter(updated_at__lt=cutoff).exclude(status__in=LINK_RUNNING):
        files = job_files(link_job.pk)
        if files.root.exists():
            files.remove()
            removed += 1
    return removed
