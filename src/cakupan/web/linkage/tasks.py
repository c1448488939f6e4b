"""Background task of record linkage (django-tasks; run by the worker that ``cakupan serve`` starts)."""

from __future__ import annotations

from django_tasks import task


@task()
def link_job_task(job_id: str) -> None:
    """Link an uploaded file to the registry, or search the registry for duplicates (``jobs.link_job_run``)."""
    from cakupan.web.linkage.jobs import link_job_run

    link_job_run(job_id=job_id)
