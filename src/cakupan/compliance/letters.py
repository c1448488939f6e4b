"""Warning letters as text: the placeholders a template may use, the check made when an officer saves a template,
the letter number, and the rendering. Templates are plain text in Bahasa Indonesia with ``{placeholder}`` fields;
the shipped ones are in ``letter_templates/``, an office edits its own copy in the web shell."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from cakupan.compliance.errors import ComplianceError
from cakupan.compliance.sanctions import STEP_CODES
from cakupan.core.labels import Label

TEMPLATE_DIR = Path(__file__).with_name("letter_templates")
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember")  # fmt: skip
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# Every placeholder a letter body or subject may use, with what it becomes (Indonesian, English).
PLACEHOLDERS: dict[str, Label] = {
    "nomor": Label("nomor surat ini", "this letter's number"),
    "tanggal": Label("tanggal surat, mis. 3 Desember 2026", "the letter's date, e.g. 3 Desember 2026"),
    "batas_waktu": Label("batas waktu pemenuhan", "the deadline to comply"),
    "hari": Label("jangka waktu, mis. 10 (sepuluh) hari kerja", "the period, e.g. 10 (sepuluh) hari kerja"),
    "nama_pemberi_kerja": Label("nama pemberi kerja", "the employer's name"),
    "nib": Label("NIB pemberi kerja", "the employer's NIB"),
    "npp": Label("NPP, atau 'belum terdaftar'", "the NPP, or 'belum terdaftar'"),
    "wilayah": Label("nama wilayah lokasi pemberi kerja", "the name of the employer's region"),
    "kewilayahan": Label("kab/kota penerbit surat", "the issuing kab/kota"),
    "temuan": Label("daftar temuan kepatuhan, satu per baris", "the compliance findings, one per line"),
    "dasar_hukum": Label("dasar hukum langkah ini", "the legal basis of this step"),
    "surat_sebelumnya": Label("nomor dan tanggal surat sebelumnya", "number and date of the previous letter"),
    "iuran_terutang": Label(
        "iuran yang seharusnya dibayar (Rp)", "contributions that should have been paid (Rp)"
    ),
    "bulan_denda": Label("jumlah bulan denda", "months of fine"),
    "denda": Label("jumlah denda (Rp)", "the fine (Rp)"),
}
NUMBER_FIELDS = ("urut", "langkah", "kode_wilayah", "bulan_romawi", "tahun")
DEFAULT_NUMBER_FORMAT = "{urut}/{langkah}/{kode_wilayah}/{bulan_romawi}/{tahun}"
_FIELD = re.compile(r"\{([^{}]*)\}")
_NUMBER_TEXT = re.compile(r"[A-Za-z0-9 ./_{}-]{1,80}")


@dataclass(frozen=True)
class TemplateText:
    subject: str
    body: str


def shipped_template(step: str) -> TemplateText:
    """The template written for ``step``: the first line is the subject, the rest (after a blank line) the body."""
    if step not in STEP_CODES:
        raise ComplianceError(f"Langkah {step!r} tidak dikenal.", f"Unknown step {step!r}.")
    text = (TEMPLATE_DIR / f"{step}.txt").read_text(encoding="utf-8")
    subject, _blank, body = text.partition("\n\n")
    return TemplateText(subject.strip(), body.strip() + "\n")


def _unknown_fields(text: str, allowed: tuple[str, ...] | dict[str, Label]) -> list[str]:
    stray = _FIELD.sub("", text)
    problems = []
    if "{" in stray or "}" in stray:
        problems.append("{ atau } tanpa pasangan")
    problems += [f"{{{name}}}" for name in _FIELD.findall(text) if name not in allowed]
    return problems


def template_check(*, subject: str, body: str, number_format: str) -> None:
    """Refuse a template whose fields are unknown or unbalanced, naming them; the number must be unique per year."""
    where = {"perihal": subject, "isi": body, "format nomor": number_format}
    for part, text in where.items():
        if not text.strip():
            raise ComplianceError(f"Bagian {part} templat kosong.", f"The template's {part} is empty.")
    problems = [
        f"{part}: {problem}"
        for part, text in where.items()
        for problem in _unknown_fields(text, NUMBER_FIELDS if part == "format nomor" else PLACEHOLDERS)
    ]
    if problems:
        raise ComplianceError(
            "Templat memuat isian yang tidak dikenal: " + "; ".join(problems) + ".",
            "The template has unknown fields: " + "; ".join(problems) + ".",
        )
    if not _NUMBER_TEXT.fullmatch(number_format):
        raise ComplianceError(
            "Format nomor hanya boleh memuat huruf, angka, spasi dan . / - _ di luar isiannya.",
            "The number format may hold only letters, digits, spaces and . / - _ besides its fields.",
        )
    if "{urut}" not in number_format or "{tahun}" not in number_format:
        raise ComplianceError(
            "Format nomor harus memuat {urut} dan {tahun} agar setiap nomor unik.",
            "The number format must hold {urut} and {tahun} so that every number is unique.",
        )


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with every known ``{field}`` replaced; anything else is left as written."""
    return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def letter_number(number_format: str, *, seq: int, step: str, region_code: str, issued_on: dt.date) -> str:
    values = {
        "urut": f"{seq:03d}",
        "langkah": step.upper(),
        "kode_wilayah": region_code,
        "bulan_romawi": ROMAN[issued_on.month - 1],
        "tahun": str(issued_on.year),
    }
    return fill(number_format, values)


def long_date(day: dt.date | None) -> str:
    return "-" if day is None else f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def rupiah(amount: int | None) -> str:
    return "-" if amount is None else "Rp " + f"{amount:,}".replace(",", ".")


_WORDS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
          "sebelas")  # fmt: skip


def spelled(n: int) -> str:
    """Whole numbers in Indonesian words, as letters write periods: 10 -> sepuluh, 14 -> empat belas, 30 -> tiga puluh."""
    if n < 12:
        return _WORDS[n]
    if n < 20:
        return f"{_WORDS[n - 10]} belas"
    if n < 100:
        tens, ones = divmod(n, 10)
        return f"{_WORDS[tens]} puluh" + (f" {_WORDS[ones]}" if ones else "")
    if n < 200:
        return "seratus" + (f" {spelled(n - 100)}" if n > 100 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_WORDS[hundreds]} ratus" + (f" {spelled(rest)}" if rest else "")
    return str(n)
