"""User names: which characters a new user name may have, and when two names look alike.

A user name appears in the audit log, in approvals ("made by", "approved by") and in messages, so a name must
not carry markup, and must not pass for another user's name. A new name is 1 to 32 characters: lowercase
ASCII letters, digits, and '.', '-' or '_' between them. It is refused when its look-alike fold equals the fold
of an existing name: Cyrillic, Greek and fullwidth letters that look like ASCII ones, upper and lower case,
accents, the separators, and the ASCII pairs that are easily misread (0/o, 1/l/i, rn/m, vv/w) all fold together.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum

from cakupan.core.problems import Language

MIN_LENGTH = 1
MAX_LENGTH = 32
ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-_")
SEPARATORS = frozenset(".-_")
_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?")


class UsernameProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    CHARACTERS = "characters"  # a character outside lowercase ASCII letters, digits, '.', '-', '_'
    EDGE = "edge"  # starts or ends with a separator
    LOOKALIKE = "lookalike"  # folds to the same form as an existing user name


MESSAGES: dict[UsernameProblem, dict[Language, str]] = {
    UsernameProblem.EMPTY: {"id": "Nama pengguna wajib diisi.", "en": "Give a user name."},
    UsernameProblem.TOO_LONG: {
        "id": f"Nama pengguna paling banyak {MAX_LENGTH} karakter.",
        "en": f"A user name has at most {MAX_LENGTH} characters.",
    },
    UsernameProblem.CHARACTERS: {
        "id": "Nama pengguna hanya boleh berisi huruf kecil a-z, angka, dan tanda . - _",
        "en": "A user name may only have lowercase letters a-z, digits, and the characters . - _",
    },
    UsernameProblem.EDGE: {
        "id": "Nama pengguna harus diawali dan diakhiri huruf atau angka.",
        "en": "A user name starts and ends with a letter or a digit.",
    },
    UsernameProblem.LOOKALIKE: {
        "id": "Nama pengguna ini terlalu mirip dengan nama pengguna yang sudah ada; pilih nama lain.",
        "en": "This user name looks too much like an existing one; choose another.",
    },
}


# Letters of other scripts that look like an ASCII letter (lowercase; the fold casefolds first).
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j",
    "к": "k", "ӏ": "l", "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "г": "r", "ѕ": "s", "т": "t",
    "џ": "u", "ѵ": "v", "ԝ": "w", "х": "x", "у": "y", "ү": "y", "з": "3", "ь": "b", "п": "n", "и": "u",
    # Greek
    "α": "a", "β": "b", "ϲ": "c", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ϳ": "j", "ζ": "z",
    # Latin look-alikes NFKC keeps apart
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ɪ": "i", "ʏ": "y", "ᴅ": "d", "ᴏ": "o", "ß": "ss",
}  # fmt: skip
# ASCII sequences easily misread for one another, folded to one representative (applied in this order).
_ASCII_PAIRS = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"), ("|", "l"))
_SEPARATOR_RUN = re.compile(r"[._\-\s]+")


def username_problem(name: str) -> UsernameProblem | None:
    """Why ``name`` cannot be a new user name (its characters and length only), or None when it can."""
    if not name:
        return UsernameProblem.EMPTY
    if len(name) > MAX_LENGTH:
        return UsernameProblem.TOO_LONG
    if not set(name) <= ALLOWED:
        return UsernameProblem.CHARACTERS
    if _PATTERN.fullmatch(name) is None:
        return UsernameProblem.EDGE
    return None


def username_fold(name: str) -> str:
    """The form two names share when they look alike: compare folds, never the names themselves."""
    text, before = name, None
    while (
        text != before
    ):  # each step can uncover another look-alike (an accent, a case): until nothing changes
        before = text
        text = _homoglyphs(unicodedata.normalize("NFKC", _homoglyphs(text)))
        text = _homoglyphs(text.casefold())
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _SEPARATOR_RUN.sub(".", text).strip(".")
    for seen, representative in _ASCII_PAIRS:
        text = text.replace(seen, representative)
    return text


def _homoglyphs(text: str) -> str:
    return "".join(HOMOGLYPHS.get(c, c) for c in text)


def username_new_problem(name: str, existing: Iterable[str]) -> UsernameProblem | None:
    """Why ``name`` cannot be added next to the ``existing`` user names, or None when it can."""
    problem = username_problem(name)
    if problem is not None:
        return problem
    folded = username_fold(name)
    if any(username_fold(other) == folded for other in existing):
        return UsernameProblem.LOOKALIKE
    return None
