"""Seasons, rounds, sessions, standings and people as plain data: what the native API sends
as JSON and what the HTML pages render. One place decides what each thing shows."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from typing import Any

from podium.errors import NotFound
from podium.model.calendar import Round
from podium.model.decision import DecisionKind, in_force
from podium.model.links import safe_links
from podium.model.season import Season
from podium.model.session import Session, SessionKind
from podium.standings import (
    AmendedResult,
    StandingsTable,
    amended_results,
    amendment_text,
    format_points,
)
from podium.standings.results import decision_data
from podium.standings.table import exact_text
from podium.web import query
from podium.web.store import Store

Json = dict[str, Any]


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value: date | None) -> str | None:
    """A decision's date as people read it: `2025-05-18`, or `2025-05-18T14:15` to the
    minute when that is all it gives."""
    if isinstance(value, datetime) and not (value.second or value.microsecond):
        return value.isoformat(timespec="minutes")
    return None if value is None else value.isoformat()


def classification_list(season: Season) -> list[Json]:
    return [
        {
            "id": cid,
            "name": c.name,
            "short_name": c.short_name or c.name,
            "competitor": c.competitor,
        }
        for cid, c in season.rules.classifications.items()
    ]


def round_summary(rnd: Round) -> Json:
    return {
        "round": rnd.number,
        "name": rnd.name,
        "start": _day(rnd.start),
        "end": _day(rnd.end),
        "circuit": rnd.circuit,
        "venue": rnd.venue,
        "country": rnd.country,
        "status": rnd.status.value,
        "sessions": [
            {
                "id": s.id,
                "kind": s.kind.value,
                "name": s.name,
                "segment": s.segment,
                "status": s.status.value,
                "result_declared": s.result_declared,
                "results": len(s.results),
            }
            for s in rnd.sessions
        ],
    }


def season_summary(season: Season) -> Json:
    return {
        "series": season.series.id,
        "series_name": season.series.name,
        "year": season.year,
        "name": season.name,
        "rounds_total": season.rounds_total(),
        "last_held_round": season.last_held_round(),
        "classifications": classification_list(season),
        "ergast": {
            "driverStandings": query.driver_classification(season),
            "constructorStandings": query.organisation_classification(season),
        },
        # What a client would put in an href: http(s) and mailto links only.
        "links": safe_links(season.links),
        # The series' words (docs/formats.md, `terms`): a client prints "Rider" as pages do.
        "terms": season.terms.as_dict(),
        "rounds": [round_summary(r) for r in season.rounds],
    }


def _person(season: Season, driver_id: str) -> Json:
    person = season.drivers.get(driver_id)
    return {"id": driver_id, "name": person.name if person else driver_id}


def _organisation(season: Season, team_id: str | None) -> Json | None:
    if not team_id:
        return None
    org = season.teams.get(team_id)
    return {"id": team_id, "name": org.name if org else team_id}


def result_line(season: Season, rnd: Round, line: AmendedResult) -> Json:
    """One line of a classification as amended (times and gaps too): `crossed`, the place a
    car a decision moved or struck out crossed the line in (None for every other);
    `original_position`, the place as published, for every line; `amendment`, the
    decision's words (`podium.standings.amendment_text`); `decisions`, those taken against
    the car's line."""
    result = line.result
    return {
        "position": result.position if result.classified else None,
        "position_text": result.position_text,
        "car": result.car,
        "drivers": [_person(season, d) for d in query.crew(season, rnd.number, result)],
        "team": _organisation(season, query.organisation_of(season, rnd.number, result.car)),
        "status": result.status.value,
        "laps": result.laps,
        "time": result.time,
        "gap": result.gap,
        "grid": result.grid,
        "fastest_lap": result.fastest_lap,
        "fastest_lap_rank": result.fastest_lap_rank,
        "note": result.note,
        "crossed": line.crossed,
        "original_position": line.original_position,
        "amendment": amendment_text(line),
        "decisions": [decision_data(d) for d in line.decisions],
    }


