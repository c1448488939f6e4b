"""Errors of compliance reviews: every message in Bahasa Indonesia first, with an English twin."""

from __future__ import annotations

from cakupan.core.errors import BilingualError


class ComplianceError(BilingualError):
    """Facts or a programmes file the compliance review refuses; ``str()`` is the Indonesian sentence."""


class ComplianceFileError(ComplianceError):
    """A compliance rule file (sanctions, programmes, Jakon deadlines, holidays, obligations) breaks its format."""

    def __init__(self, file: str, key: str, indonesian: str, english: str) -> None:
        super().__init__(
            f"Berkas {file} tidak sah, kunci {key!r}: {indonesian}",
            f"File {file} is invalid, key {key!r}: {english}",
        )
        self.file = file
        self.key = key
