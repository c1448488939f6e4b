"""Header variants offices use, mapped to the canonical column names of each layout.

Headers are compared after ``normalize_header`` (lower case; spaces, dots, dashes and slashes become ``_``), so
"Tgl. Lahir", "TGL LAHIR" and "tgl-lahir" are one variant. A file that has the canonical name keeps it; a file
with two variants of one column is refused, since Cakupan cannot know which one is meant.
"""

from __future__ import annotations

import polars as pl

from cakupan.core.problems import Problem
from cakupan.ingest.readers import UnreadableFile
from cakupan.ingest.schemas import Layout

SYNONYMS: dict[str, tuple[str, ...]] = {
    "nik": ("nik_ktp", "no_nik", "nomor_nik", "nomor_induk_kependudukan", "nik_penduduk", "nik_peserta"),
    "no_kk": ("kk", "nkk", "nomor_kk", "no_kartu_keluarga", "nomor_kartu_keluarga"),
    "nama": ("nama_lengkap", "nama_sesuai_ktp", "nama_ktp", "nama_penduduk", "nama_peserta"),
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
    "npp": ("no_npp", "nomor_npp", "npp_perusahaan"),
    "periode": ("bulan", "periode_data"),
    "nilai": ("jumlah", "jumlah_orang"),
    "jenis": ("jenis_data", "indikator"),
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
