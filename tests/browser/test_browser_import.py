"""An officer takes a messy XLSX to a committed import in a real Chromium, in Bahasa Indonesia.

A real server (``cakupan serve``, which starts the background worker) on a small demo database: log in as the
demo ``pemda`` user, upload an XLSX whose headers are the office's own ("NIK KTP", "Tgl Lahir", "L/P",
"Desa/Kelurahan", ...) with one header Cakupan cannot know and a few bad rows, map that header by hand, read the
preview, download the rejected rows, save, watch the progress bar reach 100 %, and find the new persons.
Screenshots go to ``var/test-artifacts/``.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import polib
import pytest
import xlsxwriter

from browser_support import ARTIFACTS, CATALOGUE, CHROMIUM, CHROMIUM_ARGS, demo_server
from cakupan.core.nik import make_nik, mask_nik

pytestmark = pytest.mark.browser
DESA = "13.02.05.2001"  # a nagari in Kabupaten Solok
GOOD_ROWS = 1200
BIRTH = dt.date(1952, 3, 4)


@pytest.fixture(scope="module")
def server(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Small write steps, so the progress bar has steps to show even for this small file.
    with demo_server(demo_template, tmp_path_factory.mktemp("impor"), CAKUPAN_IMPORT_CHUNK_ROWS="20") as (
        base_url,
        _env,
    ):
        yield base_url


def _messy_workbook(path: Path) -> dict[str, Any]:
    """An office's export: its own headers, a serial-number column, one header to map by hand, bad rows."""
    headers = ["No", "NIK KTP", "Nama Lengkap", "Tgl Lahir", "L/P", "Desa/Kelurahan", "Pekerjaan Sekarang"]
    rows = []
    for i in range(GOOD_ROWS):
        nik = make_nik(kecamatan_code=DESA[:8], birth_date=BIRTH, sex="L", serial=8000 + i)
        rows.append([str(i + 1), nik, f"WARGA IMPOR {i + 1}", f"{BIRTH:%d/%m/%Y}", "L", DESA, "Petani"])
    bad = [
        [str(GOOD_ROWS + 1), "1302050403520", "NIK PENDEK", f"{BIRTH:%d/%m/%Y}", "L", DESA, "Petani"],
        [str(GOOD_ROWS + 2), rows[0][1][:-4] + "7999", "TANGGAL SALAH", "31/02/1952", "L", DESA, "Petani"],
        [
            str(GOOD_ROWS + 3),
            rows[0][1][:-4] + "7998",
            "DESA TAK DIKENAL",
            f"{BIRTH:%d/%m/%Y}",
            "L",
            "13.02.05.9999",
            "Petani",
        ],
    ]
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Penduduk")
    for col, name in enumerate(headers):
        sheet.write_string(0, col, name)
    for r, row in enumerate(rows + bad, start=1):
        for col, value in enumerate(row):
            sheet.write_string(r, col, value)
    book.close()
    return {"first_nik": rows[0][1], "bad_rows": [GOOD_ROWS + 2, GOOD_ROWS + 3, GOOD_ROWS + 4]}


def _english_left(text: str) -> list[str]:
    """English message ids of the catalogue that appear untranslated in ``text`` (longer ones only)."""
    catalogue = polib.pofile(str(CATALOGUE))
    return [
        e.msgid
        for e in catalogue
        if e.msgstr and e.msgstr != e.msgid and len(e.msgid) > 12 and e.msgid in text
    ]


def _watch_progress(page: Any) -> list[str]:
    """The percentages the progress bar shows (polled by impor.js) until the page moves to the saved import."""
    shown: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and "/impor/riwayat/" not in page.url:
        try:
            text = page.locator("#progress-percent").inner_text(timeout=200).strip()
        except Exception:  # the page is navigating
            text = ""
        if text and (not shown or shown[-1] != text):
            shown.append(text)
        time.sleep(0.05)
    return shown


def _persons_in_region(page: Any) -> int:
    found = re.search(r"([\d.]+) penduduk di wilayah Anda", page.locator("main").inner_text())
    assert found, page.locator("main").inner_text()[:500]
    return int(found.group(1).replace(".", ""))


