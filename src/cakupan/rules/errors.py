"""Errors of the rules: every message in Bahasa Indonesia first, with an English twin for CAKUPAN_LANG=en."""

from __future__ import annotations

from cakupan.core.errors import BilingualError
from cakupan.core.problems import Language

__all__ = ["Language", "ParameterError", "RulesError"]


class RulesError(BilingualError):
    """An input or a date the rules cannot answer for; ``str()`` is the Indonesian sentence."""


class ParameterError(RulesError):
    """A parameter file breaks the format; names the file and the key."""

    def __init__(self, file: str, key: str, indonesian: str, english: str) -> None:
        super().__init__(
            f"Berkas parameter {file}, kunci {key!r}: {indonesian}",
            f"Parameter file {file}, key {key!r}: {english}",
        )
        self.file = file
        self.key = key
