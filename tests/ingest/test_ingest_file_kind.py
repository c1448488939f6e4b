"""``readers.file_kind``: what a file is by its bytes against its name, before any cell is read (the upload check
of the web pages), with the same refusals ``read_table`` makes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bad_files import csv_bytes, old_excel_file, workbook, write, zip_bytes
from cakupan.ingest.readers import UnreadableFile, file_kind, read_table


def test_a_csv_and_a_workbook(tmp_path: Path) -> None:
    assert file_kind(write(tmp_path / "p.csv", csv_bytes([["nik", "nama"], ["1", "A"]]))) == "csv"
    assert file_kind(write(tmp_path / "p.txt", "nik;nama\r\n1;Ä\r\n".encode("utf-16"))) == "csv"  # UTF-16
    assert file_kind(workbook(tmp_path / "p.xlsx", [["nik", "nama"], ["1", "A"]])) == "xlsx"


def test_the_name_given_decides_what_is_expected(tmp_path: Path) -> None:
    """An upload is stored under a name of our own; the user's file name says what it should be."""
    stored = workbook(tmp_path / "unggahan", [["nik"], ["1"]])
    assert file_kind(stored, name="Data Desa.XLSX") == "xlsx"
    with pytest.raises(UnreadableFile) as caught:
        file_kind(stored, name="data.csv")
    assert caught.value.problem.code == "file_xlsx_named_csv"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("kosong.csv", b"", "file_empty"),
        ("laporan.xlsx", b"%PDF-1.7 ...", "file_content_mismatch"),
        ("data.xlsx", b"nik,nama\n1,2\n", "file_text_named_xlsx"),
        ("data.xlsx", b"\x00\x01\x02\x03" * 100, "xlsx_not_workbook"),
        ("lama.xlsx", old_excel_file(), "file_is_xls"),
        ("lama.xls", old_excel_file(), "file_xls"),
        ("data.xls", b"nik,nama\n1,2\n", "file_type"),
        ("data.csv", b"PK\x03\x04 broken zip", "file_content_mismatch"),
        ("surat.xlsx", zip_bytes({"word/document.xml": "<w/>"}), "file_content_mismatch"),
        ("data.csv", b"nik,nama\n1,\x00\x00\x01\x02", "file_binary"),
        ("data", b"nik,nama\n", "file_type"),
    ],
)
def test_refusals_are_the_readers_own(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(UnreadableFile) as by_kind:
        file_kind(path)
    with pytest.raises(UnreadableFile) as by_reader:
        read_table(path)
    assert by_kind.value.problem == by_reader.value.problem
    assert by_kind.value.problem.code == code
    assert "{" not in str(by_kind.value)


def test_an_old_xls_gets_advice_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as caught:
        file_kind(write(tmp_path / "Rekap.xls", old_excel_file()))
    assert "Simpan Sebagai" in caught.value.problem.message("id")
    assert "Save As" in caught.value.problem.message("en")


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as caught:
        file_kind(tmp_path / "tidak-ada.csv")
    assert caught.value.problem.code == "file_open"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600), st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a.xlsm", "a", "a.xls"]))
def test_file_kind_never_crashes(content: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            kind = file_kind(path)
        except UnreadableFile as exc:
            assert str(exc)
        else:
            assert kind in ("csv", "xlsx")
