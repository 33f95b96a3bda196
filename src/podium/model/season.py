"""A season of a series: the calendar, the people, the entries, the decisions, the rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from podium.errors import Problem
from podium.model.aliases import Aliases
from podium.model.calendar import Round, RoundStatus
from podium.model.decision import Decision
from podium.model.entry import Driver, Entry, Team
from podium.model.terms import Terms

if TYPE_CHECKING:
    from podium.rules.model import Rules


@dataclass(frozen=True, slots=True)
class Series:
    id: str  # short, URL-safe: wtcr, f1
    name: str
    short_name: str | None = None  # as press releases print it: "FIA WTCR"


@dataclass(frozen=True, slots=True)
class TieOrder:
    """A published order for competitors level on points that follows no rule (data)."""

    classification: str
    after_round: int
    groups: tuple[tuple[str, ...], ...]  # in order; a group shares one place
    reason: str | None = None


@dataclass(frozen=True)
class Season:
    series: Series
    year: int
    name: str
    rounds: tuple[Round, ...]
    drivers: dict[str, Driver]
    teams: dict[str, Team]
    entries: tuple[Entry, ...]
    rules: Rules
    decisions: tuple[Decision, ...] = ()
    tie_orders: tuple[TieOrder, ...] = ()
    links: dict[str, str] = field(default_factory=dict)
    # The series' words for its competitors and vehicles (riders, bikes): printing only.
    terms: Terms = field(default_factory=Terms)
    # Other names of the season's things (Ergast ids, reference links); see model/aliases.py.
    aliases: Aliases = field(default_factory=Aliases)
    # What the season loader found worth saying but not refusing (a held round without
    # results yet), as `file:line: field: message`; not stored, not compared.
    warnings: tuple[Problem, ...] = field(default=(), compare=False, repr=False)
    _by_car: dict[str, tuple[Entry, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # Scoring looks a car up for every result line: index the entries once.
        index: dict[str, list[Entry]] = {}
        for entry in self.entries:
            index.setdefault(entry.car, []).append(entry)
        object.__setattr__(self, "_by_car", {car: tuple(es) for car, es in index.items()})

    @property
    def key(self) -> str:
        return f"{self.series.id}/{self.year}"

    def round(self, number: int) -> Round:
        for rnd in self.rounds:
            if rnd.number == number:
                return rnd
        raise KeyError(f"{self.key} has no round {number}")

    def held_rounds(self, up_to: int | None = None) -> Iterator[Round]:
        for rnd in self.rounds:
            if rnd.status is RoundStatus.HELD and (up_to is None or rnd.number <= up_to):
                yield rnd

    def last_held_round(self) -> int:
        held = [r.number for r in self.held_rounds()]
        return max(held) if held else 0

    def rounds_total(self, as_of: date | None = None) -> int:
        """Race weekends on the calendar as it stood on `as_of` ("after 3 of 8")."""
        return sum(1 for r in self.rounds if r.on_calendar(as_of))

    def entry_for(self, car: str, round_number: int) -> Entry | None:
        for entry in self._by_car.get(car, ()):
            if entry.runs_in(round_number):
                return entry
        return None

    def competitor_name(self, competitor: str) -> str:
        if competitor in self.drivers:
            return self.drivers[competitor].name
        if competitor in self.teams:
            return self.teams[competitor].name
        return competitor
