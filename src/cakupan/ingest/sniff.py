"""What a file really is, told by its first bytes and, for a ZIP or an Office 97-2003 (OLE2) container, by the
names of the parts inside. A file's name says what it should be; this says what it is.

Formats are named by their usual short names ("PDF", "DOCX (Word)"), which read the same in Bahasa Indonesia and
English, so a message can quote them in either language.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Literal

HEAD_BYTES = 64 * 1024
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE2_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")

# Formats that cannot be a CSV nor an XLSX, by the bytes they start with.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"RIFF", "RIFF (WEBP/WAV/AVI)"),
    (b"\x1f\x8b", "GZIP"),
    (b"\xfd7zXZ\x00", "XZ"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"{\\rtf", "RTF"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"\x7fELF", "ELF"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
)
# Text formats recognised by how they begin (after a BOM and blanks, case ignored).
_TEXT_STARTS: tuple[tuple[bytes, str], ...] = (
    (b"<!doctype html", "HTML"),
    (b"<html", "HTML"),
    (b"<table", "HTML"),
    (b"<?xml", "XML"),
)
# Names of streams in an OLE2 directory, stored as UTF-16LE.
_OLE2_STREAMS: tuple[tuple[str, str], ...] = (
    ("EncryptedPackage", "encrypted"),
    ("EncryptionInfo", "encrypted"),
    ("Workbook", "xls"),
    ("Book", "xls"),
    ("WordDocument", "DOC (Word 97-2003)"),
    ("PowerPoint Document", "PPT (PowerPoint 97-2003)"),
)

Container = Literal["zip", "ole2"]


def container_of(head: bytes) -> Container | None:
    if head.startswith(ZIP_SIGNATURES):
        return "zip"
    if head.startswith(OLE2_SIGNATURE):
        return "ole2"
    return None


def foreign_format(head: bytes) -> str | None:
    """The name of a format that is neither a ZIP nor an OLE2 container nor plain text, or None."""
    for signature, name in _MAGIC:
        if head.startswith(signature):
            return name
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:64].lower()
    for prefix, name in _TEXT_STARTS:
        if start.startswith(prefix):
            if name == "XML" and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
                return "XML Spreadsheet 2003"
            return name
    return None


def zip_format(path: Path) -> str | None:
    """``"xlsx"`` for an Excel workbook, the name of another ZIP-based format, or None when the ZIP is unreadable
    (truncated or damaged: its central directory, at the end, is missing or broken)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return None
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx" if "xl/workbook.xml" in names else "XLSB (Excel Binary Workbook)"
    if "word/document.xml" in names:
        return "DOCX (Word)"
    if "ppt/presentation.xml" in names:
        return "PPTX (PowerPoint)"
    if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
        return "ODS (LibreOffice Calc)"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "OpenDocument (LibreOffice)"
    return "ZIP"


def ole2_format(path: Path) -> str:
    """``"xls"``, ``"encrypted"`` (a password-protected Office file) or the name of another OLE2 format.

    The directory holding the stream names is usually in the first or last few sectors; those are searched, which
    is enough to tell the common cases apart without parsing the whole container."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - HEAD_BYTES))
            tail = handle.read(HEAD_BYTES)
            directory = b""
            if len(head) >= 512:
                shift = int.from_bytes(head[30:32], "little")
                first = int.from_bytes(head[48:52], "little")
                if 7 <= shift <= 16 and first < 0xFFFFFFFA:
                    handle.seek((first + 1) << shift)
                    directory = handle.read(1 << shift)
    except OSError:
        return "Office 97-2003 (OLE2)"
    haystack = directory + head + tail
    for stream, kind in _OLE2_STREAMS:
        if (stream + "\x00").encode("utf-16-le") in haystack:
            return kind
    return "Office 97-2003 (OLE2)"
