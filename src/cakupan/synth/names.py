"""Short word lists for synthetic names and addresses (uppercase names, as printed on a KTP).

Minangkabau people rarely carry a family name, so a name is one or two given names. In Kepulauan Mentawai many
people carry a clan (suku) name as their last name. The lists are small on purpose: they only need to look
plausible, never to identify anyone.
"""

from __future__ import annotations

MALE_GIVEN: tuple[str, ...] = (
    "AFRIZAL", "AHMAD", "ANDRI", "ARIF", "ASRUL", "BUDI", "DEDI", "DODI", "EDWAR", "ERIZAL",
    "FAJAR", "FIKRI", "GUSRIL", "HENDRA", "ILHAM", "IRWAN", "JONI", "MUHAMMAD", "NOFRIANDI", "RAHMAT",
    "RIKO", "RIZKI", "SYAFRIZAL", "TAUFIK", "YULIANDRI", "YUSUF", "ZULKIFLI", "ZULFAHMI", "ALDO", "FERDI",
)  # fmt: skip
MALE_SECOND: tuple[str, ...] = (
    "SAPUTRA", "PUTRA", "HIDAYAT", "RAHMAN", "EFENDI", "SYAHPUTRA", "PRATAMA", "FIRDAUS", "KURNIAWAN", "ANWAR",
    "HAMDANI", "MALIN", "SUTAN", "FAUZI", "IKHSAN",
)  # fmt: skip
FEMALE_GIVEN: tuple[str, ...] = (
    "AISYAH", "ASMAWATI", "DELFI", "DESI", "ELI", "FITRI", "HASNAH", "MURNI", "NOVITA", "NURHAYATI",
    "NURUL", "PUTRI", "RAHMI", "RATNA", "ROSNI", "SITI", "SRI", "WATI", "YENI", "YULIA",
    "YUSNIDAR", "ZURAIDA", "LENI", "MARNI", "RINA", "SUCI", "WIDYA", "YESI", "ANI", "DEWI",
)  # fmt: skip
FEMALE_SECOND: tuple[str, ...] = (
    "PUTRI", "SARI", "WAHYUNI", "HANDAYANI", "RAHMADANI", "YANTI", "NOVIANTI", "FITRIANI", "ASTUTI", "MARLINA",
    "AGUSTINA", "SUSANTI", "ROZA", "ELVIRA", "OKTAVIA",
)  # fmt: skip
MENTAWAI_MALE_GIVEN: tuple[str, ...] = (
    "YOHANES", "MARKUS", "PAULUS", "MARTINUS", "YOSEP", "PETRUS", "ANTONIUS", "SIMON", "ANDREAS", "MATIUS",
)  # fmt: skip
MENTAWAI_FEMALE_GIVEN: tuple[str, ...] = (
    "ELISABETH", "MARIA", "KRISTINA", "AGUSTINA", "ROSALINA", "MARTA", "VERONIKA", "YULIANA", "MAGDALENA", "SUSANA",
)  # fmt: skip
MENTAWAI_CLANS: tuple[str, ...] = (
    "SABULAT", "SAGURUK", "SALEREU", "SAMALOISA", "SATOKO", "SAKERENGAN", "SABAGALET", "SALEILEI",
    "SAGALAGGAI", "SIRIRUI", "SAOGO", "SAKOKO",
)  # fmt: skip

# Jorong (nagari), korong (Padang Pariaman) and dusun (desa) names; streets for kelurahan.
HAMLETS: tuple[str, ...] = (
    "Koto Baru", "Koto Tuo", "Balai Baru", "Pasar", "Padang Laweh", "Lubuk", "Sungai Abu", "Kampung Tangah",
    "Tanjung", "Simpang Ampek", "Koto Gadang", "Batu Bajanjang", "Bukik", "Parak Laweh", "Air Angek",
    "Kampung Dalam", "Sawah Liek", "Ladang Padi", "Kubang", "Taratak",
)  # fmt: skip
STREETS: tuple[str, ...] = (
    "Sudirman", "Ahmad Yani", "Diponegoro", "Hamka", "Khatib Sulaiman", "Bagindo Aziz Chan", "Veteran",
    "Proklamasi", "Imam Bonjol", "Moh. Hatta", "Perintis Kemerdekaan", "Sutan Syahrir", "Rasuna Said",
    "Gajah Mada", "Samudera", "Rohana Kudus", "Agus Salim", "Tan Malaka", "Pemuda", "Raya Siteba",
)  # fmt: skip
