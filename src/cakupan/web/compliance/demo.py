"""Example employers, warning letters and construction projects for the demo, in Kab. Solok: an OSS/BPJSTK employers
file (invented businesses, marked "contoh") imported through the same importer users use — two PWBD, one PDS in
workers and programmes, one PDS in wages, two compliant —, the PP 86/2013 letters sent so far to the two PWBD
employers, and a Jakon projects file (registered in time, late, never, and one still within its deadline)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from cakupan.web.compliance.letters import letter_issue, open_case
from cakupan.web.compliance.models import Letter
from cakupan.web.employers.models import Employer
from cakupan.web.imports.services import import_batch_create

COLUMNS = ("nib", "npp", "nama", "kbli", "kode_wilayah", "jumlah_tenaga_kerja", "tenaga_kerja_terdaftar",
           "total_upah_dilaporkan", "program", "skala_usaha")  # fmt: skip
EMPLOYERS = (
    ("1302990000001", "", "RUMAH MAKAN SALERO BUNDO (contoh)", "56101", "13.02.05", 14, "", "", "", "kecil"),
    ("1302990000002", "", "BENGKEL MOTOR SAIYO (contoh)", "95210", "13.02.05", 3, "", "", "", "mikro"),
    ("1302990000003", "13029903", "PT SAWIT GUMANTI LESTARI (contoh)", "01262", "13.02", 120, 80,
     80 * 3_300_000, "JKK;JKM;JHT", "besar"),
    ("1302990000004", "13029904", "PT BATU KAPUR SOLOK (contoh)", "08102", "13.02", 60, 60, 60 * 2_500_000,
     "JKK;JKM;JHT;JP", "menengah"),
    ("1302990000005", "13029905", "KOPERASI TANI SAWAHAN (contoh)", "46201", "13.02.05", 8, 8, 8 * 3_100_000,
     "JKK;JKM;JHT", "kecil"),
    ("1302990000006", "13029906", "WARUNG KOPI KAWA DAUN (contoh)", "56303", "13.02.05", 2, 2, 2 * 2_000_000,
     "JKK;JKM", "mikro"),
)  # fmt: skip
PROJECT_COLUMNS = ("kode_proyek", "nama_proyek", "kode_wilayah", "nama_kontraktor", "nilai_kontrak", "sumber_pendanaan",
                   "tanggal_spk", "tanggal_selesai", "nomor_registrasi_bpjstk", "tanggal_daftar")  # fmt: skip
PROJECTS = (
    ("SLK-2025-001", "Rehabilitasi Jalan Sumani (contoh)", "13.02", "CV KARYA SALINGKA (contoh)", 1_450_000_000,
     "apbd", "2025-03-03", "2025-08-29", "JK2503000111", "2025-03-12"),
    ("SLK-2025-002", "Irigasi Batang Lembang (contoh)", "13.02.05", "PT TIRTA SOLOK (contoh)", 3_200_000_000,
     "apbn", "2025-04-14", "", "JK2505000222", "2025-05-20"),
    ("SLK-2025-003", "Jembatan Jorong Koto (contoh)", "13.02.05", "CV BUKIT GADANG (contoh)", 420_000_000,
     "apb_nagari", "2025-06-02", "2025-09-30", "", ""),
    ("SLK-2025-004", "Gedung Pasar Alahan Panjang (contoh)", "13.02", "PT SALERO BANGUN (contoh)", 2_750_000_000,
     "apbd", "2025-07-07", "", "", ""),
)  # fmt: skip
# (NIB, letter dates): the restaurant had its first warning, ran out, and got the second; the workshop its first.
LETTERS = (
    ("1302990000001", (dt.date(2025, 10, 1), dt.date(2025, 10, 16))),
    ("1302990000002", (dt.date(2025, 11, 3),)),
)


def compliance_demo_seed(out_dir: Path) -> int:
    """Import the example employers (once) and send their letters (once); returns how many letters were sent."""
    path = out_dir / "pemberi_kerja_contoh.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(EMPLOYERS)
    import_batch_create(source="employers", path=path)
    projects = out_dir / "proyek_jakon_contoh.csv"
    with projects.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PROJECT_COLUMNS)
        writer.writerows(PROJECTS)
    import_batch_create(source="jakon-projects", path=projects)
    sent = 0
    for nib, dates in LETTERS:
        employer = Employer.objects.get(nib=nib)
        if open_case(employer) or Letter.objects.filter(employer=employer).exists():
            continue
        for issued_on in dates:
            letter_issue(employer=employer, issued_on=issued_on, by=None)
            sent += 1
    return sent