def test_officer_imports_a_messy_xlsx(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    workbook = tmp_path / "Penduduk Nagari Koto Baru.xlsx"
    facts = _messy_workbook(workbook)
    screens: list[str] = []

    def shot(page: Any, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"impor-{len(screens) + 1:02d}-{name}.png"), full_page=True)
        screens.append(page.locator("main").inner_text())

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="id-ID", accept_downloads=True)
        page.goto(server + "/masuk/")
        page.get_by_label("Nama pengguna").fill("pemda")
        page.get_by_label("Kata sandi").fill("demo-pemda-ganti")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url("**/wilayah/13/")

        page.goto(server + "/penduduk/")
        persons_before = _persons_in_region(page)

        # 1. Upload
        page.get_by_role("link", name="Impor", exact=True).click()
        page.wait_for_url("**/impor/")
        page.locator("#upload-link").click()
        page.get_by_label("Jenis data").select_option("persons")
        page.get_by_label("Berkas (CSV atau XLSX)").set_input_files(str(workbook))
        shot(page, "unggah")
        page.locator("#upload-button").click()

        # 2. The check runs in the background worker; one header is unknown: the mapping page opens.
        page.wait_for_url(re.compile(r".*/impor/[0-9a-f-]+/kolom/$"), timeout=60_000)
        assert page.locator("h1").inner_text().startswith("Petakan kolom")
        examples = page.locator("#mapping-table").inner_text()
        assert "WARGA IMPOR 1" in examples and facts["first_nik"] not in examples  # NIK masked
        assert page.get_by_label("nik_ktp").input_value() == "nik"
        assert page.get_by_label("tgl_lahir").input_value() == "tanggal_lahir"
        assert page.get_by_label("desa_kelurahan").input_value() == "kode_wilayah"
        assert page.get_by_label("pekerjaan_sekarang").input_value() == "-"
        page.get_by_label("pekerjaan_sekarang").select_option("pekerjaan")
        shot(page, "pemetaan-kolom")
        page.locator("#mapping-submit").click()

        # 3. Preview: counts, masked rows, the first errors in Bahasa Indonesia.
        page.wait_for_selector("#counts", timeout=60_000)
        assert page.locator("#count-total").inner_text() == f"{GOOD_ROWS + 3:,}".replace(",", ".")
        assert page.locator("#count-valid").inner_text() == f"{GOOD_ROWS:,}".replace(",", ".")
        assert page.locator("#count-rejected").inner_text() == "3"
        preview = page.locator("#preview-table").inner_text()
        assert mask_nik(facts["first_nik"]) in preview and facts["first_nik"] not in preview
        problems = page.locator("#problem-table").inner_text()
        assert "NIK harus 16 digit angka." in problems
        assert "Kode wilayah 13.02.05.9999 tidak dikenal." in problems
        shot(page, "pratinjau")

        # 4. The rejected rows, with an error column, as XLSX.
        with page.expect_download() as download_info:
            page.locator("#error-download").click()
        saved = tmp_path / "galat.xlsx"
        download_info.value.save_as(saved)
        rejected = pl.read_excel(saved, engine="calamine")
        assert rejected.get_column("baris_asal").to_list() == facts["bad_rows"]
        assert {"nik", "nama", "pekerjaan", "masalah"} <= set(rejected.columns)
        messages = rejected.get_column("masalah").to_list()
        assert "NIK harus 16 digit angka" in messages[0] and "tanggal_lahir" in messages[1]

        # 5. Save: the bar moves, reaches 100 %, and the batch page shows what was written.
        page.locator("#commit-button").click()
        page.wait_for_selector("#job-progress")
        shot(page, "menyimpan")
        shown = _watch_progress(page)
        assert "100 %" in shown, shown
        page.wait_for_url(re.compile(r".*/impor/riwayat/\d+/$"), timeout=60_000)
        assert "Tersimpan" in page.locator("#batch-saved").inner_text()
        created = int(page.locator("#batch-created").inner_text().replace(".", ""))
        updated = int(page.locator("#batch-updated").inner_text().replace(".", ""))
        assert created + updated == GOOD_ROWS and created > GOOD_ROWS - 5
        assert page.locator("#batch-rejected").inner_text() == "3"
        shot(page, "tersimpan")

        page.goto(server + "/penduduk/")
        page.fill("#q", "WARGA IMPOR")
        page.locator("form.filters button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#person-table tbody tr").count() == 50  # a page of the new persons
        page.fill("#q", "")  # the search is kept (in the session, not the URL) until cleared
        page.locator("form.filters button[type=submit]").click()
        page.wait_for_load_state()
        assert _persons_in_region(page) == persons_before + created

        # 6. The same file again: refused, with a link to the import.
        page.goto(server + "/impor/unggah/")
        page.get_by_label("Jenis data").select_option("persons")
        page.get_by_label("Berkas (CSV atau XLSX)").set_input_files(str(workbook))
        page.locator("#upload-button").click()
        assert (
            "Berkas ini sudah diimpor; tidak ada yang berubah."
            in page.locator("#already-imported").inner_text()
        )
        shot(page, "sudah-diimpor")
        browser.close()

    for text in screens:
        assert _english_left(text) == [], "untranslated text on an import page"
