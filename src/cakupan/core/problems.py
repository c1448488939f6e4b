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
    "nik_scientific": {
        "id": "NIK tertulis dalam notasi ilmiah Excel ({value}), sehingga digit terakhirnya sudah hilang. Di Excel, "
        "format kolom NIK sebagai Teks lalu ketik ulang NIK-nya dari sumber aslinya.",
        "en": "The NIK is in Excel's scientific notation ({value}), so its last digits are lost. In Excel, format "
        "the NIK column as Text and type the NIK again from its source.",
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
    # Whole files that cannot be used (cakupan.ingest.readers, sniff, decoding, xlsx_guard)
    "file_open": {
        "id": "Berkas tidak dapat dibuka: {reason}",
        "en": "The file cannot be opened: {reason}",
    },
    "file_binary": {
        "id": "Berkas {suffix} ini bukan teks CSV: ada data biner (misalnya bita nol) di baris {line}. Mungkin ini "
        "berkas lain (gambar, PDF, arsip) yang diberi akhiran {suffix}.",
        "en": "This {suffix} file is not CSV text: it holds binary data (such as a zero byte) on line {line}. "
        "Perhaps it is another kind of file (an image, a PDF, an archive) named {suffix}.",
    },
    "file_content_mismatch": {
        "id": "Isi berkas ini ternyata {kind}, bukan {expected}. Simpan datanya sebagai CSV atau XLSX lalu impor "
        "lagi.",
        "en": "This file actually holds {kind}, not {expected}. Save the data as CSV or XLSX and import again.",
    },
    "file_is_xls": {
        "id": "Berkas {suffix} ini sebenarnya buku kerja Excel 97-2003 (.xls), yang tidak dapat dibaca. Buka di "
        'Excel, pilih Simpan Sebagai "Buku Kerja Excel (*.xlsx)" atau "CSV UTF-8", lalu impor lagi.',
        "en": "This {suffix} file is really an Excel 97-2003 workbook (.xls), which cannot be read. Open it in "
        'Excel, Save As "Excel Workbook (*.xlsx)" or "CSV UTF-8", and import again.',
    },
    "file_xls": {
        "id": "Berkas {suffix} (buku kerja Excel 97-2003) tidak dapat dibaca. Buka di Excel, pilih Simpan Sebagai "
        '"Buku Kerja Excel (*.xlsx)" atau "CSV UTF-8", lalu unggah atau impor lagi.',
        "en": "A {suffix} file (an Excel 97-2003 workbook) cannot be read. Open it in Excel, Save As "
        '"Excel Workbook (*.xlsx)" or "CSV UTF-8", and upload or import it again.',
    },
    "file_encrypted": {
        "id": "Berkas Excel ini dilindungi kata sandi (terenkripsi), sehingga isinya tidak dapat dibaca. Buka di "
        "Excel, hapus kata sandinya, simpan, lalu impor lagi.",
        "en": "This Excel file is password-protected (encrypted), so its content cannot be read. Open it in "
        "Excel, remove the password, save, and import again.",
    },
    "file_xlsx_named_csv": {
        "id": "Berkas berakhiran {suffix} ini sebenarnya buku kerja Excel (XLSX). Ganti akhiran namanya menjadi "
        ".xlsx, atau buka di Excel dan simpan sebagai CSV, lalu impor lagi.",
        "en": "This file named {suffix} is really an Excel workbook (XLSX). Rename it to end in .xlsx, or open it "
        "in Excel and save it as CSV, and import again.",
    },
    "file_text_named_xlsx": {
        "id": "Berkas berakhiran {suffix} ini berisi teks biasa (seperti CSV), bukan buku kerja Excel. Ganti "
        "akhiran namanya menjadi .csv lalu impor lagi.",
        "en": "This file named {suffix} holds plain text (like a CSV), not an Excel workbook. Rename it to end "
        "in .csv and import again.",
    },
    "xlsx_not_workbook": {
        "id": "Berkas tidak dapat dibaca: isinya bukan buku kerja Excel (XLSX) dan bentuknya tidak dikenali.",
        "en": "The file cannot be read: it is not an Excel workbook (XLSX) and its content is not recognised.",
    },
    "xlsx_damaged": {
        "id": "Berkas tidak dapat dibaca: buku kerja XLSX ini rusak atau terpotong (mungkin unduhan atau "
        "salinannya belum selesai). Ambil atau salin ulang berkasnya, lalu impor lagi.",
        "en": "The file cannot be read: this XLSX workbook is damaged or cut short (perhaps its download or copy "
        "did not finish). Fetch or copy it again and import again.",
    },
    "xlsx_sheet_missing": {
        "id": "Lembar {sheet} tidak ada di buku kerja ini. Lembar yang ada: {sheets}.",
        "en": "Sheet {sheet} is not in this workbook. Its sheets are: {sheets}.",
    },
    "xlsx_too_large": {
        "id": "Buku kerja XLSX ini terlalu besar setelah dibuka: {size_mb} MB, batasnya {limit_mb} MB. Pecah "
        "datanya menjadi beberapa berkas atau simpan sebagai CSV.",
        "en": "This XLSX workbook is too large once unpacked: {size_mb} MB, the limit is {limit_mb} MB. Split the "
        "data into several files or save it as CSV.",
    },
    "xlsx_compression": {
        "id": "Buku kerja XLSX ini ditolak demi keamanan: bagian {part} mengembang {ratio} kali saat dibuka "
        '(batasnya {limit} kali), ciri "bom ZIP". Simpan ulang berkasnya dari Excel lalu impor lagi.',
        "en": "This XLSX workbook is refused for safety: its part {part} expands {ratio} times when unpacked (the "
        'limit is {limit} times), the mark of a "ZIP bomb". Save the file again from Excel and import again.',
    },
    "xlsx_too_many_parts": {
        "id": "Buku kerja XLSX ini berisi {count} bagian, batasnya {limit}; ini bukan buku kerja biasa.",
        "en": "This XLSX workbook holds {count} parts, the limit is {limit}; it is not an ordinary workbook.",
    },
    "xlsx_too_many_cells": {
        "id": "Lembar {sheet} terlalu besar: sel yang terpakai membentang sampai {last_cell} ({cells} sel, "
        "batasnya {limit}). Hapus isi atau format yang tersisa jauh di bawah atau di kanan data (di Excel, "
        "Ctrl+End menunjukkan sel terakhir yang terpakai), atau pecah datanya.",
        "en": "Sheet {sheet} is too large: its used cells reach {last_cell} ({cells} cells, the limit is {limit}). "
        "Delete content or formatting left far below or to the right of the data (in Excel, Ctrl+End shows the "
        "last used cell), or split the data.",
    },
    "xlsx_number_inexact": {
        "id": "{count} sel berisi nomor 16 digit yang disimpan sebagai angka, bukan teks, dan mungkin tidak tepat "
        "lagi: {cells}. Excel hanya menyimpan 15 digit angka, sehingga nomor seperti NIK atau nomor KK yang "
        "diketik di Excel berakhiran 0. Hanya baris dengan sel itu yang ditandai; baris lainnya dibaca seperti "
        "biasa. Perbaikan: format kolom sebagai Teks lalu ekspor ulang. Bila berkas ini hasil ekspor sistem, "
        'bukan diketik di Excel, impor lagi dengan pilihan "angka di berkas ini tepat" (baris perintah: '
        "--angka-tepat) agar nomor berakhiran 0 dibaca apa adanya.",
        "en": "{count} cells hold a 16-digit number stored as a number, not text, which may no longer be exact: "
        "{cells}. Excel keeps only 15 digits of a number, so a number such as a NIK or KK number typed into Excel "
        "ends in 0. Only the rows with those cells are flagged; the other rows are read as usual. Fix: format "
        "the column as Text and export again. If this file is a system export, not typed into Excel, import it "
        'again with the option "the numbers in this file are exact" (command line: --angka-tepat) so that '
        "numbers ending in 0 are read as they are.",
    },
    "csv_too_large": {
        "id": "Berkas CSV ini {size_mb} MB, lebih besar dari batas {limit_mb} MB. Pecah datanya menjadi beberapa "
        "berkas.",
        "en": "This CSV file is {size_mb} MB, larger than the limit of {limit_mb} MB. Split the data into several "
        "files.",
    },
    "too_many_columns": {
        "id": "Baris judul berisi {count} kolom, lebih dari {limit} kolom yang dapat dimiliki lembar kerja; "
        "periksa pemisah kolomnya.",
        "en": "The header row has {count} columns, more than the {limit} columns a worksheet can have; check its "
        "separator.",
    },
    "cell_too_long": {
        "id": "Baris {row}, kolom {column}: isi sel terlalu panjang ({length} karakter; paling banyak {limit}). "
        "Berkas ditolak; periksa baris itu.",
        "en": "Row {row}, column {column}: the cell is too long ({length} characters; at most {limit}). The file "
        "is refused; check that row.",
    },
    "csv_open_quote": {
        "id": 'Baris {row}, kolom {column}: tanda kutip (") dibuka tetapi tidak ditutup, sehingga baris-baris '
        "sesudahnya terbaca sebagai satu sel. Tutup atau hapus tanda kutip itu, lalu impor lagi.",
        "en": 'Row {row}, column {column}: a quote mark (") opens but never closes, so the rows after it read '
        "as one cell. Close or remove that quote mark, and import again.",
    },
    "csv_ragged": {
        "id": "Baris {row} berisi {found} kolom, lebih banyak dari baris judul ({expected} kolom). Periksa pemisah "
        "kolom dan tanda kutip di baris itu.",
        "en": "Row {row} has {found} columns, more than the header row ({expected} columns). Check the "
        "separators and quote marks in that row.",
    },
    "csv_malformed": {
        "id": "Baris {row} tidak dapat dibaca sebagai CSV; periksa tanda kutip di baris itu.",
        "en": "Row {row} cannot be read as CSV; check the quote marks in that row.",
    },
    "header_repeated": {
        "id": "Berkas tidak dapat dibaca: nama kolom ganda: {columns}. Hapus atau ganti nama salah satunya.",
        "en": "The file cannot be read: repeated column names: {columns}. Remove or rename one of each.",
    },
    "encoding_mixed": {
        "id": "Pengodean berkas bercampur: {count} huruf yang bukan UTF-8 dibaca sebagai Windows-1252 (baris "
        "{rows}). Periksa huruf beraksen di baris itu.",
        "en": "The file mixes encodings: {count} letters that are not UTF-8 were read as Windows-1252 (rows "
        "{rows}). Check the accented letters in those rows.",
    },
    "encoding_replaced": {
        "id": "{count} karakter tidak dapat dibaca dan diganti dengan tanda \ufffd (baris {rows}).",
        "en": "{count} characters could not be read and were replaced by \ufffd (rows {rows}).",
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
    "region_other_province": {
        "id": "Kode wilayah {code} milik provinsi lain ({province}), bukan wilayah yang dimuat.",
        "en": "Region code {code} belongs to another province ({province}), not to the loaded regions.",
    },
    "region_not_loaded": {
        "id": "Kode wilayah {code} ({name}) ada dalam daftar Kemendagri tetapi belum dimuat ke registri; "
        "muat dahulu wilayah provinsinya.",
        "en": "Region code {code} ({name}) is in the Kemendagri list but not loaded into the registry; "
        "load its province's regions first.",
    },
    "region_not_current": {
        "id": "Kode wilayah {code} tidak dikenal. Kode ini tidak ada dalam daftar Kemendagri yang berlaku, "
        "padahal induknya {parent} ada: mungkin kode lama sebelum pemekaran atau penggabungan wilayah, "
        "atau salah ketik. Gunakan kode yang berlaku.",
        "en": "Region code {code} is unknown. It is not in the current Kemendagri list although its parent "
        "{parent} is: perhaps an old code from before a split or merger, or a typo. Use the current code.",
    },
    "birth_date_future": {
        "id": "Tanggal lahir {date} ada di masa depan (hari ini {today}).",
        "en": "The birth date {date} lies in the future (today is {today}).",
    },
    "region_level": {
        "id": "Kode wilayah harus tingkat {expected}.",
        "en": "The region code must be at level {expected}.",
    },
    "number_inexact": {
        "id": "Nomor {value} disimpan sebagai angka, bukan teks, dan mungkin tidak tepat lagi: Excel hanya "
        "menyimpan 15 digit (digit ke-16 menjadi 0), dan angka di atas 9.007.199.254.740.992 tidak tersimpan "
        "persis. Format kolom sebagai Teks lalu ekspor ulang.",
        "en": "Number {value} is stored as a number, not text, and may no longer be exact: Excel keeps only 15 "
        "digits (the 16th becomes 0), and a number above 9,007,199,254,740,992 is not stored exactly. Format the "
        "column as Text and export again.",
    },
    "number_inexact_optional": {
        "id": "Nomor {value} disimpan sebagai angka, bukan teks, dan mungkin tidak tepat lagi, sehingga kolom "
        "ini dikosongkan; nilai lain di baris ini tetap dimuat. Format kolom sebagai Teks lalu ekspor ulang "
        "untuk mengisinya.",
        "en": "Number {value} is stored as a number, not text, and may no longer be exact, so this column is "
        "left empty; the row's other values are loaded. Format the column as Text and export again to fill it.",
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
    "person_merged": {
        "id": "NIK ini milik data penduduk yang sudah digabung ke data lain (#{kept}) lewat pencocokan; baris ini "
        "tidak dimuat agar data ganda tidak muncul lagi. Periksa NIK-nya.",
        "en": "This NIK belonged to a person record merged into another (#{kept}) by record linkage; the row is "
        "not loaded so the duplicate does not come back. Check the NIK.",
    },
    # Region scope of the importing user, and column mappings (cakupan.ingest.mapping)
    # Reported without the row's cells or region code: the import's other viewers must not learn them.
    "outside_scope": {
        "id": "Baris ini di luar wilayah kerja pengunggah; baris ini tidak dipakai dan isinya tidak ditampilkan.",
        "en": "This row lies outside the uploader's area; it is not used and its cells are not shown.",
    },
    "person_outside_scope": {
        "id": "NIK ini terdaftar di wilayah di luar wilayah kerja Anda; pemindahannya hanya oleh petugas "
        "yang wilayahnya mencakup kedua wilayah. Jawaban ini tercatat di log audit.",
        "en": "This NIK is registered in a region outside your area; only an officer whose area covers both "
        "regions can move it. This answer is recorded in the audit log.",
    },
    "record_outside_scope": {
        "id": "Nilai kolom {column} ini milik data yang terdaftar di wilayah di luar wilayah kerja Anda; pemindahannya "
        "hanya oleh petugas yang wilayahnya mencakup kedua wilayah.",
        "en": "This {column} belongs to a record registered in a region outside your area; only an officer whose "
        "area covers both regions can move it.",
    },
    "mapping_file": {
        "id": "Berkas pemetaan kolom tidak dapat dipakai: {reason}",
        "en": "The column mapping file cannot be used: {reason}",
    },
    "mapping_source": {
        "id": "Jenis data {source} di berkas pemetaan tidak dikenal; pilihan: {sources}.",
        "en": "Source {source} in the mapping file is unknown; choose from: {sources}.",
    },
    "mapping_target": {
        "id": "Kolom {header} dipetakan ke {target}, yang bukan kolom baku; pilihan: {columns}.",
        "en": "Column {header} is mapped to {target}, which is not a canonical column; choose from: {columns}.",
    },
    "mapping_twice": {
        "id": "Kolom {column} dipilih untuk lebih dari satu judul ({headers}); pilih satu saja.",
        "en": "Column {column} is chosen for more than one header ({headers}); choose one.",
    },
    # Employers, government staff, ASN family members, BPS tables (cakupan.ingest.source_rules, crosswalk)
    "bad_digits": {
        "id": "{name} harus {count} digit angka (bila Excel membuang angka 0 di depan, jadikan kolom itu Teks).",
        "en": "{name} must be {count} digits (if Excel dropped a leading 0, format that column as Text).",
    },
    "digits_scientific": {
        "id": "{name} tertulis dalam notasi ilmiah Excel ({value}); digit aslinya hilang. Jadikan kolom itu Teks "
        "lalu ketik ulang nomornya.",
        "en": "{name} is in Excel's scientific notation ({value}); its digits are lost. Format the column as "
        "Text and type the number again.",
    },
    "registered_exceeds_workforce": {
        "id": "Tenaga kerja terdaftar ({registered}) lebih banyak dari jumlah tenaga kerja ({workforce}); "
        "periksa kedua angka.",
        "en": "Registered workers ({registered}) exceed the workforce ({workforce}); check both figures.",
    },
    "registration_without_npp": {
        "id": "Ada data kepesertaan BPJS Ketenagakerjaan tetapi NPP kosong; isi NPP bila pemberi kerja sudah "
        "terdaftar.",
        "en": "There is BPJS Ketenagakerjaan registration data but no NPP; fill in the NPP if the employer is "
        "registered.",
    },
    # Employers from BPJSTK's data meeting the OSS list on one record (cakupan.web.employers.matching)
    "employer_not_in_oss": {
        "id": "Pemberi kerja ini belum ada di daftar OSS (tidak ada NIB atau NPP yang cocok); datanya disimpan dan "
        "dicocokkan otomatis saat daftar OSS-nya diimpor.",
        "en": "This employer is not in the OSS list yet (no matching NIB or NPP); its data are kept and matched "
        "automatically when the OSS list is imported.",
    },
    "employer_region_unknown": {
        "id": "Pemberi kerja ini belum ada di data (tidak ada NIB atau NPP yang cocok), jadi kode_wilayah "
        "lokasinya harus diisi.",
        "en": "This employer is not in the data yet (no matching NIB or NPP), so its kode_wilayah must be filled in.",
    },
    "employer_nib_rows": {
        "id": "NIB {nib} tertulis di beberapa baris berkas ini (baris {rows}) dengan NPP berbeda; satu NIB hanya "
        "untuk satu pemberi kerja. Tanyakan NPP mana yang berlaku, lalu sisakan satu baris.",
        "en": "NIB {nib} is on several rows of this file (rows {rows}) with different NPPs; one NIB is one "
        "employer. Ask which NPP applies and keep one row.",
    },
    "employer_npp_ambiguous": {
        "id": "NPP {npp} tercatat pada lebih dari satu pemberi kerja ({employers}); tidak jelas mana yang dimaksud.",
        "en": "NPP {npp} is recorded for more than one employer ({employers}); it is unclear which one is meant.",
    },
    "employer_match_conflict": {
        "id": "NIB {nib} dan NPP {npp} menunjuk dua pemberi kerja yang berbeda (NPP {npp} tercatat untuk "
        "{other}); periksa kedua nomor.",
        "en": "NIB {nib} and NPP {npp} point to two different employers (NPP {npp} is recorded for {other}); "
        "check both numbers.",
    },
    "employer_same_record": {
        "id": "Baris ini dan baris {rows} cocok dengan pemberi kerja yang sama ({employer}); sisakan satu baris.",
        "en": "This row and row {rows} match the same employer ({employer}); keep one row.",
    },
    "family_is_self": {
        "id": "NIK anggota keluarga sama dengan NIK ASN.",
        "en": "The family member's NIK is the ASN's own NIK.",
    },
    "bps_code_unknown": {
        "id": "Kode BPS {code} tidak ada di tabel padanan BPS–Kemendagri (tersedia: {available}).",
        "en": "BPS code {code} is not in the BPS–Kemendagri crosswalk (available: {available}).",
    },
    "bps_name_mismatch": {
        "id": "Kode BPS {code} adalah {expected}, bukan {name}.",
        "en": "BPS code {code} is {expected}, not {name}.",
    },
    "bps_name_other_code": {
        "id": "Kode BPS {code} adalah {expected}, bukan {name}; {name} berkode BPS {other} (Kemendagri "
        "{other_kemendagri}).",
        "en": "BPS code {code} is {expected}, not {name}; {name} has BPS code {other} (Kemendagri "
        "{other_kemendagri}).",
    },
    # Boundaries (cakupan.ingest.boundaries)
    "geojson_syntax": {
        "id": "Berkas bukan JSON yang sah: {reason_id} (baris {line}, kolom {column}).",
        "en": "The file is not valid JSON: {reason_en} (line {line}, column {column}).",
    },
    "geojson_not_collection": {
        "id": "Berkas harus GeoJSON FeatureCollection (objek dengan type FeatureCollection dan daftar features), "
        "bukan {found}.",
        "en": "The file must be a GeoJSON FeatureCollection (an object of type FeatureCollection with a features "
        "list), not {found}.",
    },
    "geojson_crs": {
        "id": "Sistem koordinat {crs} tidak didukung; ekspor ulang berkas dalam WGS84 (EPSG:4326).",
        "en": "Coordinate system {crs} is not supported; export the file again in WGS84 (EPSG:4326).",
    },
    "feature_not_object": {
        "id": "Fitur ini bukan objek GeoJSON Feature.",
        "en": "This feature is not a GeoJSON Feature object.",
    },
    "feature_no_code": {
        "id": "Fitur tanpa kode wilayah (properti kode atau kode_digits).",
        "en": "A feature without a region code (property kode or kode_digits).",
    },
    "feature_code_conflict": {
        "id": "Properti kode ({code}) dan kode_digits ({digits}) tidak sama.",
        "en": "The properties kode ({code}) and kode_digits ({digits}) disagree.",
    },
    "geometry_type": {
        "id": "Jenis geometri {kind} tidak didukung; hanya Polygon atau MultiPolygon.",
        "en": "Geometry type {kind} is not supported; only Polygon or MultiPolygon.",
    },
    "geometry_shape": {
        "id": "Koordinat geometri tidak sah: {reason}.",
        "en": "Invalid geometry coordinates: {reason}.",
    },
    "geometry_not_wgs84": {
        "id": "Titik ({lng}, {lat}) di luar rentang WGS84 (bujur −180…180, lintang −90…90); mungkin koordinat "
        "proyeksi (UTM). Ekspor ulang dalam WGS84 (EPSG:4326).",
        "en": "Point ({lng}, {lat}) is outside the WGS84 range (longitude −180…180, latitude −90…90); perhaps "
        "projected (UTM) coordinates. Export again in WGS84 (EPSG:4326).",
    },
    "boundary_name_mismatch": {
        "id": "Nama di berkas ({name}) tidak sama dengan nama wilayah {code} ({expected}).",
        "en": "The name in the file ({name}) differs from the name of region {code} ({expected}).",
    },
    # Enrolment batches: the file BPJS Ketenagakerjaan returns after a collective registration
    # (cakupan.enrolment.reconcile)
    "reconcile_missing_columns": {
        "id": "Berkas hasil dari BPJS Ketenagakerjaan harus berisi kolom {columns}, tetapi kolom itu tidak ada. "
        "Kolom yang ada: {found}.",
        "en": "The file returned by BPJS Ketenagakerjaan must have the column(s) {columns}, but they are "
        "missing. Columns found: {found}.",
    },
    "reconcile_nik_not_in_batch": {
        "id": "NIK {nik} tidak ada dalam batch ini. Periksa apakah berkas ini hasil dari batch yang benar.",
        "en": "NIK {nik} is not in this batch. Check that this file is the result for the right batch.",
    },
    "reconcile_nik_twice": {
        "id": "NIK {nik} muncul lebih dari sekali dalam berkas: juga di baris {first_row}. Setiap peserta "
        "hanya boleh satu baris.",
        "en": "NIK {nik} appears more than once in the file: also on row {first_row}. Each member may have "
        "only one row.",
    },
    "reconcile_status_unknown": {
        "id": "Status {value} tidak dikenal. Gunakan {accepted} untuk peserta yang diterima, atau {rejected} "
        "untuk yang ditolak.",
        "en": "Status {value} is unknown. Use {accepted} for an accepted member, or {rejected} for a rejected "
        "one.",
    },
    "reconcile_kpj_missing": {
        "id": "Peserta berstatus diterima tetapi nomor KPJ-nya kosong; isi nomor KPJ dari BPJS "
        "Ketenagakerjaan.",
        "en": "The member is accepted but the KPJ number is empty; fill in the KPJ number from BPJS "
        "Ketenagakerjaan.",
    },
    "reconcile_kpj_format": {
        "id": "Nomor KPJ {value} tidak sah: harus {min_length} sampai {max_length} huruf atau angka, tanpa "
        "spasi atau tanda baca.",
        "en": "KPJ number {value} is not valid: it must be {min_length} to {max_length} letters or digits, "
        "without spaces or punctuation.",
    },
    "reconcile_kpj_scientific": {
        "id": "Nomor KPJ tertulis dalam notasi ilmiah Excel ({value}), sehingga digitnya hilang. Jadikan kolom "
        "itu Teks lalu salin ulang nomornya dari berkas asli BPJS Ketenagakerjaan.",
        "en": "The KPJ number is in Excel's scientific notation ({value}), so its digits are lost. Format the "
        "column as Text and copy the numbers again from BPJS Ketenagakerjaan's original file.",
    },
    "reconcile_kpj_twice": {
        "id": "Nomor KPJ {kpj} juga dipakai di baris {first_row}; satu nomor KPJ hanya milik satu peserta.",
        "en": "KPJ number {kpj} is also used on row {first_row}; a KPJ number belongs to one member only.",
    },
    "reconcile_reason_missing": {
        "id": "Peserta berstatus ditolak tetapi alasan penolakannya kosong; isi alasannya agar petugas dapat "
        "memperbaiki data.",
        "en": "The member is rejected but the reason is empty; fill in the reason so officers can correct the "
        "data.",
    },
    "reconcile_bad_date": {
        "id": "Tanggal efektif {value} tidak sah; gunakan DD-MM-YYYY, DD/MM/YYYY atau YYYY-MM-DD.",
        "en": "Effective date {value} is not valid; use DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD.",
    },
}


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    severity: Severity = "error"
    params: dict[str, str] = field(default_factory=dict)

    def message(self, language: Language = "id") -> str:
        return MESSAGES[self.code][language].format(**self.params)
