"""The messy files of the three journeys (issue 18), made the way offices and BPJSTK make them.

Not src/cakupan/synth (the model's own generator): these files are small, deterministic and messy on purpose -
headers as offices type them, DD/MM/YYYY dates typed as text, the DTSEN extract's NIK column stored as numbers by
the exporting program (a tenth of them ending in 0), a few percent of bad rows, BPJSTK's membership list as a
``;``-separated CSV in Windows-1252 with names such as NURSIÑAH and ANDRÉ.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import xlsxwriter

from cakupan.core.nik import make_nik

KECAMATAN = "13.02.12"  # X Koto Diatas, Kabupaten Solok
NAGARI = {  # its eight nagari, each with its own APB Nagari line
    "13.02.12.2001": "Sulit Air",
    "13.02.12.2002": "Tanjung Balik",
    "13.02.12.2003": "Paninjauan",
    "13.02.12.2004": "Kuncir",
    "13.02.12.2005": "Katialo",
    "13.02.12.2006": "Pasilihan",
    "13.02.12.2007": "Bukit Kanduang",
    "13.02.12.2008": "Sibarambang",
}
OUTSIDE = "13.71.01.1001"  # a kelurahan of Kota Padang: outside a Kabupaten Solok officer's regions
HOUSEHOLDS_PER_NAGARI = 12
FIRST = {
    "L": ["RAHMAT", "ANDRÉ", "SYAFRUDIN", "ZULKIFLI", "JOSÉ", "FERDIÑAN"],
    "P": ["NURSIÑAH", "YULIANTI", "ROSMANIAR", "ELFIDA", "DESRIANI", "RENÉ"],
}
LAST = ["PILIANG", "CANIAGO", "TANJUNG", "KOTO", "SIKUMBANG", "CHANIAGO", "MELAYU", "JAMBAK"]
DTSEN_HEADERS = [
    "No",
    "No. NIK",
    "No. KK",
    "Nama Lengkap",
    "Tgl Lahir",
    "JK",
    "Kode Desa",
    "Alamat",
    "Pekerjaan",
    "Sektor",
    "Desil DTSEN",
]


@dataclass
class Resident:
    nik: str
    kk: str
    name: str
    born: dt.date
    sex: str
    region: str
    occupation: str
    sector: str
    decile: int

    def dtsen_row(self, number: int) -> list[object]:
        """The row as the DTSEN export writes it: the NIK a number cell, the date typed as text."""
        return [
            number,
            int(self.nik),
            self.kk,
            self.name,
            f"{self.born:%d/%m/%Y}",
            self.sex,
            self.region,
            f"Jorong {NAGARI.get(self.region, 'Koto')}",
            self.occupation,
            self.sector,
            self.decile,
        ]


@dataclass
class Extract:
    """A DTSEN extract: its residents, and the bad rows with the corrected row an officer would write."""

    residents: list[Resident]
    rows: int = 0
    fixes: dict[str, Resident] = field(default_factory=dict)  # problem kind -> the resident the row should be
    outside_rows: list[int] = field(
        default_factory=list
    )  # spreadsheet row numbers outside the officer's regions

    @property
    def workers(self) -> list[Resident]:
        return [r for r in self.residents if r.sector == "informal"]


def _residents(rng: random.Random) -> list[Resident]:
    residents: list[Resident] = []
    serial = 1
    for code, _name in NAGARI.items():
        for h in range(HOUSEHOLDS_PER_NAGARI):
            kk = f"1302{12:02d}{rng.randrange(10**9, 10**10)}"
            family = LAST[(h + len(residents)) % len(LAST)]
            members = [
                (
                    dt.date(1970 + rng.randrange(20), 1 + rng.randrange(12), 1 + rng.randrange(28)),
                    "L",
                    "Petani",
                ),
                (
                    dt.date(1972 + rng.randrange(20), 1 + rng.randrange(12), 1 + rng.randrange(28)),
                    "P",
                    "Pedagang",
                ),
                (dt.date(2012 + rng.randrange(8), 1 + rng.randrange(12), 1 + rng.randrange(28)), "L", ""),
            ]
            for born, sex, occupation in members:
                nik = make_nik(kecamatan_code=KECAMATAN, birth_date=born, sex=sex, serial=serial)
                serial += 1
                first = FIRST[sex][rng.randrange(len(FIRST[sex]))]
                residents.append(
                    Resident(
                        nik=nik,
                        kk=kk,
                        name=f"{first} {family}",
                        born=born,
                        sex=sex,
                        region=code,
                        occupation=occupation,
                        sector="informal" if occupation else "",
                        decile=1 + rng.randrange(4),
                    )
                )
    return residents


def dtsen_workbook(path: Path, *, seed: int = 18) -> Extract:
    """Kabupaten Solok's DTSEN extract for X Koto Diatas (288 residents), with 8 bad rows (2.7 %): two NIK of 15
    digits, two impossible dates, two missing names, two rows of a kelurahan in Kota Padang."""
    rng = random.Random(seed)
    residents = _residents(rng)
    extract = Extract(residents=residents)
    rows: list[list[object]] = [list(DTSEN_HEADERS)]
    bad = {
        7: "nik",
        40: "date",
        95: "nik",
        130: "name",
        170: "date",
        220: "name",
        250: "outside",
        280: "outside",
    }
    number = 0
    good: list[Resident] = []
    for index, resident in enumerate(residents):
        number += 1
        row = resident.dtsen_row(number)
        kind = bad.get(index)
        if kind == "nik":  # a digit lost when the NIK was typed
            row[1] = int(resident.nik[:-1])
        elif kind == "date":  # day and month typed the wrong way round, or a 31 in February
            row[4] = f"31/02/{resident.born:%Y}"
        elif kind == "name":
            row[3] = None
        elif kind == "outside":
            row[6] = OUTSIDE
        if kind is None:
            good.append(resident)
        elif kind == "outside":
            extract.outside_rows.append(number + 1)
        else:
            extract.fixes[f"{kind}-{len([k for k in extract.fixes if k.startswith(kind)])}"] = resident
        rows.append(row)
    extract.rows = number
    extract.residents = good
    _write_xlsx(path, "DTSEN", rows)
    return extract


def _write_xlsx(path: Path, sheet_name: str, rows: list[list[object]]) -> None:
    """Numbers as number cells (as the exporting program stores the NIK), text as text, empty cells empty."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(sheet_name)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value not in (None, ""):
                sheet.write_string(r, c, str(value))
    book.close()


