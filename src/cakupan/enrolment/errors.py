"""Errors of enrolment batches: every message in Bahasa Indonesia first, with an English twin."""

from __future__ import annotations

from cakupan.core.errors import BilingualError
from cakupan.core.problems import Language

__all__ = ["EnrolmentError", "Language", "LayoutError"]


class EnrolmentError(BilingualError):
    """An action, a layout or a row the enrolment workflow refuses; ``str()`` is the Indonesian sentence."""


class LayoutError(EnrolmentError):
    """A column layout file breaks the format; names the file and the key."""

    def __init__(self, file: str, key: str, indonesian: str, english: str) -> None:
        super().__init__(
            f"Berkas tata letak {file}, kunci {key!r}: {indonesian}",
            f"Layout file {file}, key {key!r}: {english}",
        )
        self.file = file
        self.key = key
