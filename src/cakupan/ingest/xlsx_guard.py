"""Look inside an XLSX before the spreadsheet engine opens it, and refuse what would exhaust memory or mislead.

The engine (calamine) unpacks the parts it needs and lays the sheet out as one dense rectangle of cells, from
the first used row and column to the last. So a file of a few kilobytes can ask for gigabytes: a "ZIP bomb" (a
part that unpacks to a thousand times its size) or a sheet with one cell in A1 and one in XFD1048576. This module
reads the ZIP central directory (sizes as declared) and then inflates, itself and with a cap, the parts the engine
will read, so that sizes a ZIP declares falsely cannot slip through: a part whose data differs from its declared
length or checksum is refused as damaged. In the chosen sheet it counts the rows and columns actually used.

The same pass finds the number cells whose digits may no longer be an identifier's: a NIK or KK number typed into
a Number cell keeps only 15 significant digits in Excel (the 16th becomes 0), and a number beyond 2^53 has no exact
float value. A 16-digit number that does not end in 0 and lies below 2^53 cannot have come from Excel's 15 digits
and is exact. One that ends in 0 may be exact too (about one NIK in ten ends in 0): it is ambiguous unless the
importer confirms that the file is a system export (``exact_numbers``). The ambiguous cells are listed, not
refused: the reader marks them so that only their rows are reported.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

from cakupan.ingest.errors import UnreadableFile, refuse
from cakupan.ingest.limits import ReadLimits

CHUNK = 1 << 20
RATIO_CHECKED_ABOVE = 1 << 20  # small parts may compress well without harm
MAX_XML_PART = 32 << 20  # workbook.xml and its relationships are parsed whole
SHOWN_CELLS = 5
EXACT_FLOAT_INTEGERS = 2**53
_WORKBOOK_REL = "officeDocument"

_ATTRIBUTE = re.compile(rb'\b(r|t)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class InexactCell:
    reference: str  # as the sheet writes it ("A3"); "?" when the cell gives none
    row: int | None  # the sheet row (1 = the first); None when the cell gives no reference
    digits: str  # the whole number the cell holds, as the engine gives it as text


@dataclass(frozen=True, slots=True)
class SheetScan:
    name: str  # the worksheet the engine must read
    first_row: int | None  # the first row holding a value (the engine starts there); None: no value at all
    rows: int  # the last row used
    columns: int  # the last column used (A = 1)
    inexact: tuple[InexactCell, ...] = ()  # number cells whose digits may have changed (see the module doc)


def inspect_xlsx(
    path: Path, sheet: str | None, limits: ReadLimits, *, exact_numbers: bool = False
) -> SheetScan:
    """Check ``path`` against ``limits`` and find the sheet to read; raise UnreadableFile with the reason.

    ``exact_numbers``: the importer confirms that the file's numbers were written by a program, not typed into
    Excel, so a 16-digit number below 2^53 that ends in 0 is exact."""
    try:
        with zipfile.ZipFile(path) as archive:
            _check_directory(archive.infolist(), limits)
            workbook = _workbook_part(archive)
            names, targets = _sheets(archive, workbook)
            if not names:
                raise refuse("file_empty")
            if sheet is None:
                name = names[0]
            elif sheet in names:
                name = sheet
            else:
                raise refuse("xlsx_sheet_missing", sheet=sheet, sheets=", ".join(names))
            part = targets.get(name)
            for helper in _helper_parts(archive, workbook):
                _drain(archive, helper, limits)
            if part is None or part not in archive.NameToInfo:
                raise refuse("xlsx_damaged")
            return _scan_sheet(archive, part, name, limits, exact_numbers)
    except UnreadableFile:
        raise
    except Exception as exc:
        # A cut download, a bad checksum, an unsupported compression method, malformed or mis-declared XML: the
        # standard library raises many kinds for these, and every one means the workbook cannot be trusted.
        raise refuse("xlsx_damaged") from exc


def _check_directory(infos: list[zipfile.ZipInfo], limits: ReadLimits) -> None:
    if len(infos) > limits.xlsx_entries:
        raise refuse("xlsx_too_many_parts", count=len(infos), limit=limits.xlsx_entries)
    declared = sum(info.file_size for info in infos)
    if declared > limits.xlsx_uncompressed_bytes:
        raise refuse("xlsx_too_large", size_mb=_mb(declared), limit_mb=_mb(limits.xlsx_uncompressed_bytes))
    for info in infos:
        if info.file_size > RATIO_CHECKED_ABOVE:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.xlsx_compression_ratio:
                raise refuse(
                    "xlsx_compression",
                    part=info.filename,
                    ratio=f"{ratio:,.0f}".replace(",", "."),
                    limit=limits.xlsx_compression_ratio,
                )


def _mb(size: int) -> str:
    return f"{size / (1 << 20):,.0f}".replace(",", ".")


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > MAX_XML_PART:
        raise refuse("xlsx_damaged")
    with archive.open(name) as handle:
        content = handle.read(MAX_XML_PART + 1)
    if len(content) > MAX_XML_PART:
        raise refuse("xlsx_damaged")
    return content


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type's last word, target part) of ``part``; empty when it has none."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if rels not in archive.NameToInfo:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for element in ElementTree.fromstring(_read_small(archive, rels)).iter():
        if _local(element.tag) != "Relationship":
            continue
        target = element.get("Target", "")
        resolved = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        found[element.get("Id", "")] = (element.get("Type", "").rsplit("/", 1)[-1], resolved)
    return found


def _workbook_part(archive: zipfile.ZipFile) -> str:
    for kind, target in _relationships(archive, "").values():
        if kind == _WORKBOOK_REL and target in archive.NameToInfo:
            return target
    if "xl/workbook.xml" in archive.NameToInfo:
        return "xl/workbook.xml"
    raise refuse("xlsx_damaged")


def _sheets(archive: zipfile.ZipFile, workbook: str) -> tuple[list[str], dict[str, str]]:
    """Sheet names in workbook order, and the part of each worksheet."""
    relationships = _relationships(archive, workbook)
    names: list[str] = []
    targets: dict[str, str] = {}
    for element in ElementTree.fromstring(_read_small(archive, workbook)).iter():
        if _local(element.tag) != "sheet":
            continue
        name = element.get("name", "")
        names.append(name)
        rel_id = next((value for key, value in element.attrib.items() if _local(key) == "id"), "")
        if rel_id in relationships:
            targets[name] = relationships[rel_id][1]
    return names, targets


def _helper_parts(archive: zipfile.ZipFile, workbook: str) -> list[str]:
    """Parts the engine reads whatever the sheet: shared strings and styles."""
    return [
        target
        for kind, target in _relationships(archive, workbook).values()
        if kind in ("sharedStrings", "styles") and target in archive.NameToInfo
    ]


def _chunks(archive: zipfile.ZipFile, part: str, limits: ReadLimits) -> Iterator[bytes]:
    """The unpacked bytes of ``part``, inflated here rather than trusting the sizes the ZIP declares: refused once
    more than the limit has come out, and refused as damaged when the data is not what the directory says
    (another length or checksum)."""
    info = archive.getinfo(part)
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise refuse("xlsx_damaged")  # encrypted parts and compression methods Excel never writes
    handle = archive.fp
    if handle is None:
        raise refuse("xlsx_damaged")
    handle.seek(info.header_offset)
    local = handle.read(30)
    if len(local) != 30 or local[:4] != b"PK\x03\x04":
        raise refuse("xlsx_damaged")
    handle.seek(
        info.header_offset
        + 30
        + int.from_bytes(local[26:28], "little")
        + int.from_bytes(local[28:30], "little")
    )
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left, unpacked, crc = info.compress_size, 0, 0
    while left > 0 or (inflater is not None and inflater.unconsumed_tail):
        packed = inflater.unconsumed_tail if inflater is not None and inflater.unconsumed_tail else b""
        if not packed:
            packed = handle.read(min(CHUNK, left))
            if not packed:
                raise refuse("xlsx_damaged")  # cut short
            left -= len(packed)
        chunk = packed if inflater is None else inflater.decompress(packed, CHUNK)
        unpacked += len(chunk)
        if unpacked > limits.xlsx_uncompressed_bytes:
            raise refuse(
                "xlsx_too_large", size_mb=f"> {_mb(unpacked)}", limit_mb=_mb(limits.xlsx_uncompressed_bytes)
            )
        crc = zlib.crc32(chunk, crc)
        if chunk:
            yield chunk
        if inflater is not None and inflater.eof:
            break
    if (inflater is not None and not inflater.eof) or unpacked != info.file_size or crc != info.CRC:
        raise refuse("xlsx_damaged")


def _drain(archive: zipfile.ZipFile, part: str, limits: ReadLimits) -> None:
    for _ in _chunks(archive, part, limits):
        pass


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class _SheetCounter:
    """Rows, columns, cells and first used row of a worksheet's XML, fed piece by piece (no tag cut in two)."""

    def __init__(self, prefix: bytes, exact_numbers: bool = False) -> None:
        self.exact_numbers = exact_numbers
        self.cell_start = b"<" + prefix + b"c "
        self.row_start = b"<" + prefix + b"row "
        tag = re.escape(prefix)
        self.row_ref = re.compile(rb"<" + tag + rb'row\s[^>]*?\br="([0-9]{1,9})"')
        # A literal start keeps these searches fast. A cell's own reference counts, not only its row's: the
        # engine places a cell where its reference says, whatever row element holds it.
        self.cell_column = re.compile(rb' r="([A-Z]{1,3})[0-9]')
        self.cell_row = re.compile(rb' r="[A-Z]{1,3}([0-9]{1,9})"')
        self.value_start = re.compile(rb"<" + tag + rb"(?:v|is)>")
        self.number_value = re.compile(rb"<" + tag + rb"v>([0-9][0-9.Ee+\-]{15,39})</" + tag + rb"v>")
        self.rows = 0  # row elements seen
        self.last_row = 0
        self.last_column = 0
        self.cells = 0
        self.first_row: int | None = None
        self.inexact: list[InexactCell] = []

    def feed(self, piece: bytes) -> None:
        row_refs = self.row_ref.findall(piece)
        if self.first_row is None:
            self._find_first_row(piece)
        self.rows += piece.count(self.row_start)
        row_refs.extend(set(self.cell_row.findall(piece)))
        if row_refs:
            self.last_row = max(self.last_row, *(int(r) for r in row_refs))
        self.cells += piece.count(self.cell_start)
        columns = set(self.cell_column.findall(piece))
        if columns:
            self.last_column = max(self.last_column, *(_column_number(c.decode()) for c in columns))
        for match in self.number_value.finditer(piece):
            self._check_number(piece, match)

    def _find_first_row(self, piece: bytes) -> None:
        value = self.value_start.search(piece)
        if value is None:
            return
        before = piece[: value.start()]
        refs = self.row_ref.findall(before)
        self.first_row = int(refs[-1]) if refs else self.rows + before.count(self.row_start)

    def _check_number(self, piece: bytes, match: re.Match[bytes]) -> None:
        digits = inexact_digits(match.group(1), exact_numbers=self.exact_numbers)
        if digits is None:  # first: most long numbers are exact identifiers
            return
        start = piece.rfind(self.cell_start, 0, match.start())
        if start < 0:
            return
        tag_end = piece.find(b">", start)
        attributes = dict(_ATTRIBUTE.findall(piece[start:tag_end]))
        if attributes.get(b"t", b"n") != b"n":  # a text or formula-text cell keeps its digits
            return
        reference = attributes.get(b"r", b"?").decode("ascii", "replace")
        row = _CELL_ROW.fullmatch(reference)
        self.inexact.append(InexactCell(reference, int(row.group(1)) if row else None, digits))


