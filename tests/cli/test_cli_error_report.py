"""`cakupan import ... --errors-out FILE`: .xlsx gives the rejected rows to fix, .csv the list, anything else is
refused before a single row is imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cakupan.cli import main
from cakupan.ingest.readers import read_table
from factories import membership_row, person_row, write_memberships, write_persons

DESA = "13.02.05.2001"


def persons_with_two_bad_rows(tmp_path: Path) -> Path:
    rows = [person_row(kecamatan=DESA[:8], desa=DESA, serial=i) for i in range(1, 5)]
    rows[1] = {**rows[1], "tanggal_lahir": "1985-13-01"}
    rows[3] = {**rows[3], "nik": "1302050107850"}
    return write_persons(tmp_path / "bad.csv", rows)


@pytest.mark.django_db
def test_import_writes_the_rejected_rows_as_xlsx(sumbar_regions: None, tmp_path: Path) -> None:
    from cakupan.web.registry.models import Person

    source = persons_with_two_bad_rows(tmp_path)
    report = tmp_path / "report.xlsx"
    result = CliRunner().invoke(main, ["import", "persons", str(source), "--errors-out", str(report)])
    assert result.exit_code == 0, result.output
    assert "2 baru, 0 diperbarui, 2 ditolak" in result.output
    assert f"2 baris yang ditolak dan semua masalah: {report}" in result.output
    assert Person.objects.count() == 2
    sheet = read_table(report)
    assert sheet.get_column("baris_asal").to_list() == ["3", "5"]
    assert sheet.get_column("tanggal_lahir").to_list() == ["1985-13-01", "1985-07-01"]
    assert sheet.get_column("nik").to_list()[1] == "1302050107850"
    assert sheet.get_column("masalah").to_list() == [
        "tanggal_lahir: Bukan tanggal yang sah (gunakan YYYY-MM-DD).",
        "nik: NIK harus 16 digit angka.",
    ]


@pytest.mark.django_db
def test_memberships_of_unknown_persons_are_reported_when_nothing_is_imported(
    sumbar_regions: None, tmp_path: Path
) -> None:
    from cakupan.web.imports.models import ImportBatch

    nik = person_row(kecamatan=DESA[:8], desa=DESA, serial=7)["nik"]
    source = write_memberships(tmp_path / "peserta.csv", [membership_row(nik=nik)])
    report = tmp_path / "peserta-masalah.xlsx"
    result = CliRunner().invoke(main, ["import", "memberships", str(source), "--errors-out", str(report)])
    assert result.exit_code == 1 and "tidak ada baris yang sah" in result.output
    assert not ImportBatch.objects.exists()
    sheet = read_table(report)
    assert sheet.get_column("nik").to_list() == [nik]
    assert sheet.get_column("masalah").to_list() == [
        "nik: NIK ini belum ada di registri penduduk; impor data penduduk dahulu."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["x.txt", "masalah", "masalah.xls"])
def test_other_report_suffixes_are_refused_before_importing(
    sumbar_regions: None, tmp_path: Path, name: str
) -> None:
    from cakupan.web.imports.models import ImportBatch
    from cakupan.web.registry.models import Person

    source = persons_with_two_bad_rows(tmp_path)
    result = CliRunner().invoke(
        main, ["import", "persons", str(source), "--errors-out", str(tmp_path / name)]
    )
    assert result.exit_code == 1
    assert "akhiran berkas harus .xlsx" in result.output and "Tidak ada yang diimpor." in result.output
    assert not ImportBatch.objects.exists() and not Person.objects.exists()
    assert not (tmp_path / name).exists()


@pytest.mark.django_db
def test_the_report_may_not_overwrite_the_imported_file(sumbar_regions: None, tmp_path: Path) -> None:
    from cakupan.web.imports.models import ImportBatch

    source = persons_with_two_bad_rows(tmp_path)
    result = CliRunner().invoke(main, ["import", "persons", str(source), "--errors-out", str(source)])
    assert result.exit_code == 1 and "adalah berkas yang diimpor" in result.output
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_csv_report_quotes_formula_like_values(sumbar_regions: None, tmp_path: Path) -> None:
    rows = [person_row(kecamatan=DESA[:8], desa=DESA, serial=i) for i in (1, 2)]
    rows[1] = {**rows[1], "desil": "-5"}
    source = write_persons(tmp_path / "p.csv", rows)
    report = tmp_path / "masalah.CSV"
    result = CliRunner().invoke(main, ["import", "persons", str(source), "--errors-out", str(report)])
    assert result.exit_code == 0, result.output
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "berkas,baris,kolom,nilai,jenis,masalah"
    assert lines[1].startswith("p.csv,3,desil,'-5,galat,")
