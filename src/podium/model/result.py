"""One line of a session classification."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Status(StrEnum):
    """How a car ended a session. Only CLASSIFIED results have a place that can score."""

    CLASSIFIED = "classified"
    NOT_CLASSIFIED = "nc"
    DNF = "dnf"
    DNS = "dns"
    DSQ = "dsq"
    DNQ = "dnq"
    DNPQ = "dnpq"
    EXCLUDED = "ex"

    @property
    def short(self) -> str:
        return "R" if self is Status.DNF else self.value.upper()


@dataclass(frozen=True, slots=True)
class Result:
    car: str
    status: Status
    position: int | None = None
    drivers: tuple[str, ...] = ()  # empty: the crew of the car's entry
    laps: int | None = None
    # Times and gaps stay as published; loaders admit only the forms of podium.model.values
    # (race_time, gap, lap_time), so whatever compares or converts them can read them.
    time: str | None = None
    gap: str | None = None
    grid: int | None = None
    fastest_lap: str | None = None  # as timed, e.g. "1:23.456"
    fastest_lap_rank: int | None = None  # 1 for every holder of the fastest lap
    shares: tuple[Fraction, ...] | None = None  # per-driver share of the car's points
    note: str | None = None
    source_line: int | None = None  # line in the file it came from, for messages
    # Qualifying: the time of each segment the car ran, as timed: (("Q1", "1:30.499"), ...).
    segment_times: tuple[tuple[str, str], ...] = ()
    reason: str | None = None  # why a car retired or was not classified ("Gearbox")
    fastest_lap_lap: int | None = None  # the lap on which `fastest_lap` was set

    @property
    def classified(self) -> bool:
        return self.status is Status.CLASSIFIED and self.position is not None

    @property
    def position_text(self) -> str:
        if self.classified:
            return str(self.position)
        return self.status.short
