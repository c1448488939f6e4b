"""What an uploaded file really is (by its content, not its name), and an upload handler that stops storing a
file once it passes the size limit.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _

SNIFF_BYTES = 64 * 1024
CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


class UploadRefused(Exception):
    """The upload cannot be imported; the message (already translated) says why."""


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadRefused(
            _(
                "The file is damaged or incomplete (an unreadable Excel/ZIP archive). Save it again and upload it."
            )
        ) from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        raise UploadRefused(_("This is a Word document, not a spreadsheet. Upload a CSV or XLSX file."))
    raise UploadRefused(_("This is a ZIP archive, not an Excel workbook. Upload a CSV or XLSX file."))


def file_kind(path: Path) -> str:
    """``"xlsx"`` or ``"csv"``, judged by the bytes of the file; UploadRefused for anything else."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise UploadRefused(_("The file is empty (0 bytes)."))
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadRefused(
            _("This is an old Excel file (.xls). Open it in Excel and save it as .xlsx, then upload it.")
        )
    if head.startswith(b"%PDF"):
        raise UploadRefused(_("This is a PDF document, not a spreadsheet. Upload a CSV or XLSX file."))
    if b"\x00" in head:
        raise UploadRefused(
            _("This is not a text (CSV) file nor an Excel workbook. Upload a CSV or XLSX file.")
        )
    return "csv"


def check_name_matches(file_name: str, kind: str) -> None:
    """A file named .xlsx must be a workbook and one named .csv text: a mismatch is refused, not guessed."""
    suffix = Path(file_name).suffix.lower()
    if suffix in XLSX_SUFFIXES and kind != "xlsx":
        raise UploadRefused(
            _("The file is named %(suffix)s but it is not an Excel workbook (it is text). Rename it to .csv.")
            % {"suffix": suffix}
        )
    if suffix in CSV_SUFFIXES and kind != "csv":
        raise UploadRefused(
            _("The file is named %(suffix)s but it is an Excel workbook. Rename it to .xlsx.")
            % {"suffix": suffix}
        )
    if suffix not in XLSX_SUFFIXES | CSV_SUFFIXES:
        raise UploadRefused(
            _("Files ending in %(suffix)s are not supported; upload a CSV or XLSX file.")
            % {"suffix": suffix or _("(no extension)")}
        )


def sheet_names(path: Path) -> list[str]:
    """The worksheet names of an XLSX file, in order (empty when they cannot be read)."""
    import fastexcel

    try:
        return list(fastexcel.read_excel(path).sheet_names)
    except Exception:  # fastexcel has its own error hierarchy; reading the sheet reports the problem properly
        return []


class SizeLimitHandler(FileUploadHandler):
    """Stop keeping an uploaded file once it passes ``limit`` bytes; the view then says it is too large.

    Installed in front of Django's handlers, it passes chunks on until the limit and then skips the file, so a
    1 GB upload never lands on disk."""

    def __init__(self, limit: int, request: Any = None) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
