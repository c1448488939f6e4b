"""NIK rules: composition, checking, masking, and the messages they speak (BRIEF §8)."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.core.nik import NikCheck, Sex, check_nik, make_nik, mask_nik, normalize_nik
from cakupan.core.problems import MESSAGES, Language, Problem
from cakupan.core.regions import Region, RegionIndex, load_province

ASCII_DIGITS = "0123456789"
SEXES: tuple[Sex, ...] = ("L", "P")
LANGUAGES: tuple[Language, ...] = ("id", "en")
# Digits that are digits to Python (str.isdigit, int()) but never to a NIK.
UNICODE_DIGITS = "٠١٢٣٤٥٦٧٨٩" + "۰۱۲۳۴۵۶۷۸۹" + "０１２３４５６７８９" + "०१२३४५६७८९" + "²³¹" + "𝟎𝟏𝟐"


@pytest.fixture(scope="module")
def sumbar() -> list[Region]:
    return load_province("13")


@pytest.fixture(scope="module")
def index(sumbar: list[Region]) -> RegionIndex:
    return RegionIndex.of(sumbar)


@pytest.fixture(scope="module")
def kecamatan_codes(sumbar: list[Region]) -> list[str]:
    codes = sorted(r.code for r in sumbar if r.level == 3)
    assert len(codes) == 179
    return codes


def codes_of(check: NikCheck) -> list[str]:
    return [p.code for p in check.problems]


SCIENTIFIC = re.compile(r"[0-9]([.,][0-9]+)?[eE][+-]?[0-9]{1,3}")


def trimmed(raw: str) -> str:
    """The cell without surrounding blanks and without Excel's leading text apostrophe(s)."""
    return re.sub(r"^[\s']+", "", raw).strip()


def is_scientific(raw: str) -> bool:
    return SCIENTIFIC.fullmatch(trimmed(raw)) is not None


def cleaned(raw: str) -> str:
    """What a NIK is after what spreadsheets and typists add is removed: blanks, an apostrophe, a number cell's
    ``.0``, and separators (whitespace, dots, dashes)."""
    text = trimmed(raw)
    head, mark, zeros = text[:16], text[16:17], text[17:]
    sixteen = len(head) == 16 and all(ch in ASCII_DIGITS for ch in head)
    if sixteen and mark in (".", ",") and zeros and set(zeros) == {"0"}:
        return head
    return "".join(ch for ch in text if not (ch.isspace() or ch in ".-")).lstrip("'")


def is_nik_shaped(raw: str) -> bool:
    if is_scientific(raw):
        return False
    text = cleaned(raw)
    return len(text) == 16 and all(ch in ASCII_DIGITS for ch in text)


# A woman born 1 July 1985, first issued in Kec. Payung Sekaki (13.02.05), serial 0003.
SITI = "1302054107850003"


# --- make_nik -> check_nik ----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_made_nik_checks_clean_and_round_trips(
    data: st.DataObject, index: RegionIndex, kecamatan_codes: list[str]
) -> None:
    kecamatan = data.draw(st.sampled_from(kecamatan_codes), label="kecamatan")
    born = data.draw(st.dates(dt.date(1940, 1, 1), dt.date(2025, 12, 31)), label="born")
    sex = data.draw(st.sampled_from(SEXES), label="sex")
    serial = data.draw(st.integers(1, 9999), label="serial")

    nik = make_nik(kecamatan_code=kecamatan, birth_date=born, sex=sex, serial=serial)
    assert len(nik) == 16
    assert all(ch in ASCII_DIGITS for ch in nik)
    assert nik[:6] == kecamatan.replace(".", "")
    assert int(nik[6:8]) == born.day + (40 if sex == "P" else 0)
    assert nik[12:] == f"{serial:04d}"

    for check in (
        check_nik(nik, known_regions=index),
        check_nik(nik, known_regions=index, birth_date=born, sex=sex),
    ):
        assert check.problems == ()
        assert check.is_valid
        assert check.nik == nik
        assert check.kecamatan_code == kecamatan
        assert check.sex == sex
        assert (check.birth_day, check.birth_month, check.birth_yy) == (born.day, born.month, born.year % 100)

    masked = mask_nik(nik)
    assert len(masked) == 16
    assert masked[:4] == nik[:4]
    assert masked[-4:] == nik[-4:]
    assert masked[4:12] == "*" * 8
    assert sum(ch.isdigit() for ch in masked) == 8


