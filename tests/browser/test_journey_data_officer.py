"""Journey 1 of issue 18, in a real Chromium: the data officer of Disnaker Kabupaten Solok.

She signs in, uploads a messy DTSEN extract of Kecamatan X Koto Diatas (XLSX with the office's headers, dates
DD/MM/YYYY, the NIK column stored as numbers by the exporting program, 8 bad rows of 288), maps the one column
Cakupan cannot know, downloads the rejected rows, corrects them and imports only them again; uploads BPJSTK's
membership list (CSV with ``;``, Windows-1252); reads UCJ with its source and drills down to a nagari; records the
APBD line and the APB Nagari lines of the eight nagari, makes a scheme they fund, runs the optimiser and makes a
batch; the head of the office approves it (maker-checker); she exports BPJSTK's collective-registration file and
imports BPJSTK's answer (KPJ numbers, two rejections); UCJ, the trend and the uncovered list then count the
accepted workers. Files from tests/journey_files.py; screenshots for docs/panduan.md ("Tiga perjalanan kerja")
through tests/journey_support.py.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from cakupan.core.nik import mask_nik
from journey_files import (
    KECAMATAN,
    NAGARI,
    Extract,
    Resident,
    bpjstk_answer_csv,
    bpjstk_memberships_csv,
    dtsen_workbook,
    fixed_rows,
)
from journey_support import Screens, chromium_page, journey_server, main_text, sign_in

pytestmark = pytest.mark.browser
PER_WORKER_YEAR = 16_800 * 12  # JKK + JKM at Rp 1.000.000, twelve months, paid by the APBD
# The same paid by an APB Nagari from January 2026 for a worker outside transport: PP 50/2025's 50% discount from
# April (3 × 16,800 + 9 × 8,400); three such, or three drivers (12 × 8,400), fit, four never do.
NAGARI_YEAR = 126_000
NAGARI_WORKERS = 3  # each APB Nagari pays for three of its own workers
APBD_WORKERS = 20
REJECTED_BY_BPJSTK = 2


@pytest.fixture(scope="module")
def served(
    journey_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("journey-data-officer")
    with journey_server(journey_template, folder) as served:
        yield served


@dataclass
class Officer:
    """The journey's state: the browser page, the files and what the steps learnt."""

    page: Any
    base_url: str
    folder: Path
    screens: Screens
    extract: Extract = field(init=False)
    members: list[Resident] = field(default_factory=list)
    ucj_before: str = ""
    uncovered_before: int = 0
    scheme_url: str = ""
    batch_url: str = ""
    sent_niks: list[str] = field(default_factory=list)

    def go(self, path: str) -> None:
        self.page.goto(self.base_url + path)


def _count(text: str) -> int:
    """The first number of a sentence ("125 pekerja belum terlindungi ditemukan.")."""
    found = re.search(r"\d[\d.]*", text)
    assert found, text
    return int(found.group().replace(".", ""))


def _commit(page: Any) -> None:
    """Save the valid rows and wait for the saved import's page."""
    page.locator("#commit-button").click()
    page.wait_for_url(re.compile(r".*/impor/riwayat/\d+/$"), timeout=120_000)


def _upload(o: Officer, source: str, path: Path, *, exact_numbers: bool = False) -> None:
    o.go("/impor/unggah/")
    o.page.get_by_label("Jenis data").select_option(source)
    o.page.get_by_label("Berkas (CSV atau XLSX)").set_input_files(str(path))
    if exact_numbers:
        o.page.locator("#id_exact_numbers").check()