def fixed_rows(galat: Path, out: Path, extract: Extract) -> list[Resident]:
    """What an officer does with the downloaded error file (its headers are Cakupan's own names): correct each
    rejected row from the paper records, drop the rows of another region (not hers to import), remove Cakupan's
    two added columns, save as a new workbook. Returns the residents the corrected rows hold."""
    frame = pl.read_excel(galat, engine="calamine", infer_schema_length=0)  # every cell as the text it shows
    header = frame.columns
    col = {name: i for i, name in enumerate(header)}
    by_nik15 = {r.nik[:-1]: r for k, r in extract.fixes.items() if k.startswith("nik")}
    by_nik = {r.nik: r for r in extract.fixes.values()}
    fixed: list[Resident] = []
    keep: list[list[object]] = []
    for cells in frame.iter_rows():
        values: list[object] = list(cells)
        nik = str(values[col["nik"]] or "").removesuffix(".0")
        resident = by_nik.get(nik) or by_nik15.get(nik)
        if resident is None:  # a row of another region: its content is not in the file
            continue
        values[col["nik"]] = resident.nik  # typed again, as text this time
        values[col["nama"]] = resident.name
        values[col["tanggal_lahir"]] = f"{resident.born:%d/%m/%Y}"
        keep.append([v for i, v in enumerate(values) if header[i] not in ("baris_asal", "masalah")])
        fixed.append(resident)
    _write_xlsx(out, "Perbaikan", [[h for h in header if h not in ("baris_asal", "masalah")], *keep])
    return fixed


