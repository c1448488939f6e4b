"""The new sources from the command line: `cakupan import employers|staff|asn-family|labour-force (BPS)` and
`cakupan regions boundaries`, in Bahasa Indonesia, one sentence per mistake, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cakupan.cli import main
from cakupan.ingest.readers import read_table
from shared_data import shared_file


def _no_traceback(output: str) -> None:
    assert "Traceback" not in output and 'File "' not in output


def test_regions_group_help_names_boundaries() -> None:
    result = CliRunner().invoke(main, ["regions", "--help"])
    assert result.exit_code == 0 and "boundaries" in result.output and "--province" in result.output
    sub = CliRunner().invoke(main, ["regions", "boundaries", "--help"])
    assert sub.exit_code == 0 and "Impor batas wilayah dari berkas GeoJSON" in sub.output


@pytest.mark.django_db
def test_regions_still_loads_a_province() -> None:
    result = CliRunner().invoke(main, ["regions", "--province", "13"])
    assert result.exit_code == 0 and "1464 wilayah dimuat untuk provinsi 13." in result.output


@pytest.mark.django_db
def test_boundaries_report_the_regions_without_one(sumbar_regions: None) -> None:
    result = CliRunner().invoke(
        main, ["regions", "boundaries", str(shared_file("sumbar_desa_kelurahan.geojson"))]
    )
    assert result.exit_code == 0, result.output
    assert "1159 fitur; 1159 batas baru, 0 diperbarui, 0 ditolak" in result.output
    assert (
        "kelurahan/desa: 1159 dari 1265 punya batas; 106 tanpa batas "
        "(Kabupaten Agam 10, Kabupaten Pasaman 25, Kabupaten Pasaman Barat 71)." in result.output
    )
    assert "kabupaten/kota: belum ada batas (19 wilayah)." in result.output
    assert "... dan 96 lagi (--all-missing menyebutkan semuanya)." in result.output

    again = CliRunner().invoke(
        main, ["regions", "boundaries", str(shared_file("sumbar_desa_kelurahan.geojson")), "--all-missing"]
    )
    assert again.exit_code == 0 and "berkas ini sudah diimpor" in again.output
    listed = [line for line in again.output.splitlines() if line.startswith("    13")]
    assert len(listed) == 1 + 19 + 179 + 106  # --all-missing: every region without a boundary, by level
    assert "    13.12.11.2004 Maligi" in listed


@pytest.mark.django_db
def test_bad_boundary_file_is_one_sentence(sumbar_regions: None, tmp_path: Path) -> None:
    path = tmp_path / "rusak.geojson"
    path.write_text('{"type": "FeatureCollection",\n  "features": [}', encoding="utf-8")
    result = CliRunner().invoke(main, ["regions", "boundaries", str(path)])
    assert result.exit_code == 1
    assert "Berkas bukan JSON yang sah" in result.output and "(baris 2, kolom 16)" in result.output
    assert "Tidak ada yang diubah." in result.output
    _no_traceback(result.output)


@pytest.mark.django_db
def test_bad_features_are_listed_and_written_out(sumbar_regions: None, tmp_path: Path) -> None:
    square = [[100.0, -1.0], [100.1, -1.0], [100.1, -0.9], [100.0, -1.0]]
    features = [
        {"type": "Feature", "properties": {"kode": "13.02", "nama": "Solok"}, "geometry": None},
        {
            "type": "Feature",
            "properties": {"kode": "1372", "nama": "Kota Solok"},
            "geometry": {"type": "Polygon", "coordinates": [square]},
        },
        {
            "type": "Feature",
            "properties": {"kode": "1301", "nama": "Kepulauan Mentawai"},
            "geometry": {"type": "Polygon", "coordinates": [square]},
        },
    ]
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    report = tmp_path / "masalah.xlsx"
    result = CliRunner().invoke(main, ["regions", "boundaries", str(path), "--errors-out", str(report)])
    assert result.exit_code == 0, result.output
    assert "fitur ke-1, geometri: Jenis geometri (kosong) tidak didukung" in result.output
    assert "fitur ke-3, nama 'Kepulauan Mentawai': Nama di berkas (Kepulauan Mentawai)" in result.output
    assert "3 fitur; 1 batas baru, 0 diperbarui, 2 ditolak" in result.output
    rejected = read_table(report)
    assert rejected.get_column("kode").to_list() == ["13.02", "1301"]
    assert "geometri" not in rejected.columns and "masalah" in rejected.columns


@pytest.mark.django_db
def test_import_new_sources(sumbar_regions: None, tmp_path: Path) -> None:
    employers = tmp_path / "oss.csv"
    employers.write_text(
        "NIB;Nama Perusahaan;KBLI;Kode Wilayah;Jumlah TK;NPP\n"
        "9120301234567;CV MAJU;47111;13.02;12;\n"
        "9120301234568;PT SAWIT;01262;13.02;40;87654321\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["import", "employers", str(employers)])
    assert result.exit_code == 0, result.output
    assert "2 baris; 2 baru, 0 diperbarui, 0 ditolak" in result.output
    assert "1 pemberi kerja tanpa NPP (belum terdaftar di BPJS Ketenagakerjaan: calon PWBD)." in result.output

    staff = tmp_path / "pegawai.csv"
    staff.write_text(
        "nik,nama,unit_kerja,status_kepegawaian,kode_wilayah\n1302051203900001,AHMAD,Dinkes,Non ASN,13.02\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["import", "staff", str(staff)])
    assert result.exit_code == 0, result.output
    assert "1 pegawai belum tertaut ke registri penduduk" in result.output


@pytest.mark.django_db
def test_bps_table_errors_out_in_its_own_columns(sumbar_regions: None, tmp_path: Path) -> None:
    path = tmp_path / "bps.csv"
    path.write_text(
        "kode_bps,nama_wilayah,periode,jenis,nilai,sumber\n"
        "1301,Kepulauan Mentawai,2024-08,angkatan_kerja,51000,BPS\n"
        "1309,Kepulauan Mentawai,2024-08,penduduk_bekerja,48000,BPS\n",
        encoding="utf-8",
    )
    report = tmp_path / "masalah.xlsx"
    result = CliRunner().invoke(main, ["import", "labour-force", str(path), "--errors-out", str(report)])
    assert result.exit_code == 0, result.output
    assert (
        "baris 3, kolom nama_wilayah 'Kepulauan Mentawai': galat: Kode BPS 1309 adalah Kabupaten Pasaman, bukan "
        "Kepulauan Mentawai; Kepulauan Mentawai berkode BPS 1301 (Kemendagri 13.09)." in result.output
    )
    rejected = read_table(report)
    assert rejected.columns[:2] == ["kode_bps", "nama_wilayah"]
    assert rejected.get_column("kode_bps").to_list() == ["1309"]
    _no_traceback(result.output)


@pytest.mark.django_db
def test_import_bpjstk_employer_data_alone_then_the_oss_list(sumbar_regions: None, tmp_path: Path) -> None:
    bpjstk = tmp_path / "bpjstk.csv"
    bpjstk.write_bytes(
        "NPP;NIB;Nama Perusahaan;TK Aktif;Total Upah;Kode Wilayah\n"
        "11111111;9120301234567;CAFÉ MAJU;12;Rp 37.730.316;13.02\n"
        "22222222;;WARUNG;3;;13.02\n".encode("cp1252")
    )
    result = CliRunner().invoke(main, ["import", "employers-bpjstk", str(bpjstk)])
    assert result.exit_code == 0, result.output
    _no_traceback(result.output)
    assert "2 baris; 2 baru, 0 diperbarui, 0 ditolak" in result.output
    assert "2 pemberi kerja dari data BPJSTK belum ada di daftar OSS" in result.output

    oss = tmp_path / "oss.csv"
    oss.write_text(
        "NIB;Nama Perusahaan;KBLI;Kode Wilayah;Jumlah TK\n9120301234567;CAFÉ MAJU;56101;13.02;12\n"
    )
    result = CliRunner().invoke(main, ["import", "employers", str(oss)])
    assert result.exit_code == 0, result.output
    assert "1 baris; 0 baru, 1 diperbarui, 0 ditolak" in result.output
    assert "0 pemberi kerja tanpa NPP" in result.output  # met BPJSTK's record: registered
    assert "1 pemberi kerja dari data BPJSTK belum ada di daftar OSS" in result.output  # WARUNG: no NIB
