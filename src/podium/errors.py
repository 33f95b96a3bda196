"""Problems found in user files, reported as `file:line: field: message`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.field}: {self.message}"


class PodiumError(Exception):
    """Base of every error podium reports to a user (CLI exit code 1, API 4xx)."""


class ValidationError(PodiumError):
    """One or more problems in user data; nothing was loaded or written."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))


class NotFound(PodiumError):
    """A series, season, round, session, classification or entry that does not exist."""
