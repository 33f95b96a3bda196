"""podium's things in the shapes of the Ergast API (as Jolpica serves it).

Every scalar is a string, keys come in Ergast's order, and a value the data lacks (a date of
birth, a latitude) leaves its key out, as Ergast does, rather than sending "" for a client
to parse. Ids are the series' Ergast ids where its alias table has them (ids.py); `url`s are
the table's reference links, else podium's own pages; a constructor's name and nationality
are the table's where it has them. See docs/api.md for the mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from fractions import Fraction
from typing import Any

from podium.model.calendar import PitStop, Round
from podium.model.entry import Driver, Team
from podium.model.result import Status
from podium.model.season import Season
from podium.model.session import Session
from podium.model.values import clock_seconds
from podium.standings import Standing, format_points
from podium.web import query
from podium.web.countries import country_name, nationality
from podium.web.ergast.ids import Ids
from podium.web.ergast.lines import Line

Json = dict[str, Any]

# How Ergast writes a line without a place (positionText).
_POSITION_TEXT = {
    Status.DNF: "R",
    Status.NOT_CLASSIFIED: "R",  # Jolpica: `N` is no longer used, `R` instead
    Status.DSQ: "D",
    Status.EXCLUDED: "E",
    Status.DNS: "W",
    Status.DNQ: "F",
    Status.DNPQ: "F",
}
# A standings row outside the order: podium's position text -> Ergast's.
_STANDING_TEXT = {"EX": "E", "DSQ": "D"}


def _put(out: Json, key: str, value: str | None) -> None:
    if value:
        out[key] = value


@dataclass(frozen=True)
class Shapes:
    """The shapes of one season, with its ids and the base of podium's own links."""

    season: Season
    ids: Ids
    base: str  # e.g. http://127.0.0.1:8000 (no trailing slash)

    def _page(self, *parts: object) -> str:
        tail = "/".join(str(p) for p in parts)
        return f"{self.base}/{self.season.series.id}/{self.season.year}" + (
            f"/{tail}" if tail else ""
        )

    # -- people, organisations, places ---------------------------------------------------------

    def driver(self, driver_id: str) -> Json:
        person = self.season.drivers.get(driver_id) or Driver(driver_id, driver_id)
        if person.family_name:
            given, family = person.given_name or "", person.family_name
        else:  # the data does not split the name: the first word is the given name
            given, family = query.given_and_family(person.name)
        out: Json = {"driverId": self.ids.shown("driver", person.id)}
        _put(out, "permanentNumber", person.permanent_number)
        _put(out, "code", person.abbreviation)
        out["url"] = self.ids.url("driver", person.id) or self._page("drivers", person.id)
        _put(out, "givenName", given)
        out["familyName"] = family
        _put(out, "dateOfBirth", person.born.isoformat() if person.born else None)
        _put(out, "nationality", nationality(person.nationality))
        return out

    def constructor(self, team_id: str) -> Json:
        """Named as the alias table names it for Ergast where it has a name (F1: Jolpica's
        `Red Bull`, `Austrian` for F1DB's `Red Bull-Honda RBPT`), else as the season does."""
        org = self.season.teams.get(team_id) or Team(team_id, team_id)
        out: Json = {
            "constructorId": self.ids.shown("constructor", org.id),
            "url": self.ids.url("constructor", org.id) or self._page("teams", org.id),
            "name": self.ids.name("constructor", org.id) or org.name,
        }
        shown = self.ids.nationality("constructor", org.id) or nationality(org.nationality)
        _put(out, "nationality", shown)
        return out

    def circuit(self, rnd: Round) -> Json:
        podium_id, shown = self.ids.circuit(rnd)
        out: Json = {"circuitId": shown}
        _put(out, "url", self.ids.url("circuit", podium_id))
        out["circuitName"] = rnd.circuit_name or rnd.circuit or rnd.venue or rnd.name
        location: Json = {}
        if rnd.latitude is not None and rnd.longitude is not None:
            location["lat"] = _degrees(rnd.latitude)
            location["long"] = _degrees(rnd.longitude)
        _put(location, "locality", rnd.venue)
        _put(location, "country", country_name(rnd.country))
        out["Location"] = location
        return out

    def race(self, rnd: Round, session: Session | None = None) -> Json:
        """A race weekend with its schedule; with `session`, one race of a weekend that has
        several."""
        name = rnd.name
        if session is not None and len(query.sessions_of(rnd, session.kind)) > 1:
            name = f"{rnd.name}: {session.name}"
        race_id = f"{self.season.year}/{rnd.number}"
        out: Json = {
            "season": str(self.season.year),
            "round": str(rnd.number),
            "url": self.ids.url("race", race_id) or self._page(rnd.number),
            "raceName": name,
            "Circuit": self.circuit(rnd),
        }
        slots = {slot.session: slot for slot in rnd.schedule}
        race = slots.get("race")
        day = race.day if race is not None else rnd.end or rnd.start
        _put(out, "date", day.isoformat() if day else None)
        if race is not None and race.time is not None:
            out["time"] = _clock(race.time)
        for key, slot_id in _SCHEDULE:
            slot = slots.get(slot_id)
            if slot is not None:
                when: Json = {"date": slot.day.isoformat()}
                if slot.time is not None:
                    when["time"] = _clock(slot.time)
                out[key] = when
        return out

    # -- classifications -------------------------------------------------------------------

    def result(self, line: Line, points: Fraction, decimals: int) -> Json:
        """A race or sprint line as Ergast `Results`: a line struck out by a disqualification
        reads `D`, "Disqualified", after the others (the cars behind moved up)."""
        result = line.result
        out: Json = {
            "number": result.car,
            "position": str(line.place),
            "positionText": position_text(line),
            "points": format_points(points, decimals),
            "Driver": self.driver(line.driver),
        }
        if line.constructor:
            out["Constructor"] = self.constructor(line.constructor)
        if line.grid is not None:
            out["grid"] = str(line.grid)
        if result.laps is not None:
            out["laps"] = str(result.laps)
        out["status"] = line.status
        timed = _time(line)
        if timed is not None:
            out["Time"] = timed
        if result.fastest_lap:
            fastest: Json = {}
            if result.fastest_lap_rank is not None:
                fastest["rank"] = str(result.fastest_lap_rank)
            if result.fastest_lap_lap is not None:
                fastest["lap"] = str(result.fastest_lap_lap)
            fastest["Time"] = {"time": result.fastest_lap}
            speed = _average_speed(line.round, result.fastest_lap)
            if speed is not None:
                fastest["AverageSpeed"] = {"units": "kph", "speed": speed}
            out["FastestLap"] = fastest
        return out

    def qualifying(self, line: Line) -> Json:
        """A line of the final qualifying order as Ergast `QualifyingResults`, with Q1-Q3
        from the round's segment sessions when it has them (else Q1 is the session's time)."""
        result = line.result
        out: Json = {
            "number": result.car,
            "position": str(line.place),
            "Driver": self.driver(line.driver),
        }
        if line.constructor:
            out["Constructor"] = self.constructor(line.constructor)
        own = dict(result.segment_times)
        if own:  # the times of each segment, as the result records them
            for name in ("Q1", "Q2", "Q3"):
                _put(out, name, own.get(name))
            return out
        segments = {
            s.segment: s
            for s in line.round.sessions
            if s.kind is line.session.kind and s.segment in ("Q1", "Q2", "Q3") and s.results
        }
        if segments:  # segment sessions of their own (WTCR's Q1, Q2, Q3)
            for name in ("Q1", "Q2", "Q3"):
                segment = segments.get(name)
                timed = (
                    next((r for r in segment.results if r.car == result.car), None)
                    if segment is not None
                    else None
                )
                if timed is not None:
                    _put(out, name, timed.time or timed.fastest_lap)
        else:
            _put(out, "Q1", result.time or result.fastest_lap)
        return out

    # -- standings -------------------------------------------------------------------------

    def driver_standing(self, row: Standing, teams: list[str]) -> Json:
        out = _standing(row)
        out["Driver"] = self.driver(row.competitor)
        out["Constructors"] = [self.constructor(t) for t in teams]
        return out

    def constructor_standing(self, row: Standing) -> Json:
        out = _standing(row)
        out["Constructor"] = self.constructor(row.competitor)
        return out


