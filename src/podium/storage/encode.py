"""A `Season` as table rows. Pure: no database session here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction

from podium.model.season import Season
from podium.storage.tables import (
    Base,
    DecisionRow,
    DriverRow,
    EntryRow,
    ResultRow,
    RoundRow,
    SeasonRow,
    SessionRow,
    TeamRow,
    TieOrderRow,
)


def exact(value: Fraction) -> str:
    return str(value)  # "1/3", "-5": Fraction() reads it back unchanged


def season_row(season: Season) -> SeasonRow:
    return SeasonRow(
        series_id=season.series.id,
        year=season.year,
        name=season.name,
        rules=season.rules.document,
        links=dict(season.links),
    )


def part_rows(season: Season, season_id: int) -> Iterator[Sequence[Base]]:
    """The rows below the season, one table at a time, parents first."""
    yield round_rows(season, season_id)
    yield session_rows(season, season_id)
    yield result_rows(season, season_id)
    yield driver_rows(season, season_id)
    yield team_rows(season, season_id)
    yield entry_rows(season, season_id)
    yield decision_rows(season, season_id)
    yield tie_order_rows(season, season_id)


def round_rows(season: Season, season_id: int) -> list[RoundRow]:
    return [
        RoundRow(
            season_id=season_id,
            number=rnd.number,
            seq=seq,
            name=rnd.name,
            start_date=rnd.start,
            end_date=rnd.end,
            circuit=rnd.circuit,
            venue=rnd.venue,
            country=rnd.country,
            status=rnd.status.value,
            folder=rnd.folder,
            announced=rnd.announced,
            cancelled_on=rnd.cancelled_on,
            facts=dict(rnd.facts),
        )
        for seq, rnd in enumerate(season.rounds)
    ]


def session_rows(season: Season, season_id: int) -> list[SessionRow]:
    return [
        SessionRow(
            season_id=season_id,
            round_number=rnd.number,
            id=session.id,
            seq=seq,
            kind=session.kind.value,
            name=session.name,
            segment=session.segment,
            scheduled_laps=session.scheduled_laps,
            completed_laps=session.completed_laps,
            ended=session.ended.value,
            partial=session.partial,
            awards={award: list(holders) for award, holders in session.awards.items()},
        )
        for rnd in season.rounds
        for seq, session in enumerate(rnd.sessions)
    ]


def result_rows(season: Season, season_id: int) -> list[ResultRow]:
    return [
        ResultRow(
            season_id=season_id,
            round_number=rnd.number,
            session_id=session.id,
            seq=seq,
            car=result.car,
            status=result.status.value,
            position=result.position,
            drivers=list(result.drivers),
            laps=result.laps,
            time=result.time,
            gap=result.gap,
            grid=result.grid,
            fastest_lap=result.fastest_lap,
            fastest_lap_rank=result.fastest_lap_rank,
            shares=None if result.shares is None else [exact(s) for s in result.shares],
            note=result.note,
            source_line=result.source_line,
        )
        for rnd in season.rounds
        for session in rnd.sessions
        for seq, result in enumerate(session.results)
    ]


def driver_rows(season: Season, season_id: int) -> list[DriverRow]:
    return [
        DriverRow(
            season_id=season_id,
            id=ident,
            seq=seq,
            name=driver.name,
            nationality=driver.nationality,
            abbreviation=driver.abbreviation,
        )
        for seq, (ident, driver) in enumerate(season.drivers.items())
    ]


def team_rows(season: Season, season_id: int) -> list[TeamRow]:
    return [
        TeamRow(
            season_id=season_id,
            id=ident,
            seq=seq,
            name=team.name,
            nationality=team.nationality,
        )
        for seq, (ident, team) in enumerate(season.teams.items())
    ]


def entry_rows(season: Season, season_id: int) -> list[EntryRow]:
    return [
        EntryRow(
            season_id=season_id,
            seq=seq,
            car=entry.car,
            drivers=list(entry.drivers),
            team=entry.team,
            constructor=entry.constructor,
            manufacturer=entry.manufacturer,
            chassis=entry.chassis,
            engine=entry.engine,
            flags=sorted(entry.flags),
            rounds=None if entry.rounds is None else sorted(entry.rounds),
        )
        for seq, entry in enumerate(season.entries)
    ]


def decision_rows(season: Season, season_id: int) -> list[DecisionRow]:
    return [
        DecisionRow(
            season_id=season_id,
            seq=seq,
            kind=decision.kind.value,
            round=decision.round,
            date=decision.date,
            classification=decision.classification,
            competitor=decision.competitor,
            car=decision.car,
            session=decision.session,
            points=exact(decision.points),
            keep_points=decision.keep_points,
            position_text=decision.position_text,
            final_only=decision.final_only,
            reason=decision.reason,
            source=decision.source,
        )
        for seq, decision in enumerate(season.decisions)
    ]


def tie_order_rows(season: Season, season_id: int) -> list[TieOrderRow]:
    return [
        TieOrderRow(
            season_id=season_id,
            seq=seq,
            classification=order.classification,
            after_round=order.after_round,
            groups=[list(group) for group in order.groups],
            reason=order.reason,
        )
        for seq, order in enumerate(season.tie_orders)
    ]
