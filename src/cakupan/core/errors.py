"""The one shape of a refusal the pure core raises: a sentence in Bahasa Indonesia (``str()``) with its English twin,
so the CLI and the web can say it in the user's language without a traceback."""

from __future__ import annotations

from cakupan.core.problems import Language


class BilingualError(ValueError):
    def __init__(self, indonesian: str, english: str) -> None:
        super().__init__(indonesian)
        self.indonesian = indonesian
        self.english = english

    def message(self, language: Language = "id") -> str:
        return self.english if language == "en" else self.indonesian
