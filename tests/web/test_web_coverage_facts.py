"""Coverage facts in the operational database: recomputed by imports, read by the pages, the same on DuckDB.

Kab. Solok's nagari participation (BRIEF §1): 54 of its 74 nagari fund workers from the nagari budget, which
offices report truncated as 72.9 % (half-up would say 73.0 %).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from django.http import HttpRequest
from django.test import Client

from cakupan.cli import main
from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.imports.services import import_batch_create
from cakupan.web.indicators.models import CoverageFact, FactsRefresh
from cakupan.web.indicators.selectors import fact_period, indicator_figures
from cakupan.web.registry.models import Region
from factories import membership_row, person_row, write_memberships, write_persons

pytestmark = pytest.mark.django_db


def _nagari_files(tmp_path: Path, funded: int) -> tuple[Path, Path]:
    """One worker in each of Kab. Solok's nagari; in ``funded`` of them the nagari budget pays."""
    desa = list(
        Region.objects.filter(level=4, code__startswith="13.02.")
        .order_by("code")
        .values_list("code", flat=True)
    )
    assert len(desa) == 74
    persons, memberships = [], []
    for i, code in enumerate(desa):
        row = person_row(kecamatan=code[:8], desa=code, serial=i + 1)
        persons.append(row)
        payer = "apb_nagari" if i < funded else "apbd"
        memberships.append(membership_row(nik=row["nik"], start="2025-01-01", payer=payer))
    return write_persons(tmp_path / "p.csv", persons), write_memberships(tmp_path / "m.csv", memberships)


def test_54_of_74_nagari_is_reported_as_72_9_percent(sumbar_regions: None, tmp_path: Path) -> None:
    persons, memberships = _nagari_files(tmp_path, funded=54)
    import_batch_create(source="persons", path=persons)
    import_batch_create(source="memberships", path=memberships)
    period = fact_period()
    assert period is not None and period.as_of == dt.date(2025, 6, 30)
    figure = indicator_figures(region_code="13.02", period=period)["nagari_participation"][0]
    assert (figure.numerator, figure.denominator, figure.denominator_kind) == (54, 74, "nagari")
    assert figure.value == Decimal("72.9")  # truncated, as the definition says; half-up would give 73.0


def test_imports_recompute_the_facts(sumbar_regions: None, tmp_path: Path) -> None:
    persons, memberships = _nagari_files(tmp_path, funded=3)
    import_batch_create(source="persons", path=persons)
    assert not CoverageFact.objects.filter(indicator="ucj").exists()  # persons, but nobody covered yet
    import_batch_create(source="memberships", path=memberships)
    refresh = FactsRefresh.objects.get()
    assert (refresh.as_of, refresh.first_period, refresh.last_period) == (
        dt.date(2025, 6, 30),
        dt.date(2024, 7, 1),
        dt.date(2025, 6, 1),
    )
    june = CoverageFact.objects.filter(indicator="ucj", period=dt.date(2025, 6, 1), measure="numerator")
    assert sum(june.values_list("value", flat=True)) == 74
    december = CoverageFact.objects.filter(indicator="ucj", period=dt.date(2024, 12, 1))
    assert not december.exists()  # memberships start in January 2025
    january = CoverageFact.objects.filter(indicator="new_enrolments", group="", period=dt.date(2025, 1, 1))
    assert sum(january.values_list("value", flat=True)) == 74


def test_operational_facts_equal_duckdb_over_the_snapshot(sumbar_regions: None, tmp_path: Path) -> None:
    persons, memberships = _nagari_files(tmp_path, funded=20)
    import_batch_create(source="persons", path=persons)
    import_batch_create(source="memberships", path=memberships)
    columns = ["indicator", "group", "region_code", "period", "measure", "value"]

    def stored() -> pl.DataFrame:
        rows = list(CoverageFact.objects.values_list(*columns))
        return pl.DataFrame(rows, schema=columns, orient="row").sort(columns)

    on_operational = stored()
    runner = CliRunner()
    result = runner.invoke(main, ["facts", "snapshot", str(tmp_path / "snapshot")])
    assert result.exit_code == 0, result.output
    assert not list((tmp_path / "snapshot").glob("*.csv"))
    result = runner.invoke(main, ["facts", "refresh", "--snapshot", str(tmp_path / "snapshot")])
    assert result.exit_code == 0, result.output
    assert "duckdb" in result.output
    assert FactsRefresh.objects.get().engine == "duckdb"
    assert stored().equals(on_operational)
    assert on_operational.height > 100


def test_snapshot_holds_no_personal_identifiers(sumbar_regions: None, tmp_path: Path) -> None:
    persons, _ = _nagari_files(tmp_path, funded=1)
    import_batch_create(source="persons", path=persons)
    result = CliRunner().invoke(main, ["facts", "snapshot", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    frame = pl.read_parquet(tmp_path / "s" / "persons.parquet")
    assert frame.columns == ["id", "kode_wilayah", "sector", "decile"]


def test_refresh_from_a_folder_that_is_not_a_snapshot_says_so(db: None, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["facts", "refresh", "--snapshot", str(tmp_path)])
    assert result.exit_code != 0
    assert "bukan snapshot lengkap" in result.output and "Traceback" not in result.output


def test_dashboard_shows_trend_indicators_and_target_link(sumbar_regions: None, tmp_path: Path) -> None:
    persons, memberships = _nagari_files(tmp_path, funded=54)
    import_batch_create(source="persons", path=persons)
    import_batch_create(source="memberships", path=memberships)
    user_create(username="pemda", password="kata-sandi-uji-123", role=Role.PEMDA_ADMIN, region_codes=["13"])
    client = Client()
    assert client.login(request=HttpRequest(), username="pemda", password="kata-sandi-uji-123")
    page = client.get("/wilayah/13.02/").content.decode()
    assert page.count('<tr data-month="') == 12
    assert '<tr data-month="2025-01"><td>' in page
    assert 'data-indicator="nagari_participation"' in page and "72,9 %" in page
    assert 'id="no-map"' in page  # no boundaries imported: the table view, said plainly
    old = client.get("/wilayah/13.02/?tanggal=2020-01-31").content.decode()
    assert "2020-01-31" in old and 'role="alert"' in old