def test_separators_are_removed_before_checking(index: RegionIndex) -> None:
    for written in (
        "1302 0541 0785 0003",
        "1302-0541-0785-0003",
        "13.02.05.410785.0003",
        " 1302054107850003\t",
    ):
        assert normalize_nik(written) == SITI
        check = check_nik(written, known_regions=index)
        assert check.nik == SITI
        assert check.problems == ()


def test_make_nik_refuses_impossible_parts() -> None:
    born = dt.date(1985, 7, 1)
    for serial in (0, -1, 10_000):
        with pytest.raises(ValueError, match="serial"):
            make_nik(kecamatan_code="13.02.05", birth_date=born, sex="L", serial=serial)
    for code in ("13.02", "13.02.05.2001", "13"):
        with pytest.raises(ValueError, match="kecamatan"):
            make_nik(kecamatan_code=code, birth_date=born, sex="L", serial=1)


def test_mask_never_reveals_short_input() -> None:
    assert mask_nik(SITI) == "1302********0003"
    assert mask_nik("12345678") == "********"
    assert mask_nik("") == ""


# --- format -------------------------------------------------------------------------------------------------


def _with_one_digit_swapped(digits: str, position: int, replacement: str) -> str:
    return digits[:position] + replacement + digits[position + 1 :]


not_sixteen_ascii_digits = st.one_of(
    # arbitrary text (almost never NIK-shaped)
    st.text(max_size=40),
    # the right characters in the wrong number
    st.text(alphabet=ASCII_DIGITS + " .-", max_size=40),
    # sixteen digits with one of them a non-ASCII digit (Arabic-Indic, Persian, fullwidth, Devanagari, ...)
    st.builds(
        _with_one_digit_swapped,
        st.just(SITI),
        st.integers(0, 15),
        st.sampled_from(UNICODE_DIGITS),
    ),
    # a NIK written entirely in another script's digits
    st.builds(
        SITI.translate,
        st.sampled_from(
            [
                str.maketrans(ASCII_DIGITS, "٠١٢٣٤٥٦٧٨٩"),
                str.maketrans(ASCII_DIGITS, "０１２３４５６７８９"),
                str.maketrans(ASCII_DIGITS, "०१२३४५६७८९"),
            ]
        ),
    ),
    # sixteen digits plus one foreign character somewhere
    st.builds(
        lambda position, extra: SITI[:position] + extra + SITI[position:],
        st.integers(0, 16),
        st.sampled_from([*string.ascii_letters, *"/_,+*#'\"\u200b\x00", "0", "13"]),
    ),
).filter(lambda raw: not is_nik_shaped(raw) and not is_scientific(raw))


@settings(max_examples=400, deadline=None)
@given(raw=not_sixteen_ascii_digits)
def test_anything_but_sixteen_ascii_digits_is_a_format_error(raw: str, index: RegionIndex) -> None:
    check = check_nik(raw, known_regions=index)
    assert check.nik is None
    assert check.problems == (Problem("nik_format"),)
    assert not check.is_valid
    assert check.sex is None
    assert check.kecamatan_code is None


@settings(max_examples=200, deadline=None)
@given(raw=st.text(alphabet=ASCII_DIGITS + " .-\t\u00a0", min_size=16, max_size=30))
def test_format_error_exactly_when_not_sixteen_digits(raw: str, index: RegionIndex) -> None:
    check = check_nik(raw, known_regions=index)
    assert ("nik_format" in codes_of(check)) == (not is_nik_shaped(raw))


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "130205410785000",  # 15 digits
        "13020541078500031",  # 17 digits
        "13020541078500O3",  # letter O for zero
        "١٣٠٢٠٥٤١٠٧٨٥٠٠٠٣",  # Arabic-Indic digits
        "１３０２０５４１０７８５０００３",  # fullwidth digits
        "1302054107850003\n1",
        "1302054107850003/",
        "+1302054107850003",
        "1302054107850003.5",  # a decimal is no NIK
        "1302054107850003.0.0",
        "13020541078500030",  # a trailing zero without its decimal mark is a 17th digit
        "1302054107850003'",
        "13020541078E0003",  # a letter E typed for a 3 is no scientific notation
        "13E15",
    ],
)
def test_format_examples(raw: str, index: RegionIndex) -> None:
    assert codes_of(check_nik(raw, known_regions=index)) == ["nik_format"]


