"""Limits that keep a broken or hostile file from exhausting memory or time while it is read.

Each limit is read from the environment when a file is read (see docs/configuration.md), so a deployment can raise
one without a code change. The defaults hold every file an office makes (Excel itself stops at 1,048,576 rows,
16,384 columns and 32,767 characters a cell) and refuse a "ZIP bomb" or a sheet whose used range spans millions
of empty cells before any of it is unpacked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# Excel's own maximum: no spreadsheet has more columns, so a wider CSV header is a broken file.
MAX_COLUMNS = 16_384


@dataclass(frozen=True, slots=True)
class ReadLimits:
    csv_bytes: int = 1 << 30  # largest CSV file read (1 GiB)
    xlsx_uncompressed_bytes: int = 1 << 30  # all parts of an XLSX together, unpacked (1 GiB)
    xlsx_compression_ratio: int = 100  # unpacked / packed size of one part (real sheets: 5 to 25)
    xlsx_entries: int = 10_000  # parts in the XLSX zip (a workbook has tens)
    xlsx_cells: int = 30_000_000  # rows x columns of the sheet's used range (the engine allocates every one)
    cell_chars: int = 32_767  # characters in one cell (Excel's own limit)

    @classmethod
    def from_environment(cls) -> ReadLimits:
        default = cls()
        return cls(
            csv_bytes=_positive(
                "CAKUPAN_MAX_CSV_BYTES", os.environ.get("CAKUPAN_MAX_CSV_BYTES"), default.csv_bytes
            ),
            xlsx_uncompressed_bytes=_positive(
                "CAKUPAN_MAX_XLSX_UNCOMPRESSED_BYTES",
                os.environ.get("CAKUPAN_MAX_XLSX_UNCOMPRESSED_BYTES"),
                default.xlsx_uncompressed_bytes,
            ),
            xlsx_compression_ratio=_positive(
                "CAKUPAN_MAX_XLSX_COMPRESSION_RATIO",
                os.environ.get("CAKUPAN_MAX_XLSX_COMPRESSION_RATIO"),
                default.xlsx_compression_ratio,
            ),
            xlsx_entries=_positive(
                "CAKUPAN_MAX_XLSX_ENTRIES", os.environ.get("CAKUPAN_MAX_XLSX_ENTRIES"), default.xlsx_entries
            ),
            xlsx_cells=_positive(
                "CAKUPAN_MAX_XLSX_CELLS", os.environ.get("CAKUPAN_MAX_XLSX_CELLS"), default.xlsx_cells
            ),
            cell_chars=_positive(
                "CAKUPAN_MAX_CELL_CHARS", os.environ.get("CAKUPAN_MAX_CELL_CHARS"), default.cell_chars
            ),
        )


def _positive(name: str, raw: str | None, default: int) -> int:
    """``raw`` as a positive whole number; unset or empty gives ``default``; anything else is a setup error."""
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{name} harus bilangan bulat positif, bukan {raw!r}.")
    return value