_CELL_ROW = re.compile(r"[A-Z]{1,3}([0-9]{1,9})")


def inexact_digits(raw: bytes, *, exact_numbers: bool = False) -> str | None:
    """The digits the engine shows for a number cell holding ``raw`` when it is a whole number of 16 or more
    digits that Excel or a float may not have kept exactly; None when it is exact or not such a number.

    Beyond 2^53 a float cannot hold every whole number, whoever wrote the file. Below it, a number ending in 0 is
    what Excel leaves of a 16-digit number typed into it: ambiguous, unless ``exact_numbers`` confirms that the
    file was written by a program."""
    if raw.isdigit():
        number = int(raw)
    else:
        try:
            value = Decimal(raw.decode("ascii"))
        except (InvalidOperation, UnicodeDecodeError):
            return None
        if not value.is_finite() or value.adjusted() > 30 or value != value.to_integral_value():
            return None
        number = abs(int(value))
    if number < 10**15:
        return None
    beyond_float = number > EXACT_FLOAT_INTEGERS
    if not beyond_float and (exact_numbers or number % 10 != 0):
        return None
    return str(int(float(number))) if beyond_float else str(number)  # the float the engine reads


def _scan_sheet(
    archive: zipfile.ZipFile, part: str, name: str, limits: ReadLimits, exact_numbers: bool
) -> SheetScan:
    counter: _SheetCounter | None = None
    tail = b""
    for chunk in _chunks(archive, part, limits):
        piece = tail + chunk
        if counter is None:
            prefix = re.search(rb"<(\w+:)?sheetData\b", piece)
            if prefix is None and len(piece) < 4 * CHUNK:
                tail = piece
                continue
            counter = _SheetCounter((prefix.group(1) or b"") if prefix else b"", exact_numbers)
        cut = max(piece.rfind(counter.cell_start), piece.rfind(counter.row_start))
        if cut <= 0:
            # One element longer than a chunk (a huge text cell): nothing of interest can start inside it.
            tail = piece if len(piece) <= 4 * CHUNK else piece[-64:]
            continue
        counter.feed(piece[:cut])
        tail = piece[cut:]
        _check_area(counter, name, limits)
    if counter is None:
        counter = _SheetCounter(b"", exact_numbers)
    counter.feed(tail)
    _check_area(counter, name, limits)
    return SheetScan(
        name=name,
        first_row=counter.first_row,
        rows=max(counter.last_row, counter.rows),
        columns=counter.last_column,
        inexact=tuple(counter.inexact),
    )


def _check_area(counter: _SheetCounter, name: str, limits: ReadLimits) -> None:
    rows = max(counter.last_row, counter.rows)
    area = rows * max(counter.last_column, 1)
    if area > limits.xlsx_cells or counter.cells > limits.xlsx_cells:
        last_cell = f"{_column_letters(max(counter.last_column, 1))}{rows}"
        raise refuse(
            "xlsx_too_many_cells",
            sheet=name,
            last_cell=last_cell,
            cells=f"{max(area, counter.cells):,}".replace(",", "."),
            limit=f"{limits.xlsx_cells:,}".replace(",", "."),
        )
