"""Two officers pressing "approve" at the same moment, on real connections in two threads: the same batch is
approved once, and a worker in two batches is enrolled once. On PostgreSQL both transactions are really open
together (a barrier inside the approval holds them there) and the loser gets the clear message. On SQLite there
is one writer: with the server's database file the second waits for the first's lock and then gets the same
message; the test database lives in shared memory, where the second is refused at once ("table is locked").
Either way nothing is enrolled twice.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError, connection, connections

from cakupan.enrolment.states import EnrolmentError
from cakupan.web.enrolment import batches as svc
from cakupan.web.enrolment.models import EnrolmentBatch, EnrolmentMonth
from enrolment_world import World, world_create

pytestmark = pytest.mark.django_db(transaction=True)


def _race(monkeypatch: pytest.MonkeyPatch, *calls: Callable[[], Any]) -> list[str]:
    """Run ``calls`` in threads that meet inside the approval transaction; each result is "ok" or the error."""
    barrier = threading.Barrier(len(calls))
    original = svc._already_covered

    def meeting(batch: EnrolmentBatch, person_ids: list[int]) -> list[str]:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)  # SQLite: the other thread cannot enter; the wait times out
        return original(batch, person_ids)

    monkeypatch.setattr(svc, "_already_covered", meeting)
    results: list[str] = [""] * len(calls)

    def run(index: int) -> None:
        try:
            calls[index]()
            results[index] = "ok"
        except EnrolmentError as exc:
            results[index] = str(exc)
        except OperationalError as exc:  # SQLite's in-memory test database: "database table is locked"
            assert connection.vendor == "sqlite" and "locked" in str(exc)
            results[index] = "locked"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _verified(world: World, persons: list, name: str) -> EnrolmentBatch:
    batch = svc.batch_create(
        scheme=world.scheme,
        source=world.source,
        name=name,
        members=[(p.pk, 1) for p in persons],
        by=world.maker,
    )
    return svc.batch_verify(batch=batch, by=world.maker)


def test_one_batch_approved_twice_at_once_is_approved_once(sumbar_regions: None, monkeypatch) -> None:
    world = world_create()
    batch = _verified(world, world.persons, "Batch")
    other = type(world.checker).objects.get(pk=world.bpjs.pk)  # a second approver
    from cakupan.core.access import Role
    from cakupan.web.accounts.services import user_set_access

    user_set_access(user=other, role=Role.PEMDA_ADMIN, region_codes=["13.02"])
    results = _race(
        monkeypatch,
        lambda: svc.batch_approve(batch=batch, by=world.checker),
        lambda: svc.batch_approve(batch=batch, by=other),
    )
    assert sorted(r == "ok" for r in results) == [False, True], results
    assert EnrolmentMonth.objects.count() == len(world.persons) * 12


def test_one_worker_in_two_batches_approved_at_once_is_enrolled_once(
    sumbar_regions: None, monkeypatch
) -> None:
    world = world_create()
    first = _verified(world, world.persons[:2], "A")
    second = _verified(world, world.persons[1:3], "B")
    results = _race(
        monkeypatch,
        lambda: svc.batch_approve(batch=first, by=world.checker),
        lambda: svc.batch_approve(batch=second, by=world.checker),
    )
    assert sorted(r == "ok" for r in results) == [False, True], results
    (loser,) = [r for r in results if r != "ok"]
    assert "sudah disetujui untuk bulan yang sama" in loser or (
        connection.vendor == "sqlite" and loser == "locked"
    )
    shared = world.persons[1]
    assert EnrolmentMonth.objects.filter(person=shared).count() == 12
    states = sorted(EnrolmentBatch.objects.values_list("state", flat=True))
    assert states == ["approved", "verified"]