@pytest.mark.parametrize(
    "written",
    [
        "1302054107850003.0",  # a number cell turned into text
        "1302054107850003.00",
        "1302054107850003,0",  # the same in an Indonesian locale
        "'1302054107850003",  # Excel's apostrophe that keeps a number as text
        " '1302054107850003 ",
        "1302\u00a00541\u00a00785\u00a00003",  # non-breaking spaces from a web page
        "1302.0541.0785.0003",
    ],
)
def test_what_spreadsheets_add_is_removed(written: str, index: RegionIndex) -> None:
    assert normalize_nik(written) == SITI
    check = check_nik(written, known_regions=index)
    assert (check.nik, check.problems) == (SITI, ())


@pytest.mark.parametrize(
    "written",
    [
        "1.30205E+15",
        "1,30205E+15",
        "1.302054107850003e15",
        "1.302054107850003E+15",
        " 1.3E15 ",
        "'1.30205E+15",
    ],
)
def test_scientific_notation_is_refused_with_its_own_message(written: str, index: RegionIndex) -> None:
    # Even a mantissa with all 16 digits is refused: the other rows of such a column have lost theirs.
    check = check_nik(written, known_regions=index)
    assert check.nik is None
    assert codes_of(check) == ["nik_scientific"]
    value = written.strip().lstrip("'")
    assert check.problems[0].params == {"value": value}
    message = check.problems[0].message("id")
    assert value in message and "notasi ilmiah" in message and "Teks" in message
    assert "Text" in check.problems[0].message("en")


@settings(max_examples=300, deadline=None)
@given(raw=st.one_of(st.text(max_size=30), st.text(alphabet=ASCII_DIGITS + " .,-'eE+\u00a0", max_size=30)))
def test_normalizing_twice_changes_nothing_and_checks_the_same(raw: str, index: RegionIndex) -> None:
    # The validator stores normalize_nik(cell) and checks that value: both must agree with checking the cell.
    once = normalize_nik(raw)
    assert normalize_nik(once) == once
    assert check_nik(once, known_regions=index) == check_nik(raw, known_regions=index)
    assert (once == cleaned(raw) and is_nik_shaped(raw)) or check_nik(raw, known_regions=index).nik is None


# --- serial and birth date ------------------------------------------------------------------------------------


def test_serial_0000_is_an_error(index: RegionIndex) -> None:
    check = check_nik("1302054107850000", known_regions=index)
    assert codes_of(check) == ["nik_serial"]
    assert not check.is_valid
    assert check.errors == (Problem("nik_serial"),)


@pytest.mark.parametrize(
    ("date_digits", "why"),
    [
        ("320185", "day 32"),
        ("011385", "month 13"),
        ("010085", "month 00"),
        ("310285", "31 February"),
        ("300285", "30 February"),
        ("290201", "29 February 2001"),
        ("310485", "31 April"),
        ("000185", "day 00"),
        ("400185", "day 40: neither a man's day nor a woman's"),
        ("720185", "a woman's day 32"),
        ("710285", "a woman's 31 February"),
        ("990185", "day 99"),
    ],
)
def test_impossible_birth_dates_are_errors(date_digits: str, why: str, index: RegionIndex) -> None:
    check = check_nik(f"130205{date_digits}0003", known_regions=index)
    assert codes_of(check) == ["nik_birth_date"], why
    assert check.problems[0].params == {"digits": date_digits}
    assert date_digits in check.problems[0].message("id")
    assert not check.is_valid


def test_impossible_birth_date_and_serial_0000_are_both_reported(index: RegionIndex) -> None:
    assert codes_of(check_nik("1302053202850000", known_regions=index)) == ["nik_birth_date", "nik_serial"]