def step_import_dtsen(o: Officer) -> None:
    """The DTSEN extract: one column to map by hand, 8 bad rows, the NIK numbers confirmed exact."""
    page = o.page
    workbook = o.folder / "DTSEN X Koto Diatas 2025.xlsx"
    o.extract = dtsen_workbook(workbook)
    ending_in_zero = [r for r in o.extract.residents if r.nik.endswith("0")]
    assert len(ending_in_zero) >= len(o.extract.residents) // 12  # about a tenth: kept, the numbers are exact
    _upload(o, "persons", workbook, exact_numbers=True)
    o.screens.shot(page, "j1-01-unggah-dtsen")
    page.locator("#upload-button").click()

    page.wait_for_url(re.compile(r".*/impor/[0-9a-f-]+/kolom/$"), timeout=60_000)
    assert page.get_by_label("no_nik", exact=True).input_value() == "nik"
    assert page.get_by_label("tgl_lahir", exact=True).input_value() == "tanggal_lahir"
    assert page.get_by_label("desil_dtsen", exact=True).input_value() == "desil"
    assert page.get_by_label("no", exact=True).input_value() == "-"  # the serial number: ignored
    examples = page.locator("#mapping-table").inner_text()
    first = o.extract.residents[0]
    assert first.nik not in examples  # NIK masked in the examples
    o.screens.shot(page, "j1-02-petakan-kolom", locator=page.locator("#mapping-table"))
    page.locator("#mapping-submit").click()

    page.wait_for_selector("#counts", timeout=60_000)
    bad = o.extract.rows - len(o.extract.residents)
    assert page.locator("#count-total").inner_text() == str(o.extract.rows)
    assert page.locator("#count-valid").inner_text() == str(len(o.extract.residents))
    assert page.locator("#count-rejected").inner_text() == str(bad)
    problems = page.locator("#problem-table").inner_text()
    assert "NIK harus 16 digit angka." in problems
    assert "di luar wilayah kerja" in problems
    assert "Wajib diisi." in problems
    assert "Bukan tanggal yang sah" in problems
    assert mask_nik(first.nik) in page.locator("#preview-table").inner_text()
    assert first.nik not in main_text(page)
    o.screens.shot(page, "j1-03-pratinjau")

    with page.expect_download() as download:
        page.locator("#error-download").click()
    galat = o.folder / "galat.xlsx"
    download.value.save_as(galat)
    _commit(page)
    assert page.locator("#batch-rejected").inner_text() == str(bad)
    assert int(page.locator("#batch-created").inner_text()) == len(o.extract.residents)

    # Only the rejected rows, corrected from the paper records, imported again as a new file.
    corrected = o.folder / "DTSEN X Koto Diatas 2025 - perbaikan.xlsx"
    fixed = fixed_rows(galat, corrected, o.extract)
    assert len(fixed) == len(o.extract.fixes)  # the rows of Kota Padang are not hers to fix
    _upload(o, "persons", corrected)
    page.locator("#upload-button").click()
    page.wait_for_selector("#counts", timeout=60_000)
    assert page.locator("#count-valid").inner_text() == str(len(fixed))
    assert page.locator("#count-rejected").inner_text() == "0"
    _commit(page)
    assert int(page.locator("#batch-created").inner_text()) == len(fixed)
    o.screens.shot(page, "j1-04-perbaikan-tersimpan")
    o.extract.residents.extend(fixed)


def step_import_memberships(o: Officer) -> None:
    """BPJSTK's membership list: ``;``, Windows-1252, its own headers; the name column is not Cakupan's."""
    page = o.page
    path = o.folder / "kepesertaan_bpjstk_x_koto_diatas.csv"
    o.members = bpjstk_memberships_csv(path, o.extract.residents)
    _upload(o, "memberships", path)
    page.locator("#upload-button").click()
    page.wait_for_url(re.compile(r".*/impor/[0-9a-f-]+/kolom/$"), timeout=60_000)
    assert page.get_by_label("nama_peserta", exact=True).input_value() == "-"
    examples = page.locator("#mapping-table").inner_text()
    assert not o.members[0].name.isascii() and o.members[0].name in examples, examples  # Windows-1252 read
    page.locator("#mapping-submit").click()
    page.wait_for_selector("#counts", timeout=60_000)
    assert page.locator("#count-valid").inner_text() == str(len(o.members))
    assert page.locator("#count-rejected").inner_text() == "0"
    _commit(page)
    assert int(page.locator("#batch-created").inner_text()) == len(o.members)


def step_read_ucj(o: Officer) -> None:
    """UCJ of the kecamatan with the source of its denominator, then down to a nagari."""
    page = o.page
    o.go(f"/wilayah/{KECAMATAN}/")
    assert page.locator("#ucj-numerator").inner_text() == str(len(o.members))
    assert page.locator("#ucj-denominator").inner_text() == "200"
    assert "Kecamatan X Koto Diatas dalam Angka 2025" in page.locator("#glance-sources").inner_text()
    o.ucj_before = page.locator("#ucj-percent").inner_text()
    o.screens.shot(page, "j1-05-ucj-kecamatan")
    page.get_by_role("link", name="Pekerja belum terlindungi").first.click()
    page.wait_for_url("**/belum-terlindungi/**")
    o.uncovered_before = _count(page.locator("#gap-count").inner_text())
    assert o.uncovered_before == len(o.extract.workers) - len(o.members)
    page.go_back()
    row = page.locator("#children-table tbody tr").filter(has_text="Sulit Air")
    row.get_by_role("link").first.click()
    page.wait_for_url("**/wilayah/13.02.12.2001/**")
    members_here = sum(1 for m in o.members if m.region == "13.02.12.2001")
    assert page.locator("#ucj-numerator").inner_text() == str(members_here)
    assert "Profil Nagari 2025" in page.locator("#glance-sources").inner_text()
    o.screens.shot(page, "j1-06-ucj-nagari")


