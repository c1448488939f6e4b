"""What the XLSX guard finds in a workbook before the spreadsheet engine opens it."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from bad_files import workbook
from cakupan.ingest.errors import UnreadableFile
from cakupan.ingest.limits import ReadLimits
from cakupan.ingest.xlsx_guard import inspect_xlsx


def test_used_range_and_first_row(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Petunjuk").write(0, 0, "baca saya")
    sheet = book.add_worksheet("Data")
    sheet.write_row(4, 2, ["nik", "nama"])
    sheet.write_row(7, 2, ["1", "a"])
    sheet.write_string(9, 27, "AB10")  # column AB
    book.close()
    scan = inspect_xlsx(path, "Data", ReadLimits())
    assert (scan.name, scan.first_row, scan.rows, scan.columns) == ("Data", 5, 10, 28)
    first = inspect_xlsx(path, None, ReadLimits())
    assert (first.name, first.first_row, first.rows, first.columns) == ("Petunjuk", 1, 1, 1)


def test_empty_sheet_has_no_first_row(tmp_path: Path) -> None:
    path = tmp_path / "kosong.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Data")
    book.close()
    assert inspect_xlsx(path, None, ReadLimits()).first_row is None


@pytest.mark.parametrize(
    ("cells", "refused"),
    [(2_000 * 3, False), (2_000 * 3 - 1, True)],
)
def test_cell_limit_is_rows_times_columns(tmp_path: Path, cells: int, refused: bool) -> None:
    path = workbook(tmp_path / "p.xlsx", [["a", "b", "c"], *([["1", "2", "3"]] * 1_999)])
    limits = ReadLimits(xlsx_cells=cells)
    if refused:
        with pytest.raises(UnreadableFile) as caught:
            inspect_xlsx(path, None, limits)
        assert caught.value.problem.params["last_cell"] == "C2000"
    else:
        assert inspect_xlsx(path, None, limits).rows == 2_000
