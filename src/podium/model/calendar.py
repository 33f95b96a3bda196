"""The calendar: race weekends, in order, as they stood at any date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from podium.model.session import Session


class RoundStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


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
