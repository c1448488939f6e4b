"""Bad files, built the way they reach an office: for the bad-input catalogue and the CLI's end-to-end tests."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import xlsxwriter


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def csv_bytes(rows: list[list[str]], delimiter: str = ",") -> bytes:
    return "".join(delimiter.join(row) + "\r\n" for row in rows).encode("utf-8")


def workbook(path: Path, rows: list[list[object]], *, sheet: str = "Data", first_row: int = 0) -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    worksheet = book.add_worksheet(sheet)
    for offset, row in enumerate(rows):
        for column, value in enumerate(row):
            if isinstance(value, str):
                worksheet.write_string(first_row + offset, column, value)
            elif isinstance(value, int | float):
                worksheet.write_number(first_row + offset, column, value)
    book.close()
    return path


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal but well-formed OLE2 compound file (the container of .xls, .doc and password-protected Office
    files): a header, one FAT sector, one directory sector and the streams (each padded to 4096 bytes, so no
    mini stream is needed). At most three streams."""
    assert 1 <= len(streams) <= 3
    sector = 512
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat = [fat_sector, end]
    entries = [_directory_entry("Root Entry", kind=5, child=1, start=end, size=0)]
    body = b""
    next_sector = 2
    for number, (name, content) in enumerate(streams.items(), start=1):
        padded = content.ljust(max(4096, -(-len(content) // sector) * sector), b"\x00")
        sectors = len(padded) // sector
        fat.extend([*range(next_sector + 1, next_sector + sectors), end])
        right = number + 1 if number < len(streams) else free
        entries.append(_directory_entry(name, kind=2, right=right, start=next_sector, size=len(padded)))
        body += padded
        next_sector += sectors
    while len(entries) < 4:
        entries.append(b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + b"\xff" * 12 + b"\x00" * 48)
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(sector, b"\xff")
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + b"\xff" * (108 * 4)
    )
    assert len(header) == sector
    return header + fat_bytes + b"".join(entries) + body


def _directory_entry(
    name: str, *, kind: int, start: int, size: int, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF
) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    entry = (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", 0xFFFFFFFF, right, child)
        + b"\x00" * 16
        + b"\x00" * 4
        + b"\x00" * 16
        + struct.pack("<IQ", start, size)
    )
    assert len(entry) == 128
    return entry


def zip_bytes(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def sheet_xml(parts: dict[str, bytes]) -> str:
    return parts["xl/worksheets/sheet1.xml"].decode("utf-8")


def quoted_csv(rows: list[list[str]]) -> bytes:
    """CSV with every cell quoted, quotes inside doubled, as Excel saves cells holding quotes or commas."""
    return "".join(
        ",".join('"' + cell.replace('"', '""') + '"' for cell in row) + "\r\n" for row in rows
    ).encode()


def declare_size(data: bytearray, part: str, size: int) -> None:
    """Overwrite the uncompressed size of ``part`` in its local header and in the central directory."""
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(part)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    central = bytes(data).find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == part.encode():
            struct.pack_into("<I", data, central + 24, size)
        central = bytes(data).find(b"PK\x01\x02", central + 4)


def zip_bomb(path: Path, header: list[str], row: list[str], *, blanks: int = 50_000_000) -> Path:
    """A workbook whose sheet holds ``blanks`` spaces after its data: legal XML, packed a thousand times smaller."""
    parts = xlsx_parts(workbook(path, [header, row]))
    xml = sheet_xml(parts).replace("</sheetData>", "</sheetData>" + " " * blanks)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    return write(path, zip_bytes(parts))


def far_cell_sheet(path: Path, header: list[str], row: list[str]) -> Path:
    """Two rows of data and one cell in XFD1048576: a few kilobytes whose used range is the whole sheet."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, header)
    sheet.write_row(1, 0, row)
    sheet.write_string(1_048_575, 16_383, "x")
    book.close()
    return path


def old_excel_file() -> bytes:
    """An Excel 97-2003 (.xls) container: a Workbook stream starting with a BIFF8 BOF record."""
    return compound_file({"Workbook": struct.pack("<HHHHII", 0x0809, 16, 0x0600, 0x0005, 0, 0)})
