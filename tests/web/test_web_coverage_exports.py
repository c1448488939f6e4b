"""The coverage dashboard's downloads: every table as XLSX (numbers as numbers, dates as dates, native charts)
and the one-page PDF summary, with the page's permission and scope."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import fastexcel
import polars as pl
import pytest
from django.contrib.auth.models import User
from django.db.models import Count
from django.test import Client
from django.utils import translation

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.imports.services import import_batch_create
from cakupan.web.indicators.dashboard import region_dashboard
from cakupan.web.indicators.selectors import fact_period
from cakupan.web.indicators.summary_pdf import MAX_CHILDREN, latin1, summary_pdf
from cakupan.web.registry.models import Region
from cakupan.web.targets.models import CoverageTarget
from factories import membership_row, person_row, write_labour_force, write_memberships, write_persons
from pdf_text import pdf_text

pytestmark = pytest.mark.django_db
DESA = "13.02.05.2001"  # Kab. Solok
OTHER_DESA = "13.02.05.2002"
PADANG = "13.71.01.1001"


def _labour(code: str, period: str, value: int) -> dict[str, str]:
    return {"kode_wilayah": code, "periode": period, "jenis": "angkatan_kerja", "nilai": str(value),
            "sumber": "BPS Uji, Sakernas"}  # fmt: skip


@pytest.fixture
def data(sumbar_regions: None, tmp_path: Path) -> None:
    """Kab. Solok: 4 of 6 residents active in June 2025 over an angkatan kerja of 20 (20.00 %); one lapsed in
    March. Kota Padang: 1 active over 10 (10.00 %). A target for Kab. Solok."""
    solok = [person_row(kecamatan=DESA[:8], desa=DESA, serial=i + 1) for i in range(4)]
    solok += [person_row(kecamatan=DESA[:8], desa=OTHER_DESA, serial=i + 5) for i in range(2)]
    padang = person_row(kecamatan=PADANG[:8], desa=PADANG, serial=1)
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", [*solok, padang]))
    memberships = [membership_row(nik=p["nik"]) for p in solok[:3]]
    memberships += [
        membership_row(nik=solok[3]["nik"], start="2025-02-01", end="2025-03-31", segment="PU", payer="pemberi_kerja"),
        membership_row(nik=solok[4]["nik"], start="2025-03-01", segment="JAKON", payer="pemberi_kerja"),
        membership_row(nik=padang["nik"]),
    ]  # fmt: skip
    import_batch_create(source="memberships", path=write_memberships(tmp_path / "m.csv", memberships))
    rows = [_labour("13.02", "2024-08", 20), _labour("13.02", "2025-06", 20), _labour("13.71", "2025-06", 10)]
    import_batch_create(source="labour-force", path=write_labour_force(tmp_path / "lf.csv", rows))
    CoverageTarget.objects.create(
        region_id="13.02",
        baseline_value=Decimal("10.00"),
        baseline_date=dt.date(2024, 12, 31),
        target_value=Decimal("50.00"),
        target_date=dt.date(2029, 12, 31),
        source_document="RPJMD Kab. Solok 2025–2029",
    )


def _client(role: Role = Role.PEMDA_ADMIN, regions: tuple[str, ...] = ("13",)) -> Client:
    user = user_create(
        username="petugas", password="kata-sandi-uji-123", role=role, region_codes=list(regions)
    )
    client = Client()
    client.force_login(user)
    return client


def _sheet(content: bytes, name: str) -> pl.DataFrame:
    return fastexcel.read_excel(content).load_sheet(name).to_polars()


def _pages(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", content))


# XLSX


def test_workbook_holds_every_table_with_numbers_and_dates(data: None) -> None:
    response = _client().get("/wilayah/13.02/ekspor.xlsx?tanggal=2025-06-30")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="cakupan-13.02-2025-06.xlsx"'
    content = response.content
    assert fastexcel.read_excel(content).sheet_names == ["Ringkasan", "Wilayah", "Tren", "Indikator"]

    summary = _sheet(content, "Ringkasan")
    values = dict(
        zip(summary.get_column(summary.columns[0]), summary.get_column(summary.columns[1]), strict=True)
    )
    assert "Kabupaten Solok" in values.values() and "RPJMD Kab. Solok 2025–2029" in values.values()

    children = _sheet(content, "Wilayah")
    assert children.height == Region.objects.filter(parent_id="13.02").count()
    assert children.get_column(children.columns[0]).to_list() == sorted(
        children.get_column(children.columns[0])
    )
    kecamatan = children.row(by_predicate=pl.col(children.columns[0]) == DESA[:8], named=False)
    assert kecamatan[2] == 4  # active participants, a number
    assert kecamatan[3] is None and kecamatan[7] is None  # no denominator published for the kecamatan

    trend = _sheet(content, "Tren")
    assert trend.height == 12
    assert trend.schema[trend.columns[1]] in (pl.Date, pl.Datetime("ms"))
    june = trend.row(-1, named=False)
    assert _as_date(june[1]) == dt.date(2025, 6, 30)
    assert june[2:5] == (4, 20, 20.0)  # active, denominator, UCJ % as numbers
    # 2024-07 .. 2025-06: three start in January, one in February (ends 2025-03-31, so lapsed in April), one
    # in March
    assert trend.get_column(trend.columns[2]).to_list() == [0] * 6 + [3, 4, 5, 4, 4, 4]
    assert trend.get_column(trend.columns[5]).to_list() == [0] * 6 + [3, 1, 1, 0, 0, 0]
    assert trend.get_column(trend.columns[6]).to_list() == [0] * 9 + [1, 0, 0]
    assert trend.row(0, named=False)[3:5] == (None, None)  # July 2024: no denominator published yet

    indicators = _sheet(content, "Indikator")
    ucj = indicators.filter(pl.col(indicators.columns[1]) == "ucj").row(0, named=False)
    assert ucj[3:5] == (4, 20) and ucj[6] == 20.0
    names = set(indicators.get_column(indicators.columns[1]))
    assert {"ucj", "coverage_by_segment", "nagari_participation", "bpu_national", "lapses"} <= names


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def test_workbook_has_native_charts_and_number_formats(data: None) -> None:
    content = _client().get("/wilayah/13/ekspor.xlsx").content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        kinds = {archive.read(n).decode().count("<c:barChart>") + 2 * archive.read(n).decode().count("<c:lineChart>") for n in charts}  # fmt: skip
        styles = archive.read("xl/styles.xml").decode()
        sheet = archive.read("xl/worksheets/sheet2.xml").decode()  # Wilayah
    assert len(charts) == 2 and kinds == {1, 2}  # one bar chart (children), one line chart (trend)
    assert 'formatCode="#,##0.00"' in styles and 'formatCode="yyyy-mm-dd"' in styles
    assert "<f>" not in sheet  # values, never formulas
    children = _sheet(content, "Wilayah")
    assert children.height == 19
    solok = children.row(by_predicate=pl.col(children.columns[0]) == "13.02", named=False)
    padang = children.row(by_predicate=pl.col(children.columns[0]) == "13.71", named=False)
    assert (solok[2], solok[3], solok[7]) == (4, 20, 20.0)
    assert (padang[2], padang[3], padang[7]) == (1, 10, 10.0)


@pytest.mark.parametrize(("table", "sheet"), [("wilayah", "Wilayah"), ("tren", "Tren"), ("indikator", "Indikator"),
                                              ("ringkasan", "Ringkasan")])  # fmt: skip
def test_one_table_gives_one_sheet(data: None, table: str, sheet: str) -> None:
    response = _client().get(f"/wilayah/13.02/ekspor.xlsx?tabel={table}")
    assert fastexcel.read_excel(response.content).sheet_names == [sheet]
    assert response["Content-Disposition"].endswith(f'cakupan-13.02-2025-06-{table}.xlsx"')


def test_unknown_table_and_bad_date_still_give_the_latest_workbook(data: None) -> None:
    response = _client().get("/wilayah/13.02/ekspor.xlsx?tabel=rahasia&tanggal=30-06-2025")
    assert response.status_code == 200
    assert len(fastexcel.read_excel(response.content).sheet_names) == 4
    trend = _sheet(response.content, "Tren")
    assert _as_date(trend.row(-1, named=False)[1]) == dt.date(2025, 6, 30)


def test_earlier_month_is_exported_as_asked(data: None) -> None:
    response = _client().get("/wilayah/13.02/ekspor.xlsx?tanggal=2025-03-31&tabel=tren")
    assert response["Content-Disposition"].endswith('cakupan-13.02-2025-03-tren.xlsx"')
    trend = _sheet(response.content, "Tren")
    assert _as_date(trend.row(-1, named=False)[0]) == dt.date(2025, 3, 1)


def test_workbook_children_are_limited_to_the_scope(data: None) -> None:
    client = _client(Role.BPJSTK_OFFICER, ("13.02",))
    children = _sheet(client.get("/wilayah/13/ekspor.xlsx?tabel=wilayah").content, "Wilayah")
    assert children.get_column(children.columns[0]).to_list() == ["13.02"]


# PDF


def test_pdf_is_one_page_with_the_figures(data: None) -> None:
    response = _client().get("/wilayah/13.02/ringkasan.pdf?tanggal=2025-06-30")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cakupan-13.02-2025-06.pdf"'
    content = response.content
    assert content.startswith(b"%PDF") and _pages(content) == 1
    text = pdf_text(content)
    assert b"Kabupaten Solok" in text
    assert b"(20,00 %)" in text  # the big UCJ figure, Indonesian decimal comma
    assert b"BPS Uji, Sakernas" in text and b"RPJMD Kab. Solok 2025-2029" in text  # dash made Latin-1
    assert b"13.02.05" in text  # a kecamatan row


def test_pdf_in_english_uses_english_digits(data: None) -> None:
    period = fact_period()
    assert period is not None
    dashboard = region_dashboard(region_code="13.02", period=period, kind="angkatan_kerja")
    with translation.override("en"):
        content = summary_pdf(dashboard, language="en")
    text = pdf_text(content)
    assert b"(20.00 %)" in text and b"Progress to target" in text and b"UCJ = 4 active participants" in text


def test_pdf_of_a_province_lists_every_kab_kota(data: None) -> None:
    content = _client().get("/wilayah/13/ringkasan.pdf").content
    text = pdf_text(content)
    assert _pages(content) == 1
    assert all(f"({code})".encode() in text for code in Region.objects.filter(parent_id="13").values_list("code", flat=True))  # fmt: skip
    assert not re.search(rb"\(\.\.\. (and|dan) \d+", text)  # nothing left out


def test_pdf_of_the_biggest_kecamatan_lists_every_desa(data: None) -> None:
    biggest = Region.objects.filter(level=3).annotate(n=Count("children")).order_by("-n", "code").first()
    assert biggest is not None
    content = _client().get(f"/wilayah/{biggest.code}/ringkasan.pdf").content
    text = pdf_text(content)
    assert _pages(content) == 1
    assert all(f"({desa.code})".encode() in text for desa in biggest.children.all())


def test_pdf_with_many_children_and_long_texts_stays_one_page(data: None) -> None:
    """More children than fit (a kecamatan of Java has up to ~60 desa) and texts longer than their place."""
    period = fact_period()
    assert period is not None
    dashboard = region_dashboard(region_code="13.02.05", period=period, kind="angkatan_kerja")
    long_name = "Nagari " + "Panjang Sekali " * 12
    children = [replace(dashboard.coverage, region_code=f"13.02.05.{2100 + i}", region_name=f"{long_name}{i}",
                        region_level=4) for i in range(60)]  # fmt: skip
    target = CoverageTarget.objects.get(region_id="13.02")
    target.source_document = "Dokumen " * 60
    dashboard = replace(region_dashboard(region_code="13.02", period=period, kind="angkatan_kerja"),
                        children=children, target=target)  # fmt: skip
    with translation.override("en"):
        content = summary_pdf(dashboard, language="en")
    text = pdf_text(content)
    assert content.startswith(b"%PDF") and _pages(content) == 1
    shown = sum(f"(13.02.05.{2100 + i})".encode() in text for i in range(60))
    assert 10 < shown < MAX_CHILDREN
    assert f"... and {60 - shown} more".encode() in text
    assert f"(13.02.05.{2100 + shown - 1})".encode() in text  # the first ones by code


def test_latin1_keeps_what_core_fonts_can_draw() -> None:
    assert (
        latin1("31.442 ÷ 226.964 × 100 — 2025–2029 → ≤ … Ñ")
        == "31.442 ÷ 226.964 × 100 - 2025-2029 -> <= ... Ñ"
    )
    assert latin1("Nagari 漢") == "Nagari ?"


# Access


@pytest.mark.parametrize("url", ["/wilayah/13.71/ekspor.xlsx", "/wilayah/13.71/ringkasan.pdf"])
def test_outside_the_scope_is_404(data: None, url: str) -> None:
    assert _client(Role.REGION_OPERATOR, (DESA,)).get(url).status_code == 404


@pytest.mark.parametrize("url", ["/wilayah/13/ekspor.xlsx", "/wilayah/13/ringkasan.pdf"])
def test_without_the_permission_is_403(data: None, url: str) -> None:
    client = Client()
    client.force_login(User.objects.create_user(username="tanpa-peran", password="kata-sandi-uji-123"))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/wilayah/13/ekspor.xlsx", "/wilayah/13/ringkasan.pdf"])
def test_before_the_first_facts_refresh_is_404(sumbar_regions: None, url: str) -> None:
    from cakupan.web.indicators.models import FactsRefresh

    FactsRefresh.objects.all().delete()  # loading the regions computed (empty) facts; undo that
    response = _client().get(url)
    assert response.status_code == 404 and b"cakupan facts refresh" in response.content


@pytest.mark.parametrize("code", ["99", "bukan-kode", "13.02.05.9999"])
def test_unknown_region_is_404(data: None, code: str) -> None:
    assert _client().get(f"/wilayah/{code}/ringkasan.pdf").status_code == 404