def _source(o: Officer, *, region: str, kind: str, name: str, budget: int) -> None:
    page = o.page
    o.go("/perlindungan/dana/baru/")
    page.get_by_label("Wilayah anggaran").fill(region)
    page.get_by_label("Jenis").select_option(kind)
    page.locator("#id_name").fill(name)
    page.get_by_label("Tahun anggaran").fill("2026")
    page.get_by_label("Anggaran (Rp)").fill(f"{budget:,}".replace(",", "."))


def step_scheme_and_optimiser(o: Officer) -> None:
    """The APBD line, eight APB Nagari lines, a scheme they fund, the optimiser's allocation and a draft batch."""
    page = o.page
    for code, name in NAGARI.items():
        _source(
            o,
            region=code,
            kind="apb_nagari",
            name=f"APB Nagari {name} 2026",
            budget=NAGARI_WORKERS * NAGARI_YEAR,
        )
        if code.endswith("2008"):
            o.screens.shot(page, "j1-07-sumber-dana-nagari")
        page.get_by_role("button", name="Simpan").click()
        page.wait_for_url("**/perlindungan/")
    _source(
        o,
        region="13.02",
        kind="apbd_kabkota",
        name="APBD Kab. Solok 2026",
        budget=APBD_WORKERS * PER_WORKER_YEAR,
    )
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url("**/perlindungan/")
    assert page.locator("#source-table tbody tr").count() == 9

    page.get_by_role("link", name="Skema baru").click()
    page.get_by_label("Wilayah skema").fill(KECAMATAN)
    page.locator("#id_name").fill("Pekerja rentan X Koto Diatas 2026")
    page.get_by_label("Tahun anggaran").fill("2026")
    page.get_by_label("Perlindungan mulai").fill("2026-01-01")
    page.get_by_label("informal").check()
    for name in NAGARI.values():
        page.get_by_label(f"APB Nagari {name} 2026 (2026)", exact=True).check()
    page.get_by_label("APBD Kab. Solok 2026 (2026)", exact=True).check()
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url("**/perlindungan/skema/*/")
    o.scheme_url = page.url

    page.get_by_role("button", name="Hitung alokasi terbaik").click()
    page.wait_for_selector("#run-summary")
    total = len(NAGARI) * NAGARI_WORKERS + APBD_WORKERS
    summary = page.locator("#run-summary").inner_text()
    assert f"melindungi {total} pekerja" in summary and "Optimal terbukti" in summary, summary
    table = page.locator("#allocation-table").inner_text()
    for name in NAGARI.values():
        assert f"APB Nagari {name} 2026" in table
    o.screens.shot(page, "j1-08-alokasi", locator=page.locator("#allocation"))

    # One draft batch per funding source: each nagari's own three workers, and the APBD's twenty.
    page.get_by_role("button", name="Buat draf batch dari hasil ini").click()
    page.wait_for_url("**/perlindungan/")
    rows = page.locator("#batch-table tbody tr")
    assert rows.count() == len(NAGARI) + 1
    workers = {
        str(row.locator("td").nth(2).inner_text()): int(row.locator("td").nth(4).inner_text())
        for row in rows.all()
    }
    assert workers == {
        "APBD Kab. Solok 2026": APBD_WORKERS,
        **{f"APB Nagari {name} 2026": NAGARI_WORKERS for name in NAGARI.values()},
    }
    o.screens.shot(page, "j1-09-draf-batch", locator=page.locator("#batch-table"))
    rows.filter(has_text="APBD Kab. Solok 2026").get_by_role("link").click()
    page.wait_for_url("**/perlindungan/batch/*/")
    o.batch_url = page.url
    assert page.locator("#member-table tbody tr").count() == APBD_WORKERS
    page.get_by_role("button", name="Verifikasi").click()
    assert page.locator("#batch-state").inner_text() == "Diverifikasi"
    page.get_by_role("button", name="Setujui").click()
    assert "pengguna lain" in page.locator("p.error").inner_text()  # the maker cannot approve her own batch
    o.screens.shot(page, "j1-10-batch-pembuat")


def step_second_officer_approves(o: Officer) -> None:
    page = o.page
    sign_in(page, o.base_url, "kadis-solok")
    page.goto(o.batch_url)
    page.get_by_role("button", name="Setujui").click()
    assert page.locator("#batch-state").inner_text() == "Disetujui"
    o.screens.shot(page, "j1-11-disetujui")


