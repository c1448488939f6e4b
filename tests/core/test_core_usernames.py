"""User names: allowed characters and length, and the look-alike fold that refuses a copy of another's name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.core.regions import common_region
from cakupan.core.usernames import (
    ALLOWED,
    HOMOGLYPHS,
    MAX_LENGTH,
    UsernameProblem,
    username_fold,
    username_new_problem,
    username_problem,
)

ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
valid_names = st.builds(
    lambda first, middle, last: first + middle + last,
    st.sampled_from(ALNUM),
    st.text(alphabet=sorted(ALLOWED), max_size=MAX_LENGTH - 2),
    st.sampled_from(["", *ALNUM]),
).filter(lambda n: n[-1] in ALNUM)
ASCII_OF = {latin: other for other, latin in HOMOGLYPHS.items() if len(latin) == 1 and latin.isalpha()}


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("pemda", None),
        ("bpjstk-padang.2", None),
        ("u", None),
        ("", UsernameProblem.EMPTY),
        ("xss<script>", UsernameProblem.CHARACTERS),
        ("Admin", UsernameProblem.CHARACTERS),
        ("аdmin", UsernameProblem.CHARACTERS),  # Cyrillic a
        ("ａｄｍｉｎ", UsernameProblem.CHARACTERS),  # fullwidth
        ("budi santoso", UsernameProblem.CHARACTERS),
        ("-admin", UsernameProblem.EDGE),
        ("admin.", UsernameProblem.EDGE),
        ("a" * (MAX_LENGTH + 1), UsernameProblem.TOO_LONG),
    ],
)
def test_the_username_rule(name: str, problem: UsernameProblem | None) -> None:
    assert username_problem(name) == problem


@pytest.mark.parametrize(
    "lookalike", ["аdmin", "ADMIN", "ａｄｍｉｎ", "adm1n", "admín", "αdmιn", "adrnin", "Αdмin"]
)
def test_look_alikes_of_an_existing_name_fold_together(lookalike: str) -> None:
    assert username_fold(lookalike) == username_fold("admin")


def test_a_new_name_that_looks_like_an_existing_one_is_refused() -> None:
    existing = ["admin", "pemda"]
    assert username_new_problem("adm1n", existing) == UsernameProblem.LOOKALIKE
    assert username_new_problem("pemda-2", existing) is None
    assert username_new_problem("xss<script>", existing) == UsernameProblem.CHARACTERS
    # An old name with Cyrillic letters (made before the rule) still blocks its ASCII twin.
    assert username_new_problem("operator", ["оператор", "оperatоr"]) == UsernameProblem.LOOKALIKE


@settings(max_examples=300, deadline=None)
@given(valid_names)
def test_every_valid_name_passes_and_is_short_lowercase_ascii(name: str) -> None:
    assert username_problem(name) is None
    assert 1 <= len(name) <= MAX_LENGTH and name == name.lower() and name.isascii()


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=MAX_LENGTH))
def test_a_name_outside_the_alphabet_is_refused(name: str) -> None:
    if not set(name) <= ALLOWED:
        assert username_problem(name) == UsernameProblem.CHARACTERS


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_the_fold_is_idempotent(name: str) -> None:
    assert username_fold(username_fold(name)) == username_fold(name)


@settings(max_examples=300, deadline=None)
@given(valid_names, st.data())
def test_case_fullwidth_and_homoglyph_copies_fold_like_the_name(name: str, data: st.DataObject) -> None:
    fold = username_fold(name)
    assert username_fold(name.upper()) == fold
    fullwidth = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in name)
    assert username_fold(fullwidth) == fold
    swapped = "".join(ASCII_OF[c] if c in ASCII_OF and data.draw(st.booleans(), label=c) else c for c in name)
    assert username_fold(swapped) == fold
    assert username_new_problem(swapped, [name]) in (UsernameProblem.LOOKALIKE, UsernameProblem.CHARACTERS)
    if swapped != name:
        assert username_new_problem(name, [swapped]) == UsernameProblem.LOOKALIKE


@pytest.mark.parametrize(
    ("codes", "common"),
    [
        (["13.02.05.2001"], "13.02.05.2001"),
        (["13.02.05.2001", "13.02.07"], "13.02"),
        (["13.02", "13.72"], "13"),
        (["13.02", "13.02.05"], "13.02"),
        (["13.71", "14.71"], None),
        ([], None),
    ],
)
def test_common_region(codes: list[str], common: str | None) -> None:
    assert common_region(codes) == common


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["13", "13.02", "13.02.05", "13.02.05.2001", "13.02.07", "13.72", "13.72.01"]),
        min_size=1,
    )
)
def test_the_common_region_holds_every_code(codes: list[str]) -> None:
    common = common_region(codes)
    assert common is not None
    assert all(code == common or code.startswith(common + ".") for code in codes)