@pytest.mark.parametrize(
    ("date_digits", "decoded"),
    [
        ("010785", ("L", 1, 7, 85)),
        ("310185", ("L", 31, 1, 85)),
        ("410785", ("P", 1, 7, 85)),
        ("710185", ("P", 31, 1, 85)),
        ("290200", ("L", 29, 2, 0)),  # 2000 was a leap year
        ("690204", ("P", 29, 2, 4)),
        ("311299", ("L", 31, 12, 99)),
    ],
)
def test_real_birth_dates_decode(
    date_digits: str, decoded: tuple[str, int, int, int], index: RegionIndex
) -> None:
    check = check_nik(f"130205{date_digits}0001", known_regions=index)
    assert check.problems == ()
    assert (check.sex, check.birth_day, check.birth_month, check.birth_yy) == decoded


# --- regions inside the NIK -------------------------------------------------------------------------------------


def test_unknown_province_is_an_error(index: RegionIndex) -> None:
    assert "99" not in index
    check = check_nik("9902054107850003", known_regions=index)
    assert codes_of(check) == ["nik_province"]
    assert check.problems[0].params == {"code": "99"}
    assert check.problems[0].severity == "error"
    assert not check.is_valid


def test_province_outside_the_known_set_is_an_error(index: RegionIndex) -> None:
    # Jawa Barat exists, but not in the regions this check was given.
    check = check_nik("3276014107850003", known_regions=index)
    assert codes_of(check) == ["nik_province"]


def test_unknown_kabkota_is_an_error(index: RegionIndex) -> None:
    assert "13" in index
    assert "13.50" not in index
    check = check_nik("1350054107850003", known_regions=index)
    assert codes_of(check) == ["nik_kabkota"]
    assert check.problems[0].params == {"code": "13.50"}
    assert not check.is_valid


def test_unknown_kecamatan_under_known_kabkota_is_only_a_warning(index: RegionIndex) -> None:
    assert "13.02" in index
    assert "13.02.99" not in index
    check = check_nik("1302994107850003", known_regions=index)
    assert codes_of(check) == ["nik_kecamatan_retired"]
    assert check.problems[0].severity == "warning"
    assert check.problems[0].params == {"code": "13.02.99"}
    assert check.errors == ()
    assert check.warnings == check.problems
    assert check.is_valid
    # The rest of the NIK is still read.
    assert (check.nik, check.sex, check.birth_day, check.birth_month, check.birth_yy) == (
        "1302994107850003",
        "P",
        1,
        7,
        85,
    )
    assert check.kecamatan_code == "13.02.99"
    assert "13.02.99" in check.problems[0].message("id")


def test_known_regions_can_be_any_container() -> None:
    known = {"13", "13.02", "13.02.05"}
    assert check_nik(SITI, known_regions=known).problems == ()
    assert codes_of(check_nik(SITI, known_regions=frozenset({"13"}))) == ["nik_kabkota"]


# --- consistency with what the row states ----------------------------------------------------------------------


def test_stated_birth_date_that_disagrees_is_an_error_naming_both(index: RegionIndex) -> None:
    check = check_nik(SITI, known_regions=index, birth_date=dt.date(1985, 7, 2), sex="P")
    assert codes_of(check) == ["nik_birth_date_mismatch"]
    assert not check.is_valid
    message = check.problems[0].message("id")
    assert "01-07-85" in message
    assert "1985-07-02" in message
    assert "tidak sama" in message
    english = check.problems[0].message("en")
    assert "01-07-85" in english
    assert "1985-07-02" in english


@pytest.mark.parametrize(
    "stated",
    [dt.date(1985, 7, 2), dt.date(1985, 8, 1), dt.date(1986, 7, 1), dt.date(1975, 7, 1), dt.date(1985, 1, 7)],
)
def test_any_part_of_the_date_disagreeing_is_a_mismatch(stated: dt.date, index: RegionIndex) -> None:
    assert codes_of(check_nik(SITI, known_regions=index, birth_date=stated)) == ["nik_birth_date_mismatch"]


