"""Errors of targeting: every message in Bahasa Indonesia first, with an English twin for CAKUPAN_LANG=en."""

from __future__ import annotations

from cakupan.core.errors import BilingualError
from cakupan.core.problems import Language

__all__ = ["Language", "RiskTableError", "TargetingError", "field_error"]


class TargetingError(BilingualError):
    """A rule, a weight, a candidate or a frame targeting cannot use; ``field`` names the input at fault.

    ``str()`` is the Indonesian sentence, which names the field too.
    """

    def __init__(self, field: str, indonesian: str, english: str) -> None:
        super().__init__(indonesian, english)
        self.field = field


def field_error(field: str, indonesian: str, english: str) -> TargetingError:
    """An error about one input field, its name leading both sentences."""
    return TargetingError(field, f"Isian {field}: {indonesian}", f"Field {field}: {english}")


class RiskTableError(TargetingError):
    """The occupational-risk file breaks the format; names the file and the key."""

    def __init__(self, file: str, key: str, indonesian: str, english: str) -> None:
        super().__init__(
            key,
            f"Berkas risiko pekerjaan {file}, kunci {key!r}: {indonesian}",
            f"Occupational-risk file {file}, key {key!r}: {english}",
        )
        self.file = file
        self.key = key
