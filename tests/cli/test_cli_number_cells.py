"""`cakupan import` of an XLSX whose NIK column holds numbers (issue 18, point 1): only the rows whose number may
have lost its 16th digit in Excel are rejected, and ``--angka-tepat`` confirms that the file is a system export
whose numbers are exact, which the import's audit entry records."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bad_files import workbook
from cakupan.cli import main
from factories import person_row

DESA = "13.02.05.2001"
HEADER = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah"]


def numbers_xlsx(path: Path, serials: list[int]) -> tuple[Path, list[str]]:
    rows = [person_row(kecamatan="13.02.05", desa=DESA, serial=s, name=f"WARGA {s}") for s in serials]
    cells: list[list[object]] = [HEADER]
    cells += [[int(r["nik"]), *(r[name] for name in HEADER[1:])] for r in rows]
    return workbook(path, cells), [r["nik"] for r in rows]


def _import_audit_changes() -> dict[str, object]:
    from cakupan.web.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).latest("pk")
    return dict(event.changes)


@pytest.mark.django_db
def test_only_the_ambiguous_row_is_rejected(sumbar_regions: None, tmp_path: Path) -> None:
    from cakupan.web.registry.models import Person

    path, niks = numbers_xlsx(tmp_path / "dtsen.xlsx", [1, 2, 10])
    result = CliRunner().invoke(main, ["import", "persons", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 baris; 2 baru, 0 diperbarui, 1 ditolak" in result.output
    assert f"baris 4, kolom nik '{niks[2]}': galat:" in result.output
    assert "Format kolom sebagai Teks lalu ekspor ulang" in result.output
    assert "--angka-tepat" in result.output  # the file warning names the option
    assert sorted(Person.objects.values_list("nik", flat=True)) == sorted(niks[:2])
    assert "numbers_confirmed_exact" not in _import_audit_changes()


@pytest.mark.django_db
def test_angka_tepat_reads_numbers_ending_in_0_as_they_are(sumbar_regions: None, tmp_path: Path) -> None:
    from cakupan.web.registry.models import Person

    path, niks = numbers_xlsx(tmp_path / "ekspor-siak.xlsx", [1, 10, 20])
    result = CliRunner().invoke(main, ["import", "persons", str(path), "--angka-tepat"])
    assert result.exit_code == 0, result.output
    assert "3 baris; 3 baru, 0 diperbarui, 0 ditolak" in result.output
    assert sorted(Person.objects.values_list("nik", flat=True)) == sorted(niks)
    assert _import_audit_changes()["numbers_confirmed_exact"] is True
