"""Header variants offices use, mapped to the canonical column names of each layout.

Headers are compared after ``normalize_header`` (lower case; spaces, dots, dashes and slashes become ``_``), so
"Tgl. Lahir", "TGL LAHIR" and "tgl-lahir" are one variant. A file that has the canonical name keeps it; a file
with two variants of one column is refused, since Cakupan cannot know which one is meant.
"""

from __future__ import annotations

import polars as pl

from cakupan.core.problems import Problem
from cakupan.ingest.readers import UnreadableFile
from cakupan.ingest.schemas import LABOUR_FORCE_BPS, SOURCE_LAYOUTS, Layout

SYNONYMS: dict[str, tuple[str, ...]] = {
    "nik": ("nik_ktp", "no_nik", "nomor_nik", "nomor_induk_kependudukan", "nik_penduduk", "nik_peserta"),
    "no_kk": ("kk", "nkk", "nomor_kk", "no_kartu_keluarga", "nomor_kartu_keluarga"),
    "nama": (
        "nama_lengkap",
        "nama_sesuai_ktp",
        "nama_ktp",
        "nama_penduduk",
        "nama_peserta",
        "nama_pegawai",
        "nama_perusahaan",
        "nama_usaha",
        "nama_pemberi_kerja",
        "nama_badan_usaha",
    ),
    "tanggal_lahir": ("tgl_lahir", "tgl_lhr", "tanggal_lhr", "tgllahir"),
    "jenis_kelamin": ("jk", "l_p", "kelamin", "jenis_kel"),
    "kode_wilayah": (
        "kode_desa",
        "kode_kelurahan",
        "desa_kelurahan",
        "kode_desa_kelurahan",
        "kd_wilayah",
        "kode_nagari",
        "kode_wil",
    ),
    "alamat": ("alamat_lengkap", "alamat_domisili", "alamat_rumah"),
    "pekerjaan": ("jenis_pekerjaan", "pekerjaan_utama"),
    "sektor": ("sektor_pekerjaan", "sektor_usaha"),
    "desil": ("desil_dtsen", "desil_kesejahteraan"),
    "kpj": ("no_kpj", "nomor_kpj", "nomor_peserta", "no_peserta"),
    "segmen": ("segmen_kepesertaan", "segmen_peserta"),
    "program": ("program_jaminan", "program_bpjs", "jenis_program"),
    "tanggal_mulai": ("tgl_mulai", "tmt", "tanggal_kepesertaan", "tgl_kepesertaan", "tgl_aktif"),
    "tanggal_akhir": ("tgl_akhir", "tgl_berakhir", "tanggal_berakhir", "tgl_selesai"),
    "dasar_upah": ("upah", "upah_dilaporkan", "penghasilan", "dasar_penghasilan"),
    "pembayar": ("sumber_iuran", "sumber_dana", "pembayar_iuran"),
    "npp": ("no_npp", "nomor_npp", "npp_perusahaan", "npp_bpjstk", "nomor_pendaftaran_perusahaan"),
    "periode": ("bulan", "periode_data"),
    "nilai": ("jumlah", "jumlah_orang"),
    "jenis": ("jenis_data", "indikator"),
    "kode_bps": ("kode_wilayah_bps", "kd_bps", "kode_bps_wilayah", "kode_kab_kota_bps"),
    "nama_wilayah": ("wilayah", "nama_kabupaten_kota", "kabupaten_kota", "kab_kota", "nama_kab_kota"),
    "nib": ("nomor_induk_berusaha", "no_nib", "nomor_nib", "nib_perusahaan"),
    "kbli": ("kode_kbli", "kbli_utama", "kode_kbli_utama"),
    "jumlah_tenaga_kerja": ("jumlah_tk", "jml_tk", "jumlah_pekerja", "jumlah_karyawan", "total_tenaga_kerja"),
    "tenaga_kerja_terdaftar": (
        "tk_terdaftar",
        "jumlah_tk_terdaftar",
        "jml_tk_terdaftar",
        "tk_terdaftar_bpjstk",
        "tenaga_kerja_terdaftar_bpjstk",
        "tk_aktif",
        "jumlah_tk_aktif",
        "tenaga_kerja_aktif",
    ),
    "total_upah_dilaporkan": ("total_upah", "jumlah_upah", "total_upah_lapor", "upah_total_dilaporkan"),
    "instansi": (
        "nama_instansi",
        "nama_instansi_opd",
        "instansi_opd",
        "opd",
        "unit_kerja",
        "satuan_kerja",
        "satker",
        "skpd",
        "perangkat_daerah",
    ),
    "status": (
        "status_kepegawaian",
        "status_pegawai",
        "jenis_pegawai",
        "kategori_pegawai",
        "jenis_kepegawaian",
    ),
    "nik_asn": ("nik_pegawai", "nik_pns", "nik_pppk"),
    "nama_asn": ("nama_pns", "nama_pppk"),
    "nik_keluarga": ("nik_anggota_keluarga", "nik_tanggungan", "nik_anggota"),
    "nama_keluarga": ("nama_anggota_keluarga", "nama_tanggungan", "nama_anggota"),
    "hubungan": ("hubungan_keluarga", "status_hubungan", "hub_keluarga", "hubungan_dengan_asn"),
    "tanggal_daftar": (
        "tgl_daftar",
        "tanggal_pendaftaran",
        "tgl_pendaftaran",
        "tanggal_registrasi",
        "tgl_registrasi",
    ),
}


def map_headers(frame: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """Rename known header variants to the layout's canonical names (headers already normalised)."""
    renames: dict[str, str] = {}
    for name in layout.names:
        if name in frame.columns:
            continue
        found = [h for h in SYNONYMS.get(name, ()) if h in frame.columns]
        if len(found) > 1:
            reason = f"kolom {' dan '.join(found)} sama-sama berarti {name}; hapus salah satunya"
            raise UnreadableFile(Problem("file_unreadable", params={"reason": reason}))
        if found:
            renames[found[0]] = name
    return frame.rename(renames)


def _has_column(frame: pl.DataFrame, name: str) -> bool:
    return name in frame.columns or any(h in frame.columns for h in SYNONYMS.get(name, ()))


def layout_for(source: str, frame: pl.DataFrame) -> Layout:
    """The layout a file of ``source`` is in, told by its (normalised) headers; KeyError for an unknown source.

    A labour-force file with a ``kode_bps`` column (or a variant) and no ``kode_wilayah`` (nor a variant) is a
    BPS table; every other file is read in its source's canonical layout (the first of SOURCE_LAYOUTS).
    """
    layouts = SOURCE_LAYOUTS[source]
    if source == "labour-force" and _has_column(frame, "kode_bps") and not _has_column(frame, "kode_wilayah"):
        return LABOUR_FORCE_BPS
    return layouts[0]
