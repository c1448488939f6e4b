"""Warning letters through Django's test client: an employer without NPP warned twice, fined and reported to the
Pemda, each step only once the previous one has run out; numbering per kab/kota and year; templates edited with
their fields checked (letters already sent unchanged); closing a case; who may do what; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.compliance.models import Letter, LetterTemplate
from cakupan.web.employers.models import Employer

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-uji-123"


@pytest.fixture
def world(sumbar_regions: None) -> dict[str, Any]:
    pwbd = Employer.objects.create(
        nib="3000000000001", name="PT Angin Sejuk", kbli="47111", region_id="13.74", workforce=12
    )
    compliant = Employer.objects.create(
        nib="3000000000003", name="CV Patuh", kbli="47111", region_id="13.74", workforce=3, npp="N3",
        workers_registered=3, programmes="JKK;JKM", scale="mikro",
    )  # fmt: skip
    return {
        "pwbd": pwbd,
        "compliant": compliant,
        "pemda": user_create(
            username="pemda", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13.74"]
        ),
        "bpjs": user_create(
            username="bpjs", password=PASSWORD, role=Role.BPJSTK_OFFICER, region_codes=["13.74"]
        ),
        "viewer": user_create(username="dprd", password=PASSWORD, role=Role.VIEWER, region_codes=["13.74"]),
        "other": user_create(
            username="solok", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13.02"]
        ),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _issue(client: Client, employer: Employer, issued_on: str, **extra: Any) -> Any:
    url = reverse("compliance:employer-letters", args=[employer.pk])
    return client.post(url, {"issued_on": issued_on, **extra})


def test_the_whole_ladder_of_pp_86_2013(world: dict[str, Any]) -> None:
    bpjs, employer = _client(world["bpjs"]), world["pwbd"]
    page = bpjs.get(reverse("compliance:employer-letters", args=[employer.pk])).content.decode()
    assert "teguran tertulis pertama" in page and "Peraturan Pemerintah Nomor 86 Tahun 2013" in page

    first = _issue(bpjs, employer, "2025-03-20")
    assert first.status_code == 302
    sp1 = Letter.objects.get()
    assert (sp1.number, sp1.due_on.isoformat(), sp1.step) == ("001/SP1/13.74/III/2025", "2025-04-07", "sp1")
    assert "20 Maret 2025" in sp1.body and "PT Angin Sejuk" in sp1.body and "belum terdaftar" in sp1.body
    assert "10 (sepuluh) hari kerja" in sp1.body and "7 April 2025" in sp1.body
    assert sp1.findings[0][0] == "pwbd" and "1." in sp1.body and "{" not in sp1.body

    early = _issue(bpjs, employer, "2025-04-07")
    assert early.status_code == 400 and Letter.objects.count() == 1
    assert "masih berlaku sampai 2025-04-07" in early.content.decode()

    assert _issue(bpjs, employer, "2025-04-08").status_code == 302
    sp2 = Letter.objects.get(step="sp2")
    assert sp2.number == "002/SP2/13.74/IV/2025" and sp2.due_on.isoformat() == "2025-04-23"
    assert "Nomor 001/SP1/13.74/III/2025 tanggal 20 Maret 2025" in sp2.body

    no_dues = _issue(bpjs, employer, "2025-06-10")
    assert no_dues.status_code == 400 and "iuran yang seharusnya dibayar" in no_dues.content.decode()
    assert _issue(bpjs, employer, "2025-06-10", dues_owed="120.000.000").status_code == 302
    fine = Letter.objects.get(step="denda")
    # PP 86/2013: the fine's 30 days run from the end of the second warning (23 April), not from the fine letter
    assert (fine.fine_months, fine.fine, fine.due_on.isoformat()) == (2, 240_000, "2025-05-23")
    assert "Rp 240.000" in fine.body and "Rp 120.000.000" in fine.body
    assert "sejak berakhirnya teguran tertulis kedua, yaitu tanggal 23 Mei 2025" in fine.body

    assert _issue(bpjs, employer, "2025-07-11").status_code == 302
    tmp2t = Letter.objects.get(step="tmp2t")
    assert tmp2t.due_on is None and "Kepala Daerah Kota Padang Panjang" in tmp2t.body
    last = bpjs.get(reverse("compliance:employer-letters", args=[employer.pk])).content.decode()
    assert "Langkah terakhir sudah dikirim" in last and 'id="letter-form"' not in last
    assert _issue(bpjs, employer, "2025-09-01").status_code == 400 and Letter.objects.count() == 4

    assert AuditEvent.objects.filter(object_type="letter", action="create").count() == 4
    pdf = bpjs.get(reverse("compliance:letter-pdf", args=[fine.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    register = bpjs.get(reverse("compliance:letters") + "?status=open").content.decode()
    assert all(x.number in register for x in Letter.objects.all())


def test_numbers_run_per_year_and_a_new_case_starts_again_at_the_first_warning(world: dict[str, Any]) -> None:
    pemda, employer = _client(world["bpjs"]), world["pwbd"]
    assert _issue(pemda, employer, "2025-11-03").status_code == 302
    close = reverse("compliance:employer-case-close", args=[employer.pk])
    complied = pemda.post(close, {"closed_on": "2025-11-20", "outcome": "complied"})
    assert complied.status_code == 400 and "masih menunjukkan temuan" in complied.content.decode()
    no_reason = pemda.post(close, {"closed_on": "2025-11-20", "outcome": "withdrawn"})
    assert no_reason.status_code == 400 and "memerlukan alasan" in no_reason.content.decode()
    assert Letter.objects.get().closed_on is None
    done = pemda.post(close, {"closed_on": "2025-11-20", "outcome": "withdrawn", "note": "usaha tutup"})
    assert done.status_code == 302
    assert Letter.objects.get().outcome == "withdrawn"
    assert AuditEvent.objects.filter(object_type="letter_case", reason="usaha tutup").exists()

    assert _issue(pemda, employer, "2026-01-05").status_code == 302
    new = Letter.objects.get(closed_on__isnull=True)
    assert (new.step, new.number) == ("sp1", "001/SP1/13.74/I/2026")


def test_a_compliant_employer_gets_no_letter(world: dict[str, Any]) -> None:
    response = _issue(_client(world["pemda"]), world["compliant"], "2025-03-20")
    assert response.status_code == 400 and "tidak perlu surat" in response.content.decode()
    assert not Letter.objects.exists()


def test_bad_dates_change_nothing(world: dict[str, Any]) -> None:
    pemda, employer = _client(world["bpjs"]), world["pwbd"]
    assert _issue(pemda, employer, "2099-01-01").status_code == 400
    assert _issue(pemda, employer, "2025-03-20", due_on="2025-03-01").status_code == 400
    assert _issue(pemda, employer, "20-03-2025x").status_code == 400
    assert not Letter.objects.exists()
    assert _issue(pemda, employer, "2025-03-20", due_on="2025-04-02").status_code == 302
    assert Letter.objects.get().due_on.isoformat() == "2025-04-02"


def test_templates_are_checked_and_used_for_later_letters_only(world: dict[str, Any]) -> None:
    pemda, employer = _client(world["bpjs"]), world["pwbd"]
    _issue(pemda, employer, "2025-03-20")
    sent = Letter.objects.get()
    url = reverse("compliance:letter-template", args=["13.74", "sp2"])
    form = pemda.get(url).context["form"].initial
    bad = pemda.post(url, {**form, "body": form["body"] + "\n{nama_direktur}"})
    assert bad.status_code == 400 and "{nama_direktur}" in bad.content.decode()
    assert not LetterTemplate.objects.exists()
    good = {
        **form,
        "body": "Kepada {nama_pemberi_kerja}: teguran kedua.\n{temuan}",
        "number_format": "560/{urut}/Disnaker/{tahun}",
    }
    assert pemda.post(url, good).status_code == 302
    assert _issue(pemda, employer, "2025-04-08").status_code == 302
    second = Letter.objects.get(step="sp2")
    assert second.number == "560/002/Disnaker/2025"
    assert second.body.startswith("Kepada PT Angin Sejuk: teguran kedua.")
    assert Letter.objects.get(pk=sent.pk).body == sent.body
    assert pemda.post(url, {"reset": "1"}).status_code == 302 and not LetterTemplate.objects.exists()
    assert AuditEvent.objects.filter(object_type="letter_template").count() == 2


def test_who_may_do_what(world: dict[str, Any]) -> None:
    employer = world["pwbd"]
    _issue(_client(world["bpjs"]), employer, "2025-03-20")
    letter = Letter.objects.get()
    viewer = _client(world["viewer"])
    page = viewer.get(reverse("compliance:employer-letters", args=[employer.pk]))
    assert page.status_code == 200 and 'id="letter-form"' not in page.content.decode()
    assert _issue(viewer, employer, "2025-04-08").status_code == 403
    assert viewer.get(reverse("compliance:letter-templates", args=["13.74"])).status_code == 403
    assert viewer.get(reverse("compliance:letter", args=[letter.pk])).status_code == 200
    other = _client(world["other"])
    assert other.get(reverse("compliance:employer-letters", args=[employer.pk])).status_code == 404
    assert other.get(reverse("compliance:letter", args=[letter.pk])).status_code == 404
    assert other.get(reverse("compliance:letter-pdf", args=[letter.pk])).status_code == 404
    assert letter.number not in other.get(reverse("compliance:letters")).content.decode()
    assert Letter.objects.count() == 1


def test_the_employers_page_links_to_the_letters(world: dict[str, Any]) -> None:
    page = _client(world["pemda"]).get(reverse("compliance:employers", args=["13.74"])).content.decode()
    assert reverse("compliance:employer-letters", args=[world["pwbd"].pk]) in page
    assert reverse("compliance:employer-letters", args=[world["compliant"].pk]) not in page
    assert 'id="letters-due"' not in page  # the Pemda sends no PP 86/2013 letter (issue 19, point 8)
    bpjs = _client(world["bpjs"]).get(reverse("compliance:employers", args=["13.74"])).content.decode()
    assert 'id="letters-due"' in bpjs


def test_demo_employers_and_letters_are_made_once(sumbar_regions: None, tmp_path: Any) -> None:
    from cakupan.web.compliance.demo import compliance_demo_seed
    from cakupan.web.compliance.letters import employer_review

    assert compliance_demo_seed(tmp_path) == 3
    assert compliance_demo_seed(tmp_path) == 0 and Employer.objects.count() == 6
    statuses = {e.nib[-1]: employer_review(e).status for e in Employer.objects.all()}
    assert statuses == {"1": "pwbd", "2": "pwbd", "3": "pds", "4": "pds", "5": "patuh", "6": "patuh"}
    assert list(Letter.objects.order_by("pk").values_list("number", flat=True)) == [
        "001/SP1/13.02/X/2025",
        "002/SP2/13.02/X/2025",
        "003/SP1/13.02/XI/2025",
    ]
    from cakupan.web.employers.projects import project_reviews

    reviews = project_reviews(region_code="13.02", on=dt.date(2025, 7, 10))
    assert sorted(review.status.value for _project, review in reviews) == [
        "belum_terdaftar",
        "dalam_tenggat",
        "terdaftar",
        "terlambat",
    ]


def test_the_letters_due_in_a_region_are_issued_at_once_and_print_as_one_pdf(world: dict[str, Any]) -> None:
    pemda = _client(world["bpjs"])
    late = Employer.objects.create(
        nib="3000000000004", name="PT Lambat", kbli="10750", region_id="13.74", workforce=30
    )
    _issue(pemda, late, "2025-03-20")  # its first warning runs out on 7 April
    url = reverse("compliance:letters-issue-due", args=["13.74"])
    response = pemda.post(url, {"issued_on": "2025-04-08"})
    assert response.status_code == 302 and "tanggal=2025-04-08" in response["Location"]
    made = Letter.objects.filter(issued_on="2025-04-08").order_by("seq")
    assert [(x.employer.nib, x.step) for x in made] == [("3000000000001", "sp1"), ("3000000000004", "sp2")]
    assert [x.number for x in made] == ["002/SP1/13.74/IV/2025", "003/SP2/13.74/IV/2025"]
    register = pemda.get(response["Location"])
    assert "2 surat diterbitkan; 1 pemberi kerja" in register.content.decode()
    pdf = pemda.get(reverse("compliance:letters-pdf") + "?tanggal=2025-04-08&wilayah=13.74")
    assert (
        pdf.status_code == 200
        and pdf.content.startswith(b"%PDF")
        and pdf.content.count(b"/Type /Page\n") == 2
    )
    assert pemda.get(reverse("compliance:letters-pdf") + "?tanggal=2020-01-01").status_code == 404


def test_a_bulk_issue_refused_in_part_issues_nothing(world: dict[str, Any]) -> None:
    response = _client(world["pemda"]).post(
        reverse("compliance:letters-issue-due", args=["13.74"]), {"issued_on": "2099-01-01"}
    )
    assert response.status_code == 302 and not Letter.objects.exists()
    assert not AuditEvent.objects.filter(object_type="letter").exists()


def test_the_meeting_packet_counts_the_letters_as_of_its_day(world: dict[str, Any]) -> None:
    from cakupan.web.compliance.models import Meeting

    pemda, bpjs, employer = _client(world["pemda"]), _client(world["bpjs"]), world["pwbd"]
    _issue(bpjs, employer, "2025-03-20")
    _issue(bpjs, employer, "2025-04-08")
    assert _issue(bpjs, employer, "2025-06-10", dues_owed="Rp 120.000.000").status_code == 302
    form = {"region": "13.74", "held_on": "2025-05-15", "title": "Rapat Mei", "place": ""}
    assert pemda.post(reverse("compliance:meetings"), form).status_code == 302
    letters = Meeting.objects.get().packet["letters"]
    assert letters == {
        "year": 2025,
        "by_step": {"sp1": 1, "sp2": 1, "denda": 0, "tmp2t": 0},
        "fines": 0,
        "open_cases": 1,
        "overdue": 1,  # the second warning ran out on 23 April
    }
    form = {**form, "held_on": "2025-12-15", "title": "Rapat Desember"}
    assert pemda.post(reverse("compliance:meetings"), form).status_code == 302
    december = Meeting.objects.get(held_on="2025-12-15")
    assert december.packet["letters"]["fines"] == 240_000
    page = pemda.get(reverse("compliance:meeting", args=[december.pk])).content.decode()
    assert "Denda: <strong>1</strong>" in page


def test_the_pemda_is_offered_no_pp_86_2013_letter_and_the_fine_runs_from_the_second_warning(
    world: dict[str, Any],
) -> None:
    """Issue 19, point 8: PP 86/2013 gives the warnings and the fine to BPJS (the Pemda withholds public services
    at BPJS's request), so a Pemda admin is offered no letter; the fine's 30 days run from the second warning."""
    pemda, bpjs, employer = _client(world["pemda"]), _client(world["bpjs"]), world["pwbd"]
    page = pemda.get(reverse("compliance:employer-letters", args=[employer.pk])).content.decode()
    assert 'id="bpjstk-only"' in page and 'id="letter-form"' not in page
    refused = _issue(pemda, employer, "2025-03-20")
    assert (
        refused.status_code == 400 and "hanya dikirim oleh BPJS Ketenagakerjaan" in refused.content.decode()
    )
    assert not Letter.objects.exists()
    assert _issue(bpjs, employer, "2025-03-20").status_code == 302
    assert _issue(bpjs, employer, "2025-04-08").status_code == 302
    assert _issue(pemda, employer, "2025-04-24", dues_owed="120.000.000").status_code == 400
    longer = _issue(bpjs, employer, "2025-04-24", dues_owed="120.000.000", due_on="2025-05-24")
    assert longer.status_code == 400 and "2025-05-23" in longer.content.decode()
    assert _issue(bpjs, employer, "2025-04-24", dues_owed="120.000.000").status_code == 302
    fine = Letter.objects.get(step="denda")
    assert (fine.issuer, fine.number, fine.due_on.isoformat()) == (
        "bpjstk",
        "003/DENDA/13.74/IV/2025",
        "2025-05-23",
    )
    assert [x.issuer for x in Letter.objects.all()] == ["bpjstk"] * 3


def test_a_deadline_longer_than_the_rule_and_a_wrong_amount_are_refused(world: dict[str, Any]) -> None:
    bpjs, employer = _client(world["bpjs"]), world["pwbd"]
    too_late = _issue(bpjs, employer, "2025-03-20", due_on="2025-04-08")
    assert too_late.status_code == 400 and "2025-04-07" in too_late.content.decode()
    assert _issue(bpjs, employer, "2025-03-20").status_code == 302
    _issue(bpjs, employer, "2025-04-08")
    for amount in ("-5", "12,5", "abc", "9" * 20):
        assert _issue(bpjs, employer, "2025-06-10", dues_owed=amount).status_code == 400
    assert not Letter.objects.filter(step="denda").exists()


def test_an_earlier_letter_followed_by_a_later_one_is_not_overdue(world: dict[str, Any]) -> None:
    bpjs, employer = _client(world["bpjs"]), world["pwbd"]
    _issue(bpjs, employer, "2025-03-20")
    _issue(bpjs, employer, "2025-04-08")
    page = bpjs.get(reverse("compliance:letters") + "?status=overdue").content.decode()
    overdue = page.split('id="letter-table"')[1]
    assert "002/SP2/13.74/IV/2025" in overdue and "001/SP1/13.74/III/2025" not in overdue
    everything = bpjs.get(reverse("compliance:letters")).content.decode()
    assert "surat berikutnya" in everything


def test_who_sends_the_next_letter_is_named_where_the_user_cannot(world: dict[str, Any]) -> None:
    """Issue 18, point 8: the DPRD viewer (no letters) is told who sends the first warning (issue 19, point 8: BPJS
    only); once two warnings have run out, the Pemda admin is told that the BPJS Ketenagakerjaan officer fines."""
    bpjs, pemda, employer = _client(world["bpjs"]), _client(world["pemda"]), world["pwbd"]
    url = reverse("compliance:employer-letters", args=[employer.pk])
    viewer = _client(world["viewer"]).get(url).content.decode()
    note = viewer[viewer.index('id="next-step-note"') :].split("</aside>")[0]
    assert "Petugas BPJS Ketenagakerjaan" in note and "Kota Padang Panjang" in note
    assert "Admin Pemda" not in note  # PP 86/2013: the written warnings are BPJS's
    assert 'id="next-step-note"' not in bpjs.get(url).content.decode()
    assert _issue(bpjs, employer, "2025-03-20").status_code == 302
    assert _issue(bpjs, employer, "2025-04-08").status_code == 302
    with_pemda = pemda.get(url).content.decode()  # today, long after the second warning ran out
    note = with_pemda[with_pemda.index('id="next-step-note"') :].split("</aside>")[0]
    assert "Yang dapat melakukannya: Petugas BPJS Ketenagakerjaan yang wilayahnya" in note
    assert "Admin Pemda" not in note
