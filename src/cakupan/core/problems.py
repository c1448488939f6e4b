"""Problems found in user data: a code, its parameters, and a message in Bahasa Indonesia or English.

Messages live in one catalogue so every rule speaks the same language and the English switch covers them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
Language = Literal["id", "en"]

MESSAGES: dict[str, dict[Language, str]] = {
    # NIK rules
    "nik_format": {
        "id": "NIK harus 16 digit angka.",
        "en": "A NIK must be 16 digits.",
    },
    "nik_province": {
        "id": "Kode provinsi {code} di NIK tidak dikenal.",
        "en": "Province code {code} in the NIK is unknown.",
    },
    "nik_kabkota": {
        "id": "Kode kabupaten/kota {code} di NIK tidak dikenal.",
        "en": "Kab/kota code {code} in the NIK is unknown.",
    },
    "nik_kecamatan_retired": {
        "id": "Kode kecamatan {code} di NIK tidak ada lagi (mungkin kode lama sebelum pemekaran).",
        "en": "Kecamatan code {code} in the NIK no longer exists (perhaps a code from before a split).",
    },
    "nik_birth_date": {
        "id": "Tanggal lahir di NIK ({digits}) bukan tanggal yang sah.",
        "en": "The birth date in the NIK ({digits}) is not a real date.",
    },
    "nik_serial": {
        "id": "Nomor urut NIK tidak boleh 0000.",
        "en": "The NIK serial number must not be 0000.",
    },
    "nik_birth_date_mismatch": {
        "id": "Tanggal lahir di NIK ({nik_date}) tidak sama dengan tanggal lahir tertulis ({stated}).",
        "en": "The birth date in the NIK ({nik_date}) differs from the stated birth date ({stated}).",
    },
    "nik_sex_mismatch": {
        "id": "Jenis kelamin di NIK ({nik_sex}) tidak sama dengan jenis kelamin tertulis ({stated}).",
        "en": "The sex in the NIK ({nik_sex}) differs from the stated sex ({stated}).",
    },
    # File-level and value problems (ingest)
    "file_unreadable": {
        "id": "Berkas tidak dapat dibaca: {reason}",
        "en": "The file cannot be read: {reason}",
    },
    "file_type": {
        "id": "Jenis berkas {suffix} tidak didukung; gunakan CSV atau XLSX.",
        "en": "File type {suffix} is not supported; use CSV or XLSX.",
    },
    "file_empty": {
        "id": "Berkas tidak berisi baris data.",
        "en": "The file has no data rows.",
    },
    "missing_columns": {
        "id": "Kolom wajib tidak ada: {columns}. Kolom yang ada: {found}.",
        "en": "Required columns are missing: {columns}. Columns found: {found}.",
    },
    "required": {
        "id": "Wajib diisi.",
        "en": "Required.",
    },
    "too_long": {
        "id": "Terlalu panjang: {length} karakter, maksimal {max_length}.",
        "en": "Too long: {length} characters, at most {max_length}.",
    },
    "bad_date": {
        "id": "Bukan tanggal yang sah (gunakan YYYY-MM-DD).",
        "en": "Not a valid date (use YYYY-MM-DD).",
    },
    "bad_period": {
        "id": "Bukan periode yang sah (gunakan YYYY-MM).",
        "en": "Not a valid period (use YYYY-MM).",
    },
    "bad_integer": {
        "id": "Harus bilangan bulat tidak negatif.",
        "en": "Must be a non-negative whole number.",
    },
    "bad_choice": {
        "id": "Nilai tidak dikenal; pilihan: {choices}.",
        "en": "Unknown value; choose from: {choices}.",
    },
    "bad_decile": {
        "id": "Desil harus 1 sampai 10 atau kosong.",
        "en": "The decile must be 1 to 10, or empty.",
    },
    "unknown_region": {
        "id": "Kode wilayah {code} tidak dikenal.",
        "en": "Region code {code} is unknown.",
    },
    "region_level": {
        "id": "Kode wilayah harus tingkat {expected}.",
        "en": "The region code must be at level {expected}.",
    },
    "bad_kk": {
        "id": "Nomor KK harus 16 digit angka.",
        "en": "A KK number must be 16 digits.",
    },
    "end_before_start": {
        "id": "Tanggal akhir lebih awal dari tanggal mulai.",
        "en": "The end date is before the start date.",
    },
    "duplicate_in_file": {
        "id": "Duplikat dalam berkas: sama dengan baris {first_row}.",
        "en": "Duplicate in the file: same as row {first_row}.",
    },
    "person_unknown": {
        "id": "NIK ini belum ada di registri penduduk; impor data penduduk dahulu.",
        "en": "This NIK is not in the person registry yet; import persons first.",
    },
}


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    severity: Severity = "error"
    params: dict[str, str] = field(default_factory=dict)

    def message(self, language: Language = "id") -> str:
        return MESSAGES[self.code][language].format(**self.params)
