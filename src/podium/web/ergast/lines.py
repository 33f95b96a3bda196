"""A season's classified lines, built once: every race, sprint and qualifying line with who,
for whom, where and how it ended, as the Ergast filters ask about them.

The filters of a path (`drivers/alonso`, `grid/1`, `status/11`) all test these lines: the
resources list what the matching lines name (races, drivers, seasons, statuses...).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from podium.model.calendar import Round
from podium.model.result import Result, Status
from podium.model.season import Season
from podium.model.session import Session, SessionKind
from podium.standings import amended_results
from podium.web import query
from podium.web.ergast.grammar import Asked
from podium.web.ergast.ids import Ids

# Ergast's status text of a line that has no place.
STATUS_TEXT = {
    Status.DNF: "Retired",
    Status.NOT_CLASSIFIED: "Not classified",
    Status.DSQ: "Disqualified",
    Status.EXCLUDED: "Excluded",
    Status.DNS: "Did not start",
    Status.DNQ: "Did not qualify",
    Status.DNPQ: "Did not prequalify",
}


@dataclass(frozen=True, slots=True)
class Line:
    """One driver's line of a classification (a car with two drivers is two lines)."""

    round: Round
    session: Session
    result: Result
    place: int  # Ergast's `position`: the place, or the order for a line without one
    driver: str
    constructor: str | None
    status: str  # Ergast's status text; "" in qualifying
    leader: Result | None  # the session's winner, for gaps
    grid: int | None = None  # Ergast's grid: 0 for a start from the pit lane


@dataclass(frozen=True)
class SeasonLines:
    season: Season
    races: tuple[Line, ...]
    sprints: tuple[Line, ...]
    qualifying: tuple[Line, ...]
    _race_of: dict[tuple[int, str], Line] = field(default_factory=dict, repr=False)
    _sprint_of: dict[tuple[int, str], Line] = field(default_factory=dict, repr=False)
    _qualifying_of: dict[tuple[int, str], Line] = field(default_factory=dict, repr=False)

    def race_of(self, line: Line) -> Line | None:
        """The race line of the same driver in the same round (the first race, if several)."""
        return self._race_of.get((line.round.number, line.driver))

    def sprint_of(self, line: Line) -> Line | None:
        return self._sprint_of.get((line.round.number, line.driver))

    def qualifying_of(self, line: Line) -> Line | None:
        return self._qualifying_of.get((line.round.number, line.driver))


def status_text(result: Result, leader_laps: int | None) -> str:
    """`Finished`, `+1 Lap`, `+3 Laps`, or why the line has no place: the reason the data
    gives for a retirement (`Gearbox`), else the kind of line (`Retired`, `Disqualified`)."""
    if result.reason and result.status in (Status.DNF, Status.NOT_CLASSIFIED):
        return result.reason
    if result.classified:
        if result.laps is not None and leader_laps is not None and result.laps < leader_laps:
            behind = leader_laps - result.laps
            return f"+{behind} Lap" + ("s" if behind > 1 else "")
        return "Finished"
    return STATUS_TEXT.get(result.status, result.status.value)


def _off_the_grid(rnd: Round, session: Session) -> set[str]:
    """Cars the session's starting grid lists without a slot: they started from the pit
    lane (or behind the grid), which Ergast writes as grid 0."""
    segment = "sprint" if session.kind is SessionKind.SPRINT else None
    return {
        r.car
        for s in rnd.sessions
        if s.kind is SessionKind.GRID and s.segment == segment
        for r in s.results
        if r.position is None and r.status is not Status.DNS
    }


def _classified(season: Season, rnd: Round, session: Session) -> list[Line]:
    amended = [a.result for a in amended_results(season, rnd.number, session.id)]
    pit_lane = _off_the_grid(rnd, session)
    leader = next((r for r in amended if r.classified and r.position == 1), None)
    leader_laps = max((r.laps for r in amended if r.laps is not None), default=None)
    lines = []
    for order, result in enumerate(amended, start=1):
        org = query.organisation_of(season, rnd.number, result.car)
        place = result.position if result.classified and result.position else order
        grid = 0 if result.grid is None and result.car in pit_lane else result.grid
        for driver in query.crew(season, rnd.number, result) or ("",):
            status = status_text(result, leader_laps)
            lines.append(Line(rnd, session, result, place, driver, org, status, leader, grid))
    return lines


