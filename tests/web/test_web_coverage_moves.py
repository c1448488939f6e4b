"""Coverage moves (issue 18, point 2): once BPJSTK's answer to an approved batch is imported, the facts refresh
and the UCJ, the trend, the uncovered list and the target's progress count the accepted workers (not the
rejected ones) in the months they are covered. The facts end in the latest month with data, never past today;
nothing pins them (conftest does, for the other tests: these tests unpin it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cakupan.indicators.facts import facts_last_day
from cakupan.web.accounts.services import user_ensure_demo
from cakupan.web.enrolment import batches
from cakupan.web.enrolment.bpjstk_files import batch_reconcile
from cakupan.web.enrolment.demo import EXAMPLE_BATCH, enrolment_demo_batch, enrolment_demo_seed
from cakupan.web.enrolment.models import EnrolmentBatch, Scheme
from cakupan.web.indicators.models import FactsRefresh, LabourForceStat
from cakupan.web.indicators.selectors import coverage_get, fact_period
from cakupan.web.indicators.services import facts_as_of, facts_refresh
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Region
from cakupan.web.targets.services import target_create
from enrolment_world import KECAMATAN, World, batch_exported, person_create, world_create

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATA_MONTH_START = dt.date(2025, 6, 10)  # the registry's latest start: its data describe June 2025
LABOUR_FORCE = 200


def _member(person_id: int, kpj: str, start: dt.date) -> None:
    Membership.objects.create(
        person_id=person_id,
        kpj=kpj,
        segment="BPU",
        programmes="JKK;JKM",
        start_date=start,
        wage_basis=1_000_000,
        payer="mandiri",
    )


@pytest.fixture
def world(sumbar_regions: None, settings: LazySettings, tmp_path: Path) -> World:
    settings.CAKUPAN_COVERAGE_AS_OF = None  # as in the demo and in real use
    settings.TASKS = IMMEDIATE
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    world = world_create(workers=6)
    earlier = person_create(100, decile=5)  # covered before: the registry's data run to June 2025
    _member(earlier.pk, "20000000001", DATA_MONTH_START)
    LabourForceStat.objects.create(
        region_id=KECAMATAN,
        period=dt.date(2025, 6, 1),
        kind="angkatan_kerja",
        value=LABOUR_FORCE,
        source="uji",
    )
    target_create(
        region=Region.objects.get(code=KECAMATAN),
        baseline_value=Decimal("0.50"),
        baseline_date=dt.date(2025, 1, 31),
        target_value=Decimal("20"),
        target_date=dt.date(2029, 12, 31),
        source_document="RPJMD uji",
    )
    # The batch covers May 2025 to April 2026: the two last months the facts show.
    Scheme.objects.filter(pk=world.scheme.pk).update(start_date=dt.date(2025, 5, 1))
    world.scheme.refresh_from_db()
    return world


@dataclass(frozen=True)
class Seen:
    as_of: dt.date
    active: int
    percent: Decimal | None
    trend: dict[dt.date, int]  # month -> active participants
    progress: Decimal
    uncovered: set[int]  # person ids on the uncovered list


def _seen(client: Client) -> Seen:
    page = client.get(reverse("region-coverage", args=[KECAMATAN]))
    assert page.status_code == 200
    dashboard = page.context["dashboard"]
    gaps = client.get(reverse("coverage-gaps", args=[KECAMATAN]))
    assert gaps.status_code == 200 and gaps.context["as_of"] == dashboard.period.as_of
    assert dashboard.progress is not None
    return Seen(
        as_of=dashboard.period.as_of,
        active=dashboard.coverage.active_participants,
        percent=dashboard.coverage.percent,
        trend={p.month: p.active for p in dashboard.trend},
        progress=dashboard.progress.current_value,
        uncovered={row["person"].pk for row in gaps.context["rows"]},
    )


def _answer(rows: list[tuple[str, str, str, str]]) -> SimpleUploadedFile:
    lines = ["nik;kpj;status;alasan"] + [";".join(r) for r in rows]
    return SimpleUploadedFile("jawaban.csv", ("\n".join(lines) + "\n").encode(), content_type="text/csv")


def test_the_answer_of_bpjstk_moves_ucj_trend_uncovered_list_and_target_by_the_accepted_workers(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    pemda = Client()
    pemda.force_login(world.maker)
    facts_refresh()  # as an import of the registry does
    before = _seen(pemda)
    assert before.as_of == dt.date(2025, 6, 30)  # the latest month with data, not today
    assert before.active == 1 and before.uncovered >= {p.pk for p in world.persons}

    batch = batch_exported(world)
    p = world.persons
    accepted, rejected = p[:4], p[4:]
    answer = [(q.nik, f"2601000000{k}", "diterima", "") for k, q in enumerate(accepted)]
    answer += [(q.nik, "", "ditolak", "NIK tidak cocok dengan Dukcapil") for q in rejected]
    officer = Client()
    officer.force_login(world.bpjs)
    with django_capture_on_commit_callbacks(execute=True):  # the worker's refresh, queued on commit
        response = officer.post(
            reverse("enrolment:batch-reconcile", args=[batch.pk]), {"berkas": _answer(answer)}, follow=True
        )
    assert response.status_code == 200
    assert FactsRefresh.objects.get().rows > 0

    after = _seen(pemda)
    assert after.as_of == before.as_of == dt.date(2025, 6, 30)
    assert after.active == before.active + len(accepted)
    assert after.percent == Decimal(100 * after.active) / LABOUR_FORCE
    june, may, april = dt.date(2025, 6, 1), dt.date(2025, 5, 1), dt.date(2025, 4, 1)
    assert max(after.trend) == june
    assert after.trend[june] == before.trend[june] + len(accepted)
    assert after.trend[may] == before.trend[may] + len(accepted)
    assert after.trend[april] == before.trend[april]  # before their cover starts
    assert before.uncovered - after.uncovered == {q.pk for q in accepted}
    assert {q.pk for q in rejected} <= after.uncovered
    assert after.progress == after.percent != before.progress


def test_the_facts_end_in_the_latest_month_with_data_never_past_today(world: World) -> None:
    today = timezone.localdate()
    assert facts_as_of() == dt.date(2025, 6, 30)
    _member(world.persons[0].pk, "20000000002", today + dt.timedelta(days=40))  # a cover to come: no data
    assert facts_as_of() == dt.date(2025, 6, 30)
    _member(world.persons[1].pk, "20000000003", today)
    assert facts_as_of() == today  # data this month: today, as in real use


def test_facts_last_day() -> None:
    today = dt.date(2026, 12, 7)
    assert facts_last_day(latest_start=None, today=today) == today
    assert facts_last_day(latest_start=dt.date(2025, 6, 10), today=today) == dt.date(2025, 6, 30)
    assert facts_last_day(latest_start=dt.date(2024, 2, 1), today=today) == dt.date(2024, 2, 29)
    assert facts_last_day(latest_start=dt.date(2025, 12, 31), today=today) == dt.date(2025, 12, 31)
    assert facts_last_day(latest_start=dt.date(2026, 12, 1), today=today) == today
    assert facts_last_day(latest_start=dt.date(2026, 12, 25), today=today) == today


def test_the_demo_answers_its_example_batch_and_pasaman_barat_rises_by_the_accepted(
    sumbar_regions: None, settings: LazySettings, tmp_path: Path
) -> None:
    settings.CAKUPAN_COVERAGE_AS_OF = None
    desa = "13.12.01.2001"  # Kab. Pasaman Barat
    user_ensure_demo()
    enrolment_demo_seed(scale=0.02)  # Pasaman Barat's DBH Sawit pays for 154 palm-oil workers
    for serial in range(1, 6):
        person_create(200 + serial, occupation="Buruh Kebun Sawit", region=desa)
    person_create(250, occupation="Pedagang", region=desa)  # not what the DBH Sawit may pay for
    covered = person_create(300, occupation="Buruh Kebun Sawit", region=desa)
    _member(covered.pk, "20000000009", DATA_MONTH_START)
    facts_refresh()
    before = coverage_get(region_code="13.12", period=fact_period())

    answer = enrolment_demo_batch(tmp_path)
    assert answer is not None and answer.is_file()
    assert enrolment_demo_batch(tmp_path) == answer  # a second demo run keeps the one batch
    batch = EnrolmentBatch.objects.get(name=EXAMPLE_BATCH)
    assert (batch.state, batch.members.count()) == ("exported", 5)
    applied = batch_reconcile(batch=batch, path=answer, file_name=answer.name, by=batch.created_by)
    assert (len(applied.accepted), len(applied.rejected)) == (4, 1)
    facts_refresh()  # what the worker does once the answer is applied

    after = coverage_get(region_code="13.12", period=fact_period())
    assert after.as_of == before.as_of == dt.date(2025, 6, 30)
    assert after.active_participants == before.active_participants + 4


def test_the_batch_list_shows_the_newest_batch_first(world: World) -> None:
    """The demo's example batch is older than what the user makes: theirs must come first on /perlindungan/."""
    older = batch_exported(world)
    newer = batches.batch_create(
        scheme=world.scheme, source=world.source, name="Batch baru", members=[], by=world.maker
    )
    pemda = Client()
    pemda.force_login(world.maker)
    listed = list(pemda.get(reverse("enrolment:index")).context["batches"])
    assert [b.pk for b in listed] == [newer.pk, older.pk]
