"""Errors of the funding planner: Bahasa Indonesia first, with an English twin, and the field at fault."""

from __future__ import annotations

from cakupan.core.errors import BilingualError


class FundingError(BilingualError):
    """An input the planner cannot use; ``str()`` is the Indonesian sentence, ``field`` the argument at fault."""

    def __init__(self, indonesian: str, english: str, field: str) -> None:
        super().__init__(indonesian, english)
        self.field = field
