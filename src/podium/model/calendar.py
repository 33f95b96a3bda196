"""The calendar: race weekends, in order, as they stood at any date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from datetime import time as dt_time
from enum import StrEnum

from podium.model.session import Session


class RoundStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Slot:
    """When a session of the weekend was scheduled to start: a day, and a UTC time if known.

    `session` names it by the weekend's usual ids (fp1, fp2, fp3, qualifying,
    sprint-qualifying, sprint, race), whether or not the round has results for it.
    """

    session: str
    day: date
    time: dt_time | None = None  # UTC


@dataclass(frozen=True, slots=True)
class PitStop:
    """One pit stop of a race: who, which stop, on which lap, how long it took."""

    car: str
    driver: str
    stop: int
    lap: int
    duration: str | None = None  # as timed ("23.993", "1:02.345"), pit entry to exit
    time_of_day: str | None = None  # local clock time of the stop ("15:05:20"), if known


@dataclass(frozen=True, slots=True)
class Round:
    number: int
    name: str
    start: date | None = None
    end: date | None = None
    circuit: str | None = None
    venue: str | None = None  # town or region
    country: str | None = None  # ISO 3166 alpha-2 or alpha-3
    status: RoundStatus = RoundStatus.SCHEDULED
    folder: str = ""
    announced: date | None = None  # when it joined the calendar; None: from the start
    cancelled_on: date | None = None  # when it left the calendar
    facts: dict[str, str] = field(default_factory=dict)  # what a press officer quotes
    sessions: tuple[Session, ...] = ()
    # The circuit as reference data names it, beside `circuit` (its short name as printed):
    # an id (the alias table's circuit id), its full name and where it is.
    circuit_id: str | None = None
    circuit_name: str | None = None  # full: "Bahrain International Circuit"
    latitude: float | None = None
    longitude: float | None = None
    schedule: tuple[Slot, ...] = ()  # when the sessions were to start
    pit_stops: tuple[PitStop, ...] = ()  # of the race, in the order they were made

    @property
    def held(self) -> bool:
        return self.status is RoundStatus.HELD

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def on_calendar(self, as_of: date | None) -> bool:
        """Whether the round was on the calendar as it stood on `as_of` (None: today's)."""
        if as_of is None:
            return self.status is not RoundStatus.CANCELLED
        if self.announced is not None and self.announced > as_of:
            return False
        if self.status is RoundStatus.CANCELLED:
            return self.cancelled_on is not None and self.cancelled_on > as_of
        return True
