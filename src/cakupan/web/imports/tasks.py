"""Background tasks of the staged import (django-tasks; run by the worker that ``cakupan serve`` starts)."""

from __future__ import annotations

from django_tasks import task


@task()
def check_job(job_id: str) -> None:
    """Read, map and validate an uploaded file for its preview."""
    from cakupan.web.imports.staging import import_job_check_run

    import_job_check_run(job_id=job_id)


@task()
def commit_job(job_id: str) -> None:
    """Write a checked file's valid rows in one transaction, with progress and cancel."""
    from cakupan.web.imports.staging import import_job_commit_run

    import_job_commit_run(job_id=job_id)
