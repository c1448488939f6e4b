"""The one exception the readers and validators raise: the file as a whole cannot be used."""

from __future__ import annotations

from cakupan.core.problems import Problem


class UnreadableFile(Exception):
    """The file as a whole cannot be used; nothing from it may be loaded. ``problem`` says why and where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message())
        self.problem = problem


def refuse(code: str, **params: object) -> UnreadableFile:
    """``raise refuse("xlsx_damaged")``: an UnreadableFile for catalogue message ``code`` with its parameters."""
    return UnreadableFile(Problem(code, params={name: str(value) for name, value in params.items()}))
