"""Background recomputation of the coverage facts, for changes made one click at a time (a merge of two
person records): the click returns at once and the worker that ``cakupan serve`` starts refreshes the facts."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_facts() -> None:
    from cakupan.web.indicators.services import facts_refresh

    facts_refresh()
