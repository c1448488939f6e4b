"""Bytes of a text file to text, the way the offices' files are actually encoded.

- A byte-order mark decides: UTF-8, UTF-16 (Excel's "Unicode Text" save) or UTF-32. UTF-16 without a mark is
  recognised by its zero bytes.
- Otherwise UTF-8. Where a byte sequence is not UTF-8, those bytes alone are read as Windows-1252 (what Excel on
  Windows writes as "CSV"; for letters it equals Latin-1). A file wholly in Windows-1252 reads as it should; a file
  mostly in UTF-8 with a few Windows-1252 bytes (rows pasted from another file) keeps its UTF-8 letters intact
  instead of turning every "é" into "Ã©", as decoding the whole file one way or the other would.
- A file that mixes the two gets a warning naming the rows read as Windows-1252, since those letters are a guess;
  bytes that are no character at all become U+FFFD and get a warning too. Decoding never fails.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass

from cakupan.core.problems import Problem

REPLACEMENT = "\ufffd"
SHOWN_ROWS = 10

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_FALLBACK = "cakupan-cp1252-fallback"
# Offsets of the bytes the fallback handler decoded, and whether each had to be replaced.
_fallen_back: ContextVar[list[tuple[int, bool]]] = ContextVar("_fallen_back")


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8", "utf-16-le", ..., "windows-1252" or "utf-8+windows-1252"
    warnings: tuple[Problem, ...] = ()


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    seen = _fallen_back.get()
    out = []
    for offset in range(error.start, error.end):
        try:
            out.append(error.object[offset : offset + 1].decode("cp1252"))
            seen.append((offset, False))
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are no character in Windows-1252
            out.append(REPLACEMENT)
            seen.append((offset, True))
    return "".join(out), error.end


codecs.register_error(_FALLBACK, _cp1252_fallback)


def decode_text(raw: bytes) -> DecodedText:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return (
                _decode_wide(raw[len(bom) :], encoding)
                if encoding != "utf-8"
                else _decode_8bit(raw[len(bom) :])
            )
    wide = _utf16_without_bom(raw)
    if wide is not None:
        return _decode_wide(raw, wide)
    return _decode_8bit(raw)


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text of mostly ASCII letters has a zero in every other byte; a CSV in any 8-bit encoding has none."""
    sample = raw[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : 2 * pairs : 2].count(0) / pairs
    odd = sample[1 : 2 * pairs : 2].count(0) / pairs
    if odd > 0.6 and even < 0.05:
        return "utf-16-le"
    if even > 0.6 and odd < 0.05:
        return "utf-16-be"
    return None


def _decode_wide(raw: bytes, encoding: str) -> DecodedText:
    try:
        return DecodedText(raw.decode(encoding), encoding)
    except UnicodeDecodeError:
        text = raw.decode(encoding, errors="replace")
    rows = _rows_of_text(text, REPLACEMENT)
    return DecodedText(text, encoding, (_replaced_warning(text.count(REPLACEMENT), rows),))


def _decode_8bit(raw: bytes) -> DecodedText:
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    token = _fallen_back.set([])
    try:
        text = raw.decode("utf-8", errors=_FALLBACK)
        fallen = _fallen_back.get()
    finally:
        _fallen_back.reset(token)
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    mixed = non_ascii > len(fallen)  # some letters came from valid UTF-8 sequences
    warnings: list[Problem] = []
    guessed = [offset for offset, replaced in fallen if not replaced]
    if mixed and guessed:
        rows = _rows_of_offsets(raw, guessed)
        warnings.append(
            Problem(
                "encoding_mixed",
                "warning",
                {"count": str(len(guessed)), "rows": _row_list(rows)},
            )
        )
    replaced = [offset for offset, was_replaced in fallen if was_replaced]
    if replaced:
        warnings.append(_replaced_warning(len(replaced), _rows_of_offsets(raw, replaced)))
    return DecodedText(text, "utf-8+windows-1252" if mixed else "windows-1252", tuple(warnings))


def _replaced_warning(count: int, rows: Sequence[int]) -> Problem:
    return Problem("encoding_replaced", "warning", {"count": str(count), "rows": _row_list(rows)})


def _rows_of_offsets(raw: bytes, offsets: Sequence[int]) -> list[int]:
    """The distinct line numbers (from 1) of byte ``offsets``, in order; one pass over ``raw``."""
    rows: list[int] = []
    line, position = 1, 0
    for offset in sorted(offsets):
        line += raw.count(b"\n", position, offset)
        position = offset
        if not rows or rows[-1] != line:
            rows.append(line)
    return rows


def _rows_of_text(text: str, char: str) -> list[int]:
    rows: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if char in line:
            rows.append(number)
    return rows


def _row_list(rows: Sequence[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:SHOWN_ROWS])
    return shown + (", ..." if len(rows) > SHOWN_ROWS else "")
