"""Cell parsers: what each accepts, what it refuses, and that no text makes one raise or return nonsense."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.ingest import values
from cakupan.ingest.schemas import DENOMINATOR_KINDS, PAYERS, PROGRAMMES, SECTORS, SEGMENTS

INT64_MAX = 2**63 - 1
EXCEL_EPOCH = dt.date(1899, 12, 30)
D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-15", D(2024, 1, 15)),
        ("15/01/2024", D(2024, 1, 15)),
        ("15-01-2024", D(2024, 1, 15)),
        ("5/1/2024", D(2024, 1, 5)),
        ("45306", D(2024, 1, 15)),  # Excel serial
        ("36526", D(2000, 1, 1)),
        ("45292 00:00:00", D(2024, 1, 1)),
        ("2024-01-15 00:00:00", D(2024, 1, 15)),  # an Excel date cell read as text
        ("2024-01-15 00:00", D(2024, 1, 15)),
        ("2024-01-15T00:00:00", D(2024, 1, 15)),
        ("2024-01-15 00:00:00.000", D(2024, 1, 15)),
        ("15/01/2024 00:00:00", D(2024, 1, 15)),
        ("  2024-01-15  ", D(2024, 1, 15)),
        ("29/02/2024", D(2024, 2, 29)),
        ("1900-01-01", D(1900, 1, 1)),
        ("2100-12-31", D(2100, 12, 31)),
        ("1985-07-01", D(1985, 7, 1)),
        # refused
        ("", None),
        ("   ", None),
        ("0", None),
        ("00000", None),
        ("1", None),  # serial 1 is before 1900
        ("99999", None),  # serial 99999 is in 2173
        ("100000", None),
        ("-1", None),
        ("2024-02-30", None),
        ("31/02/2024", None),
        ("29/02/2023", None),
        ("2024-13-01", None),
        ("32/01/2024", None),
        ("01/13/2024", None),
        ("1899-12-31", None),
        ("2101-01-01", None),
        ("2024/01/15", None),
        ("15.01.2024", None),
        ("20240115", None),
        ("2024-01-15 13:45:00", None),  # a time of day is not a date
        ("15 Januari 2024", None),
        ("٢٠٢٤-٠١-١٥", None),  # Arabic-Indic digits
        ("45306.5", None),
        ("tanggal", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert values.parse_date(text) == expected


@settings(max_examples=200, deadline=None)
@given(day=st.dates(D(1900, 1, 1), D(2100, 12, 31)))
def test_parse_date_round_trips_every_written_form(day: dt.date) -> None:
    for text in (
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        day.strftime("%d-%m-%Y"),
        f"{day.isoformat()} 00:00:00",
        f"{day.day}/{day.month}/{day.year:04d}",
        str((day - EXCEL_EPOCH).days),
    ):
        assert values.parse_date(text) == day, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-08", D(2024, 8, 1)),
        (" 2024-08 ", D(2024, 8, 1)),
        ("2024-01", D(2024, 1, 1)),
        ("2024-12", D(2024, 12, 1)),
        ("1900-01", D(1900, 1, 1)),
        ("2100-12", D(2100, 12, 1)),
        ("2024-13", None),
        ("2024-00", None),
        ("2024-8", None),
        ("08-2024", None),
        ("2024/08", None),
        ("2024-08-01", None),
        ("202408", None),
        ("1899-12", None),
        ("2101-01", None),
        ("Agustus 2024", None),
        ("", None),
    ],
)
def test_parse_period(text: str, expected: dt.date | None) -> None:
    assert values.parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("226964", 226_964),
        ("226.964", 226_964),
        ("226,964", 226_964),
        ("226964.0", 226_964),
        ("226964.00", 226_964),
        (" 12 ", 12),
        ("0", 0),
        ("0009", 9),
        ("1.000", 1_000),  # Indonesian thousands separator, not one
        ("3.000.000", 3_000_000),
        ("3,000,000", 3_000_000),
        (str(INT64_MAX), INT64_MAX),
        ("-1", None),
        ("+1", None),
        ("1.5", None),
        ("12,5", None),
        ("1.2345", None),
        ("1.000,5", None),
        ("1,000.000", None),
        ("1 000", None),
        ("", None),
        ("satu", None),
        ("1e6", None),
        ("٣", None),
        (str(INT64_MAX + 1), None),  # would not fit the Int64 column
        ("9" * 30, None),
        ("9" * 5000, None),  # beyond int()'s digit limit: must be refused, not raise
        ("9" * 4000 + ".0", None),
    ],
)
def test_parse_count(text: str, expected: int | None) -> None:
    assert values.parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1000000", 1_000_000),
        ("1.000.000", 1_000_000),
        ("1,000,000", 1_000_000),
        ("Rp 1.000.000", 1_000_000),
        ("Rp. 1.000.000", 1_000_000),
        ("Rp1.000.000", 1_000_000),
        ("rp 1.000.000", 1_000_000),
        ("RP. 1,000,000", 1_000_000),
        ("  Rp 2.500.000  ", 2_500_000),
        ("1000000.0", 1_000_000),
        ("Rp 0", 0),
        ("Rp", None),
        ("Rp -1", None),
        ("-1.000.000", None),
        ("1.000.000,50", None),
        ("Rp 1 juta", None),
        ("USD 100", None),
        ("", None),
    ],
)
def test_parse_rupiah(text: str, expected: int | None) -> None:
    assert values.parse_rupiah(text) == expected


def test_rupiah_with_decimal_cents_is_not_misread() -> None:
    # "1.000.000,00" is one million in Indonesian notation: refusing it is fine, reading 100 million is not.
    assert values.parse_rupiah("Rp 1.000.000,00") in (None, 1_000_000)


@settings(max_examples=200, deadline=None)
@given(amount=st.integers(0, INT64_MAX))
def test_parse_rupiah_round_trips_written_amounts(amount: int) -> None:
    dotted = f"{amount:,}".replace(",", ".")
    for text in (str(amount), f"{amount:,}", dotted, f"Rp {dotted}", f"Rp. {dotted}", f"{amount}.0"):
        assert values.parse_rupiah(text) == amount, text
        assert values.parse_count(text.removeprefix("Rp. ").removeprefix("Rp ")) == amount, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jkk; jkm", "JKK;JKM"),
        ("JKK;JKM", "JKK;JKM"),
        ("JKM;JKK", "JKK;JKM"),
        ("jkk, jkm, jht", "JKK;JKM;JHT"),
        ("JKK/JKM", "JKK;JKM"),
        ("JKK + JKM", "JKK;JKM"),
        ("jkk jkm", "JKK;JKM"),
        ("JKP;JP;JHT;JKM;JKK", "JKK;JKM;JHT;JP;JKP"),
        ("JKK;JKK", "JKK"),
        (" jkk ; ", "JKK"),
        ("JKK", "JKK"),
        ("", None),
        (";", None),
        (" ; , ", None),
        ("JKN", None),
        ("JKK;XYZ", None),
        ("JKK;JKM;BPJS", None),
        ("JKKJKM", None),
    ],
)
def test_parse_programmes(text: str, expected: str | None) -> None:
    assert values.parse_programmes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L", "L"),
        ("l", "L"),
        (" L ", "L"),
        ("P", "P"),
        ("p", "P"),
        ("Laki-laki", "L"),
        ("LAKI-LAKI", "L"),
        ("laki laki", "L"),
        ("Pria", "L"),
        ("Perempuan", "P"),
        ("PEREMPUAN", "P"),
        ("wanita", "P"),
        ("", None),
        ("X", None),
        ("M", None),
        ("F", None),
        ("laki", None),
        ("LP", None),
    ],
)
def test_parse_sex(text: str, expected: str | None) -> None:
    assert values.parse_sex(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("10", 10),
        (" 5 ", 5),
        ("5.0", 5),
        ("0", None),
        ("11", None),
        ("-1", None),
        ("", None),
        ("x", None),
    ],
)
def test_parse_decile(text: str, expected: int | None) -> None:
    assert values.parse_decile(text) == expected


@pytest.mark.parametrize(
    ("text", "choices", "expected"),
    [
        ("APBD", PAYERS, "apbd"),
        (" Pemberi_Kerja ", PAYERS, "pemberi_kerja"),
        ("apb_nagari", PAYERS, "apb_nagari"),
        ("bpu", SEGMENTS, "BPU"),
        ("Jakon", SEGMENTS, "JAKON"),
        ("Informal", SECTORS, "informal"),
        ("ANGKATAN_KERJA", DENOMINATOR_KINDS, "angkatan_kerja"),
        ("pemda", PAYERS, None),
        ("apbd provinsi", PAYERS, None),
        ("", SEGMENTS, None),
        ("PU;BPU", SEGMENTS, None),
    ],
)
def test_parse_choice(text: str, choices: tuple[str, ...], expected: str | None) -> None:
    assert values.parse_choice(text, choices) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1302050101010001", "1302050101010001"),
        ("1302-0501-0101-0001", "1302050101010001"),
        ("1302 0501 0101 0001", "1302050101010001"),
        ("13.02.05.0101010001", "1302050101010001"),
        ("130205010101000", None),
        ("13020501010100011", None),
        ("1302050101O10001", None),
        ("١٣٠٢٠٥٠١٠١٠١٠٠٠١", None),
        ("1.302050101010001e15", None),
        ("1.30205E+15", None),  # Excel's scientific notation: the digits are gone
        ("1302050101010001.0", "1302050101010001"),  # a number cell turned into text
        ("'1302050101010001", "1302050101010001"),  # Excel's apostrophe that keeps a number as text
        ("", None),
    ],
)
def test_parse_kk(text: str, expected: str | None) -> None:
    assert values.parse_kk(text) == expected


# --- fuzzing: any text -> None or a value of the right type and range ------------------------------------------

cell_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789 .,-/:+;T", max_size=30),
    st.text(alphabet="0123456789", min_size=1, max_size=25),
    st.builds(
        lambda prefix, body, suffix: prefix + body + suffix,
        st.sampled_from(["", " ", "Rp", "Rp ", "rp. ", "-", "+"]),
        st.text(alphabet="0123456789.,", max_size=20),
        st.sampled_from(["", " ", ".0", " 00:00:00", "T00:00", ",00"]),
    ),
    st.lists(st.sampled_from([*PROGRAMMES, "jkk", "jkn", "x", ";", ",", " ", "/", "+"]), max_size=6).map(
        "".join
    ),
)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _canonical_programmes(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = value.split(";")
    return bool(parts) and len(set(parts)) == len(parts) and parts == [p for p in PROGRAMMES if p in parts]


ACCEPTS: dict[str, tuple[Callable[[str], Any], Callable[[Any], bool]]] = {
    "date": (
        values.parse_date,
        lambda v: type(v) is dt.date and 1900 <= v.year <= 2100,
    ),
    "period": (
        values.parse_period,
        lambda v: type(v) is dt.date and v.day == 1 and 1900 <= v.year <= 2100,
    ),
    "count": (values.parse_count, lambda v: _is_int(v) and 0 <= v <= INT64_MAX),
    "rupiah": (values.parse_rupiah, lambda v: _is_int(v) and 0 <= v <= INT64_MAX),
    "decile": (values.parse_decile, lambda v: _is_int(v) and 1 <= v <= 10),
    "sex": (values.parse_sex, lambda v: v in ("L", "P")),
    "programmes": (values.parse_programmes, _canonical_programmes),
    "payer": (lambda text: values.parse_choice(text, PAYERS), lambda v: v in PAYERS),
    "segment": (lambda text: values.parse_choice(text, SEGMENTS), lambda v: v in SEGMENTS),
    "kk": (
        values.parse_kk,
        lambda v: isinstance(v, str) and len(v) == 16 and all(ch in "0123456789" for ch in v),
    ),
}


@settings(max_examples=600, deadline=None)
@given(text=cell_text)
def test_every_parser_never_raises_and_returns_none_or_a_sane_value(text: str) -> None:
    for kind, (parse, sane) in ACCEPTS.items():
        value = parse(text)
        assert value is None or sane(value), (kind, text, value)


@pytest.mark.parametrize("kind", sorted(ACCEPTS))
def test_parser_handles_extreme_text(kind: str) -> None:
    parse, sane = ACCEPTS[kind]
    for text in (
        "9" * 5000,
        "1" * 4301 + ".0",
        "Rp " + "9" * 5000,
        "\x00",
        "\ufeff2024-01-01",
        "\u200b",
        " " * 1000,
    ):
        value = parse(text)
        assert value is None or sane(value), (kind, text[:20], value)
