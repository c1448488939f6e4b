"""Background tasks of the staged import (django-tasks; run by the worker that ``cakupan serve`` starts).

While the database is busy (SQLite: a CLI import holds the write lock) a task waits and runs again, still claimed
by the same worker, so it is neither lost nor run twice at once; ``again`` tells the check it may find its job
already marked as being checked by this very task.
"""

from __future__ import annotations

from django_tasks import task

from cakupan.web.imports.worker_busy import retry_while_busy


@task()
def check_job(job_id: str) -> None:
    """Read, map and validate an uploaded file for its preview."""
    from cakupan.web.imports.staging import import_job_check_run

    retry_while_busy(lambda again: import_job_check_run(job_id=job_id, again=again))


@task()
def commit_job(job_id: str) -> None:
    """Write a checked file's valid rows in one transaction, with progress and cancel."""
    from cakupan.web.busy import import_running
    from cakupan.web.imports.models import ImportJob
    from cakupan.web.imports.staging import import_job_commit_run

    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    label = f"{job.file_name} ({job.source})" if job else str(job_id)
    who = job.created_by.get_username() if job and job.created_by else ""
    with import_running(label, who=who):
        retry_while_busy(lambda again: import_job_commit_run(job_id=job_id))