def pit_stop(shown_driver: str, stop: PitStop) -> Json:
    out: Json = {"driverId": shown_driver, "lap": str(stop.lap), "stop": str(stop.stop)}
    _put(out, "time", stop.time_of_day)
    _put(out, "duration", stop.duration)
    return out


# Ergast's keys for the weekend's sessions, by the schedule's session ids (model/calendar.py).
_SCHEDULE = (
    ("FirstPractice", "fp1"),
    ("SecondPractice", "fp2"),
    ("ThirdPractice", "fp3"),
    ("Qualifying", "qualifying"),
    ("SprintQualifying", "sprint-qualifying"),
    ("Sprint", "sprint"),
)


def _average_speed(rnd: Round, lap_time: str) -> str | None:
    """The lap's average speed in km/h, as Ergast gives it (`202.225`): the lap's length (the
    round's `lap_length_km` fact) over its time; None without either."""
    length = rnd.facts.get("lap_length_km")
    seconds = clock_seconds(lap_time)
    if not length or not seconds:
        return None
    try:
        km = Fraction(length)
    except (ValueError, ZeroDivisionError):
        return None
    thousandths = km * 3600 * 1000 / seconds
    whole = int(thousandths)  # Ergast cuts to three decimals, it does not round
    return f"{whole // 1000}.{whole % 1000:03d}"