def bpjstk_memberships_csv(path: Path, residents: list[Resident], *, seed: int = 18) -> list[Resident]:
    """BPJSTK's membership list for the kecamatan: a quarter of the working residents are BPU members (mandiri),
    a ``;``-separated CSV in Windows-1252 with BPJSTK's own headers. Returns the members."""
    rng = random.Random(seed)
    workers = [r for r in residents if r.sector == "informal"]
    # BPJSTK's own order, which puts a name written with é or ñ first.
    members = sorted(rng.sample(workers, len(workers) // 4), key=lambda r: (r.name.isascii(), r.nik))
    with path.open("w", newline="", encoding="cp1252") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(
            [
                "NIK",
                "Nama Peserta",
                "No KPJ",
                "Segmen",
                "Program",
                "TMT",
                "Tgl Berakhir",
                "Upah",
                "Sumber Iuran",
            ]
        )
        for k, r in enumerate(members, start=1):
            start = dt.date(2023 + k % 2, 1 + k % 12, 1)
            writer.writerow(
                [
                    r.nik,
                    r.name,
                    f"2301{k:07d}",
                    "BPU",
                    "JKK, JKM",
                    f"{start:%d/%m/%Y}",
                    "",
                    "1.000.000",
                    "mandiri",
                ]
            )
    return members


def bpjstk_answer_csv(path: Path, niks: list[str], *, rejected: int = 2) -> None:
    """BPJSTK's answer to a collective registration: a KPJ number for each worker, the first ``rejected`` refused."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["NIK", "No KPJ", "Status", "Keterangan"])
        for k, nik in enumerate(niks):
            if k < rejected:
                writer.writerow([nik, "", "Ditolak", "Data tidak sesuai Dukcapil"])
            else:
                writer.writerow([nik, f"2601{k:07d}", "Diterima", ""])


# Journey 3: Nagari Supayang (Kecamatan Payung Sekaki), where the operator reports two deaths.
SUPAYANG = "13.02.05.2001"
DEATH = dt.date(2026, 2, 10)
LONG_MEMBER = Resident(  # a BPU member since January 2022: more than 3 years at his death, scholarships due
    nik=make_nik(kecamatan_code="13.02.05", birth_date=dt.date(1979, 4, 12), sex="L", serial=311),
    kk="1302050101090311",
    name="SYAHRIAL CANIAGO",
    born=dt.date(1979, 4, 12),
    sex="L",
    region=SUPAYANG,
    occupation="Petani",
    sector="informal",
    decile=2,
)
SHORT_MEMBER = Resident(  # a BPU member since June 2023: 32 months, the lump sums but no scholarship
    nik=make_nik(kecamatan_code="13.02.05", birth_date=dt.date(1985, 9, 3), sex="L", serial=312),
    kk="1302050101090312",
    name="ANDRÉ PILIANG",
    born=dt.date(1985, 9, 3),
    sex="L",
    region=SUPAYANG,
    occupation="Tukang Ojek",
    sector="informal",
    decile=3,
)


def _supayang_files(folder: Path) -> list[tuple[str, Path]]:
    """The nagari's residents as its office typed them (``;``, DD/MM/YYYY) and BPJSTK's list of their members."""
    persons = folder / "penduduk_supayang.csv"
    with persons.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(
            ["NIK KTP", "No KK", "Nama Lengkap", "Tgl Lahir", "L/P", "Kode Nagari", "Pekerjaan", "Sektor"]
        )
        for r in (LONG_MEMBER, SHORT_MEMBER):
            writer.writerow(
                [r.nik, r.kk, r.name, f"{r.born:%d/%m/%Y}", r.sex, r.region, r.occupation, r.sector]
            )
    members = folder / "kepesertaan_supayang.csv"
    with members.open("w", newline="", encoding="cp1252") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["NIK", "No KPJ", "Segmen", "Program", "TMT", "Upah", "Sumber Iuran"])
        writer.writerow([LONG_MEMBER.nik, "22010000311", "BPU", "JKK JKM", "01/01/2022", "1.000.000", "apbd"])
        writer.writerow(
            [SHORT_MEMBER.nik, "23060000312", "BPU", "JKK JKM", "01/06/2023", "1.000.000", "apbd"]
        )
    return [("persons", persons), ("memberships", members)]


def _denominators(folder: Path) -> Path:
    """Labour-force figures Disnaker Kabupaten Solok takes from BPS and the nagari (journey 1 reads them)."""
    path = folder / "angkatan_kerja.csv"
    lines = [
        "kode_wilayah,periode,jenis,nilai,sumber",
        '13.02,2025-06,angkatan_kerja,226964,"Angkatan kerja Kab. Solok, BPS Sakernas Agustus 2024"',
        f'{KECAMATAN},2025-06,angkatan_kerja,200,"Kecamatan X Koto Diatas dalam Angka 2025, BPS Kab. Solok"',
        *(f'{code},2025-06,angkatan_kerja,25,"Profil Nagari 2025, Wali Nagari"' for code in NAGARI),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_only_files(folder: Path) -> list[tuple[str, Path]]:
    """The files imported before the journeys start (``source``, path): data a journey reads but does not import."""
    return [("labour-force", _denominators(folder)), *_supayang_files(folder)]


# Journey 2: Kota Padang Panjang's employers, from the licensing system (OSS) and from BPJSTK.
CITY = "13.74"
EMPLOYERS = [  # NIB, name, KBLI, kelurahan, workforce (OSS), scale as OSS writes it
    ("1374000000001", "CV Sate Mak Syukur", "56101", "13.74.01.1001", 12, "Usaha Mikro"),
    ("1374000000002", "PT Beton Serambi Mekah", "41011", "13.74.02.1001", 40, "Usaha Besar"),
    ("1374000000003", "CV Kopi Kawa Daun", "56303", "13.74.01.1002", 5, "Usaha Kecil"),
    ("1374000000004", "UD Bareh Solok Jaya", "47211", "13.74.01.1003", 8, "Usaha Kecil"),
    ("1374000000005", "PT Pusako Rumah Gadang", "41012", "13.74.02.1002", 25, "Usaha Menengah"),
    ("1374000000006", "CV Rendang Uni Ernita", "10792", "13.74.02.1003", 15, "Usaha Kecil"),
    ("1374000000007", "Toko Kain Minang Saiyo", "47711", "13.74.01.1001", 6, "Usaha Mikro"),
    ("1374000000008", "CV Galamai Pak Datuak", "10739", "13.74.02.1001", 9, "Usaha Mikro"),
]
# What BPJSTK's employer data says of some of them: NIB, NPP, workers registered, total wages, programmes.
BPJSTK_EMPLOYERS = [
    ("1374000000002", "13740002", 30, 30 * 4_000_000, "JKK, JKM"),  # PDS: 30 of 40, large without JHT and JP
    ("1374000000003", "13740003", 5, 5 * 3_500_000, "JKK, JKM, JHT"),  # compliant
    ("1374000000005", "13740005", 25, 25 * 1_500_000, "JKK, JKM, JHT, JP"),  # PDS: wages below the UMP
]


def oss_employers_workbook(path: Path) -> int:
    """DPMPTSP's OSS export of the city's businesses (its own headers), with one NIB that lost a digit.
    Returns the number of valid rows."""
    rows: list[list[object]] = [
        ["NIB", "Nama Perusahaan", "KBLI", "Kode Wilayah", "Jumlah TK", "Skala Usaha"]
    ]
    for nib, name, kbli, region, workforce, scale in EMPLOYERS:
        rows.append([nib, name, kbli, region, workforce, scale])
    rows.append(["137400000009", "CV Nasi Kapau Uni Lis", "56101", "13.74.01.1002", 4, "Usaha Mikro"])
    _write_xlsx(path, "OSS", rows)
    return len(EMPLOYERS)


def bpjstk_employers_csv(path: Path) -> None:
    """BPJSTK's employer data for the city: NPP, workers registered, wages, programmes; ``;``, Windows-1252."""
    with path.open("w", newline="", encoding="cp1252") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["NPP", "NIB", "Nama Perusahaan", "TK Terdaftar", "Total Upah", "Program"])
        names = {nib: name.upper() for nib, name, *_rest in EMPLOYERS}  # BPJSTK writes names in capitals
        for nib, npp, registered, wages, programmes in BPJSTK_EMPLOYERS:
            writer.writerow([npp, nib, names[nib], registered, f"{wages:,}".replace(",", "."), programmes])