def round_decisions(season: Season, rnd: Round) -> list[Json]:
    """Every stewards' decision of the round, in force or not, as the round page lists them:
    what was decided (`text`), about whom, when, and `cancelled`, the reinstatement's words
    when an appeal made it void."""
    mine = [d for d in season.decisions if d.round == rnd.number]
    standing = {id(d) for d in in_force(season.decisions)}
    cancelled_by = {d.cancels: d for d in season.decisions if d.kind is DecisionKind.REINSTATEMENT}
    out = []
    for d in mine:
        whom = (
            f"car {d.car}"
            if d.car
            else (season.competitor_name(d.competitor) if d.competitor else "")
        )
        undo = cancelled_by.get(d.id) if d.id is not None else None
        cancelled = None
        if undo is not None:
            when = _moment(undo.date)
            cancelled = "cancelled" + (f" {when}" if when else "")
            cancelled += f": {undo.reason}" if undo.reason else ""
        out.append(
            {
                **decision_data(d),
                "whom": whom,
                "when": _moment(d.date),
                "in_force": id(d) in standing or d.kind is DecisionKind.REINSTATEMENT,
                "cancelled": cancelled,
            }
        )
    return out


def session_payload(season: Season, rnd: Round, session: Session) -> Json:
    return {
        "series": season.series.id,
        "year": season.year,
        "round": rnd.number,
        "round_name": rnd.name,
        "session": session.id,
        "name": session.name,
        "kind": session.kind.value,
        "segment": session.segment,
        "scheduled_laps": session.scheduled_laps,
        "completed_laps": session.completed_laps,
        "ended": session.ended.value,
        "status": session.status.value,
        "result_declared": session.result_declared,
        "partial": session.partial,
        "state": session.state.value if session.state is not None else None,
        "published": _day(session.published),
        "results": [
            result_line(season, rnd, line)
            for line in amended_results(season, rnd.number, session.id)
        ],
    }


def standings_payload(
    store: Store,
    season: Season,
    classification: str,
    after: int | None,
    after_session: str | None = None,
    as_of: datetime | None = None,
) -> Json:
    """A table as `podium standings -f json` gives it (each round's points split by session),
    and the calendar the round numbers refer to."""
    query.check_classification(season, classification)
    table = store.standings(season, classification, after, after_session, as_of)
    payload = table.as_dict(sessions=True)
    payload["calendar"] = [
        {"round": r.number, "name": r.name, "status": r.status.value} for r in season.rounds
    ]
    return payload


def _standing_of(table: StandingsTable, competitor: str) -> Json | None:
    row = table.row(competitor)
    if row is None:
        return None
    return {
        "classification": table.classification,
        "name": table.classification_name,
        "after_round": table.after_round,
        "position": row.position,
        "position_text": row.position_text,
        "points": row.points_text,
        "points_exact": exact_text(row.points),
        "wins": row.wins,
    }


def _standings_of(
    store: Store, season: Season, competitor: str, kinds: tuple[str, ...]
) -> list[Json]:
    last = season.last_held_round()
    if last == 0:
        return []
    out = []
    for cid, rules in season.rules.classifications.items():
        if rules.competitor not in kinds:
            continue
        found = _standing_of(store.standings(season, cid, last), competitor)
        if found is not None:
            out.append(found)
    return out


