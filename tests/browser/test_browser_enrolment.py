"""Protecting the next workers in a real Chromium: a Pemda admin enters a budget (a negative one is refused),
makes a scheme, computes the exact allocation beside the greedy baseline, makes a draft batch and verifies it;
the maker cannot approve it, a second admin does; the BPJSTK registration file is downloaded, BPJSTK's answer
(one worker rejected, one unknown NIK at first) is uploaded and applied by the background worker while the page
waits, and the accepted workers are active members.
Screenshots go to var/test-artifacts/."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, login

pytestmark = pytest.mark.browser
WORKERS = 40
BUDGET = WORKERS * 16_800 * 12  # Rp 8.064.000: 40 workers, JKK + JKM at the lowest basis, 12 months


def _login(page: Any, base_url: str, username: str) -> None:
    login(page, base_url, username, f"demo-{username}-ganti")


def test_budget_to_batch_to_bpjstk_file_and_back_to_active_memberships(
    demo: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    base_url, _ = demo
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(
            locale="id-ID", viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        _login(page, base_url, "pemda")
        page.get_by_role("link", name="Perlindungan").click()

        # A budget: a negative amount is refused with a message and nothing is saved.
        page.get_by_role("link", name="Sumber dana baru").click()
        page.get_by_label("Wilayah anggaran").fill("13.71")
        page.get_by_label("Jenis").select_option("apbd_kabkota")
        page.locator("#id_name").fill("APBD Kota Padang 2026")
        page.get_by_label("Tahun anggaran").fill("2026")
        page.get_by_label("Anggaran (Rp)").fill("-5.000.000")
        page.get_by_role("button", name="Simpan").click()
        assert "tidak boleh negatif" in page.locator("form.stacked").inner_text()
        page.get_by_label("Anggaran (Rp)").fill(f"Rp {BUDGET:,}".replace(",", "."))
        page.get_by_role("button", name="Simpan").click()
        page.wait_for_url("**/perlindungan/")
        assert "APBD Kota Padang 2026" in page.locator("#source-table").inner_text()

        # A scheme for Kota Padang's informal workers, paid by that budget.
        page.get_by_role("link", name="Skema baru").click()
        page.get_by_label("Wilayah skema").fill("13.71")
        page.locator("#id_name").fill("Pekerja rentan Kota Padang 2026")
        page.get_by_label("Tahun anggaran").fill("2026")
        page.get_by_label("Perlindungan mulai").fill("2026-01-01")
        page.get_by_label("informal").check()
        page.get_by_label("APBD Kota Padang 2026 (2026)", exact=True).check()
        page.get_by_role("button", name="Simpan").click()
        page.wait_for_url("**/perlindungan/skema/*/")

        # The exact optimum beside the greedy baseline.
        page.get_by_role("button", name="Hitung alokasi terbaik").click()
        summary = page.locator("#run-summary").inner_text()
        assert f"melindungi {WORKERS} pekerja" in summary and "Optimal terbukti" in summary
        row = page.locator("#allocation-table tbody tr").first.locator("td")
        assert row.nth(5).inner_text() == str(WORKERS)
        assert row.nth(7).inner_text() == f"{BUDGET:,}".replace(
            ",", "."
        )  # cost = the budget, nothing unspent
        assert row.nth(8).inner_text() == "0"
        assert int(row.nth(9).inner_text().replace(".", "")) > 0  # what another Rp 100 juta would protect
        page.screenshot(path=str(ARTIFACTS / "cakupan-perlindungan-01-alokasi.png"), full_page=True)

        # A draft batch from it, verified by its maker, who cannot approve it.
        page.get_by_role("button", name="Buat draf batch dari hasil ini").click()
        page.wait_for_url("**/perlindungan/")
        page.locator("#batch-table a").first.click()
        batch_url = page.url
        assert page.locator("#member-table tbody tr").count() == WORKERS
        page.get_by_role("button", name="Verifikasi").click()
        assert page.locator("#batch-state").inner_text() == "Diverifikasi"
        page.get_by_role("button", name="Setujui").click()
        assert "pengguna lain" in page.locator("p.error").inner_text()
        assert page.locator("#batch-state").inner_text() == "Diverifikasi"

        # The second admin approves: the batch is frozen and the BPJSTK file can be downloaded.
        _login(page, base_url, "kadis")
        page.goto(batch_url)
        page.get_by_role("button", name="Setujui").click()
        assert page.locator("#batch-state").inner_text() == "Disetujui"
        with page.expect_download() as download:
            page.get_by_role("button", name="Unduh berkas pendaftaran BPJSTK").click()
        registration = tmp_path / "pendaftaran.xlsx"
        download.value.save_as(registration)
        sent = pl.read_excel(registration)
        assert sent.height == WORKERS and "NIK" in sent.columns
        niks = [str(n) for n in sent["NIK"].to_list()]
        assert all(len(n) == 16 and n.isdigit() for n in niks)
        page.reload()
        assert page.locator("#batch-state").inner_text() == "Diekspor"

        # BPJSTK's answer: first with a NIK not in the batch (refused whole), then the right one.
        answer = tmp_path / "jawaban.csv"

        def write_answer(rows: list[list[str]]) -> None:
            with answer.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out, delimiter=";")
                writer.writerow(["NIK", "No KPJ", "Status", "Keterangan"])
                writer.writerows(rows)

        rows = [[n, f"2601{k:07d}", "Diterima", ""] for k, n in enumerate(niks[1:], start=1)]
        rows.append([niks[0], "", "Ditolak", "Data tidak sesuai Dukcapil"])
        write_answer([*rows, ["1371010101900001", "26019999999", "Diterima", ""]])
        page.get_by_role("link", name="Unggah jawaban BPJSTK").click()
        page.set_input_files("#berkas", str(answer))
        page.get_by_role("button", name="Terapkan").click()
        # The background worker reads the answer; the page refreshes itself until it is done or failed.
        problems = page.locator("#reconcile-problems").inner_text()
        assert "tidak ada dalam batch ini" in problems and str(WORKERS + 2) in problems
        page.screenshot(path=str(ARTIFACTS / "cakupan-perlindungan-02-jawaban-ditolak.png"), full_page=True)

        write_answer(rows)
        page.set_input_files("#berkas", str(answer))
        page.get_by_role("button", name="Terapkan").click()
        assert f"{WORKERS - 1} pekerja diterima" in page.locator("#reconcile-outcome").inner_text()
        page.get_by_role("link", name="Kembali ke batch").click()
        page.wait_for_url(batch_url)
        assert page.locator("#batch-state").inner_text() == "Direkonsiliasi"
        table = page.locator("#member-table").inner_text()
        assert table.count("Diterima") == WORKERS - 1 and "Data tidak sesuai Dukcapil" in table
        page.screenshot(path=str(ARTIFACTS / "cakupan-perlindungan-03-batch.png"), full_page=True)

        # The contribution schedule shows what the source pays each month.
        page.goto(base_url + "/perlindungan/jadwal-iuran/?tahun=2026")
        first = page.locator("#schedule-table tbody tr").first.locator("td")
        assert first.nth(0).inner_text() == f"{(WORKERS - 1) * 16_800:,}".replace(",", ".")
        # It fits a 1366 px screen: the page does not scroll sideways.
        page.set_viewport_size({"width": 1366, "height": 768})
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        browser.close()
