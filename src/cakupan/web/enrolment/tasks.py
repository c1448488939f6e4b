"""Background task of enrolment (django-tasks; run by the worker that ``cakupan serve`` starts)."""

from __future__ import annotations

from django_tasks import task


@task()
def reconcile_job_task(job_id: int) -> None:
    """Read BPJSTK's answer to a batch and apply it (``reconcile_jobs.reconcile_job_run``)."""
    from cakupan.web.enrolment.reconcile_jobs import reconcile_job_run

    reconcile_job_run(job_id=job_id)