def _clock(moment: time) -> str:
    return f"{moment.strftime('%H:%M:%S')}Z"


def _degrees(value: float) -> str:
    """A latitude or longitude as Ergast writes it: six significant digits (`52.0786`,
    `-1.01694`)."""
    return f"{value:.6g}"


def _standing(row: Standing) -> Json:
    """position, positionText, points, wins: a shared place is the place (`=3` -> `3`); a
    row outside the order has no position (`E`, `D`)."""
    out: Json = {}
    if row.position is None:
        out["positionText"] = _STANDING_TEXT.get(row.position_text, row.position_text)
    else:
        out["position"] = str(row.position)
        out["positionText"] = row.position_text.lstrip("=")
    out["points"] = row.points_text
    out["wins"] = str(row.wins)
    return out


def position_text(line: Line) -> str:
    if line.result.classified:
        return str(line.place)
    return _POSITION_TEXT.get(line.result.status, line.result.status.short)


# -- times ----------------------------------------------------------------------------------

_CLOCK = re.compile(r"^\+?(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)s?$")


def millis(text: str | None) -> int | None:
    """`1:45:16.780` -> 6316780; `+21.470` -> 21470; anything else (`+1 lap`) -> None."""
    if not text:
        return None
    match = _CLOCK.match(text.strip())
    if match is None:
        return None
    first, second, seconds = match.groups()
    if second is not None:
        hours, minutes = int(first), int(second)
    else:
        hours, minutes = 0, int(first) if first is not None else 0
    return round((hours * 3600 + minutes * 60 + float(seconds)) * 1000)


def _time(line: Line) -> Json | None:
    """Ergast's `Time`: the winner's race time, everyone else's gap to it, with the time in
    milliseconds; nothing for a car laps behind or without a place."""
    result, winner = line.result, line.leader
    if not result.classified:
        return None
    winner_ms = millis(winner.time) if winner is not None else None
    ms: int | None = None
    if result.position == 1 or result.gap is None:
        own = millis(result.time)
        if not result.time:
            return None
        shown = result.time
        if result.position != 1 and winner_ms is not None and own is not None:
            shown = f"+{(own - winner_ms) / 1000:.3f}"
        ms = own
    else:
        if "lap" in result.gap.lower():
            return None
        shown = result.gap if result.gap.startswith(("+", "-")) else f"+{result.gap}"
        own_ms, gap_ms = millis(result.time), millis(result.gap)
        if own_ms is not None:
            ms = own_ms
        elif winner_ms is not None and gap_ms is not None:
            ms = winner_ms + gap_ms
    out: Json = {}
    if ms is not None:
        out["millis"] = str(ms)
    out["time"] = shown
    return out
