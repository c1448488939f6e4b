"""A letter as sent, as an A4 PDF to print, sign and stamp: the issuing kab/kota on top, then the text kept at
issue (never re-rendered from a template edited since). fpdf2's core font, so text goes through ``latin1``."""

from __future__ import annotations

import fpdf

from cakupan.web.compliance.models import Letter
from cakupan.web.indicators.summary_pdf import latin1

MARGIN, LINE = 25.0, 5.2


def letters_pdf_bytes(letters: list[Letter], title: str) -> bytes:
    """``letters`` in one PDF, each starting on a new page (to print a day's letters at once)."""
    pdf = fpdf.FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, 20, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_title(latin1(title))
    pdf.set_author("Cakupan")
    for letter in letters:
        _letter(pdf, letter)
    return bytes(pdf.output())


def letter_pdf_bytes(letter: Letter) -> bytes:
    return letters_pdf_bytes([letter], f"{letter.number} {letter.subject}")


def _letter(pdf: fpdf.FPDF, letter: Letter) -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    head = (
        f"BPJS KETENAGAKERJAAN - {letter.region.name.upper()}"
        if letter.issuer == "bpjstk"
        else f"PEMERINTAH {letter.region.name.upper()}"
    )
    pdf.multi_cell(0, 6, latin1(head), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 5, latin1(letter.subject), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.line(MARGIN, pdf.get_y() + 1, 210 - MARGIN, pdf.get_y() + 1)
    pdf.ln(5)
    pdf.set_font("Helvetica", "", 10.5)
    for paragraph in letter.body.split("\n"):
        if not paragraph.strip():
            pdf.ln(LINE / 2)
            continue
        pdf.multi_cell(0, LINE, latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
