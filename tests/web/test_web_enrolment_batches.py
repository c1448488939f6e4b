"""Every state change of an enrolment batch, on the engine under test: draft → verified → approved by someone
else → exported → reconciled into active memberships; returns, cancels, renewals; and what must never happen
(self-approval, one worker enrolled twice for the same months, a half-applied BPJSTK file)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client

from cakupan.enrolment.states import EnrolmentError
from cakupan.web.audit.models import AuditEvent
from cakupan.web.enrolment import batches as svc
from cakupan.web.enrolment import members
from cakupan.web.enrolment.bpjstk_files import ReconcileRefused, batch_export, batch_reconcile
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch, EnrolmentMonth
from cakupan.web.enrolment.schedule import contribution_schedule
from cakupan.web.enrolment.selectors import lapse_alerts
from cakupan.web.membership.models import Membership
from enrolment_world import World, person_create, world_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(sumbar_regions: None) -> World:
    return world_create()


def _draft(world: World, persons: list | None = None, name: str = "Batch uji") -> EnrolmentBatch:
    chosen = persons if persons is not None else world.persons
    return svc.batch_create(
        scheme=world.scheme,
        source=world.source,
        name=name,
        members=[(p.pk, 10) for p in chosen],
        by=world.maker,
    )


def _approved(world: World, persons: list | None = None, name: str = "Batch uji") -> EnrolmentBatch:
    batch = _draft(world, persons, name)
    svc.batch_verify(batch=batch, by=world.maker)
    return svc.batch_approve(batch=batch, by=world.checker)


def _answer(tmp_path: Path, rows: list[tuple[str, str, str, str]], name: str = "jawaban.csv") -> Path:
    path = tmp_path / name
    lines = ["nik;kpj;status;alasan"] + [";".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_whole_chain_ends_in_active_memberships_paid_by_the_source(world: World, tmp_path: Path) -> None:
    batch = _approved(world)
    assert batch.state == "approved" and batch.approved_by == world.checker
    frozen = BatchMember.objects.get(batch=batch, person=world.persons[0])
    assert frozen.nik == world.persons[0].nik and frozen.name == "WARGA 1"  # identity frozen at approval
    assert EnrolmentMonth.objects.filter(member__batch=batch).count() == 4 * 12

    content = batch_export(batch=batch, by=world.bpjs)
    assert content[:2] == b"PK"  # an XLSX (zip) file
    batch.refresh_from_db()
    assert batch.state == "exported"
    assert AuditEvent.objects.filter(
        action="export", object_type="enrolment_batch", object_id=str(batch.pk)
    ).exists()

    p = world.persons
    answer = _answer(
        tmp_path,
        [
            (p[0].nik, "25010000001", "diterima", ""),
            (p[1].nik, "25010000002", "Diterima", ""),
            (p[2].nik, "", "ditolak", "NIK tidak cocok dengan Dukcapil"),
        ],
    )
    result = batch_reconcile(batch=batch, path=answer, file_name="jawaban.csv", by=world.bpjs)
    assert (len(result.accepted), len(result.rejected), result.missing) == (2, 1, (p[3].nik,))
    batch.refresh_from_db()
    assert batch.state == "reconciled"
    membership = Membership.objects.get(person=p[0])
    assert (membership.kpj, membership.segment, membership.programmes) == ("25010000001", "BPU", "JKK;JKM")
    assert (membership.start_date, membership.end_date) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (membership.payer, membership.wage_basis) == ("apb_nagari", 1_000_000)
    rejected = BatchMember.objects.get(batch=batch, person=p[2])
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "NIK tidak cocok dengan Dukcapil")
    assert not EnrolmentMonth.objects.filter(member=rejected).exists()  # their months are free again

    # The fourth answers later, in a second file.
    later = _answer(tmp_path, [(p[3].nik, "25010000004", "diterima", "")], "jawaban-2.csv")
    batch_reconcile(batch=batch, path=later, file_name="jawaban-2.csv", by=world.bpjs)
    assert Membership.objects.filter(person__in=p).count() == 3

    _, rows = contribution_schedule(user=world.maker, year=2026)
    (row,) = rows
    assert row.by_month[dt.date(2026, 1, 1)] == (3, 3 * 16_800)  # rejected worker not paid for
    # An APB Nagari gets PP 50/2025's 50% discount (not an APBD; UNVERIFIED reading) for farmers' months from
    # April 2026: 3 × (3 × 16,800 + 9 × 8,400) = 3 × 126,000.
    assert row.by_month[dt.date(2026, 4, 1)] == (3, 3 * 8_400)
    assert row.total == 3 * 126_000 and row.left == world.source.budget - row.total

    # The page lists the months as rows: its width grows with the funding sources, not with the twelve months
    # (twelve columns of Rupiah made it 1,923 px wide, wider than a 1366 px screen).
    client = Client()
    client.force_login(world.maker)
    page = client.get("/perlindungan/jadwal-iuran/", {"tahun": "2026"}).content.decode()
    table = page.split('id="schedule-table"')[1].split("</table>")[0]
    header = table.split("</thead>")[0]
    assert len(re.findall(r"<th[ >]", header)) == 2  # the month, and the one funding source
    assert table.count("<tr>") + table.count('<tr class="total">') == 1 + 12 + 3  # header, months, sums
    assert "Januari" in table and "50.400" in table


def test_a_maker_cannot_approve_their_own_batch(world: World) -> None:
    batch = _draft(world)
    svc.batch_verify(batch=batch, by=world.maker)
    with pytest.raises(EnrolmentError, match="pengguna lain"):
        svc.batch_approve(batch=batch, by=world.maker)
    batch.refresh_from_db()
    assert batch.state == "verified" and not EnrolmentMonth.objects.exists()


def test_a_draft_cannot_skip_verification_and_an_approved_batch_cannot_be_approved_again(
    world: World,
) -> None:
    batch = _draft(world)
    with pytest.raises(EnrolmentError):
        svc.batch_approve(batch=batch, by=world.checker)
    svc.batch_verify(batch=batch, by=world.maker)
    svc.batch_approve(batch=batch, by=world.checker)
    with pytest.raises(EnrolmentError):
        svc.batch_approve(batch=batch, by=world.checker)
    assert EnrolmentMonth.objects.count() == 4 * 12


def test_the_same_worker_in_two_batches_is_enrolled_once(world: World) -> None:
    _approved(world, world.persons[:2], "Batch A")
    second = _draft(world, world.persons[1:3], "Batch B")
    svc.batch_verify(batch=second, by=world.maker)
    with pytest.raises(EnrolmentError, match="sudah disetujui untuk bulan yang sama") as caught:
        svc.batch_approve(batch=second, by=world.checker)
    assert world.persons[1].nik[:6] in str(caught.value)
    second.refresh_from_db()
    assert second.state == "verified"  # nothing half-done
    assert not EnrolmentMonth.objects.filter(member__batch=second).exists()
    assert BatchMember.objects.filter(batch=second, nik="").count() == 2  # no snapshot taken


def test_a_worker_already_a_member_in_those_months_is_refused(world: World) -> None:
    Membership.objects.create(
        person=world.persons[0],
        kpj="99",
        segment="BPU",
        programmes="JKK;JKM",
        start_date=dt.date(2025, 6, 1),
        end_date=dt.date(2026, 2, 28),
        wage_basis=1_000_000,
        payer="mandiri",
    )
    batch = _draft(world)
    svc.batch_verify(batch=batch, by=world.maker)
    with pytest.raises(EnrolmentError, match="sudah menjadi peserta"):
        svc.batch_approve(batch=batch, by=world.checker)


def test_return_and_cancel_need_a_reason_and_free_the_months(world: World) -> None:
    batch = _approved(world)
    with pytest.raises(EnrolmentError):
        svc.batch_return(batch=batch, reason="  ", by=world.checker)
    svc.batch_return(batch=batch, reason="Desil belum diperbarui", by=world.checker)
    batch.refresh_from_db()
    assert (batch.state, batch.note, batch.approved_by) == ("draft", "Desil belum diperbarui", None)
    assert not EnrolmentMonth.objects.exists()
    svc.batch_cancel(batch=batch, reason="Anggaran dialihkan", by=world.maker)
    batch.refresh_from_db()
    assert batch.state == "cancelled"
    with pytest.raises(EnrolmentError):
        svc.batch_verify(batch=batch, by=world.maker)
    events = AuditEvent.objects.filter(object_type="enrolment_batch", object_id=str(batch.pk))
    assert [e.changes.get("state", [None, None])[1] for e in events.order_by("at", "pk")] == [
        "draft",
        "verified",
        "approved",
        "draft",
        "cancelled",
    ]


def test_members_change_only_in_draft_and_a_proposal_checks_every_nik(world: World) -> None:
    batch = _draft(world, world.persons[:1])
    formal = person_create(50, sector="formal")
    problems = members.batch_members_add(
        batch=batch,
        niks=[world.persons[1].nik, "123", "1302050107859999", world.persons[0].nik, formal.nik],
        by=world.maker,
    )
    assert [p[0].split(":")[0] for p in problems] == ["Baris 2", "Baris 3", "Baris 4", "Baris 5"]
    assert "sektor" in problems[3][0].lower() and "sector" in problems[3][1].lower()  # the rule that failed
    assert batch.members.count() == 1  # nothing added when any NIK is refused
    assert members.batch_members_add(batch=batch, niks=[world.persons[1].nik], by=world.checker) == []
    assert batch.members.count() == 2
    event = AuditEvent.objects.filter(object_type="enrolment_batch", changes__has_key="added_persons").get()
    assert event.changes["added_persons"] == [None, [world.persons[1].pk]]
    svc.batch_verify(batch=batch, by=world.maker)
    with pytest.raises(EnrolmentError, match="draf"):
        members.batch_members_add(batch=batch, niks=[world.persons[2].nik], by=world.maker)
    # The checker changed the members, so the checker may not approve either (maker-checker).
    with pytest.raises(EnrolmentError, match="mengubah anggota"):
        svc.batch_approve(batch=batch, by=world.checker)


def test_an_approval_beyond_the_budget_is_refused(sumbar_regions: None) -> None:
    # Money for 3 farmers paid by the APB Nagari from January 2026: 3 × (3 × 16,800 + 9 × 8,400) (PP 50/2025)
    world = world_create(workers=4, budget=126_000 * 3)
    _approved(world, world.persons[:2], "A")
    second = _draft(world, world.persons[2:4], "B")
    svc.batch_verify(batch=second, by=world.maker)
    with pytest.raises(EnrolmentError, match="tidak cukup") as refused:
        svc.batch_approve(batch=second, by=world.checker)
    assert "252.000" in str(refused.value) and "126.000" in str(refused.value)  # needs 2 × 126.000, 1 left
    members.batch_members_remove(batch=svc.batch_return(batch=second, reason="x", by=world.checker), member_ids=[
        second.members.get(person=world.persons[3]).pk], by=world.maker)  # fmt: skip
    svc.batch_verify(batch=second, by=world.maker)
    svc.batch_approve(batch=second, by=world.checker)  # one worker fits


def test_a_reconcile_file_with_an_unknown_nik_changes_nothing(world: World, tmp_path: Path) -> None:
    batch = _approved(world)
    batch_export(batch=batch, by=world.bpjs)
    stranger = "1302050107850999"
    answer = _answer(
        tmp_path,
        [(world.persons[0].nik, "25010000001", "diterima", ""), (stranger, "25010000009", "diterima", "")],
    )
    with pytest.raises(ReconcileRefused) as refused:
        batch_reconcile(batch=batch, path=answer, file_name="jawaban.csv", by=world.bpjs)
    problem = refused.value.reconciliation.problems[0]
    assert problem.row == 3 and problem.column == "nik"
    batch.refresh_from_db()
    assert batch.state == "exported" and not Membership.objects.exists()
    assert not BatchMember.objects.filter(batch=batch).exclude(status="pending").exists()


def test_a_reconcile_before_export_is_refused(world: World, tmp_path: Path) -> None:
    batch = _approved(world)
    answer = _answer(tmp_path, [(world.persons[0].nik, "25010000001", "diterima", "")])
    with pytest.raises(EnrolmentError):
        batch_reconcile(batch=batch, path=answer, file_name="jawaban.csv", by=world.bpjs)
    assert not Membership.objects.exists()


def test_a_lapsing_cohort_is_listed_and_renewed_in_one_click(world: World, tmp_path: Path) -> None:
    world.source.months = 3  # a DBH-Sawit-like cohort: three months
    world.source.save()
    batch = _approved(world, world.persons[:2])
    batch_export(batch=batch, by=world.bpjs)
    answer = _answer(
        tmp_path,
        [(p.nik, f"2501000000{k}", "diterima", "") for k, p in enumerate(world.persons[:2], start=1)],
    )
    batch_reconcile(batch=batch, path=answer, file_name="jawaban.csv", by=world.bpjs)
    assert lapse_alerts(user=world.maker, today=dt.date(2026, 2, 1)) == []
    (alert,) = lapse_alerts(user=world.maker, today=dt.date(2026, 3, 10))
    assert (alert.workers, alert.ends, alert.renewed_by) == (2, dt.date(2026, 3, 31), None)
    renewal = svc.batch_renewal_create(batch=batch, by=world.maker)
    assert (renewal.state, renewal.start_date, renewal.renewal_of) == ("draft", dt.date(2026, 4, 1), batch)
    assert renewal.members.count() == 2
    (alert,) = lapse_alerts(user=world.maker, today=dt.date(2026, 3, 10))
    assert alert.renewed_by == renewal
    svc.batch_verify(batch=renewal, by=world.maker)
    svc.batch_approve(batch=renewal, by=world.checker)  # April–June do not clash with January–March
    assert EnrolmentMonth.objects.filter(member__batch=renewal).count() == 2 * 3


def test_a_kpj_that_belongs_to_someone_else_stops_the_whole_answer(world: World, tmp_path: Path) -> None:
    other = world.persons[3]
    Membership.objects.create(
        person=other, kpj="25010000001", segment="BPU", programmes="JKK;JKM", start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 12, 31), wage_basis=1_000_000, payer="mandiri",
    )  # fmt: skip
    batch = _approved(world, world.persons[:3])
    batch_export(batch=batch, by=world.bpjs)
    answer = _answer(
        tmp_path,
        [
            (world.persons[0].nik, "25010000009", "diterima", ""),
            (world.persons[1].nik, "25010000001", "diterima", ""),
        ],
    )
    with pytest.raises(EnrolmentError, match="25010000001 sudah dipakai"):
        batch_reconcile(batch=batch, path=answer, file_name="jawaban.csv", by=world.bpjs)
    batch.refresh_from_db()
    assert batch.state == "exported" and Membership.objects.count() == 1  # the first row was not kept either


def test_the_maker_of_a_verified_batch_is_told_who_approves_it(world: World) -> None:
    """Issue 18, point 8: the maker holds the approval permission but may not approve their own batch, so the page
    says who can (another Pemda admin); the checker, who can approve, sees the button and no note."""
    batch = _draft(world)
    svc.batch_verify(batch=batch, by=world.maker)
    pages = {}
    for name, user in (("maker", world.maker), ("checker", world.checker)):
        client = Client()
        client.force_login(user)
        pages[name] = client.get(f"/perlindungan/batch/{batch.pk}/").content.decode()
    assert 'id="next-step-note"' in pages["maker"] and "menyetujuinya (prinsip empat mata)" in pages["maker"]
    assert "Yang dapat melakukannya: Admin Pemda (Disnaker/Bappeda)" in pages["maker"]
    assert 'id="next-step-note"' not in pages["checker"] and 'id="approve"' in pages["checker"]
