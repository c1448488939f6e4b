"""The Rapat Kepatuhan in a real Chromium: a meeting packet for a synthetic kab/kota (Kota Padang Panjang, 13.74) is
produced end to end, and the second meeting shows the first one's actions.

A Pemda admin prepares a meeting from the Compliance menu; its packet counts the city's employers (one PWBD, one
PDS in two ways, one compliant small business) and its regional obligations (none fulfilled, the region's first
meeting). A fulfilled obligation without evidence is refused, with its regulation and date it is saved, and the
rebuilt packet counts it. A finding and an action answering it are recorded; an action due before the meeting is
refused. The next meeting opens with the first one's action, still open and late at its date (the rule of the
packet), with the finding it answers, and its status is reported there. A BPJSTK officer
reads the meeting but gets no form. The packet downloads as XLSX and PDF. Screenshots go to var/test-artifacts/.

The data are made with the ORM in the test database, served by pytest-django's live server."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, login, submit
from browser_support import indonesian as _t

pytestmark = pytest.mark.browser
CITY = "13.74"  # Kota Padang Panjang
PASSWORD = "kata-sandi-uji-123"
FIRST = "2025-12-15"
SECOND = "2026-03-16"
TITLE = "Rapat Kepatuhan Padang Panjang"
ACTION = "Surat teguran pertama ke PT Beton Serambi Mekah"
OWNER = "BPJSTK Cabang Padang"


@pytest.fixture
def world(sumbar_regions: None) -> dict[str, Any]:
    """Three employers of Kota Padang Panjang, a Pemda admin and a BPJSTK officer of the city."""
    from cakupan.core.access import Role
    from cakupan.web.accounts.services import user_create
    from cakupan.web.employers.models import Employer

    # PWBD: employs 12 (OSS) and has no NPP.
    Employer.objects.create(
        nib="1374000000001", name="CV Sate Mak Syukur", kbli="56101", region_id=CITY, workforce=12
    )
    # PDS in two ways: 30 of 40 workers registered, and a large business without JHT and JP.
    Employer.objects.create(
        nib="1374000000002",
        name="PT Beton Serambi Mekah",
        kbli="41011",
        region_id=CITY,
        workforce=40,
        npp="13740002",
        workers_registered=30,
        wages_reported=30 * 4_000_000,
        programmes="JKK;JKM",
        scale="besar",
    )
    # Compliant: a small business with its three programmes, every worker registered at Rp 3.500.000.
    Employer.objects.create(
        nib="1374000000003",
        name="CV Kopi Kawa Daun",
        kbli="47111",
        region_id=CITY,
        workforce=5,
        npp="13740003",
        workers_registered=5,
        wages_reported=5 * 3_500_000,
        programmes="JKK;JKM;JHT",
        scale="kecil",
    )
    pemda = user_create(
        username="pemda-padpan", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=[CITY]
    )
    officer = user_create(
        username="bpjstk-padpan", password=PASSWORD, role=Role.BPJSTK_OFFICER, region_codes=[CITY]
    )
    return {"pemda": pemda, "officer": officer}


def _login(page: Any, base_url: str, username: str) -> None:
    login(page, base_url, username, PASSWORD)


def _prepare_meeting(page: Any, held_on: str, title: str, place: str) -> None:
    """Open "Prepare a meeting" on the meetings page and send it."""
    page.locator("summary", has_text=_t("Prepare a meeting")).click()
    page.locator("#id_region").fill(CITY)
    page.locator("#id_held_on").fill(held_on)
    page.locator("#id_title").fill(title)
    page.locator("#id_place").fill(place)
    submit(page, page.locator("#meeting-create"))


def _cells(row: Any) -> list[str]:
    return [str(text).strip() for text in row.locator("td").all_inner_texts()]


def _obligation(page: Any, status: str, regulation: str = "", evidence_date: str = "") -> None:
    """Record the status of the regulation obligation from its row on the regional obligations page."""
    row = page.locator("#obligation-regulasi")
    row.locator("summary").click()
    row.locator("#id_regulasi_status").select_option(status)
    row.locator("#id_regulasi_regulation").fill(regulation)
    row.locator("#id_regulasi_evidence_date").fill(evidence_date)
    submit(page, row.get_by_role("button", name=_t("Save"), exact=True))


def test_meeting_packet_findings_actions_and_the_next_meeting(
    live_server: Any, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import sync_playwright

    from cakupan.web.compliance.models import FollowUpAction, Meeting, MeetingFinding, RegionObligation

    # The ORM is read between browser steps, while Playwright's event loop runs in this thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base_url = live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="id-ID", viewport={"width": 1280, "height": 900})

        # The Pemda admin opens Compliance from the menu and prepares the first meeting.
        _login(page, base_url, "pemda-padpan")
        page.locator("header nav.menu").get_by_role("link", name=_t("Compliance"), exact=True).click()
        page.wait_for_url("**/kepatuhan/rapat/")
        assert _t("No meetings yet.") in page.locator("main").inner_text()
        _prepare_meeting(page, FIRST, TITLE, "Balai Kota Padang Panjang")
        page.wait_for_url("**/kepatuhan/rapat/*/")
        first_url = page.url
        first = Meeting.objects.get()
        assert first.held_on == dt.date(2025, 12, 15) and first.previous is None
        assert page.locator("h1").inner_text() == TITLE
        assert _t("This is the region's first meeting.") in page.locator("#previous-actions").inner_text()

        # The employers of the city, all sectors together first: 3 employers, 1 compliant, 1 PWBD and 1 PDS
        # (short of 10 workers and of JHT/JP, its wages above the minimum), 12 + 10 workers unregistered.
        all_sectors = page.locator("#packet-employers tbody tr").first
        cells = _cells(all_sectors)
        assert cells[0] == _t("All"), cells
        assert cells[1:] == ["3", "1", "1", "1", "1", "0", "1", "22"], cells
        assert page.locator("#packet-employers tbody tr").count() == 4  # all, and one row per sector
        assert "0 / 10" in page.locator("#packet-obligations h3").inner_text()
        page.screenshot(path=str(ARTIFACTS / "cakupan-kepatuhan-01-paket.png"), full_page=True)

        # The regulation obligation: "fulfilled" without its evidence is refused, nothing recorded.
        page.goto(f"{base_url}/kepatuhan/kewajiban/{CITY}/")
        _obligation(page, "terpenuhi")
        assert "memerlukan buktinya" in page.locator("#obligation-problem").inner_text()
        assert not RegionObligation.objects.exists()
        # With the Perwako and its date: saved.
        page.goto(f"{base_url}/kepatuhan/kewajiban/{CITY}/")
        _obligation(page, "terpenuhi", "Perwako Padang Panjang 1/2024", "2024-03-01")
        page.wait_for_url(f"**/kepatuhan/kewajiban/{CITY}/")
        assert page.locator("#obligation-problem").count() == 0
        assert page.locator("#obligations-done strong").inner_text() == "1"
        saved = page.locator("#obligation-regulasi").inner_text()
        assert _t("fulfilled") in saved and "Perwako Padang Panjang 1/2024" in saved
        row = RegionObligation.objects.get()
        assert (row.code, row.status, row.evidence_date) == ("regulasi", "terpenuhi", dt.date(2024, 3, 1))

        # Back on the meeting: the packet was built before, so it counts the obligation once built again.
        page.goto(first_url)
        assert "0 / 10" in page.locator("#packet-obligations h3").inner_text()
        submit(page, page.get_by_role("button", name=_t("Build the packet again"), exact=True))
        page.wait_for_url(first_url)
        assert "1 / 10" in page.locator("#packet-obligations h3").inner_text()
        assert "Perwako Padang Panjang 1/2024" in page.locator("#packet-obligations").inner_text()

        # A finding about the employers.
        page.locator("#id_topic").select_option("employers")
        page.locator("#id_text").fill(
            "PT Beton Serambi Mekah mendaftarkan 30 dari 40 pekerja, tanpa JHT dan JP."
        )
        submit(page, page.locator("#finding-add"))
        page.wait_for_url(first_url)
        assert "30 dari 40 pekerja" in page.locator("#findings").inner_text()
        assert MeetingFinding.objects.get().topic == "employers"

        # An action due before the meeting is refused, with the reason, and nothing is recorded.
        page.locator("#id_description").fill(ACTION)
        page.locator("#id_owner").fill(OWNER)
        page.locator("#id_due_date").fill("2025-12-01")
        submit(page, page.locator("#action-add"))
        problem = page.locator("#meeting-problem").inner_text()
        assert "tidak boleh sebelum tanggal rapat" in problem, problem
        assert not FollowUpAction.objects.exists()

        # Due a month after the meeting: recorded.
        page.goto(first_url)
        page.locator("#id_description").fill(ACTION)
        page.locator("#id_owner").fill(OWNER)
        page.locator("#id_due_date").fill("2026-01-15")
        page.locator("#id_finding").select_option(index=1)  # the finding just recorded
        submit(page, page.locator("#action-add"))
        page.wait_for_url(first_url)
        agreed = page.locator("#actions .action-row")
        assert agreed.count() == 1
        assert ACTION in agreed.inner_text() and OWNER in agreed.inner_text()
        action = FollowUpAction.objects.get()
        assert (action.meeting_id, action.status, action.due_date) == (first.pk, "open", dt.date(2026, 1, 15))
        assert action.finding is not None and action.finding.meeting_id == first.pk
        page.screenshot(path=str(ARTIFACTS / "cakupan-kepatuhan-02-tindak-lanjut.png"), full_page=True)

        # The next meeting opens with the first one's action, still open.
        page.goto(base_url + "/kepatuhan/rapat/")
        assert TITLE in page.locator("#meeting-table").inner_text()
        _prepare_meeting(page, SECOND, "Rapat Kepatuhan Padang Panjang II", "Kantor Disnaker")
        page.wait_for_url("**/kepatuhan/rapat/*/")
        second_url = page.url
        second = Meeting.objects.get(held_on=dt.date(2026, 3, 16))
        assert second.previous_id == first.pk
        previous = page.locator("#previous-actions")
        assert TITLE in previous.inner_text()
        carried = previous.locator(".action-row")
        assert carried.count() == 1
        assert ACTION in carried.inner_text()
        assert carried.locator(".action-status").inner_text().strip() == _t("open", "action status")
        # Due 2026-01-15 and still open on 2026-03-16: late, judged at the meeting's date as in its packet.
        assert carried.locator(".late").count() == 1
        assert "1. " in carried.locator(".action-finding").inner_text()  # the finding it answers

        # Its status reported from the second meeting: done, with a note.
        note = "Surat teguran terkirim 2026-01-10"
        carried.locator("select[name$='-status']").select_option("done")
        carried.locator("input[name$='-note']").fill(note)
        submit(page, carried.get_by_role("button", name=_t("Update"), exact=True))
        page.wait_for_url(second_url)
        status = page.locator("#previous-actions .action-row .action-status").inner_text()
        assert _t("done", "action status") in status and note in status, status
        action.refresh_from_db()
        assert (action.status, action.status_note) == ("done", note)
        page.screenshot(path=str(ARTIFACTS / "cakupan-kepatuhan-03-rapat-berikutnya.png"), full_page=True)

        # The BPJSTK officer of the city reads the meetings, but may change nothing.
        _login(page, base_url, "bpjstk-padpan")
        page.goto(base_url + "/kepatuhan/rapat/")
        assert page.locator("#meeting-table tbody tr").count() == 2
        assert page.locator("#meeting-form").count() == 0
        page.goto(second_url)
        assert ACTION in page.locator("#previous-actions").inner_text()
        assert page.locator("#finding-form").count() == 0
        assert page.locator("#action-form").count() == 0
        assert page.locator("#previous-actions form").count() == 0
        assert page.locator("form[action$='/paket/']").count() == 0
        browser.close()


def test_meeting_packet_downloads_as_xlsx_and_pdf(
    live_server: Any, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The packet's XLSX opens as a workbook and its PDF is a PDF, both downloaded from the meeting page's links."""
    import polars as pl
    from playwright.sync_api import sync_playwright

    from cakupan.web.compliance import meetings
    from cakupan.web.registry.models import Region

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    meeting = meetings.meeting_create(
        region=Region.objects.get(code=CITY), held_on=dt.date(2025, 12, 15), title=TITLE, by=world["pemda"]
    )
    meetings.action_add(
        meeting=meeting, description=ACTION, owner=OWNER, due_date=dt.date(2026, 1, 15), by=world["pemda"]
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="id-ID", viewport={"width": 1280, "height": 900})
        _login(page, live_server.url, "pemda-padpan")
        page.goto(f"{live_server.url}/kepatuhan/rapat/{meeting.pk}/")
        bodies = {}
        for kind in ("xlsx", "pdf"):
            with page.expect_download() as info:
                page.locator(f"#meeting-{kind}").click()
            download = info.value
            assert download.suggested_filename == f"rapat-kepatuhan-{CITY}-2025-12-15.{kind}"
            with open(download.path(), "rb") as handle:
                bodies[kind] = handle.read()
        browser.close()
    assert bodies["pdf"].startswith(b"%PDF")
    sheets = pl.read_excel(io.BytesIO(bodies["xlsx"]), sheet_id=0, engine="calamine")
    assert len(sheets) > 1  # one sheet per section of the packet
    text = " ".join(
        " ".join(frame.columns) + " " + " ".join(str(v) for column in frame.iter_columns() for v in column)
        for frame in sheets.values()
    )
    assert ACTION in text and OWNER in text  # the meeting's action is in the workbook