def driver_profile(store: Store, season: Season, driver_id: str) -> Json:
    person = season.drivers.get(driver_id)
    if person is None:
        raise NotFound(f"{season.key} has no driver {driver_id!r}")
    cid = query.driver_classification(season)
    decimals = season.rules.classifications[cid].decimals if cid is not None else 2
    results: list[Json] = []
    for rnd in season.held_rounds():
        points: dict[tuple[str, str], Fraction] = {}
        if cid is not None:
            points = query.session_points(store.standings(season, cid, rnd.number), rnd.number)
        for session in rnd.sessions:
            for line in amended_results(season, rnd.number, session.id):
                result = line.result
                if driver_id not in query.crew(season, rnd.number, result):
                    continue
                org = query.organisation_of(season, rnd.number, result.car)
                scored = points.get((driver_id, session.id))
                results.append(
                    {
                        "round": rnd.number,
                        "round_name": rnd.name,
                        "session": session.id,
                        "session_name": session.name,
                        "kind": session.kind.value,
                        "position_text": result.position_text,
                        "car": result.car,
                        "team": _organisation(season, org),
                        "points": None if scored is None else format_points(scored, decimals),
                    }
                )
    entries = [
        {
            "car": e.car,
            "team": _organisation(season, e.organisation(query.organisation_attribute(season))),
            "rounds": sorted(e.rounds) if e.rounds is not None else None,
        }
        for e in season.entries
        if driver_id in e.drivers
    ]
    return {
        "series": season.series.id,
        "year": season.year,
        "season_name": season.name,
        "id": person.id,
        "name": person.name,
        "nationality": person.nationality,
        "abbreviation": person.abbreviation,
        "entries": entries,
        "standings": _standings_of(store, season, driver_id, ("driver",)),
        "results": results,
    }


def team_profile(store: Store, season: Season, team_id: str) -> Json:
    org = season.teams.get(team_id)
    if org is None:
        raise NotFound(f"{season.key} has no team {team_id!r}")
    mine = [e for e in season.entries if team_id in (e.team, e.constructor, e.manufacturer)]
    cars = [
        {
            "car": e.car,
            "drivers": [_person(season, d) for d in e.drivers],
            "rounds": sorted(e.rounds) if e.rounds is not None else None,
        }
        for e in mine
    ]
    results: list[Json] = []
    for rnd in season.held_rounds():
        for session in query.sessions_of(rnd, SessionKind.RACE, SessionKind.SPRINT):
            for line in amended_results(season, rnd.number, session.id):
                result = line.result
                entry = season.entry_for(result.car, rnd.number)
                if entry is None or team_id not in (
                    entry.team,
                    entry.constructor,
                    entry.manufacturer,
                ):
                    continue
                results.append(
                    {
                        "round": rnd.number,
                        "round_name": rnd.name,
                        "session": session.id,
                        "session_name": session.name,
                        "car": result.car,
                        "drivers": [
                            _person(season, d) for d in query.crew(season, rnd.number, result)
                        ],
                        "position_text": result.position_text,
                    }
                )
    return {
        "series": season.series.id,
        "year": season.year,
        "season_name": season.name,
        "id": org.id,
        "name": org.name,
        "nationality": org.nationality,
        "cars": cars,
        "standings": _standings_of(store, season, team_id, query.ORGANISATIONS),
        "results": results,
    }


SESSION_KINDS: dict[str, tuple[SessionKind, ...]] = {k.value: (k,) for k in SessionKind}
SESSION_KINDS["all"] = tuple(SessionKind)
SESSION_KINDS["races"] = (SessionKind.RACE, SessionKind.SPRINT)


def results_page(
    season: Season, kinds: tuple[SessionKind, ...], limit: int, offset: int
) -> tuple[int, list[Json]]:
    """Sessions with their whole classification, `limit` sessions from `offset`: a page never
    splits a race."""
    sessions = [
        (rnd, session)
        for rnd in season.rounds
        for session in rnd.sessions
        if session.kind in kinds and session.results
    ]
    shown = sessions[offset : offset + limit]
    return len(sessions), [session_payload(season, rnd, s) for rnd, s in shown]


__all__ = [
    "SESSION_KINDS",
    "classification_list",
    "driver_profile",
    "results_page",
    "round_decisions",
    "round_summary",
    "season_summary",
    "session_payload",
    "standings_payload",
    "team_profile",
]
