"""``cakupan link``: a messy file of persons against the registry, and the registry against itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cakupan.cli import main
from cakupan.web.audit.models import AuditEvent
from cakupan.web.imports.services import import_batch_create
from cakupan.web.linkage.models import LinkCandidate, LinkRun
from cakupan.web.registry.models import Person
from factories import person_row, write_csv, write_persons

SOLOK = "13.02.05.2001"
PADANG = "13.71.01.1001"


@pytest.fixture
def registry(sumbar_regions: None, tmp_path: Path) -> dict[str, Person]:
    rows = {
        "budi": person_row(
            kecamatan=SOLOK[:8], desa=SOLOK, serial=1, name="BUDI SAPUTRA", birth=dt.date(1985, 7, 1)
        ),
        "siti": person_row(
            kecamatan=SOLOK[:8],
            desa=SOLOK,
            serial=2,
            name="SITI RAHMADANI",
            birth=dt.date(1990, 3, 12),
            sex="P",
        ),
        "siti2": person_row(
            kecamatan=SOLOK[:8],
            desa=SOLOK,
            serial=9,
            name="SITI RAHMADANI",
            birth=dt.date(1990, 3, 12),
            sex="P",
        ),
        "rina": person_row(
            kecamatan=PADANG[:8],
            desa=PADANG,
            serial=4,
            name="RINA WAHYUNI",
            birth=dt.date(1995, 5, 5),
            sex="P",
        ),
    }
    import_batch_create(source="persons", path=write_persons(tmp_path / "registri.csv", rows.values()))
    return {key: Person.objects.get(nik=row["nik"]) for key, row in rows.items()}


def _no_traceback(output: str) -> None:
    assert "Traceback" not in output and 'File "' not in output


@pytest.mark.django_db
def test_link_a_messy_file(registry: dict[str, Person], tmp_path: Path) -> None:
    budi = registry["budi"].nik
    path = write_csv(
        tmp_path / "anggota.csv",
        ["NIK KTP", "Nama Lengkap", "Tgl Lahir", "JK", "Kode Desa"],
        [
            {"NIK KTP": f"{budi[:4]} {budi[4:8]} {budi[8:12]} {budi[12:]}", "Nama Lengkap": "Budi Saputra",
             "Tgl Lahir": "01/07/1985", "JK": "L", "Kode Desa": SOLOK},
            {"NIK KTP": "", "Nama Lengkap": "Rina", "Tgl Lahir": "1995-05-05", "JK": "Perempuan", "Kode Desa": PADANG},
            {"NIK KTP": "12345", "Nama Lengkap": "Yohanes Sabulat", "Tgl Lahir": "1960-01-01", "JK": "L",
             "Kode Desa": "13.09.01.2001"},
            {"NIK KTP": "", "Nama Lengkap": "", "Tgl Lahir": "1960-01-01", "JK": "L", "Kode Desa": PADANG},
        ],
    )  # fmt: skip
    result = CliRunner().invoke(main, ["link", str(path), "--source", "memberships"])
    assert result.exit_code == 0, result.output
    assert "baris 4, kolom nik '12345': peringatan: NIK harus 16 digit angka." in result.output
    assert "baris 5, kolom nama: galat: Wajib diisi." in result.output
    assert "3 baris (1 dilewati)" in result.output
    assert "1 dengan NIK yang sama, 1 secara probabilistik, 0 menunggu tinjauan" in result.output
    assert "1 tidak ditemukan" in result.output
    assert "presisi" in result.output and "recall" in result.output  # the thresholds' measured figures
    _no_traceback(result.output)
    run = LinkRun.objects.get()
    assert (run.source, run.file_name, run.rows_total) == ("memberships", "anggota.csv", 3)
    links = {
        c.source_row: (c.person_id, c.method) for c in LinkCandidate.objects.filter(status="auto_linked")
    }
    assert links == {3: (registry["rina"].pk, "splink")}  # row 2 (same NIK) is counted, not stored
    assert (
        AuditEvent.objects.filter(object_type="link_run", actor_name="sistem (baris perintah)").count() == 1
    )


@pytest.mark.django_db
def test_find_duplicates_in_the_registry(registry: dict[str, Person]) -> None:
    result = CliRunner().invoke(main, ["link", "--duplicates"])
    assert result.exit_code == 0, result.output
    assert "4 orang diperiksa" in result.output and "1 pasangan baru" in result.output
    candidate = LinkCandidate.objects.get()
    assert {candidate.record_person_id, candidate.person_id} == {registry["siti"].pk, registry["siti2"].pk}
    assert "0 pasangan baru" in CliRunner().invoke(main, ["link", "--duplicates"]).output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Sebutkan satu berkas"),
        (["--duplicates", "x.csv"], "Sebutkan satu berkas"),
        (["tidak-ada.csv"], "tidak ditemukan"),
    ],
)
def test_wrong_use_is_one_sentence(sumbar_regions: None, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["link", *args])
    assert result.exit_code == 1 and message in result.output
    _no_traceback(result.output)


@pytest.mark.django_db
def test_bad_files_change_nothing(registry: dict[str, Person], tmp_path: Path) -> None:
    no_columns = tmp_path / "kolom.csv"
    no_columns.write_text("nama,nik\nBudi,1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["link", str(no_columns)])
    assert result.exit_code == 1
    assert "Kolom wajib tidak ada: tanggal_lahir, jenis_kelamin, kode_wilayah" in result.output
    assert "Tidak ada yang diubah." in result.output

    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["link", str(empty)])
    assert result.exit_code == 1 and "Tidak ada yang diubah." in result.output

    nameless = tmp_path / "tanpa-nama.csv"
    nameless.write_text(
        "nama,tanggal_lahir,jenis_kelamin,kode_wilayah\n,1990-01-01,L,13.02.05.2001\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["link", str(nameless)])
    assert result.exit_code == 1 and "tidak ada baris yang dapat dicocokkan" in result.output
    _no_traceback(result.output)
    assert not LinkRun.objects.exists()


def test_help_is_in_indonesian() -> None:
    result = CliRunner().invoke(main, ["link", "--help"])
    assert result.exit_code == 0 and "Cocokkan berkas" in result.output and "--duplicates" in result.output


# --- issue 17 point 5: one outcome per row, never linked and pending at once ---

BORN = dt.date(1992, 4, 17)
HEADER = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah"]


@pytest.fixture
def look_alikes(sumbar_regions: None, tmp_path: Path) -> dict[str, Person]:
    """Three women born the same day in one nagari with near-identical names, and a man born there too."""

    def woman(serial: int, name: str) -> dict[str, str]:
        return person_row(kecamatan=SOLOK[:8], desa=SOLOK, serial=serial, name=name, birth=BORN, sex="P")

    rows = {
        "rina": woman(1, "RINA MARLINA"),
        "rini": woman(2, "RINI MARLINA"),
        "marlini": woman(3, "RINA MARLINI"),
        "ahmad": person_row(
            kecamatan=SOLOK[:8], desa=SOLOK, serial=4, name="AHMAD FAUZI", birth=dt.date(1985, 7, 1)
        ),
    }
    import_batch_create(source="persons", path=write_persons(tmp_path / "registri.csv", rows.values()))
    return {key: Person.objects.get(nik=row["nik"]) for key, row in rows.items()}


def _row(name: str, born: dt.date, sex: str, region: str = SOLOK) -> dict[str, str]:
    return {
        "nik": "",
        "nama": name,
        "tanggal_lahir": born.isoformat(),
        "jenis_kelamin": sex,
        "kode_wilayah": region,
    }


@pytest.mark.django_db
def test_a_row_like_three_women_goes_to_review_and_the_run_is_stored(
    look_alikes: dict[str, Person], tmp_path: Path, settings: Any
) -> None:
    """The registry is small, so a common exact name weighs less than in the demo: a lower match threshold gives
    the state the demo reached at 0.85 (the old step linked the row and queued its two other candidates, and
    the run's "not found" count came out at -1: IntegrityError, exit 1)."""
    settings.CAKUPAN_LINK_MATCH_THRESHOLD = 0.45
    path = write_csv(tmp_path / "satu.csv", HEADER, [_row("RINA MARLINA", BORN, "P")])
    result = CliRunner().invoke(main, ["link", str(path)])
    assert result.exit_code == 0, result.output
    _no_traceback(result.output)
    assert "0 dengan NIK yang sama, 0 secara probabilistik, 1 menunggu tinjauan" in result.output
    assert "0 tidak ditemukan" in result.output
    run = LinkRun.objects.get()
    assert (run.rows_nik_linked, run.rows_auto_linked, run.rows_pending, run.rows_unmatched) == (0, 0, 1, 0)
    candidates = LinkCandidate.objects.filter(run=run)
    assert {c.status for c in candidates} == {"pending"}
    assert {c.person_id for c in candidates} == {p.pk for k, p in look_alikes.items() if k != "ahmad"}


@pytest.mark.django_db
def test_no_automatic_link_on_birth_date_sex_and_nagari_alone(
    look_alikes: dict[str, Person], tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "dua.csv",
        HEADER,
        [
            _row("BUDI SANTOSO", dt.date(1985, 7, 1), "L"),
            _row("YOHANES SABULAT", dt.date(1960, 1, 1), "L", PADANG),
        ],
    )
    result = CliRunner().invoke(main, ["link", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 secara probabilistik, 1 menunggu tinjauan di /pencocokan/, 1 tidak ditemukan" in result.output
    run = LinkRun.objects.get()
    assert (
        run.rows_nik_linked + run.rows_auto_linked + run.rows_pending + run.rows_unmatched == run.rows_total
    )
    [candidate] = LinkCandidate.objects.filter(run=run)
    assert (candidate.source_row, candidate.person, candidate.status) == (2, look_alikes["ahmad"], "pending")
