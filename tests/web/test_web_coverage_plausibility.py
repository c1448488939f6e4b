"""A figure that cannot be true is shown with its likely cause on the page and in the exports (issue 18,
point 3): a kecamatan whose active participants exceed its published labour force."""

from __future__ import annotations

import re
from pathlib import Path

import fastexcel
import polars as pl
import pytest
from django.test import Client

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.imports.services import import_batch_create
from factories import membership_row, person_row, write_labour_force, write_memberships, write_persons
from pdf_text import pdf_text

pytestmark = pytest.mark.django_db
KECAMATAN = "13.02.05"
DESA = "13.02.05.2001"
CAUSE = (
    "Peserta aktif (3) melebihi angkatan kerja (2): angkatan kerja wilayah ini mungkin terlalu kecil atau "
    "usang (sumber BPS Uji, Sakernas, periode 2025-06), atau peserta terdaftar dengan domisili yang salah."
)


def _labour(code: str, value: int) -> dict[str, str]:
    return {"kode_wilayah": code, "periode": "2025-06", "jenis": "angkatan_kerja", "nilai": str(value),
            "sumber": "BPS Uji, Sakernas"}  # fmt: skip


@pytest.fixture
def data(sumbar_regions: None, tmp_path: Path) -> None:
    """Three active participants in a kecamatan whose published labour force is 2 (150 %); Kab. Solok: 3 ÷ 30."""
    people = [person_row(kecamatan=KECAMATAN, desa=DESA, serial=i + 1) for i in range(3)]
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", people))
    memberships = [membership_row(nik=p["nik"]) for p in people]
    import_batch_create(source="memberships", path=write_memberships(tmp_path / "m.csv", memberships))
    rows = [_labour("13.02", 30), _labour(KECAMATAN, 2)]
    import_batch_create(source="labour-force", path=write_labour_force(tmp_path / "lf.csv", rows))


def _client() -> Client:
    user = user_create(
        username="petugas", password="kata-sandi-uji-123", role=Role.PEMDA_ADMIN, region_codes=["13"]
    )
    client = Client()
    client.force_login(user)
    return client


def _sheet(content: bytes, name: str) -> pl.DataFrame:
    return fastexcel.read_excel(content).load_sheet(name).to_polars()


def test_page_shows_the_warning_in_the_childs_row_and_in_the_headline(data: None) -> None:
    client = _client()
    page = client.get("/wilayah/13.02/?tanggal=2025-06-30").content.decode()
    row = re.search(rf'<tr data-kode="{re.escape(KECAMATAN)}">(.*?)</tr>', page, flags=re.DOTALL)
    assert row is not None
    assert "150.00" in row.group(1) or "150,00" in row.group(1)
    assert "⚠" in row.group(1) and CAUSE in row.group(1)
    assert 'id="ucj-warnings"' not in page  # Kab. Solok's own figure (10 %) is plausible

    page = client.get(f"/wilayah/{KECAMATAN}/?tanggal=2025-06-30").content.decode()
    headline = re.search(r'id="ucj-warnings".*?</div>', page, flags=re.DOTALL)
    assert headline is not None and "Peringatan" in headline.group(0) and CAUSE in headline.group(0)
    ucj = re.search(r'<tr data-indicator="ucj" data-group="[^"]*" class="total">(.*?)</tr>', page, re.DOTALL)
    assert ucj is not None and CAUSE in ucj.group(1)


def test_xlsx_has_a_warning_column_with_the_cause(data: None) -> None:
    client = _client()
    content = client.get("/wilayah/13.02/ekspor.xlsx?tanggal=2025-06-30").content
    children = _sheet(content, "Wilayah")
    assert children.columns[-1] == "Peringatan"
    warnings = dict(zip(children.get_column("Kode"), children.get_column("Peringatan"), strict=True))
    assert warnings[KECAMATAN] == CAUSE
    assert not any(w for code, w in warnings.items() if code != KECAMATAN)

    content = client.get(f"/wilayah/{KECAMATAN}/ekspor.xlsx?tanggal=2025-06-30").content
    indicators = _sheet(content, "Indikator")
    assert indicators.columns[-1] == "Peringatan"
    ucj = indicators.filter((pl.col("Kode") == "ucj") & (pl.col("Rincian") == "total"))
    assert ucj.get_column("Peringatan").to_list() == [CAUSE]
    summary = _sheet(content, "Ringkasan")
    values = dict(zip(summary.get_column(summary.columns[0]), summary.get_column(summary.columns[1]), strict=True))  # fmt: skip
    assert values["Peringatan"] == CAUSE


def test_pdf_summary_has_a_warning_line(data: None) -> None:
    client = _client()
    text = pdf_text(client.get(f"/wilayah/{KECAMATAN}/ringkasan.pdf?tanggal=2025-06-30").content)
    assert b"Peringatan: Peserta aktif \\(3\\) melebihi angkatan kerja \\(2\\)" in text
    text = pdf_text(client.get("/wilayah/13.02/ringkasan.pdf?tanggal=2025-06-30").content)
    assert b"Peringatan: 1 angka tidak mungkin benar" in text
