"""A `Season` as table rows: plain column-value dicts for bulk inserts. Pure: no database here.

Each function gives the rows of one table; `part_rows` gives them table by table, parents
first, ready for one executemany each (no ORM object per row: an F1 history is ~200,000 rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from sqlalchemy import Table

from podium.model.season import Season
from podium.storage.tables import (
    AliasRow,
    DecisionRow,
    DriverRow,
    EntryRow,
    PitStopRow,
    ResultRow,
    RoundRow,
    SessionRow,
    TeamRow,
    TieOrderRow,
)


def exact(value: Fraction) -> str:
    return str(value)  # "1/3", "-5": Fraction() reads it back unchanged


Row = dict[str, Any]


def _table(row_class: Any) -> Table:
    table: Table = row_class.__table__
    return table


def season_row(season: Season) -> Row:
    return {
        "series_id": season.series.id,
        "year": season.year,
        "name": season.name,
        "rules": season.rules.document,
        "links": dict(season.links),
        "terms": season.terms.as_dict(),
    }


def part_rows(season: Season, season_id: int) -> Iterator[tuple[Table, list[Row]]]:
    """The rows below the season, one table at a time, parents first."""
    yield _table(RoundRow), round_rows(season, season_id)
    yield _table(SessionRow), session_rows(season, season_id)
    yield _table(ResultRow), result_rows(season, season_id)
    yield _table(DriverRow), driver_rows(season, season_id)
    yield _table(TeamRow), team_rows(season, season_id)
    yield _table(EntryRow), entry_rows(season, season_id)
    yield _table(DecisionRow), decision_rows(season, season_id)
    yield _table(TieOrderRow), tie_order_rows(season, season_id)
    yield _table(PitStopRow), pit_stop_rows(season, season_id)
    yield _table(AliasRow), alias_rows(season, season_id)


def round_rows(season: Season, season_id: int) -> list[Row]:
    return [
        {
            "season_id": season_id,
            "number": rnd.number,
            "seq": seq,
            "name": rnd.name,
            "start_date": rnd.start,
            "end_date": rnd.end,
            "circuit": rnd.circuit,
            "venue": rnd.venue,
            "country": rnd.country,
            "status": rnd.status.value,
            "folder": rnd.folder,
            "announced": rnd.announced,
            "cancelled_on": rnd.cancelled_on,
            "facts": dict(rnd.facts),
            "circuit_id": rnd.circuit_id,
            "circuit_name": rnd.circuit_name,
            "latitude": rnd.latitude,
            "longitude": rnd.longitude,
            "schedule": [
                [slot.session, slot.day.isoformat(), _clock(slot.time)] for slot in rnd.schedule
            ]
            or None,
        }
        for seq, rnd in enumerate(season.rounds)
    ]


def pit_stop_rows(season: Season, season_id: int) -> list[Row]:
    return [
        {
            "season_id": season_id,
            "round_number": rnd.number,
            "seq": seq,
            "car": stop.car,
            "driver": stop.driver,
            "stop": stop.stop,
            "lap": stop.lap,
            "duration": stop.duration,
            "time_of_day": stop.time_of_day,
        }
        for rnd in season.rounds
        for seq, stop in enumerate(rnd.pit_stops)
    ]


def alias_rows(season: Season, season_id: int) -> list[Row]:
    return [
        {
            "season_id": season_id,
            "seq": seq,
            "kind": alias.kind,
            "ergast_id": alias.ergast_id,
            "podium_id": alias.podium_id,
            "url": alias.url,
            "name": alias.name,
            "nationality": alias.nationality,
        }
        for seq, alias in enumerate(season.aliases.rows)
    ]


def _clock(when: dt.time | None) -> str | None:
    return None if when is None else when.isoformat()


def session_rows(season: Season, season_id: int) -> list[Row]:
    return [
        {
            "season_id": season_id,
            "round_number": rnd.number,
            "id": session.id,
            "seq": seq,
            "kind": session.kind.value,
            "name": session.name,
            "segment": session.segment,
            "scheduled_laps": session.scheduled_laps,
            "completed_laps": session.completed_laps,
            "ended": session.ended.value,
            "partial": session.partial,
            "status": session.status.value,
            "result_declared": session.result_declared,
            "awards": {award: list(holders) for award, holders in session.awards.items()},
            "state": None if session.state is None else session.state.value,
            "published": None if session.published is None else session.published.isoformat(),
        }
        for rnd in season.rounds
        for seq, session in enumerate(rnd.sessions)
    ]


def result_rows(season: Season, season_id: int) -> list[Row]:
    return [
        {
            "season_id": season_id,
            "round_number": rnd.number,
            "session_id": session.id,
            "seq": seq,
            "car": result.car,
            "status": result.status.value,
            "position": result.position,
            "drivers": list(result.drivers),
            "laps": result.laps,
            "time": result.time,
            "gap": result.gap,
            "grid": result.grid,
            "fastest_lap": result.fastest_lap,
            "fastest_lap_rank": result.fastest_lap_rank,
            "shares": None if result.shares is None else [exact(s) for s in result.shares],
            "note": result.note,
            "source_line": result.source_line,
            "segment_times": dict(result.segment_times) or None,
            "reason": result.reason,
            "fastest_lap_lap": result.fastest_lap_lap,
        }
        for rnd in season.rounds
        for session in rnd.sessions
        for seq, result in enumerate(session.results)
    ]


def driver_rows(season: Season, season_id: int) -> list[Row]:
    return [
        {
            "season_id": season_id,
            "id": ident,
            "seq": seq,
            "name": driver.name,
            "nationality": driver.nationality,
            "abbreviation": driver.abbreviation,
            "given_name": driver.given_name,
            "family_name": driver.family_name,
            "born": driver.born,
            "permanent_number": driver.permanent_number,
        }
        for seq, (ident, driver) in enumerate(season.drivers.items())
    ]


def team_rows(season: Season, season_id: int) -> list[Row]:
    return [
        {
            "season_id": season_id,
            "id": ident,
            "seq": seq,
            "name": team.name,
            "nationality": team.nationality,
        }
        for seq, (ident, team) in enumerate(season.teams.items())
    ]


def entry_rows(season: Season, season_id: int) -> list[Row]:
    return [
        {
            "season_id": season_id,
            "seq": seq,
            "car": entry.car,
            "drivers": list(entry.drivers),
            "team": entry.team,
            "constructor": entry.constructor,
            "manufacturer": entry.manufacturer,
            "chassis": entry.chassis,
            "engine": entry.engine,
            "flags": sorted(entry.flags),
            "rounds": None if entry.rounds is None else sorted(entry.rounds),
        }
        for seq, entry in enumerate(season.entries)
    ]


def decision_rows(season: Season, season_id: int) -> list[Row]:
    return [
        {
            "season_id": season_id,
            "seq": seq,
            "kind": decision.kind.value,
            "round": decision.round,
            "date": _day(decision.date),
            "classification": decision.classification,
            "competitor": decision.competitor,
            "car": decision.car,
            "session": decision.session,
            "points": exact(decision.points),
            "keep_points": decision.keep_points,
            "position_text": decision.position_text,
            "final_only": decision.final_only,
            "reason": decision.reason,
            "source": decision.source,
            "effective": decision.date.isoformat()
            if isinstance(decision.date, dt.datetime)
            else None,
            "decision_id": decision.id,
            "seconds": None if decision.seconds is None else exact(decision.seconds),
            "places": decision.places,
            "cancels": decision.cancels,
        }
        for seq, decision in enumerate(season.decisions)
    ]


def tie_order_rows(season: Season, season_id: int) -> list[Row]:
    return [
        {
            "season_id": season_id,
            "seq": seq,
            "classification": order.classification,
            "after_round": order.after_round,
            "groups": [list(group) for group in order.groups],
            "reason": order.reason,
        }
        for seq, order in enumerate(season.tie_orders)
    ]


def _day(when: dt.date | None) -> dt.date | None:
    """The date of a date or a date-time (its time goes in `effective`)."""
    return when.date() if isinstance(when, dt.datetime) else when
