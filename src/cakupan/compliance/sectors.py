"""KBLI 2020 sections (A-U) from the first two digits of a KBLI code, to count findings by sector."""

from __future__ import annotations

from cakupan.core.labels import Label

_SECTIONS: tuple[tuple[str, int, int, str, str], ...] = (
    ("A", 1, 3, "Pertanian, kehutanan dan perikanan", "Agriculture, forestry and fishing"),
    ("B", 5, 9, "Pertambangan dan penggalian", "Mining and quarrying"),
    ("C", 10, 33, "Industri pengolahan", "Manufacturing"),
    ("D", 35, 35, "Pengadaan listrik dan gas", "Electricity and gas"),
    ("E", 36, 39, "Pengelolaan air, limbah dan daur ulang", "Water, waste and remediation"),
    ("F", 41, 43, "Konstruksi", "Construction"),
    (
        "G",
        45,
        47,
        "Perdagangan besar dan eceran; reparasi kendaraan",
        "Wholesale and retail trade; vehicle repair",
    ),
    ("H", 49, 53, "Pengangkutan dan pergudangan", "Transport and storage"),
    ("I", 55, 56, "Penyediaan akomodasi dan makan minum", "Accommodation and food"),
    ("J", 58, 63, "Informasi dan komunikasi", "Information and communication"),
    ("K", 64, 66, "Jasa keuangan dan asuransi", "Finance and insurance"),
    ("L", 68, 68, "Real estat", "Real estate"),
    ("M", 69, 75, "Jasa profesional, ilmiah dan teknis", "Professional, scientific and technical"),
    (
        "N",
        77,
        82,
        "Jasa persewaan, ketenagakerjaan dan penunjang usaha",
        "Administrative and support services",
    ),
    ("O", 84, 84, "Administrasi pemerintahan", "Public administration"),
    ("P", 85, 85, "Jasa pendidikan", "Education"),
    ("Q", 86, 88, "Jasa kesehatan dan kegiatan sosial", "Health and social work"),
    ("R", 90, 93, "Kesenian, hiburan dan rekreasi", "Arts, entertainment and recreation"),
    ("S", 94, 96, "Kegiatan jasa lainnya", "Other services"),
    ("T", 97, 98, "Jasa perorangan yang melayani rumah tangga", "Households as employers"),
    ("U", 99, 99, "Kegiatan badan internasional", "Extraterritorial organisations"),
)
SECTION_LABELS: dict[str, Label] = {code: Label(id_, en) for code, _, _, id_, en in _SECTIONS}


def kbli_section(kbli: str) -> str:
    """The KBLI 2020 section letter of a code (``47111`` → ``G``); ``""`` when the code is not a KBLI code."""
    digits = kbli.strip()[:2]
    if len(digits) != 2 or not digits.isdigit():
        return ""
    division = int(digits)
    return next((code for code, low, high, _, _ in _SECTIONS if low <= division <= high), "")


def kbli_matches(kbli: str, prefix: str) -> bool:
    """True when KBLI code ``kbli`` lies in the KBLI group ``prefix`` (``01262`` in ``0126``; a code and a prefix of
    digits only; an empty code matches nothing)."""
    code = kbli.strip()
    return bool(code) and bool(prefix) and code.isdigit() and prefix.isdigit() and code.startswith(prefix)