def _qualified(season: Season, rnd: Round, session: Session) -> list[Line]:
    lines = []
    for order, result in enumerate(session.results, start=1):
        org = query.organisation_of(season, rnd.number, result.car)
        place = result.position if result.classified and result.position else order
        for driver in query.crew(season, rnd.number, result) or ("",):
            lines.append(Line(rnd, session, result, place, driver, org, "", None))
    return lines


def build(season: Season) -> SeasonLines:
    races: list[Line] = []
    sprints: list[Line] = []
    qualifying: list[Line] = []
    for rnd in season.rounds:
        for session in query.sessions_of(rnd, SessionKind.RACE):
            races += _classified(season, rnd, session)
        for session in query.sessions_of(rnd, SessionKind.SPRINT):
            sprints += _classified(season, rnd, session)
        final = query.qualifying_session(rnd)
        if final is not None:
            qualifying += _qualified(season, rnd, final)
    return SeasonLines(
        season,
        tuple(races),
        tuple(sprints),
        tuple(qualifying),
        _first(races),
        _first(sprints),
        _first(qualifying),
    )


def _first(lines: list[Line]) -> dict[tuple[int, str], Line]:
    found: dict[tuple[int, str], Line] = {}
    for line in lines:
        found.setdefault((line.round.number, line.driver), line)
    return found


# Filters that test a line's own values, and those that test the race line behind it.
LINE_FILTERS = (
    "driverId",
    "constructorId",
    "circuitId",
    "grid",
    "position",
    "qualifying",
    "sprint",
    "fastest",
    "status",
)


@dataclass(frozen=True)
class Sieve:
    """The line filters of a path, matched against lines."""

    asked: Asked
    ids: Ids
    lines: SeasonLines | None = None  # for the qualifying and sprint filters

    @property
    def active(self) -> bool:
        return any(key in self.asked.filters for key in LINE_FILTERS)

    def keeps(self, line: Line, race: Line | None) -> bool:
        """Whether `line` passes; `race` is the race line whose grid, fastest lap and status
        count (the line itself for a race or a sprint)."""
        wanted = self.asked.filters
        ids = self.ids
        if "driverId" in wanted and not ids.names("driver", line.driver, wanted["driverId"]):
            return False
        if "constructorId" in wanted and not (
            line.constructor and ids.names("constructor", line.constructor, wanted["constructorId"])
        ):
            return False
        if "circuitId" in wanted and not ids.names_circuit(line.round, wanted["circuitId"]):
            return False
        if "position" in wanted and not (
            line.result.classified and line.place == int(wanted["position"])
        ):  # a finishing place: a line without one has none (Jolpica's results/20)
            return False
        for key in ("qualifying", "sprint"):
            if key in wanted:
                if self.lines is None:
                    return False
                other = (self.lines.qualifying_of if key == "qualifying" else self.lines.sprint_of)(
                    line
                )
                if other is None or other.place != int(wanted[key]):
                    return False
        if not any(k in wanted for k in ("grid", "fastest", "status")):
            return True
        if race is None:
            return False
        if "grid" in wanted and race.grid != int(wanted["grid"]):
            return False
        if "fastest" in wanted and race.result.fastest_lap_rank != int(wanted["fastest"]):
            return False
        if "status" in wanted:
            asked = wanted["status"]
            if asked not in (race.status, ids.status_id(race.status)):
                return False
        return True

    def races(self, lines: SeasonLines, round_number: int | None) -> Iterable[Line]:
        sieve = Sieve(self.asked, self.ids, lines)
        for line in lines.races:
            if (round_number is None or line.round.number == round_number) and sieve.keeps(
                line, line
            ):
                yield line
