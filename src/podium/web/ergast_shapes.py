"""podium's seasons in the shapes of the Ergast API (as Jolpica serves it today).

Pure functions: a `Season` (and its computed standings) in, plain dicts out, every scalar a
string, keys in Ergast's order. What podium does not know (a driver's date of birth, a
circuit's latitude) is an empty string under its usual key, so clients that index a key
find it. See docs/api.md for the mapping.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from podium.model.calendar import Round
from podium.model.entry import Driver, Team
from podium.model.result import Result, Status
from podium.model.season import Season
from podium.model.session import Session
from podium.standings import Standing, StandingsTable, amended_results, format_points
from podium.web import query
from podium.web.countries import country_name, nationality

Json = dict[str, Any]

# How Ergast wrote a result that has no place (positionText), and its `status`.
_POSITION_TEXT = {
    Status.DNF: "R",
    Status.NOT_CLASSIFIED: "N",
    Status.DSQ: "D",
    Status.EXCLUDED: "E",
    Status.DNS: "W",
    Status.DNQ: "F",
    Status.DNPQ: "F",
}
_STATUS = {
    Status.DNF: "Retired",
    Status.NOT_CLASSIFIED: "Not classified",
    Status.DSQ: "Disqualified",
    Status.EXCLUDED: "Excluded",
    Status.DNS: "Did not start",
    Status.DNQ: "Did not qualify",
    Status.DNPQ: "Did not prequalify",
}
# A standings row outside the order: podium's position text -> Ergast's.
_STANDING_TEXT = {"EX": "E", "DSQ": "D"}


@dataclass(frozen=True, slots=True)
class Links:
    """Absolute URLs of podium's own pages, which stand where Ergast gave Wikipedia's."""

    base: str  # e.g. http://127.0.0.1:8000 (no trailing slash)
    season: Season

    def driver(self, driver_id: str) -> str:
        return f"{self.base}/{self.season.series.id}/{self.season.year}/drivers/{driver_id}"

    def team(self, team_id: str) -> str:
        return f"{self.base}/{self.season.series.id}/{self.season.year}/teams/{team_id}"

    def round(self, number: int) -> str:
        return f"{self.base}/{self.season.series.id}/{self.season.year}/{number}"


def envelope(
    series: str, url: str, limit: int, offset: int, total: int, table: str, content: Json
) -> Json:
    return {
        "MRData": {
            "xmlns": "",
            "series": series,
            "url": url,
            "limit": str(limit),
            "offset": str(offset),
            "total": str(total),
            table: content,
        }
    }


def slug(text: str) -> str:
    """`Nürburgring Nordschleife` -> `nurburgring_nordschleife` (Ergast's id style)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_") or "unknown"


# -- people and organisations -------------------------------------------------------------


def driver(season: Season, driver_id: str, links: Links) -> Json:
    person = season.drivers.get(driver_id) or Driver(driver_id, driver_id)
    given, family = query.given_and_family(person.name)
    out: Json = {"driverId": person.id}
    if person.abbreviation:
        out["code"] = person.abbreviation
    out["url"] = links.driver(person.id)
    out["givenName"] = given
    out["familyName"] = family
    out["dateOfBirth"] = ""
    out["nationality"] = nationality(person.nationality)
    return out


def constructor(season: Season, team_id: str, links: Links) -> Json:
    org = season.teams.get(team_id) or Team(team_id, team_id)
    return {
        "constructorId": org.id,
        "url": links.team(org.id),
        "name": org.name,
        "nationality": nationality(org.nationality),
    }


def circuit(rnd: Round) -> Json:
    name = rnd.circuit or rnd.venue or rnd.name
    return {
        "circuitId": slug(name),
        "url": "",
        "circuitName": rnd.circuit or "",
        "Location": {
            "lat": "",
            "long": "",
            "locality": rnd.venue or "",
            "country": country_name(rnd.country),
        },
    }


def race(season: Season, rnd: Round, links: Links, session: Session | None = None) -> Json:
    """A race weekend; with `session`, one race of a weekend that has several."""
    name = rnd.name
    if session is not None and len(query.sessions_of(rnd, session.kind)) > 1:
        name = f"{rnd.name}: {session.name}"
    day = rnd.end or rnd.start
    return {
        "season": str(season.year),
        "round": str(rnd.number),
        "url": links.round(rnd.number),
        "raceName": name,
        "Circuit": circuit(rnd),
        "date": day.isoformat() if day else "",
    }


def drivers_of(season: Season, round_number: int | None) -> list[str]:
    """Drivers who took part (in the round, or in the season), by id."""
    seen: set[str] = set()
    for rnd in season.rounds:
        if round_number is not None and rnd.number != round_number:
            continue
        for session in rnd.sessions:
            for result in session.results:
                seen.update(query.crew(season, rnd.number, result))
    if round_number is None:
        seen.update(d for e in season.entries for d in e.drivers)
    return sorted(d for d in seen if d)


def organisations_of(season: Season, round_number: int | None) -> list[str]:
    attribute = query.organisation_attribute(season)
    seen: set[str] = set()
    for entry in season.entries:
        if round_number is None or entry.runs_in(round_number):
            org = entry.organisation(attribute)
            if org:
                seen.add(org)
    return sorted(seen)


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


# -- results --------------------------------------------------------------------------------


def _time(result: Result, position_one: Result | None) -> Json | None:
    if not result.classified:
        return None
    winner_ms = millis(position_one.time) if position_one is not None else None
    if result.position == 1 or result.gap is None:
        if not result.time:
            return None
        shown = result.time
        if result.position != 1 and winner_ms is not None and millis(result.time) is not None:
            own = millis(result.time)
            assert own is not None
            shown = f"+{(own - winner_ms) / 1000:.3f}"
        ms = millis(result.time)
    else:
        if "lap" in result.gap.lower():
            return None
        shown = result.gap if result.gap.startswith(("+", "-")) else f"+{result.gap}"
        own_ms = millis(result.time)
        gap_ms = millis(result.gap)
        ms = (
            own_ms
            if own_ms is not None
            else (winner_ms + gap_ms if winner_ms is not None and gap_ms is not None else None)
        )
    out: Json = {}
    if ms is not None:
        out["millis"] = str(ms)
    out["time"] = shown
    return out


def _status(result: Result, leader_laps: int | None) -> str:
    if result.classified:
        if result.laps is not None and leader_laps is not None and result.laps < leader_laps:
            behind = leader_laps - result.laps
            return f"+{behind} Lap" + ("s" if behind > 1 else "")
        return "Finished"
    return _STATUS.get(result.status, result.status.value)


def position_text(result: Result) -> str:
    if result.classified:
        return str(result.position)
    return _POSITION_TEXT.get(result.status, result.status.short)


def result_rows(
    season: Season,
    rnd: Round,
    session: Session,
    links: Links,
    points: dict[tuple[str, str], Fraction],
    decimals: int,
) -> list[Json]:
    """A race or sprint classification as Ergast `Results`: one line per car and driver,
    as amended (`amended_results`): a result struck out by a disqualification reads `D`,
    "Disqualified", after the others, and the cars behind it move up, as Ergast has them."""
    amended = [line.result for line in amended_results(season, rnd.number, session.id)]
    leader = next((r for r in amended if r.classified and r.position == 1), None)
    leader_laps = max((r.laps for r in amended if r.laps is not None), default=None)
    lines: list[Json] = []
    for index, result in enumerate(amended, start=1):
        org = query.organisation_of(season, rnd.number, result.car)
        for driver_id in query.crew(season, rnd.number, result) or ("",):
            line: Json = {
                "number": result.car,
                "position": str(result.position if result.classified else index),
                "positionText": position_text(result),
                "points": format_points(points.get((driver_id, session.id), Fraction(0)), decimals),
                "Driver": driver(season, driver_id, links),
            }
            if org:
                line["Constructor"] = constructor(season, org, links)
            if result.grid is not None:
                line["grid"] = str(result.grid)
            if result.laps is not None:
                line["laps"] = str(result.laps)
            line["status"] = _status(result, leader_laps)
            timed = _time(result, leader)
            if timed is not None:
                line["Time"] = timed
            if result.fastest_lap:
                fastest: Json = {}
                if result.fastest_lap_rank is not None:
                    fastest["rank"] = str(result.fastest_lap_rank)
                fastest["Time"] = {"time": result.fastest_lap}
                line["FastestLap"] = fastest
            lines.append(line)
    return lines


def qualifying_rows(season: Season, rnd: Round, session: Session, links: Links) -> list[Json]:
    """The final qualifying order as Ergast `QualifyingResults`, with Q1-Q3 times from the
    round's qualifying segments when it has them (else Q1 is the session's own time)."""
    segments = {
        s.segment: {r.car: r for r in s.results}
        for s in rnd.sessions
        if s.kind is session.kind and s.segment in ("Q1", "Q2", "Q3") and s.results
    }
    lines: list[Json] = []
    for index, result in enumerate(session.results, start=1):
        org = query.organisation_of(season, rnd.number, result.car)
        for driver_id in query.crew(season, rnd.number, result) or ("",):
            line: Json = {
                "number": result.car,
                "position": str(result.position if result.classified else index),
                "Driver": driver(season, driver_id, links),
            }
            if org:
                line["Constructor"] = constructor(season, org, links)
            if segments:
                for segment in ("Q1", "Q2", "Q3"):
                    timed = segments.get(segment, {}).get(result.car)
                    shown = timed.time or timed.fastest_lap if timed is not None else None
                    if shown:
                        line[segment] = shown
            elif result.time or result.fastest_lap:
                line["Q1"] = result.time or result.fastest_lap
            lines.append(line)
    return lines


# -- standings ------------------------------------------------------------------------------


def standing_text(row: Standing) -> tuple[str | None, str]:
    """(position, positionText) of a standings row as Ergast gives them: a shared place is
    the place (`=3` -> `3`); a row outside the order has no position (`E`, `D`)."""
    if row.position is None:
        return None, _STANDING_TEXT.get(row.position_text, row.position_text)
    return str(row.position), row.position_text.lstrip("=")


def driver_standings(
    season: Season, table: StandingsTable, links: Links, rows: Sequence[Standing]
) -> list[Json]:
    attribute = query.organisation_attribute(season)
    teams_of: dict[str, list[str]] = {}
    for rnd in season.rounds:
        if rnd.number > table.after_round:
            continue
        for session in rnd.sessions:
            for result in session.results:
                entry = season.entry_for(result.car, rnd.number)
                org = entry.organisation(attribute) if entry else None
                if not org:
                    continue
                for driver_id in query.crew(season, rnd.number, result):
                    orgs = teams_of.setdefault(driver_id, [])
                    if org not in orgs:
                        orgs.append(org)
    lines: list[Json] = []
    for row in rows:
        position, text = standing_text(row)
        line: Json = {}
        if position is not None:
            line["position"] = position
        line["positionText"] = text
        line["points"] = row.points_text
        line["wins"] = str(row.wins)
        line["Driver"] = driver(season, row.competitor, links)
        line["Constructors"] = [
            constructor(season, org, links) for org in teams_of.get(row.competitor, [])
        ]
        lines.append(line)
    return lines


def constructor_standings(season: Season, rows: Iterable[Standing], links: Links) -> list[Json]:
    lines: list[Json] = []
    for row in rows:
        position, text = standing_text(row)
        line: Json = {}
        if position is not None:
            line["position"] = position
        line["positionText"] = text
        line["points"] = row.points_text
        line["wins"] = str(row.wins)
        line["Constructor"] = constructor(season, row.competitor, links)
        lines.append(line)
    return lines
