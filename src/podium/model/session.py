"""A session of a race weekend and its classification."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from fractions import Fraction

from podium.model.result import Result


class SessionKind(StrEnum):
    PRACTICE = "practice"
    QUALIFYING = "qualifying"
    SPRINT = "sprint"
    RACE = "race"
    GRID = "grid"


class SessionEnd(StrEnum):
    """How a session ended; shortened-race rules depend on it."""

    FINISHED = "finished"  # ran its scheduled distance
    TIME_LIMIT = "time_limit"  # stopped by the clock
    SUSPENDED = "suspended"  # red flag, not resumed
    ABANDONED = "abandoned"  # stopped for good: scores only if a result was declared


class SessionStatus(StrEnum):
    """Whether a session took place; a round held may have lost one (weather, a curfew)."""

    SCHEDULED = "scheduled"  # ran, or is to run, as planned
    CANCELLED = "cancelled"  # did not take place: no results, scores nothing


class SessionState(StrEnum):
    """Where a classification stands with the stewards: for the record and for outputs."""

    PROVISIONAL = "provisional"  # published, protests and checks still open
    FINAL = "final"  # no longer open to protest or appeal
    UNDER_APPEAL = "under_appeal"  # an appeal against it (or a decision on it) is pending


@dataclass(frozen=True, slots=True)
class Session:
    id: str  # unique within the round, names its CSV file: race1, qualifying-q1
    kind: SessionKind
    name: str
    segment: str | None = None  # Q1, Q2, Q3 for a part of qualifying
    scheduled_laps: int | None = None
    completed_laps: int | None = None
    ended: SessionEnd = SessionEnd.FINISHED
    status: SessionStatus = SessionStatus.SCHEDULED
    # False: the classification (say, the order when an abandoned race was stopped) is kept
    # for the record, but the organisers declared no result from it, so nothing scores.
    result_declared: bool = True
    # Only some places of the classification are known (say, those a press release gives):
    # the places listed are exact, the others are missing, so positions may have gaps.
    partial: bool = False
    # Recorded holders of awards the classification cannot show (a fastest lap the timing
    # does not settle, a class's fastest lap): award name -> car numbers.
    awards: dict[str, tuple[str, ...]] = field(default_factory=dict)
    results: tuple[Result, ...] = ()
    state: SessionState | None = None  # None: not said (as final, for scoring)
    published: datetime | None = None  # when the classification (in that state) came out

    @property
    def cancelled(self) -> bool:
        return self.status is SessionStatus.CANCELLED

    @property
    def scores(self) -> bool:
        """Whether its classification may score: it took place and a result was declared."""
        return not self.cancelled and self.result_declared

    @property
    def distance_fraction(self) -> Fraction | None:
        """Completed over scheduled laps, exactly (thresholds such as 2/3 compare exactly)."""
        if not self.scheduled_laps or self.completed_laps is None:
            return None
        return Fraction(self.completed_laps, self.scheduled_laps)
