"""The coverage dashboard in a real Chromium: the 19 kab/kota coloured by UCJ with a legend once boundaries are
imported, the monthly trend, the indicators, a target set in the browser and its progress, the gap list with
masked NIK, and the XLSX and PDF downloads. Screenshots go to var/test-artifacts/.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, CLI, REPO, demo_server
from cakupan.maps import YLGN, class_of

pytestmark = pytest.mark.browser
KABKOTA_GEOJSON = REPO.parent / "shared" / "data" / "sumbar_kabkota.geojson"


@pytest.fixture(scope="module")
def demo(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    if not KABKOTA_GEOJSON.exists():
        pytest.skip(f"{KABKOTA_GEOJSON} is not here (shared public data)")
    with demo_server(demo_template, tmp_path_factory.mktemp("demo")) as served:
        _, env = served
        subprocess.run(
            [*CLI, "regions", "boundaries", str(KABKOTA_GEOJSON)], env=env, check=True, capture_output=True
        )
        yield served


def _percent(text: str) -> Decimal:
    return Decimal(text.replace(" %", "").replace(".", "").replace(",", "."))


def test_dashboard_map_trend_target_gaps_and_downloads(demo: tuple[str, dict[str, str]]) -> None:
    from playwright.sync_api import sync_playwright

    base_url, _ = demo
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="id-ID", viewport={"width": 1280, "height": 900})
        page.goto(base_url + "/masuk/")
        page.get_by_label("Nama pengguna").fill("pemda")
        page.get_by_label("Kata sandi").fill("demo-pemda-ganti")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url("**/wilayah/13/")

        # The map: every kab/kota drawn, coloured by the class of the UCJ % the table shows, with a legend.
        paths = page.locator("#coverage-map path[data-code]")
        assert paths.count() == 19
        table = {
            row.get_attribute("data-kode"): row.locator("td.ucj").inner_text()
            for row in page.locator("#children-table tbody tr").all()
        }
        assert len(table) == 19
        for i in range(19):
            area = paths.nth(i)
            code = area.get_attribute("data-code")
            shown = table[code]
            assert shown != "—", f"{code} has no UCJ %"
            assert area.get_attribute("fill") == YLGN[6][class_of(_percent(shown))], code
        legend = page.locator("#coverage-map g.legend")
        assert "Cakupan UCJ (%)" in (legend.text_content() or "")
        assert page.locator("#coverage-map .legend-item").count() == 7  # six classes and "no data"
        page.screenshot(path=str(ARTIFACTS / "cakupan-01-provinsi-peta.png"), full_page=True)

        # Trend and indicators.
        assert page.locator("#trend-table tbody tr").count() == 12
        assert page.locator("svg.trend circle").count() == 12
        assert page.locator('#indicator-table tr[data-indicator="coverage_by_segment"]').count() == 5
        assert page.locator('#indicator-table tr[data-indicator="nagari_participation"]').count() == 1

        # A target set in the browser, then its progress on the region's page.
        page.goto(base_url + "/target/baru/")
        page.get_by_label("Kode wilayah").fill("13.12")
        page.get_by_label("Nilai awal (%)").fill("0,50")
        page.get_by_label("Tanggal nilai awal").fill("2024-06-30")
        page.get_by_label("Target (%)").fill("51,4")
        page.get_by_label("Tanggal target").fill("2029-12-31")
        page.get_by_label("Dokumen sumber").fill("RPJMD Kabupaten Pasaman Barat 2025–2029")
        page.get_by_role("button", name="Simpan").click()
        page.goto(base_url + "/wilayah/13.12/")
        page.locator("#target > summary").click()  # the progress table is a detail, closed at first
        assert "RPJMD Kabupaten Pasaman Barat" in page.locator("#target").inner_text()
        assert re.fullmatch(r"-?[0-9.]+,[0-9] %", page.locator("#target-progress").inner_text())
        assert "poin persen per bulan" in page.locator("#target-required").inner_text()
        assert page.locator("#no-map").count() == 1  # no kecamatan boundaries imported: said, not hidden
        page.screenshot(path=str(ARTIFACTS / "cakupan-02-kabupaten-target.png"), full_page=True)

        # The gap list: uncovered workers, NIK masked.
        page.get_by_role("link", name="Pekerja belum terlindungi").first.click()
        page.wait_for_url("**/belum-terlindungi/**")
        body = page.locator("main").inner_text()
        assert re.search(r"\b13\d{2}\*{8}\d{4}\b", body)
        assert not re.search(r"\b\d{16}\b", body)
        page.screenshot(path=str(ARTIFACTS / "cakupan-03-belum-terlindungi.png"), full_page=True)

        # Downloads: the workbook and the one-page PDF.
        xlsx = page.request.get(base_url + "/wilayah/13/ekspor.xlsx")
        assert xlsx.status == 200 and xlsx.body()[:2] == b"PK"
        pdf = page.request.get(base_url + "/wilayah/13/ringkasan.pdf")
        assert pdf.status == 200 and pdf.body()[:5] == b"%PDF-"
        (ARTIFACTS / "cakupan-ringkasan-13.pdf").write_bytes(pdf.body())
        browser.close()