def test_century_is_not_in_the_nik(index: RegionIndex) -> None:
    # 01-07-85 fits 1885 as well as 1985; the NIK cannot tell them apart.
    assert check_nik(SITI, known_regions=index, birth_date=dt.date(1885, 7, 1)).problems == ()


def test_stated_sex_that_disagrees_is_an_error_naming_both(index: RegionIndex) -> None:
    check = check_nik(SITI, known_regions=index, birth_date=dt.date(1985, 7, 1), sex="L")
    assert codes_of(check) == ["nik_sex_mismatch"]
    assert check.problems[0].params == {"nik_sex": "P", "stated": "L"}
    message = check.problems[0].message("id")
    assert "(P)" in message
    assert "(L)" in message
    assert not check.is_valid

    man = make_nik(kecamatan_code="13.02.05", birth_date=dt.date(1990, 7, 15), sex="L", serial=1)
    check = check_nik(man, known_regions=index, sex="P")
    assert codes_of(check) == ["nik_sex_mismatch"]
    assert check.problems[0].params == {"nik_sex": "L", "stated": "P"}


@settings(max_examples=200, deadline=None)
@given(
    born=st.dates(dt.date(1940, 1, 1), dt.date(2025, 12, 31)),
    stated=st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)),
    sex=st.sampled_from(SEXES),
    stated_sex=st.sampled_from(SEXES),
)
def test_mismatches_are_reported_exactly_when_they_disagree(
    born: dt.date, stated: dt.date, sex: Sex, stated_sex: Sex, index: RegionIndex
) -> None:
    nik = make_nik(kecamatan_code="13.71.01", birth_date=born, sex=sex, serial=42)
    check = check_nik(nik, known_regions=index, birth_date=stated, sex=stated_sex)
    expected = []
    if (stated.day, stated.month, stated.year % 100) != (born.day, born.month, born.year % 100):
        expected.append("nik_birth_date_mismatch")
    if stated_sex != sex:
        expected.append("nik_sex_mismatch")
    assert codes_of(check) == expected
    assert check.is_valid == (not expected)
    for problem in check.problems:
        message = problem.message("id")
        assert all(value in message for value in problem.params.values())


def test_region_and_consistency_problems_are_reported_together(index: RegionIndex) -> None:
    check = check_nik("1350054107850000", known_regions=index, birth_date=dt.date(1985, 7, 2), sex="L")
    assert codes_of(check) == ["nik_kabkota", "nik_birth_date_mismatch", "nik_sex_mismatch", "nik_serial"]


# --- the message catalogue -------------------------------------------------------------------------------------


def _raw_placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def _placeholders(template: str) -> set[str]:
    """Placeholder names; ``{x_id}`` and ``{x_en}`` (a parameter given in both languages) both count as ``x``."""
    return {re.sub(r"_(id|en)$", "", name) for name in _raw_placeholders(template)}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_exists_in_both_languages_with_the_same_placeholders(code: str) -> None:
    entry = MESSAGES[code]
    assert set(entry) == {"id", "en"}
    assert entry["id"].strip()
    assert entry["en"].strip()
    assert entry["id"] != entry["en"]
    assert _placeholders(entry["id"]) == _placeholders(entry["en"])
    raw = {language: _raw_placeholders(entry[language]) for language in LANGUAGES}
    params = {name: f"<{name}>" for names in raw.values() for name in names}
    for language in LANGUAGES:
        message = Problem(code, params=params).message(language)
        assert all(params[name] in message for name in raw[language])
        assert "{" not in message
        assert "}" not in message


def test_every_nik_problem_has_a_message() -> None:
    for code in (
        "nik_format",
        "nik_province",
        "nik_kabkota",
        "nik_kecamatan_retired",
        "nik_birth_date",
        "nik_serial",
        "nik_birth_date_mismatch",
        "nik_sex_mismatch",
    ):
        assert code in MESSAGES


def test_problem_defaults_and_language_switch() -> None:
    problem = Problem("nik_format")
    assert problem.severity == "error"
    assert problem.params == {}
    assert problem.message() == "NIK harus 16 digit angka."
    assert problem.message("en") == "A NIK must be 16 digits."
