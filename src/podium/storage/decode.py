"""Table rows back into a `Season` equal to the one stored. Pure: no database session here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from podium.model.aliases import Alias, Aliases
from podium.model.calendar import PitStop, Round, RoundStatus, Slot
from podium.model.decision import Decision, DecisionKind
from podium.model.entry import Driver, Entry, Team
from podium.model.result import Result, Status
from podium.model.season import Season, Series, TieOrder
from podium.model.session import Session, SessionEnd, SessionKind, SessionState, SessionStatus
from podium.model.terms import Terms
from podium.rules.loader import parse_rules
from podium.storage.tables import (
    AliasRow,
    DecisionRow,
    DriverRow,
    EntryRow,
    PitStopRow,
    ResultRow,
    RoundRow,
    SeasonRow,
    SeriesRow,
    SessionRow,
    TeamRow,
    TieOrderRow,
)


@dataclass(frozen=True, slots=True)
class StoredSeason:
    """Every row of one season; each sequence in its `seq` order."""

    series: SeriesRow
    season: SeasonRow
    rounds: Sequence[RoundRow]
    sessions: Sequence[SessionRow]
    results: Sequence[ResultRow]
    drivers: Sequence[DriverRow]
    teams: Sequence[TeamRow]
    entries: Sequence[EntryRow]
    decisions: Sequence[DecisionRow]
    tie_orders: Sequence[TieOrderRow]
    pit_stops: Sequence[PitStopRow] = ()
    aliases: Sequence[AliasRow] = ()


def season_from_rows(stored: StoredSeason) -> Season:
    row = stored.season
    key = f"{row.series_id}/{row.year}"
    return Season(
        series=Series(
            id=stored.series.id, name=stored.series.name, short_name=stored.series.short_name
        ),
        year=row.year,
        name=row.name,
        rounds=_rounds(stored),
        drivers={d.id: _driver(d) for d in stored.drivers},
        teams={t.id: Team(t.id, t.name, t.nationality) for t in stored.teams},
        entries=tuple(_entry(e) for e in stored.entries),
        rules=parse_rules(row.rules, f"{key} rules"),
        decisions=tuple(_decision(d) for d in stored.decisions),
        tie_orders=tuple(
            TieOrder(
                classification=t.classification,
                after_round=t.after_round,
                groups=tuple(tuple(group) for group in t.groups),
                reason=t.reason,
            )
            for t in stored.tie_orders
        ),
        links=dict(row.links),
        terms=Terms.from_dict(row.terms),
        aliases=Aliases(
            tuple(
                Alias(a.kind, a.ergast_id, a.podium_id, a.url, a.name, a.nationality)
                for a in stored.aliases
            )
        ),
    )


def _driver(d: DriverRow) -> Driver:
    return Driver(
        d.id,
        d.name,
        d.nationality,
        d.abbreviation,
        given_name=d.given_name,
        family_name=d.family_name,
        born=d.born,
        permanent_number=d.permanent_number,
    )


def _rounds(stored: StoredSeason) -> tuple[Round, ...]:
    results: dict[tuple[int, str], list[Result]] = defaultdict(list)
    for r in stored.results:
        results[r.round_number, r.session_id].append(_result(r))
    sessions: dict[int, list[Session]] = defaultdict(list)
    for s in stored.sessions:
        sessions[s.round_number].append(
            Session(
                id=s.id,
                kind=SessionKind(s.kind),
                name=s.name,
                segment=s.segment,
                scheduled_laps=s.scheduled_laps,
                completed_laps=s.completed_laps,
                ended=SessionEnd(s.ended),
                status=SessionStatus(s.status),
                result_declared=s.result_declared,
                partial=s.partial,
                awards={award: tuple(holders) for award, holders in s.awards.items()},
                results=tuple(results[s.round_number, s.id]),
                state=None if s.state is None else SessionState(s.state),
                published=None if s.published is None else dt.datetime.fromisoformat(s.published),
            )
        )
    stops: dict[int, list[PitStop]] = defaultdict(list)
    for p in stored.pit_stops:
        stops[p.round_number].append(
            PitStop(p.car, p.driver, p.stop, p.lap, p.duration, p.time_of_day)
        )
    return tuple(
        Round(
            number=r.number,
            name=r.name,
            start=r.start_date,
            end=r.end_date,
            circuit=r.circuit,
            venue=r.venue,
            country=r.country,
            status=RoundStatus(r.status),
            folder=r.folder,
            announced=r.announced,
            cancelled_on=r.cancelled_on,
            facts=dict(r.facts),
            sessions=tuple(sessions[r.number]),
            circuit_id=r.circuit_id,
            circuit_name=r.circuit_name,
            latitude=r.latitude,
            longitude=r.longitude,
            schedule=tuple(
                Slot(s, dt.date.fromisoformat(d), None if t is None else dt.time.fromisoformat(t))
                for s, d, t in r.schedule or ()
                if s is not None and d is not None
            ),
            pit_stops=tuple(stops[r.number]),
        )
        for r in stored.rounds
    )


def _result(r: ResultRow) -> Result:
    return Result(
        car=r.car,
        status=Status(r.status),
        position=r.position,
        drivers=tuple(r.drivers),
        laps=r.laps,
        time=r.time,
        gap=r.gap,
        grid=r.grid,
        fastest_lap=r.fastest_lap,
        fastest_lap_rank=r.fastest_lap_rank,
        shares=None if r.shares is None else tuple(Fraction(s) for s in r.shares),
        note=r.note,
        source_line=r.source_line,
        segment_times=tuple((r.segment_times or {}).items()),
        reason=r.reason,
        fastest_lap_lap=r.fastest_lap_lap,
    )


def _entry(e: EntryRow) -> Entry:
    return Entry(
        car=e.car,
        drivers=tuple(e.drivers),
        team=e.team,
        constructor=e.constructor,
        manufacturer=e.manufacturer,
        chassis=e.chassis,
        engine=e.engine,
        flags=frozenset(e.flags),
        rounds=None if e.rounds is None else frozenset(e.rounds),
    )


def _decision(d: DecisionRow) -> Decision:
    return Decision(
        kind=DecisionKind(d.kind),
        round=d.round,
        date=d.date if d.effective is None else dt.datetime.fromisoformat(d.effective),
        classification=d.classification,
        competitor=d.competitor,
        car=d.car,
        session=d.session,
        points=Fraction(d.points),
        keep_points=d.keep_points,
        position_text=d.position_text,
        final_only=d.final_only,
        reason=d.reason,
        source=d.source,
        id=d.decision_id,
        seconds=None if d.seconds is None else Fraction(d.seconds),
        places=d.places,
        cancels=d.cancels,
    )
