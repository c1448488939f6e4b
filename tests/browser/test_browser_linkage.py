"""An officer links a file of persons without NIK to the registry in a real Chromium, reviews a candidate and
downloads the file with each row's result.

A real server (``cakupan serve``, which starts the background worker) on a small demo database: log in as the
demo ``pemda`` user, open "Pencocokan data", upload a CSV of a few NIK-less records made from registry persons
(some copied exactly, some with only the birth year and an unknown desa of the same kecamatan), watch the
outcome page appear, open the review queue of this run, confirm one candidate, and download the result.
Screenshots go to ``var/test-artifacts/``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import polib
import pytest

from browser_support import ARTIFACTS, CATALOGUE, CHROMIUM, CHROMIUM_ARGS, demo_server

pytestmark = pytest.mark.browser
EXACT, UNCERTAIN = 2, 4  # records copied exactly, and records with only the birth year and an unknown desa


@pytest.fixture(scope="module")
def server(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data_dir = tmp_path_factory.mktemp("pencocokan")
    with demo_server(demo_template, data_dir) as (base_url, _env):
        yield base_url, data_dir


def _office_list(database: Path, path: Path) -> list[str]:
    """A list without NIK made from registry persons of Kab. Solok (two names, born before 2000, not on 1 Jan):
    the first copied exactly (title case, DD/MM/YYYY), the others with only their birth year and a desa code
    that does not exist in their kecamatan. Returns the names, in file order."""
    with sqlite3.connect(database) as con:
        persons = con.execute(
            "SELECT name, birth_date, sex, kode_wilayah FROM registry_person "
            "WHERE kode_wilayah LIKE '13.02.%' AND name LIKE '% %' AND birth_date < '2000-01-01' "
            "AND substr(birth_date, 6) != '01-01' ORDER BY id LIMIT ?",
            (EXACT + UNCERTAIN,),
        ).fetchall()
    assert len(persons) == EXACT + UNCERTAIN
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Nama Lengkap", "Tgl Lahir", "L/P", "Desa/Kelurahan"])
        for i, (name, birth, sex, desa) in enumerate(persons):
            born = dt.date.fromisoformat(birth)
            if i < EXACT:
                writer.writerow([name.title(), f"{born:%d/%m/%Y}", sex, desa])
            else:
                writer.writerow([name, f"01/01/{born.year}", sex, desa[:8] + ".2099"])
    return [name for name, *_ in persons]


def _english_left(text: str) -> list[str]:
    """English message ids of the catalogue that appear untranslated in ``text`` (longer ones only)."""
    catalogue = polib.pofile(str(CATALOGUE))
    return [
        e.msgid
        for e in catalogue
        if e.msgstr and e.msgstr != e.msgid and len(e.msgid) > 12 and e.msgid in text
    ]


def _count(page: Any, name: str) -> int:
    return int(page.locator(f"#count-{name}").inner_text().replace(".", ""))


def test_officer_links_a_file_and_confirms_a_candidate(server: tuple[str, Path], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    base_url, data_dir = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    upload = tmp_path / "Pekerja Rentan Nagari.csv"
    names = _office_list(data_dir / "cakupan.sqlite3", upload)
    screens: list[str] = []

    def shot(page: Any, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"pencocokan-{len(screens) + 1:02d}-{name}.png"), full_page=True)
        screens.append(page.locator("main").inner_text())

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="id-ID", accept_downloads=True)
        page.goto(base_url + "/masuk/")
        page.get_by_label("Nama pengguna").fill("pemda")
        page.get_by_label("Kata sandi").fill("demo-pemda-ganti")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url("**/wilayah/13/")

        # 1. From the review queue to the upload form.
        page.get_by_role("link", name="Pencocokan data", exact=True).click()
        page.wait_for_url("**/pencocokan/")
        page.locator("#link-file-link").click()
        page.get_by_label("Berkas (CSV atau XLSX)").set_input_files(str(upload))
        shot(page, "unggah")
        page.locator("#link-upload-button").click()

        # 2. The background worker links it; the page shows the outcome when it is done.
        page.wait_for_url(re.compile(r".*/pencocokan/proses/[0-9a-f-]+/$"))
        page.wait_for_selector("#link-counts", timeout=120_000)
        job_url = page.url
        assert _count(page, "total") == EXACT + UNCERTAIN
        assert _count(page, "nik") == 0 and _count(page, "skipped") == 0
        assert _count(page, "auto") >= EXACT
        pending = _count(page, "pending")
        assert pending >= 1
        assert _count(page, "auto") + pending + _count(page, "unmatched") == EXACT + UNCERTAIN
        shot(page, "hasil")

        # 3. The review queue of this run: masked; confirm the first candidate.
        page.locator("#review-link").click()
        page.wait_for_url(re.compile(r".*/pencocokan/\?.*proses=\d+"))
        table = page.locator("#link-candidates").inner_text()
        assert not any(name in table for name in names)  # names are masked
        assert page.locator("#link-candidates tbody tr").count() >= pending
        shot(page, "antrean")
        page.locator("#link-candidates tbody a").first.click()
        page.wait_for_url(re.compile(r".*/pencocokan/\d+/$"))
        assert page.locator("#link-comparison").is_visible()
        shot(page, "bandingkan")
        page.locator("form[action$='/konfirmasi/'] button").click()
        page.wait_for_url("**/pencocokan/")
        assert "Tautan dikonfirmasi." in page.locator("main").inner_text()

        # 4. The file with each row's result, the confirmation included.
        page.goto(job_url)
        with page.expect_download() as download_info:
            page.locator("#result-download").click()
        saved = tmp_path / "hasil.xlsx"
        download_info.value.save_as(saved)
        result = pl.read_excel(io.BytesIO(saved.read_bytes()), engine="calamine")
        outcomes = result.get_column("hasil_pencocokan").to_list()
        assert outcomes.count("ditautkan: dikonfirmasi peninjau") == 1
        assert outcomes[:EXACT] == ["ditautkan otomatis (Splink)"] * EXACT
        assert result.get_column("nama_lengkap").to_list()[:EXACT] == [n.title() for n in names[:EXACT]]
        shot(page, "hasil-setelah-tinjauan")
        browser.close()

    for text in screens:
        assert _english_left(text) == [], "untranslated text on a linkage page"
