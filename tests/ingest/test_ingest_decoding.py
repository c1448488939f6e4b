"""Bytes to text the way offices' CSV files are encoded, with a warning where letters had to be guessed."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.ingest.decoding import decode_text

TEXT = "nik;nama\r\n1302054107850003;Zoë Ñoño Müller\r\n1302051507900001;Œuvre – “kutip” €5\r\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (
            TEXT.encode("utf-16"),
            "utf-16-le",
        ),  # Python writes the BOM of the machine's order: little-endian here
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: told by the zero bytes
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32-le"),
        (TEXT.encode("cp1252"), "windows-1252"),
    ],
)
def test_each_encoding_reads_back_exactly_without_warning(raw: bytes, encoding: str) -> None:
    decoded = decode_text(raw)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.warnings == ()


def test_latin_1_letters_read_as_windows_1252() -> None:
    text = "nama\nJosé Ñoño Façade\n"
    assert decode_text(text.encode("latin-1")).text == text


def test_mixed_file_keeps_its_utf8_letters_and_names_the_guessed_rows() -> None:
    raw = (
        "nama\nZoë\n".encode()
        + "Müller\nRené\n".encode("cp1252")
        + "Çağrı\n".encode()
        + "Ñ\n".encode("cp1252")
    )
    decoded = decode_text(raw)
    assert decoded.text == "nama\nZoë\nMüller\nRené\nÇağrı\nÑ\n"
    assert decoded.encoding == "utf-8+windows-1252"
    assert [(w.code, w.severity, w.params) for w in decoded.warnings] == [
        ("encoding_mixed", "warning", {"count": "3", "rows": "3, 4, 6"})
    ]


def test_bytes_that_are_no_character_become_replacement_characters() -> None:
    decoded = decode_text(b"nama\nA\x81B\nC\x8dD\x9d\n")
    assert decoded.text == "nama\nA\ufffdB\nC\ufffdD\ufffd\n"
    assert [(w.code, w.params) for w in decoded.warnings] == [
        ("encoding_replaced", {"count": "3", "rows": "2, 3"})
    ]


def test_many_rows_are_listed_briefly() -> None:
    raw = b"x\n" + b"".join("é\n".encode() if i % 2 else "é\n".encode("cp1252") for i in range(40))
    (warning,) = decode_text(raw).warnings
    assert warning.params["count"] == "20"
    assert warning.params["rows"] == "2, 4, 6, 8, 10, 12, 14, 16, 18, 20, ..."


def test_broken_utf16_is_replaced_with_a_warning() -> None:
    decoded = decode_text(
        codecs.BOM_UTF16_LE + "nama\nZoë\n".encode("utf-16-le") + b"\x00\xd8"
    )  # lone surrogate
    assert decoded.text.startswith("nama\nZoë\n")
    assert [w.code for w in decoded.warnings] == ["encoding_replaced"]


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=500))
def test_any_bytes_decode(raw: bytes) -> None:
    decoded = decode_text(raw)
    assert isinstance(decoded.text, str)
    for warning in decoded.warnings:
        assert warning.severity == "warning" and warning.message("id")


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=80
    )
)
def test_utf8_text_comes_back_unchanged(text: str) -> None:
    decoded = decode_text(text.encode("utf-8"))
    if decoded.encoding == "utf-8":
        assert decoded.text == text.removeprefix("\ufeff")
        assert decoded.warnings == ()
