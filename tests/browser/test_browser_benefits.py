"""Benefit claims in a real Chromium, the issue's worked example: a nagari operator in Nagari Supayang reports the
death of a protected BPU worker with a widow and two children in school; the claim page shows what the family is
owed and why (Rp 42.000.000 at once, Rp 4.500.000 of scholarships a year), the documents are ticked and the claim
is complete. Bad input is refused (an unknown NIK, a future date, "complete" without documents). A worker with
less than 3 years of contributions gets the lump sums but no scholarship; a worker who is no member gets nothing,
and the page says what the family lost. A BPJSTK officer submits and records the payment, which pays the first
scholarship year; the operator never sees those buttons. Screenshots go to var/test-artifacts/.

The data are made with the ORM in the test database, served by pytest-django's live server."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, login
from browser_support import indonesian as _t

pytestmark = pytest.mark.browser
SUPAYANG = "13.02.05.2001"
PASSWORD = "kata-sandi-uji-123"
EVENT = "2025-03-15"
HEIRS = [  # name, relation, birth date, school level
    ("SITI AMINAH", "spouse", "", ""),
    ("RINA PUTRI", "child", "2016-05-01", "SD"),
    ("BUDI SANTOSO", "child", "2008-09-01", "SMA"),
]


@pytest.fixture
def world(sumbar_regions: None) -> dict[str, Any]:
    """Two BPU members of Nagari Supayang (A since 2022-01, B since 2022-06), C who is no member, and the users."""
    from cakupan.core.access import Role
    from cakupan.web.accounts.services import user_create
    from cakupan.web.membership.models import Membership
    from enrolment_world import person_create

    operator = user_create(
        username="wali-supayang", password=PASSWORD, role=Role.REGION_OPERATOR, region_codes=[SUPAYANG]
    )
    officer = user_create(
        username="bpjstk-solok", password=PASSWORD, role=Role.BPJSTK_OFFICER, region_codes=["13.02"]
    )
    a, b, c = (person_create(serial, region=SUPAYANG) for serial in (11, 12, 13))
    for k, (person, start) in enumerate([(a, dt.date(2022, 1, 1)), (b, dt.date(2022, 6, 1))], start=1):
        Membership.objects.create(
            person=person,
            kpj=f"2201000000{k}",
            segment="BPU",
            programmes="JKK;JKM",
            start_date=start,
            end_date=None,
            wage_basis=1_000_000,
            payer="apbd",
        )
    return {"operator": operator, "officer": officer, "a": a, "b": b, "c": c}


def _login(page: Any, base_url: str, username: str) -> None:
    login(page, base_url, username, PASSWORD)


def _report(page: Any, nik: str, event_date: str, heirs: list[tuple[str, str, str, str]]) -> None:
    """Fill the event report (a death) with its heirs and send it."""
    page.locator("#id_nik").fill(nik)
    page.locator("#id_kind").select_option("death")
    page.locator("#id_event_date").fill(event_date)
    for row, (name, relation, born, level) in enumerate(heirs):
        page.locator(f"#id_ahli-{row}-name").fill(name)
        page.locator(f"#id_ahli-{row}-relation").select_option(relation)
        if born:
            page.locator(f"#id_ahli-{row}-birth_date").fill(born)
        if level:
            page.locator(f"#id_ahli-{row}-school_level").select_option(level)
    page.locator("#report-submit").click()
    page.wait_for_load_state()


def _heir_row(page: Any, name: str) -> str:
    """The heirs-table row of one heir, found by the masked name the table shows."""
    masked = " ".join(part[:1] + "*" * (len(part) - 1) for part in name.split())
    row = page.locator("#heirs tbody tr").filter(has_text=masked)
    assert row.count() == 1, f"{masked} not in the heirs table"
    return str(row.inner_text())


def test_death_report_decision_documents_submission_and_payment(
    live_server: Any, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils import timezone
    from playwright.sync_api import sync_playwright

    from cakupan.web.benefits.models import Claim

    # The ORM is read between browser steps, while Playwright's event loop runs in this thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base_url = live_server.url
    a, b, c = world["a"], world["b"], world["c"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="id-ID", viewport={"width": 1280, "height": 900})

        # The nagari operator opens Benefits from the menu and reports worker A's death.
        _login(page, base_url, "wali-supayang")
        page.locator("header nav.menu").get_by_role("link", name=_t("Benefits"), exact=True).click()
        page.wait_for_url("**/manfaat/")
        page.get_by_role("link", name=_t("Report an event"), exact=True).click()
        page.wait_for_url("**/manfaat/lapor/")

        # An unknown NIK: an error on the form, nothing recorded.
        _report(page, "1302054107859999", EVENT, HEIRS)
        assert "/manfaat/lapor/" in page.url
        nik_error = _t(
            "No person with this NIK in your regions. Import the person first (menu Import), then report."
        )
        assert nik_error in page.locator("#report-form").inner_text()
        assert Claim.objects.count() == 0

        # A date that has not happened yet: refused too.
        later = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
        page.goto(base_url + "/manfaat/lapor/")
        _report(page, a.nik, later, HEIRS)
        assert "/manfaat/lapor/" in page.url
        assert "belum terjadi" in page.locator("#form-errors").inner_text()
        assert Claim.objects.count() == 0

        # Worker A, protected since January 2022: the worked example.
        page.goto(base_url + "/manfaat/lapor/")
        _report(page, a.nik, EVENT, HEIRS)
        page.wait_for_url("**/manfaat/klaim/*/")
        claim_a_url = page.url
        assert Claim.objects.count() == 1
        assert page.locator("#claim-state").inner_text() == "Dilaporkan"
        assert page.locator("#due-total").inner_text() == "42.000.000"
        assert page.locator("#scholarship-per-year").inner_text() == "4.500.000"
        assert "Aktif pada 2025-03-15" in page.locator("#reasons").inner_text()
        assert "beasiswa SD" in _heir_row(page, "RINA PUTRI")
        assert "beasiswa SMA" in _heir_row(page, "BUDI SANTOSO")
        page.screenshot(path=str(ARTIFACTS / "cakupan-manfaat-01-klaim.png"), full_page=True)

        # Every document ticked and saved, then the claim is complete.
        boxes = page.locator("#documents input[name=dokumen]")
        assert boxes.count() == 8  # the seven of a death, and the children's school statements
        for k in range(boxes.count()):
            boxes.nth(k).check()
        page.locator("#save-documents").click()
        page.wait_for_url(claim_a_url)
        assert page.locator("#documents input[name=dokumen]:checked").count() == 8
        page.locator("#action-complete").click()
        page.wait_for_url(claim_a_url)
        assert page.locator("#claim-state").inner_text() == "Dokumen lengkap"

        # Only BPJSTK submits and records payments: the operator sees neither button on a complete claim.
        assert page.locator("#action-submit").count() == 0
        assert page.locator("#action-pay").count() == 0
        assert page.locator("#action-reopen").count() == 1

        # Worker B, a member for 34 months: the lump sums, but no scholarship, and the page says why.
        page.goto(base_url + "/manfaat/lapor/")
        _report(page, b.nik, EVENT, HEIRS)
        page.wait_for_url("**/manfaat/klaim/*/")
        claim_b_url = page.url
        assert page.locator("#due-total").inner_text() == "42.000.000"
        assert page.locator("#scholarship-per-year").inner_text() == "0"
        assert "kurang dari 3 tahun" in page.locator("#reasons").inner_text()

        # "Complete" without any document: the missing documents are listed and the claim stays reported.
        page.locator("#action-complete").click()
        problem = page.locator("#claim-problem").inner_text()
        assert "Dokumen belum lengkap" in problem and "Akta atau surat keterangan kematian" in problem
        assert page.locator("#claim-state").inner_text() == "Dilaporkan"
        page.goto(claim_b_url)
        assert page.locator("#claim-state").inner_text() == "Dilaporkan"

        # Worker C is no member: not protected, and what the family lost.
        page.goto(base_url + "/manfaat/lapor/")
        _report(page, c.nik, EVENT, HEIRS)
        page.wait_for_url("**/manfaat/klaim/*/")
        assert page.locator("#decision h2").inner_text() == _t("Not protected: what the family lost")
        assert page.locator("#forgone-total").inner_text() == "42.000.000"
        assert page.locator("#due-total").count() == 0
        assert "Tidak terdaftar sebagai peserta" in page.locator("#reasons").inner_text()
        page.screenshot(path=str(ARTIFACTS / "cakupan-manfaat-02-tidak-terlindungi.png"), full_page=True)
        assert Claim.objects.count() == 3

        # The BPJSTK officer submits A's claim with BPJSTK's reference, then records the payment.
        _login(page, base_url, "bpjstk-solok")
        page.goto(claim_a_url)
        assert page.locator("#claim-state").inner_text() == "Dokumen lengkap"
        page.locator("#id_reference").fill("JKM-SLK-2025-0042")
        page.locator("#action-submit").click()
        page.wait_for_url(claim_a_url)
        assert page.locator("#claim-state").inner_text() == "Diajukan ke BPJSTK"
        page.locator("#id_amount").fill("42.000.000")
        page.locator("#action-pay").click()
        page.wait_for_url(claim_a_url)
        assert page.locator("#claim-state").inner_text() == "Dibayar"
        assert page.locator("#action-pay").count() == 0
        today = timezone.localdate()
        for name, level, amount in [("RINA PUTRI", "SD", "1.500.000"), ("BUDI SANTOSO", "SMA", "3.000.000")]:
            assert f"{level} Rp {amount}" in _heir_row(page, name)
        paid = Claim.objects.get(person=a)
        assert paid.state == "paid" and paid.paid_amount == 42_000_000
        assert paid.bpjstk_reference == "JKM-SLK-2025-0042" and paid.decided_on == today
        page.screenshot(path=str(ARTIFACTS / "cakupan-manfaat-03-dibayar.png"), full_page=True)

        # The same page in English, through the language button in the header.
        page.locator("header form.language button[value=en]").click()
        page.wait_for_url(claim_a_url)
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("#claim-state").inner_text() == "Paid"
        assert page.locator("#decision h2").inner_text() == "Protected: what the family is owed"
        assert "Active on 2025-03-15" in page.locator("#reasons").inner_text()
        browser.close()
