"""Claims through Django's test client: the issue's worked example (enrolled January 2022 vs June 2022), an
uncovered death counted as what the family lost, every step of the claim with who may take it, documents that must
be complete, bad input refused with nothing saved, scholarships year by year, and JKK claims about to expire."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest.mock import patch

import pytest
from django.test import Client
from django.urls import reverse

from cakupan import claims
from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.benefits.models import Claim, ScholarshipPayment
from cakupan.web.benefits.services import claim_required_documents
from cakupan.web.membership.models import Membership
from enrolment_world import PASSWORD, SUPAYANG, person_create

pytestmark = pytest.mark.django_db

DEATH = dt.date(2025, 3, 15)


@pytest.fixture
def people(sumbar_regions: None) -> dict[str, Any]:
    nagari = user_create(
        username="wali", password=PASSWORD, role=Role.REGION_OPERATOR, region_codes=[SUPAYANG]
    )
    bpjs = user_create(username="bpjs", password=PASSWORD, role=Role.BPJSTK_OFFICER, region_codes=["13.02"])
    other = user_create(
        username="padang", password=PASSWORD, role=Role.BPJSTK_OFFICER, region_codes=["13.71"]
    )
    viewer = user_create(username="dprd", password=PASSWORD, role=Role.VIEWER, region_codes=["13"])
    january, june, never = (person_create(k) for k in (1, 2, 3))
    for person, start in ((january, dt.date(2022, 1, 1)), (june, dt.date(2022, 6, 1))):
        Membership.objects.create(
            person=person,
            kpj=f"2200{person.pk:07d}",
            segment="BPU",
            programmes="JKK;JKM",
            start_date=start,
            wage_basis=1_000_000,
            payer="apbd",
        )
    return {
        "nagari": nagari,
        "bpjs": bpjs,
        "other": other,
        "viewer": viewer,
        "january": january,
        "june": june,
        "never": never,
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _report(
    nik: str,
    *,
    kind: str = "death",
    on: str = "2025-03-15",
    heirs: list[dict[str, str]] | None = None,
    **extra: str,
) -> dict[str, str]:
    heirs = (
        heirs
        if heirs is not None
        else [
            {"name": "SITI", "relation": "spouse", "birth_date": "1987-02-02"},
            {"name": "ANAK SD", "relation": "child", "birth_date": "2016-05-01", "school_level": "SD"},
            {"name": "ANAK SMA", "relation": "child", "birth_date": "2008-09-01", "school_level": "SMA"},
        ]
    )
    form = {
        "nik": nik,
        "kind": kind,
        "event_date": on,
        "ahli-TOTAL_FORMS": "4",
        "ahli-INITIAL_FORMS": "0",
        "ahli-MIN_NUM_FORMS": "0",
        "ahli-MAX_NUM_FORMS": "15",
        **extra,
    }
    for index, heir in enumerate(heirs):
        for key, value in heir.items():
            form[f"ahli-{index}-{key}"] = value
    return form


def _post_report(client: Client, form: dict[str, str]) -> Any:
    return client.post(reverse("benefits:report"), form)


def test_worked_example_january_2022_gets_scholarships_june_2022_does_not(people: dict[str, Any]) -> None:
    client = _client(people["nagari"])
    answer = _post_report(client, _report(people["january"].nik))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    january = Claim.objects.get(person=people["january"])
    assert (january.covered, january.due_total, january.scholarship_per_year) == (True, 42_000_000, 4_500_000)
    assert january.contribution_months == 39  # January 2022 up to March 2025, inclusive
    assert sorted(january.heirs.filter(scholarship=True).values_list("name", flat=True)) == [
        "ANAK SD",
        "ANAK SMA",
    ]
    page = client.get(reverse("benefits:claim", args=[january.pk])).content.decode()
    assert "42.000.000" in page and "4.500.000" in page
    assert "benefits/jkm/lump_sum" in page and "PP 44/2015 Pasal 34 sebagaimana diubah PP 82/2019" in page

    _post_report(client, _report(people["june"].nik))
    june = Claim.objects.get(person=people["june"])
    assert (june.covered, june.due_total, june.scholarship_per_year) == (True, 42_000_000, 0)
    page = client.get(reverse("benefits:claim", args=[june.pk])).content.decode()
    assert "masa iur 34 bulan, kurang dari 3 tahun (36 bulan)" in page


def test_uncovered_death_is_what_the_family_lost(people: dict[str, Any]) -> None:
    client = _client(people["nagari"])
    _post_report(client, _report(people["never"].nik, heirs=[]))
    claim = Claim.objects.get(person=people["never"])
    assert (claim.covered, claim.due_total, claim.forgone_total) == (False, 0, 42_000_000)
    page = client.get(reverse("benefits:claim", args=[claim.pk])).content.decode()
    assert "Tidak terdaftar sebagai peserta BPJS Ketenagakerjaan" in page
    claim.documents = []
    claim.save()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"nik": "1302054107859999"}, "Tidak ada orang dengan NIK ini"),
        ({"nik": "12345"}, "NIK terdiri atas 16 angka"),
        ({"event_date": "2999-01-01"}, "belum terjadi"),
        ({"kind": "partial_disability"}, "memerlukan cedera dari tabel atau persentase"),
        ({"kind": "death", "unable_days": "10"}, "Hanya kecelakaan kerja"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_saved(
    people: dict[str, Any], change: dict[str, str], message: str
) -> None:
    form = {**_report(people["january"].nik), **change}
    answer = _post_report(_client(people["nagari"]), form)
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert not Claim.objects.exists()


def test_bad_heirs_are_refused_with_the_heir_named(people: dict[str, Any]) -> None:
    heirs = [{"name": "ANAK", "relation": "child", "school_level": "SD"}]
    answer = _post_report(_client(people["nagari"]), _report(people["january"].nik, heirs=heirs))
    assert "Ahli waris 1 (ANAK): tanggal lahir anak wajib diisi" in answer.content.decode()
    assert not Claim.objects.exists()


def test_a_death_is_reported_once(people: dict[str, Any]) -> None:
    client = _client(people["nagari"])
    _post_report(client, _report(people["january"].nik))
    again = _post_report(client, _report(people["january"].nik, on="2025-03-16"))
    assert "sudah dilaporkan" in again.content.decode()
    assert Claim.objects.count() == 1


def _move(client: Client, claim: Claim, action: str, **data: str) -> Any:
    return client.post(reverse("benefits:claim-action", args=[claim.pk, action]), data)


def test_claim_steps_from_report_to_payment_and_scholarship_years(people: dict[str, Any]) -> None:
    nagari, bpjs = _client(people["nagari"]), _client(people["bpjs"])
    _post_report(nagari, _report(people["january"].nik))
    claim = Claim.objects.get()
    refused = _move(nagari, claim, "complete")
    assert refused.status_code == 400 and "Dokumen belum lengkap" in refused.content.decode()
    codes = [
        "kartu_peserta",
        "ktp_peserta",
        "kk",
        "akta_kematian",
        "ahli_waris",
        "ktp_ahli_waris",
        "rekening",
        "keterangan_sekolah",
    ]
    nagari.post(reverse("benefits:claim-documents", args=[claim.pk]), {"dokumen": codes})
    assert _move(nagari, claim, "complete").status_code == 302
    assert _move(nagari, claim, "submit").status_code == 403  # BPJSTK submits, not the nagari
    assert _move(bpjs, claim, "submit", on="2025-04-01", reference="KLM-1").status_code == 302
    no_amount = _move(bpjs, claim, "pay", on="2025-04-20")
    assert no_amount.status_code == 400
    assert _move(bpjs, claim, "pay", on="2025-04-20", amount="Rp 42.000.000").status_code == 302
    claim.refresh_from_db()
    assert (claim.state, claim.paid_amount, claim.bpjstk_reference) == ("paid", 42_000_000, "KLM-1")
    first = sorted(ScholarshipPayment.objects.values_list("school_level", "amount"))
    assert first == [("SD", 1_500_000), ("SMA", 3_000_000)]
    child = claim.heirs.get(name="ANAK SD")
    url = reverse("benefits:scholarship-pay", args=[child.pk])
    early = bpjs.post(url, {"paid_on": "2025-06-01", "school_level": "SD", "still_eligible": "on"})
    assert "jatuh tempo 2026-04-20" in early.content.decode()
    unconfirmed = bpjs.post(url, {"paid_on": "2026-04-20", "school_level": "SD"})
    assert "masih memenuhi syarat" in unconfirmed.content.decode()
    assert (
        bpjs.post(url, {"paid_on": "2026-04-20", "school_level": "SMP", "still_eligible": "on"}).status_code
        == 302
    )
    assert child.payments.count() == 2 and child.payments.last().amount == 2_000_000  # type: ignore[union-attr]
    states = [
        e.changes.get("state") for e in AuditEvent.objects.filter(object_type="claim").order_by("at", "pk")
    ]
    assert [s for s in states if s] == [
        ["reported", "documents_complete"],
        ["documents_complete", "submitted"],
        ["submitted", "paid"],
    ]
    assert _move(bpjs, claim, "reject", reason="x").status_code == 400  # a paid claim is final


def test_uncovered_claims_cannot_be_submitted_and_reassess_after_import(people: dict[str, Any]) -> None:
    nagari = _client(people["nagari"])
    _post_report(nagari, _report(people["never"].nik, heirs=[]))
    claim = Claim.objects.get()
    Membership.objects.create(
        person=people["never"],
        kpj="99",
        segment="BPU",
        programmes="JKK;JKM",
        start_date=dt.date(2024, 1, 1),
        wage_basis=1_000_000,
        payer="mandiri",
    )
    nagari.post(reverse("benefits:claim-reassess", args=[claim.pk]))
    claim.refresh_from_db()
    assert (claim.covered, claim.due_total, claim.forgone_total) == (True, 42_000_000, 0)


def test_rejection_needs_a_reason_and_withdrawal_too(people: dict[str, Any]) -> None:
    nagari = _client(people["nagari"])
    _post_report(nagari, _report(people["june"].nik))
    claim = Claim.objects.get()
    assert _move(nagari, claim, "withdraw").status_code == 400
    assert _move(nagari, claim, "withdraw", reason="salah orang").status_code == 302
    claim.refresh_from_db()
    assert (claim.state, claim.note) == ("withdrawn", "salah orang")


def test_scope_other_regions_see_nothing(people: dict[str, Any]) -> None:
    _post_report(_client(people["nagari"]), _report(people["january"].nik))
    claim = Claim.objects.get()
    other = _client(people["other"])
    assert other.get(reverse("benefits:claim", args=[claim.pk])).status_code == 404
    assert 'id="claim-table"' not in other.get(reverse("benefits:index")).content.decode()
    assert _client(people["viewer"]).get(reverse("benefits:index")).status_code == 403
    page = _client(people["bpjs"]).get(reverse("benefits:claim", args=[claim.pk])).content.decode()
    assert people["january"].nik not in page  # masked


def test_work_accident_claim_expiry_alert(people: dict[str, Any], settings: Any) -> None:
    settings.CAKUPAN_CLAIM_EXPIRY_ALERT_DAYS = 100_000
    nagari = _client(people["nagari"])
    _post_report(nagari, _report(people["january"].nik, kind="work_accident", heirs=[], unable_days="45"))
    claim = Claim.objects.get()
    assert claim.due_total == 1_500_000  # 45 days of a Rp 1,000,000 monthly income at 100 %
    page = nagari.get(reverse("benefits:index")).content.decode()
    alerts = page.split('id="expiry-alerts"')[1].split("</section>")[0]
    assert "14-03-2030" in alerts


def _paid_claim(people: dict[str, Any], heirs: list[dict[str, str]] | None = None) -> Claim:
    nagari, bpjs = _client(people["nagari"]), _client(people["bpjs"])
    _post_report(nagari, _report(people["january"].nik, heirs=heirs))
    claim = Claim.objects.get(person=people["january"])
    codes = [d.code for d in claim_required_documents(claim)]
    nagari.post(reverse("benefits:claim-documents", args=[claim.pk]), {"dokumen": codes})
    _move(nagari, claim, "complete")
    _move(bpjs, claim, "submit", on="2025-04-01")
    _move(bpjs, claim, "pay", on="2025-04-20", amount="42.000.000")
    claim.refresh_from_db()
    assert claim.state == "paid"
    return claim


def test_scholarship_years_follow_the_levels_and_their_maximum(people: dict[str, Any]) -> None:
    claim = _paid_claim(people)
    bpjs = _client(people["bpjs"])
    child = claim.heirs.get(name="ANAK SMA")
    url = reverse("benefits:scholarship-pay", args=[child.pk])
    lower = bpjs.post(url, {"paid_on": "2026-04-20", "school_level": "SMP", "still_eligible": "on"})
    assert lower.status_code == 400 and "lebih rendah" in lower.content.decode()
    with patch("django.utils.timezone.localdate", return_value=dt.date(2030, 1, 1)):
        assert (
            bpjs.post(
                url, {"paid_on": "2026-04-20", "school_level": "SMA", "still_eligible": "on"}
            ).status_code
            == 302
        )
        assert (
            bpjs.post(
                url, {"paid_on": "2027-04-20", "school_level": "SMA", "still_eligible": "on"}
            ).status_code
            == 302
        )
        fourth = bpjs.post(url, {"paid_on": "2028-04-20", "school_level": "SMA", "still_eligible": "on"})
    assert fourth.status_code == 400 and "paling lama 3 tahun" in fourth.content.decode()
    assert child.payments.count() == 3


def test_a_child_deferred_until_school_starts_later_within_the_cap(people: dict[str, Any]) -> None:
    heirs = [
        {"name": "ANAK SD", "relation": "child", "birth_date": "2016-05-01", "school_level": "SD"},
        {"name": "BALITA", "relation": "child", "birth_date": "2022-01-01"},
    ]
    claim = _paid_claim(people, heirs=heirs)
    toddler = claim.heirs.get(name="BALITA")
    assert not toddler.scholarship and "diajukan saat mulai sekolah" in toddler.decision_id
    bpjs = _client(people["bpjs"])
    url = reverse("benefits:scholarship-pay", args=[toddler.pk])
    with patch("django.utils.timezone.localdate", return_value=dt.date(2027, 8, 1)):
        assert (
            bpjs.post(
                url, {"paid_on": "2027-07-15", "school_level": "TK", "still_eligible": "on"}
            ).status_code
            == 302
        )
    toddler.refresh_from_db()
    assert toddler.scholarship and toddler.payments.get().amount == 1_500_000
    page = bpjs.get(reverse("benefits:claim", args=[claim.pk])).content.decode()
    assert "TK" in page.split('id="history"')[1]  # the scholarship year is in the claim's history


def test_a_third_child_is_refused_while_two_receive(people: dict[str, Any]) -> None:
    heirs = [
        {"name": "ANAK SD", "relation": "child", "birth_date": "2016-05-01", "school_level": "SD"},
        {"name": "ANAK SMA", "relation": "child", "birth_date": "2008-09-01", "school_level": "SMA"},
        {"name": "BALITA", "relation": "child", "birth_date": "2022-01-01"},
    ]
    claim = _paid_claim(people, heirs=heirs)
    toddler = claim.heirs.get(name="BALITA")
    answer = _client(people["bpjs"]).post(
        reverse("benefits:scholarship-pay", args=[toddler.pk]),
        {"paid_on": "2025-07-15", "school_level": "TK", "still_eligible": "on"},
    )
    assert answer.status_code == 400 and "Sudah 2 anak yang menerima" in answer.content.decode()
    assert not ScholarshipPayment.objects.filter(heir=toddler).exists()


def test_a_stopped_scholarship_is_no_longer_due_or_paid(people: dict[str, Any]) -> None:
    claim = _paid_claim(people)
    bpjs = _client(people["bpjs"])
    child = claim.heirs.get(name="ANAK SMA")
    assert bpjs.post(reverse("benefits:scholarship-stop", args=[child.pk]), {"alasan": ""}).status_code == 400
    assert (
        bpjs.post(reverse("benefits:scholarship-stop", args=[child.pk]), {"alasan": "menikah"}).status_code
        == 302
    )
    later = bpjs.post(
        reverse("benefits:scholarship-pay", args=[child.pk]),
        {"paid_on": "2026-04-20", "school_level": "SMA", "still_eligible": "on"},
    )
    assert "sudah berhenti: menikah" in later.content.decode()
    assert AuditEvent.objects.filter(object_type="heir", object_id=str(child.pk)).exists()


def test_an_accident_before_a_reported_death_can_still_be_reported(people: dict[str, Any]) -> None:
    nagari = _client(people["nagari"])
    _post_report(nagari, _report(people["january"].nik))
    accident = _report(
        people["january"].nik, kind="work_accident", on="2024-11-02", heirs=[], unable_days="10"
    )
    assert _post_report(nagari, accident).status_code == 302
    after = _report(people["january"].nik, kind="work_accident", on="2025-04-02", heirs=[])
    assert "hanya peristiwa sebelum tanggal itu" in _post_report(nagari, after).content.decode()
    assert Claim.objects.count() == 2


def test_a_submitted_claim_is_taken_back_by_bpjstk_not_by_the_nagari(people: dict[str, Any]) -> None:
    nagari, bpjs = _client(people["nagari"]), _client(people["bpjs"])
    _post_report(nagari, _report(people["june"].nik, heirs=[]))
    claim = Claim.objects.get()
    nagari.post(
        reverse("benefits:claim-documents", args=[claim.pk]),
        {
            "dokumen": [
                "kartu_peserta",
                "ktp_peserta",
                "kk",
                "akta_kematian",
                "ahli_waris",
                "ktp_ahli_waris",
                "rekening",
            ]
        },
    )
    _move(nagari, claim, "complete")
    _move(bpjs, claim, "submit")
    assert _move(nagari, claim, "reopen", reason="salah").status_code == 403
    assert _move(bpjs, claim, "reopen", reason="dokumen kurang").status_code == 302
    assert 'id="action-reopen"' not in nagari.get(reverse("benefits:claim", args=[claim.pk])).content.decode()


def test_reassess_only_while_reported(people: dict[str, Any]) -> None:
    nagari = _client(people["nagari"])
    _post_report(nagari, _report(people["june"].nik, heirs=[]))
    claim = Claim.objects.get()
    nagari.post(
        reverse("benefits:claim-documents", args=[claim.pk]),
        {
            "dokumen": [
                "kartu_peserta",
                "ktp_peserta",
                "kk",
                "akta_kematian",
                "ahli_waris",
                "ktp_ahli_waris",
                "rekening",
            ]
        },
    )
    _move(nagari, claim, "complete")
    answer = nagari.post(reverse("benefits:claim-reassess", args=[claim.pk]))
    assert answer.status_code == 400 and "Hanya klaim berstatus Dilaporkan" in answer.content.decode()


def test_an_expired_jkk_claim_cannot_be_submitted(people: dict[str, Any]) -> None:
    nagari, bpjs = _client(people["nagari"]), _client(people["bpjs"])
    Membership.objects.create(
        person=people["never"],
        kpj="77",
        segment="BPU",
        programmes="JKK;JKM",
        start_date=dt.date(2016, 1, 1),
        end_date=dt.date(2017, 12, 31),
        wage_basis=1_000_000,
        payer="mandiri",
    )
    _post_report(nagari, _report(people["never"].nik, kind="work_accident", on="2017-03-01", heirs=[]))
    claim = Claim.objects.get()
    assert claim.covered
    codes = [
        "kartu_peserta",
        "ktp_peserta",
        "laporan_kk_1",
        "laporan_kk_2",
        "kronologi",
        "surat_dokter",
        "rekening",
    ]
    nagari.post(reverse("benefits:claim-documents", args=[claim.pk]), {"dokumen": codes})
    _move(nagari, claim, "complete")
    refused = _move(bpjs, claim, "submit")
    assert (
        refused.status_code == 400 and "kedaluwarsa" in refused.content.decode()
    )  # 2 years: ended 2019-02-28


def test_a_heir_row_with_data_but_no_name_is_refused(people: dict[str, Any]) -> None:
    heirs = [{"name": "", "relation": "child", "birth_date": "2016-05-01", "school_level": "SD"}]
    answer = _post_report(_client(people["nagari"]), _report(people["january"].nik, heirs=heirs))
    assert "Baris ini berisi data tetapi tanpa nama" in answer.content.decode()
    assert not Claim.objects.exists()


def test_demo_claims_are_made_once_through_the_services(people: dict[str, Any]) -> None:
    from cakupan.web.benefits.demo import benefits_demo_seed

    assert benefits_demo_seed() == 3  # two covered workers of the fixture and one never protected
    assert benefits_demo_seed() == 0
    paid = Claim.objects.get(state="paid")
    assert paid.person == people["january"] and paid.paid_amount == 42_000_000
    assert ScholarshipPayment.objects.filter(heir__claim=paid).count() == 2
    assert Claim.objects.get(person=people["never"]).forgone_total == 42_000_000


def test_the_nagari_sees_who_acts_next_on_a_submitted_claim(people: dict[str, Any]) -> None:
    """Issue 18, point 8: at 'Diajukan ke BPJSTK' the nagari operator has no button, so the page says who acts
    next (the BPJS Ketenagakerjaan officer, of Kab. Solok) and what happens; the officer who can act sees no note."""
    nagari, bpjs = _client(people["nagari"]), _client(people["bpjs"])
    _post_report(nagari, _report(people["june"].nik, heirs=[]))
    claim = Claim.objects.get()
    documents = [
        "kartu_peserta",
        "ktp_peserta",
        "kk",
        "akta_kematian",
        "ahli_waris",
        "ktp_ahli_waris",
        "rekening",
    ]
    nagari.post(reverse("benefits:claim-documents", args=[claim.pk]), {"dokumen": documents})
    _move(nagari, claim, "complete")
    _move(bpjs, claim, "submit")
    page = nagari.get(reverse("benefits:claim", args=[claim.pk])).content.decode()
    assert "Diajukan ke BPJSTK" in page and 'id="claim-step"' not in page
    note = page[page.index('id="next-step-note"') :].split("</aside>")[0]
    assert "Klaim ini sudah diajukan ke BPJSTK. Langkah berikutnya: petugas BPJS Ketenagakerjaan" in note
    assert "Yang dapat melakukannya: " in note and "Petugas BPJS Ketenagakerjaan" in note
    assert "Kabupaten Solok" in note
    assert 'id="next-step-note"' not in bpjs.get(reverse("benefits:claim", args=[claim.pk])).content.decode()
    nagari.post("/bahasa/", {"language": "en", "next": "/"})
    english = nagari.get(reverse("benefits:claim", args=[claim.pk])).content.decode()
    assert "This claim has been submitted to BPJSTK. Next step:" in english and "Who can do it" in english


def test_the_heir_form_takes_the_kind_of_work_and_permenaker_1_2025_keeps_the_scholarship(
    people: dict[str, Any],
) -> None:
    client = _client(people["nagari"])
    form = client.get(reverse("benefits:report")).content.decode()
    assert "Bekerja sebagai BPU" in form and "Magang" in form and "Bulan berturut-turut sebagai PU" in form
    heirs = [
        {
            "name": "ANAK SMA",
            "relation": "child",
            "birth_date": "2008-09-01",
            "school_level": "SMA",
            "work": "bpu",
        },
        {
            "name": "ANAK SMP",
            "relation": "child",
            "birth_date": "2011-09-01",
            "school_level": "SMP",
            "work": "pu",
            "work_months": "4",
        },
    ]
    answer = _post_report(client, _report(people["january"].nik, heirs=heirs))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    claim = Claim.objects.get(person=people["january"])
    assert claim.scholarship_per_year == 5_000_000  # SMA 3 million + SMP 2 million: both still paid
    stored = {h.name: (h.work, h.work_months, h.scholarship) for h in claim.heirs.all()}
    assert stored == {"ANAK SMA": ("bpu", None, True), "ANAK SMP": ("pu", 4, True)}
    page = client.get(reverse("benefits:claim", args=[claim.pk])).content.decode()
    assert "Permenaker 1/2025 Pasal 103 ayat (3a)" in page


def test_months_of_work_without_pu_are_refused(people: dict[str, Any]) -> None:
    heirs = [
        {
            "name": "ANAK SMA",
            "relation": "child",
            "birth_date": "2008-09-01",
            "school_level": "SMA",
            "work": "apprentice",
            "work_months": "3",
        }
    ]
    answer = _post_report(_client(people["nagari"]), _report(people["january"].nik, heirs=heirs))
    assert "Bulan berturut-turut hanya diisi untuk pekerjaan sebagai PU" in answer.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_old_working_flag_becomes_pu_of_unknown_length_which_still_ends_the_scholarship(
    people: dict[str, Any],
) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    heirs = [{"name": "ANAK SMA", "relation": "child", "birth_date": "2008-09-01", "school_level": "SMA"}]
    _post_report(_client(people["nagari"]), _report(people["january"].nik, heirs=heirs))
    heir_pk = Claim.objects.get(person=people["january"]).heirs.get().pk
    before, after = [("benefits", "0002_verbose_names")], [("benefits", "0003_heir_work_kind")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("benefits", "Heir")
        old.objects.filter(pk=heir_pk).update(employed=True)  # data typed before the change: "Bekerja" ticked
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps.get_model("benefits", "Heir")
        row = new.objects.get(pk=heir_pk)
    finally:  # the later migrations again, or every following test on this database finds it unmigrated
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert (row.work, row.work_months) == ("pu", None)
    child = claims.Heir("X", claims.Relation.CHILD, work=claims.Work(row.work), work_months=row.work_months)
    stop = claims.work_stop(child, on=DEATH)  # after Permenaker 1/2025, as before the change: not paid
    assert stop is not None and "tidak diketahui" in stop[0]
