"""Questions every part of the web asks of a season, answered the same way everywhere."""

from __future__ import annotations

from fractions import Fraction

from podium.errors import NotFound
from podium.model.calendar import Round
from podium.model.result import Result
from podium.model.season import Season
from podium.model.session import Session, SessionKind
from podium.standings import StandingsTable

ORGANISATIONS = ("team", "constructor", "manufacturer")


def driver_classification(season: Season) -> str | None:
    """Ergast's driverStandings: the season's first classification of drivers."""
    return next(
        (cid for cid, c in season.rules.classifications.items() if c.competitor == "driver"),
        None,
    )


def organisation_classification(season: Season) -> str | None:
    """Ergast's constructorStandings: the first classification of teams, constructors or
    manufacturers."""
    return next(
        (cid for cid, c in season.rules.classifications.items() if c.competitor in ORGANISATIONS),
        None,
    )


def organisation_attribute(season: Season) -> str:
    """The entry attribute Ergast's `Constructor` stands for in this season."""
    cid = organisation_classification(season)
    if cid is not None:
        return season.rules.classifications[cid].competitor
    if any(e.constructor for e in season.entries):
        return "constructor"
    return "team"


def find_round(season: Season, number: int) -> Round:
    for rnd in season.rounds:
        if rnd.number == number:
            return rnd
    numbers = ", ".join(str(r.number) for r in season.rounds) or "none"
    raise NotFound(f"{season.key} has no round {number} (rounds: {numbers})")


def find_session(season: Season, rnd: Round, session_id: str) -> Session:
    found = rnd.session(session_id)
    if found is None:
        known = ", ".join(s.id for s in rnd.sessions) or "none"
        raise NotFound(
            f"{season.key} round {rnd.number} has no session {session_id!r} (sessions: {known})"
        )
    return found


def check_classification(season: Season, classification: str) -> None:
    if classification not in season.rules.classifications:
        known = ", ".join(season.rules.classifications) or "none"
        raise NotFound(f"{season.key} has no classification {classification!r} (known: {known})")


def sessions_of(rnd: Round, *kinds: SessionKind) -> list[Session]:
    """The round's sessions of these kinds that have a classification, in weekend order."""
    return [s for s in rnd.sessions if s.kind in kinds and s.results]


def qualifying_session(rnd: Round) -> Session | None:
    """The final qualifying order: a qualifying session that is no segment of another."""
    final = [s for s in rnd.sessions if s.kind is SessionKind.QUALIFYING and s.segment is None]
    with_results = [s for s in final if s.results]
    named = [s for s in with_results if s.id == "qualifying"]
    picked = named or with_results
    return picked[0] if picked else None


def crew(season: Season, round_number: int, result: Result) -> tuple[str, ...]:
    """The drivers of a result: its own list, else those of the car's entry."""
    if result.drivers:
        return result.drivers
    entry = season.entry_for(result.car, round_number)
    return entry.drivers if entry else ()


def organisation_of(season: Season, round_number: int, car: str) -> str | None:
    entry = season.entry_for(car, round_number)
    if entry is None:
        return None
    return entry.organisation(organisation_attribute(season))


def session_points(table: StandingsTable, round_number: int) -> dict[tuple[str, str], Fraction]:
    """(competitor, session id) -> points scored there, from a table after `round_number`."""
    out: dict[tuple[str, str], Fraction] = {}
    for row in table.rows:
        for score in row.rounds:
            if score.round == round_number:
                for session_id, points in score.sessions.items():
                    out[(row.competitor, session_id)] = points
    return out


def last_held(season: Season) -> int:
    last = season.last_held_round()
    if last == 0:
        raise NotFound(f"{season.key}: no round held yet")
    return last


def given_and_family(name: str) -> tuple[str, str]:
    """`Jean-Karl Vernay` -> (`Jean-Karl`, `Vernay`); one word is a family name."""
    parts = name.split(maxsplit=1)
    if len(parts) == 1:
        return "", parts[0]
    return parts[0], parts[1]
