"""Errors of the rules: every message in Bahasa Indonesia first, with an English twin for CAKUPAN_LANG=en."""

from __future__ import annotations

from typing import Literal

Language = Literal["id", "en"]


class RulesError(ValueError):
    """An input or a date the rules cannot answer for; ``str()`` is the Indonesian sentence."""

    def __init__(self, indonesian: str, english: str) -> None:
        super().__init__(indonesian)
        self.indonesian = indonesian
        self.english = english

    def message(self, language: Language = "id") -> str:
        return self.english if language == "en" else self.indonesian


class ParameterError(RulesError):
    """A parameter file breaks the format; names the file and the key."""

    def __init__(self, file: str, key: str, indonesian: str, english: str) -> None:
        super().__init__(
            f"Berkas parameter {file}, kunci {key!r}: {indonesian}",
            f"Parameter file {file}, key {key!r}: {english}",
        )
        self.file = file
        self.key = key
