"""The impact view (issue 7, capabilities 4 and 5): claims and Rupiah per kab/kota and per scheme, Rupiah paid to
families per Rupiah of contributions, beneficiaries per year, the cost of non-coverage, their XLSX and PDF, and the
non-coverage panel of the coverage dashboard. Every figure is checked against data with known answers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import fastexcel
import pytest
from django.test import Client
from django.utils import timezone

from cakupan.claims import ClaimAction, ClaimState, EventKind, Heir, Relation
from cakupan.core.access import ROLE_PERMISSIONS, Permission, Role
from cakupan.web.accounts.services import user_create
from cakupan.web.benefits import scholarships, services
from cakupan.web.benefits.impact import (
    ClaimCounts,
    Impact,
    RegionRow,
    SchemeRow,
    YearRow,
    impact_of_claims,
    ratio,
    scheme_contributions,
)
from cakupan.web.benefits.impact_pdf import impact_pdf_bytes
from cakupan.web.benefits.models import Claim
from cakupan.web.benefits.selectors import NonCoverage
from cakupan.web.enrolment import batches as svc
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch, FundingSource
from cakupan.web.imports.services import import_batch_create
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person
from enrolment_world import PASSWORD, World, person_create, world_create
from factories import person_row, write_persons

pytestmark = pytest.mark.django_db
PADANG = "13.71.01.1001"
MONTHLY = 16_800
LATER = dt.date(2030, 1, 1)  # a "today" after every month of the batches below
JKM = 42_000_000
SD, SMA = 1_500_000, 3_000_000  # scholarship per year from 2 December 2019 (PP 82/2019)


def _batch(world: World, persons: list[Person], start: dt.date, name: str) -> EnrolmentBatch:
    batch = svc.batch_create(
        scheme=world.scheme,
        source=world.source,
        name=name,
        members=[(p.pk, 10) for p in persons],
        start_date=start,
        by=world.maker,
    )
    svc.batch_verify(batch=batch, by=world.maker)
    return svc.batch_approve(batch=batch, by=world.checker)


def _claim(person: Person, kind: EventKind, on: dt.date, **fields: Any) -> Claim:
    """A claim as stored after its decision, written directly (the decision itself is the core's, tested there)."""
    values: dict[str, Any] = {"covered": True, "assessment": {}, "assessed_at": timezone.now()}
    values.update(fields)
    return Claim.objects.create(
        person=person, region_id=person.region_id, kind=kind.value, event_date=on, **values
    )


def _paid_death_with_two_scholarship_years(world: World, person: Person, batch: EnrolmentBatch) -> Claim:
    """A BPU worker enrolled since January 2022 dies of illness in March 2025, leaving a spouse and two children
    in SD and SMA: JKM Rp 42,000,000 paid in May 2025 with the first year of both scholarships, the second year
    paid in May 2026."""
    membership = Membership.objects.create(
        person=person,
        kpj="25010000001",
        segment="BPU",
        programmes="JKK;JKM",
        start_date=dt.date(2022, 1, 1),
        wage_basis=1_000_000,
        payer="apb_nagari",
    )
    BatchMember.objects.filter(batch=batch, person=person).update(membership=membership)
    heirs = [
        Heir(name="ISTRI", relation=Relation.SPOUSE, birth_date=dt.date(1987, 2, 3)),
        Heir(name="ANAK SATU", relation=Relation.CHILD, birth_date=dt.date(2016, 4, 5), school_level="SD"),
        Heir(name="ANAK DUA", relation=Relation.CHILD, birth_date=dt.date(2009, 6, 7), school_level="SMA"),
    ]
    claim = services.claim_report(
        person=person, kind=EventKind.DEATH, event_date=dt.date(2025, 3, 10), heirs=heirs, by=world.bpjs
    )
    assert claim.covered and claim.scheme == world.scheme and claim.due_total >= JKM
    codes = {d.code for d in services.claim_required_documents(claim)}
    services.claim_documents_set(claim=claim, received=codes, by=world.bpjs)
    services.claim_move(claim=claim, action=ClaimAction.COMPLETE, by=world.bpjs, on=dt.date(2025, 3, 20))
    services.claim_move(claim=claim, action=ClaimAction.SUBMIT, by=world.bpjs, on=dt.date(2025, 3, 21))
    services.claim_move(
        claim=claim,
        action=ClaimAction.PAY,
        by=world.bpjs,
        on=dt.date(2025, 5, 2),
        amount=JKM,
        reference="K-1",
    )
    for heir in claim.heirs.filter(scholarship=True):
        scholarships.scholarship_payment_record(
            heir=heir,
            paid_on=dt.date(2026, 5, 4),
            school_level=heir.school_level,
            still_eligible=True,
            by=world.bpjs,
        )
    return claim


@pytest.fixture
def world(sumbar_regions: None) -> World:
    """Kab. Solok, one scheme paid by an APB Nagari budget of 3-month batches:

    - batch A (January-March 2025): workers 1 and 2, 2 × 3 × Rp 16,800 = Rp 100,800;
    - batch B (November 2025-January 2026): workers 3 and 4, worker 4 rejected by BPJSTK: 1 × 3 × 16,800 = 50,400.

    Claims in Kab. Solok: worker 1's death paid (JKM 42 juta, scholarships SD + SMA for 2 years = 9 juta); worker
    2's work accident rejected; worker 3's death (2026) submitted; worker 4's death (not covered, 42 juta lost);
    worker 5's work accident in 2026 (not covered, 5 juta lost); worker 6 self-paid, paid 10 juta (no scheme); a
    withdrawn report. One uncovered death in Kota Padang."""
    world = world_create(workers=4)
    FundingSource.objects.filter(pk=world.source.pk).update(months=3)
    world.source.refresh_from_db()
    p = world.persons
    p += [person_create(5), person_create(6), person_create(7)]
    batch_a = _batch(world, p[:2], dt.date(2025, 1, 1), "Batch A")
    batch_b = _batch(world, p[2:4], dt.date(2025, 11, 1), "Batch B")
    assert batch_a.monthly_cost == batch_b.monthly_cost == MONTHLY
    BatchMember.objects.filter(batch=batch_b, person=p[3]).update(status=BatchMember.Status.REJECTED)

    _paid_death_with_two_scholarship_years(world, p[0], batch_a)
    _claim(p[1], EventKind.WORK_ACCIDENT, dt.date(2025, 4, 2), scheme=world.scheme, state=ClaimState.REJECTED.value,
           decided_on=dt.date(2025, 6, 1), note="Bukan kecelakaan kerja")  # fmt: skip
    _claim(p[2], EventKind.DEATH, dt.date(2026, 2, 1), scheme=world.scheme, state=ClaimState.SUBMITTED.value)
    _claim(p[3], EventKind.DEATH, dt.date(2025, 8, 1), covered=False, forgone_total=JKM)
    _claim(p[4], EventKind.WORK_ACCIDENT, dt.date(2026, 3, 1), covered=False, forgone_total=5_000_000)
    _claim(p[5], EventKind.DEATH, dt.date(2025, 2, 1), state=ClaimState.PAID.value, paid_amount=10_000_000,
           decided_on=dt.date(2025, 4, 1))  # fmt: skip
    _claim(p[6], EventKind.DEATH, dt.date(2025, 9, 1), covered=False, forgone_total=99,
           state=ClaimState.WITHDRAWN.value)  # fmt: skip
    padang = person_create(8, region=PADANG)
    _claim(padang, EventKind.DEATH, dt.date(2025, 5, 5), covered=False, forgone_total=JKM)
    return world


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_totals_per_kab_kota_and_per_scheme_with_the_ratio(world: World) -> None:
    figures = impact_of_claims(user=world.bpjs, today=LATER)
    (solok,) = figures.regions  # Kota Padang's claim is outside the officer's regions
    assert (solok.code, solok.name) == ("13.02", "Kabupaten Solok")
    c = solok.counts
    assert (c.events, c.covered, c.paid, c.rejected, c.open) == (
        6,
        4,
        2,
        1,
        1,
    )  # the withdrawn report left out
    assert (c.paid_amount, c.scholarships, c.to_families) == (JKM + 10_000_000, 2 * (SD + SMA), 61_000_000)
    assert figures.total == c

    (scheme,) = figures.schemes
    assert scheme.scheme_id == world.scheme.pk
    s = scheme.counts
    assert (s.events, s.covered, s.paid, s.rejected, s.open, s.to_families) == (3, 3, 1, 1, 1, 51_000_000)
    assert scheme.contributions == 2 * 3 * MONTHLY + 1 * 3 * MONTHLY == 151_200  # the rejected worker unpaid
    assert scheme.ratio == Decimal("337.30")  # 51,000,000 / 151,200 = 337.301...
    assert isinstance(scheme.contributions, int) and isinstance(scheme.counts.to_families, int)
    assert figures.all_schemes.ratio == Decimal("337.30")
    none = figures.no_scheme
    assert none is not None and (none.counts.events, none.counts.paid, none.counts.to_families) == (
        3,
        1,
        10_000_000,
    )
    assert none.contributions is None and none.ratio is None


def test_beneficiaries_per_year_of_payment_and_the_cost_of_non_coverage(world: World) -> None:
    figures = impact_of_claims(user=world.bpjs, today=LATER)
    years = [
        (y.year, y.families, y.children, y.claims_paid, y.scholarships_paid, y.total) for y in figures.years
    ]
    assert years == [
        (2025, 2, 2, JKM + 10_000_000, SD + SMA, 56_500_000),
        (2026, 0, 2, 0, SD + SMA, 4_500_000),
    ]
    lost = figures.non_coverage
    assert (lost.events, lost.deaths, lost.forgone_total) == (2, 1, JKM + 5_000_000)


def test_a_year_keeps_the_events_and_the_contribution_months_of_that_year(world: World) -> None:
    y2025 = impact_of_claims(user=world.bpjs, today=LATER, year=2025)
    (scheme,) = y2025.schemes
    assert (scheme.counts.events, scheme.counts.to_families) == (2, 51_000_000)
    assert scheme.contributions == 2 * 3 * MONTHLY + 2 * MONTHLY  # batch B's November and December
    assert scheme.ratio == Decimal("379.46")  # 51,000,000 / 134,400
    assert (y2025.total.events, y2025.non_coverage.events, y2025.non_coverage.forgone_total) == (4, 1, JKM)

    y2026 = impact_of_claims(user=world.bpjs, today=LATER, year=2026)
    (scheme,) = y2026.schemes
    assert (scheme.counts.events, scheme.counts.open, scheme.contributions, scheme.ratio) == (1, 1, MONTHLY,
                                                                                               Decimal("0.00"))  # fmt: skip
    assert y2026.no_scheme is not None and y2026.no_scheme.counts.events == 1
    assert (y2026.non_coverage.events, y2026.non_coverage.deaths, y2026.non_coverage.forgone_total) == (
        1,
        0,
        5_000_000,
    )
    assert y2026.years == []  # nothing paid for the events of 2026

    empty = impact_of_claims(user=world.bpjs, today=LATER, year=2019)
    assert empty.regions == [] and empty.schemes == [] and empty.all_schemes.ratio is None


def test_only_months_begun_by_today_count_as_contributions(world: World) -> None:
    assert scheme_contributions(user=world.bpjs, today=LATER) == {world.scheme.pk: 151_200}
    assert scheme_contributions(user=world.bpjs, today=dt.date(2025, 12, 31)) == {world.scheme.pk: 134_400}
    assert scheme_contributions(user=world.bpjs, today=dt.date(2025, 2, 14)) == {
        world.scheme.pk: 2 * 2 * MONTHLY
    }
    assert ratio(1, 3) == Decimal("0.33") and ratio(2, 3) == Decimal("0.67") and ratio(5, 0) is None


def test_a_user_of_another_region_sees_nothing_of_it(world: World) -> None:
    padang = user_create(username="padang", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13.71"])
    figures = impact_of_claims(user=padang, today=LATER)
    assert [r.code for r in figures.regions] == ["13.71"]
    assert figures.schemes == [] and figures.all_schemes.contributions == 0
    assert (figures.total.events, figures.total.to_families, figures.non_coverage.forgone_total) == (
        1,
        0,
        JKM,
    )
    page = _client(padang).get("/manfaat/dampak/").content.decode()
    assert "Solok" not in page and world.scheme.name not in page


def test_the_page_shows_the_figures_and_no_person(world: World) -> None:
    response = _client(world.bpjs).get("/manfaat/dampak/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="to-families">61.000.000<' in page
    assert 'id="contributions">Rp 151.200<' in page and 'id="ratio">337,30<' in page
    assert 'id="lost-rupiah">47.000.000<' in page and world.scheme.name in page
    for person in Person.objects.all():
        assert person.nik not in page and person.name not in page
    assert "ANAK" not in page and "ISTRI" not in page

    filtered = _client(world.bpjs).get("/manfaat/dampak/?tahun=2026").content.decode()
    assert 'id="lost-rupiah">5.000.000<' in filtered and 'href="/manfaat/dampak/xlsx/?tahun=2026"' in filtered
    assert _client(world.bpjs).get("/manfaat/dampak/?tahun=abc").status_code == 200  # every year


def test_xlsx_has_one_sheet_per_table_with_the_numbers(world: World) -> None:
    response = _client(world.bpjs).get("/manfaat/dampak/xlsx/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dampak-manfaat-semua-tahun.xlsx"'
    book = fastexcel.read_excel(response.content)
    assert book.sheet_names == ["Wilayah", "Skema", "Penerima per tahun", "Biaya tanpa perlindungan"]
    regions = book.load_sheet("Wilayah").to_polars()
    assert regions.row(0) == ("13.02", "Kabupaten Solok", 6, 4, 2, 1, 1, 52_000_000, 9_000_000, 61_000_000)
    schemes = book.load_sheet("Skema").to_polars()
    assert schemes.row(0)[1:] == (3, 3, 1, 1, 1, JKM, 9_000_000, 51_000_000, 151_200, pytest.approx(337.30))
    assert schemes.height == 3  # the scheme, all schemes together, no scheme
    years = book.load_sheet("Penerima per tahun").to_polars()
    assert [years.row(i) for i in range(years.height)] == [
        (2025, 2, 2, 52_000_000, 4_500_000, 56_500_000),
        (2026, 0, 2, 0, 4_500_000, 4_500_000),
    ]
    assert book.load_sheet("Biaya tanpa perlindungan").to_polars().row(0) == (2, 1, 47_000_000)

    by_year = _client(world.bpjs).get("/manfaat/dampak/xlsx/?tahun=2025")
    assert by_year["Content-Disposition"] == 'attachment; filename="dampak-manfaat-2025.xlsx"'
    skema = fastexcel.read_excel(by_year.content).load_sheet("Skema").to_polars()
    assert skema.row(0)[-2:] == (134_400, pytest.approx(379.46))


def test_pdf_is_a_pdf_attachment(world: World) -> None:
    response = _client(world.bpjs).get("/manfaat/dampak/pdf/?tahun=2025")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="dampak-manfaat-2025.pdf"'
    assert response.content.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page[^s]", response.content)) == 1  # one page for a few rows


def test_a_role_without_view_coverage_gets_403(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    viewer = user_create(username="pemantau", password=PASSWORD, role=Role.VIEWER, region_codes=["13.02"])
    client = _client(viewer)
    assert client.get("/manfaat/dampak/").status_code == 200  # aggregates: a viewer may see them
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.VIEWER, frozenset({Permission.VIEW_AUDIT_LOG}))
    for url in ("/manfaat/dampak/", "/manfaat/dampak/xlsx/", "/manfaat/dampak/pdf/"):
        assert client.get(url).status_code == 403
    assert Client().get("/manfaat/dampak/").status_code == 302  # login first


def test_the_coverage_dashboard_shows_the_cost_of_non_coverage(sumbar_regions: None, tmp_path: Path) -> None:
    desa = "13.02.05.2001"
    rows = [person_row(kecamatan=desa[:8], desa=desa, serial=i + 1) for i in range(3)]
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", rows))  # computes the facts
    first, second, third = Person.objects.order_by("pk")
    _claim(first, EventKind.DEATH, dt.date(2025, 3, 1), covered=False, forgone_total=JKM)
    _claim(second, EventKind.WORK_ACCIDENT, dt.date(2025, 4, 1), covered=False, forgone_total=5_000_000)
    _claim(third, EventKind.DEATH, dt.date(2025, 5, 1), covered=True, state=ClaimState.PAID.value, paid_amount=JKM,
           decided_on=dt.date(2025, 6, 1))  # fmt: skip
    user = user_create(username="kadis", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13"])
    client = _client(user)
    page = client.get("/wilayah/13.02/").content.decode()
    assert 'id="non-coverage"' in page
    assert 'id="non-coverage-events">2<' in page and 'id="non-coverage-deaths">1<' in page
    assert 'id="non-coverage-rupiah">47.000.000<' in page and 'href="/manfaat/dampak/"' in page
    assert 'id="non-coverage"' not in client.get("/wilayah/13.71/").content.decode()  # no events there


def test_a_long_pdf_stays_within_two_pages() -> None:
    counts = ClaimCounts(
        events=9, covered=8, paid=5, rejected=1, open=2, paid_amount=5 * JKM, scholarships=SD
    )
    schemes = [
        SchemeRow(k, f"Skema nagari nomor {k}", 2025, counts, 1_234_567_890, Decimal("170.13"))
        for k in range(40)
    ]
    figures = Impact(
        year=None,
        today=dt.date(2026, 12, 1),
        total=counts,
        regions=[RegionRow(f"13.{k:02d}", f"Kabupaten Nomor {k}", counts) for k in range(1, 30)],
        schemes=schemes,
        all_schemes=SchemeRow(None, "", None, counts, 40 * 1_234_567_890, Decimal("0.17")),
        no_scheme=SchemeRow(None, "", None, counts, None, None),
        years=[YearRow(2015 + k, 3, 4, 3 * JKM, 4 * SMA) for k in range(12)],
        non_coverage=NonCoverage(3, 2, 2 * JKM),
    )
    content = impact_pdf_bytes(figures, language="id", generated=timezone.now())
    assert content.startswith(b"%PDF") and len(re.findall(rb"/Type /Page[^s]", content)) == 2


def test_contributions_count_what_a_discounted_worker_cost_each_month(sumbar_regions: None) -> None:
    """PP 50/2025: an APB Nagari pays 8,400 a month for a driver all 2026 and for a farmer from April (16,800
    before); the contributions beside the benefits are those amounts, not the undiscounted 16,800."""
    farmer, driver = 3 * 16_800 + 9 * 8_400, 12 * 8_400
    world = world_create(workers=1, budget=farmer + driver)
    world.persons.append(person_create(2, occupation="Pengemudi Ojek"))
    _batch(world, world.persons, dt.date(2026, 1, 1), "Batch 2026")
    assert scheme_contributions(user=world.bpjs, today=LATER) == {world.scheme.pk: farmer + driver}
    may = dt.date(2026, 5, 15)  # January-May begun: farmer 3 full + 2 discounted, driver 5 discounted
    assert scheme_contributions(user=world.bpjs, today=may) == {world.scheme.pk: 3 * 16_800 + 7 * 8_400}
