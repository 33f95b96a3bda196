"""Problems found in user files, reported as `file:line: field: message`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# What one problem may quote, and how many problems one file may report: a hostile file
# (a value a megabyte long, a million bad rows) must not turn its error report into the attack.
MAX_MESSAGE = 400
MAX_FIELD = 120
MAX_FILE_NAME = 300
MAX_PER_FILE = 50


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, marked where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __post_init__(self) -> None:
        # Frozen, so the caps are applied through object.__setattr__, once, here.
        object.__setattr__(self, "file", shorten(str(self.file), MAX_FILE_NAME))
        object.__setattr__(self, "field", shorten(str(self.field), MAX_FIELD))
        object.__setattr__(self, "message", shorten(str(self.message), MAX_MESSAGE))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.field}: {self.message}"


class PodiumError(Exception):
    """Base of every error podium reports to a user (CLI exit code 1, API 4xx)."""


class ValidationError(PodiumError):
    """One or more problems in user data; nothing was loaded or written."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        ordered = sorted(set(problems), key=lambda p: (p.file, _is_more(p), p.line or 0, p.field))
        self.problems = _capped(ordered)
        super().__init__("\n".join(str(p) for p in self.problems))


def _is_more(problem: Problem) -> bool:
    return problem.message.startswith("and ") and problem.message.endswith(" more problems")


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PER_FILE problems of each file, then one line saying how many more."""
    kept: list[Problem] = []
    extra: dict[str, int] = {}
    seen: dict[str, int] = {}
    for problem in problems:
        if _is_more(problem):
            kept.append(problem)  # capped once already, then raised again with others
            continue
        seen[problem.file] = seen.get(problem.file, 0) + 1
        if seen[problem.file] <= MAX_PER_FILE:
            kept.append(problem)
        else:
            extra[problem.file] = extra.get(problem.file, 0) + 1
    for file, count in extra.items():
        kept.append(Problem(file, None, "-", f"and {count} more problems"))
    return kept


class NotFound(PodiumError):
    """A series, season, round, session, classification or entry that does not exist."""


class Conflict(PodiumError):
    """A write based on a copy of a season that has changed since it was read; nothing was
    written. Read the season again and retry (the web answers 409)."""
