"""The one way a name shown to a person is kept in the pure core: a ``Label`` with its Bahasa Indonesia and English
texts, both required, picked with ``label.text(language)``. Label tables map codes (enum members, stored values) to
labels; ``tests/core/test_labels.py`` enumerates them, so no code can reach a page without a label and no label can
lack a language. The web picks the page's language in ``cakupan.web.language``; the CLI in ``cakupan.cli.common``.
Longer sentences (problems, refusals) keep their own bilingual shapes (``core.problems``, ``core.errors``)."""

from __future__ import annotations

from dataclasses import dataclass

from cakupan.core.problems import Language

__all__ = ["Label", "Language"]


@dataclass(frozen=True)
class Label:
    id: str  # Bahasa Indonesia, the default
    en: str

    def __post_init__(self) -> None:
        if not self.id.strip() or not self.en.strip():
            raise ValueError(f"a label needs both languages: id={self.id!r}, en={self.en!r}")

    def text(self, language: Language = "id") -> str:
        return self.en if language == "en" else self.id

    def __str__(self) -> str:
        return self.id