def step_registration_file_and_answer(o: Officer) -> None:
    """Back as the officer: BPJSTK's collective-registration file out, BPJSTK's answer in."""
    page = o.page
    sign_in(page, o.base_url, "data-solok")
    page.goto(o.batch_url)
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh berkas pendaftaran BPJSTK").click()
    registration = o.folder / "pendaftaran.xlsx"
    download.value.save_as(registration)
    sent = pl.read_excel(registration, infer_schema_length=0)
    total = APBD_WORKERS
    assert sent.height == total and {"NIK", "NOMOR KK"} <= set(sent.columns)
    o.sent_niks = [str(n) for n in sent["NIK"].to_list()]
    assert all(len(n) == 16 and n.isdigit() for n in o.sent_niks)
    assert all(str(kk) for kk in sent["NOMOR KK"].to_list())

    answer = o.folder / "jawaban_bpjstk.csv"
    bpjstk_answer_csv(answer, o.sent_niks, rejected=REJECTED_BY_BPJSTK)
    page.reload()
    page.get_by_role("link", name="Unggah jawaban BPJSTK").click()
    page.set_input_files("#berkas", str(answer))
    page.get_by_role("button", name="Terapkan").click()
    outcome = page.locator("#reconcile-outcome").inner_text()
    assert f"{total - REJECTED_BY_BPJSTK} pekerja diterima" in outcome, outcome
    o.screens.shot(page, "j1-12-jawaban-bpjstk")
    page.get_by_role("link", name="Kembali ke batch").click()
    page.wait_for_url(o.batch_url)
    assert page.locator("#batch-state").inner_text() == "Direkonsiliasi"
    table = page.locator("#member-table").inner_text()
    assert table.count("Diterima") == total - REJECTED_BY_BPJSTK
    assert "Data tidak sesuai Dukcapil" in table
    o.screens.shot(page, "j1-13-batch-direkonsiliasi")


def step_coverage_moves(o: Officer) -> None:
    """After BPJSTK's answer UCJ of the kecamatan counts the accepted workers, the trend's last month rises with
    it, and the uncovered list no longer holds them (the rejected two stay on it)."""
    page = o.page
    accepted = len(o.sent_niks) - REJECTED_BY_BPJSTK
    deadline = time.monotonic() + 60  # the facts are refreshed by the background worker
    while True:
        o.go(f"/wilayah/{KECAMATAN}/")
        numerator = int(page.locator("#ucj-numerator").inner_text())
        if numerator == len(o.members) + accepted or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert numerator == len(o.members) + accepted
    assert page.locator("#ucj-percent").inner_text() != o.ucj_before
    o.screens.shot(page, "j1-14-ucj-setelah-jawaban")
    page.locator("#trend > summary").click()  # the trend is a section that opens below the first screen
    trend = page.locator("#trend-table tbody tr")
    last, first = trend.last.inner_text(), trend.first.inner_text()
    assert str(len(o.members) + accepted) in last and str(len(o.members) + accepted) not in first, (
        first,
        last,
    )
    o.screens.shot(page, "j1-15-tren", locator=page.locator("#trend"))
    page.get_by_role("link", name="Pekerja belum terlindungi").first.click()
    page.wait_for_url("**/belum-terlindungi/**")
    assert _count(page.locator("#gap-count").inner_text()) == o.uncovered_before - accepted
    names = {r.nik: r.name for r in o.extract.residents}
    refused = o.sent_niks[0]  # refused by BPJSTK: still uncovered, and found by name
    page.locator("#q").fill(names[refused])
    page.locator("#gap-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert mask_nik(refused) in page.locator("#gap-table").inner_text()
    o.go(f"/wilayah/{KECAMATAN}/belum-terlindungi/")
    o.screens.shot(page, "j1-16-belum-terlindungi")


def step_lands_on_kab_solok(o: Officer) -> None:
    """Right after signing in, the officer is on Kabupaten Solok's page, not the province's (issue 18 point 7)."""
    assert o.page.url.endswith("/wilayah/13.02/"), o.page.url


def test_kab_solok_data_officer(served: tuple[str, dict[str, str]], tmp_path: Path, screens: Screens) -> None:
    base_url, _env = served
    with chromium_page() as page:
        sign_in(page, base_url, "data-solok")
        screens.shot(page, "j1-00-masuk")
        o = Officer(page=page, base_url=base_url, folder=tmp_path, screens=screens)
        step_lands_on_kab_solok(o)
        step_import_dtsen(o)
        step_import_memberships(o)
        step_read_ucj(o)
        step_scheme_and_optimiser(o)
        step_second_officer_approves(o)
        step_registration_file_and_answer(o)
        step_coverage_moves(o)
