"""People, organisations and the entries that bind them to a car."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Driver:
    id: str
    name: str
    nationality: str | None = None  # 3-letter code as press releases print it (FRA, SWE)
    abbreviation: str | None = None
    # As the data splits the name (never guessed from `name`: "Nyck de Vries" is given
    # name Nyck, family name de Vries); None where the data does not say.
    given_name: str | None = None
    family_name: str | None = None
    born: date | None = None
    permanent_number: str | None = None  # the number a driver keeps over seasons (F1: 33)


@dataclass(frozen=True, slots=True)
class Team:
    """Any organisation a classification can rank: team, constructor, manufacturer."""

    id: str
    name: str
    nationality: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """A car as entered: its number, crew and the organisations it scores for.

    An entry holds for the rounds in `rounds` (None: the whole season); the same car number
    can be re-entered with another driver or other flags for later rounds.
    """

    car: str
    drivers: tuple[str, ...]
    team: str | None = None
    constructor: str | None = None
    manufacturer: str | None = None
    chassis: str | None = None
    engine: str | None = None
    flags: frozenset[str] = field(default_factory=frozenset)
    rounds: frozenset[int] | None = None

    def runs_in(self, round_number: int) -> bool:
        return self.rounds is None or round_number in self.rounds

    def organisation(self, attribute: str) -> str | None:
        """The team, constructor or manufacturer this car scores for."""
        value = getattr(self, attribute)
        return value if isinstance(value, str) else None
