"""The tables a season is stored in.

Every row below a season carries `season_id` first in its key, so one season is read or
removed with one indexed query per table. Rows keep the model's own ids (round number,
session id, driver id) as key parts: the database then refuses what the model forbids, such
as a round listed twice. `seq` keeps the order the season listed things in. Exact numbers
(points, shares) are stored as text such as "1/3"; a float would change standings.

Any change here needs a migration in `migrations/versions/` (see alembic.ini).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    ForeignKeyConstraint,
    MetaData,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Constraint names fixed by convention, so that later migrations can name what they alter.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Nullable JSON columns store Python None as SQL NULL, not as the JSON value `null`.
NULLABLE_JSON = JSON(none_as_null=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _season_key() -> Mapped[int]:
    return mapped_column(
        ForeignKey("seasons.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )


def _key_part() -> Mapped[int]:
    # A season_id reached through a composite foreign key to the parent row instead.
    return mapped_column(primary_key=True, autoincrement=False)


class SeriesRow(Base):
    __tablename__ = "series"

    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str]
    short_name: Mapped[str | None]


class SeasonRow(Base):
    __tablename__ = "seasons"
    __table_args__ = (UniqueConstraint("series_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    series_id: Mapped[str] = mapped_column(ForeignKey("series.id"))
    year: Mapped[int]
    name: Mapped[str]
    # The resolved rules document: rules are data, and this is all it takes to rebuild them.
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    links: Mapped[dict[str, str]] = mapped_column(JSON)
    # The series' words ({competitor: rider, vehicle: bike}); NULL in a season stored before
    # terms existed, read as the defaults (driver, car).
    terms: Mapped[dict[str, str] | None] = mapped_column(NULLABLE_JSON)
    # Counts the writes of this season, +1 in each write's own transaction: a writer that
    # read version n stores only while it is still n (optimistic locking, see database.py).
    version: Mapped[int] = mapped_column(server_default=text("1"))


class RoundRow(Base):
    __tablename__ = "rounds"

    season_id: Mapped[int] = _season_key()
    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int]
    name: Mapped[str]
    start_date: Mapped[dt.date | None]
    end_date: Mapped[dt.date | None]
    circuit: Mapped[str | None]
    venue: Mapped[str | None]
    country: Mapped[str | None]
    status: Mapped[str]
    folder: Mapped[str]
    announced: Mapped[dt.date | None]
    cancelled_on: Mapped[dt.date | None]
    facts: Mapped[dict[str, str]] = mapped_column(JSON)
    # Reference data of the circuit and the weekend's timetable (0009): NULL in a round
    # stored before, or whose data does not say.
    circuit_id: Mapped[str | None]
    circuit_name: Mapped[str | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    # [[session, "YYYY-MM-DD", "HH:MM:SS" or null], ...] in weekend order; NULL: none.
    schedule: Mapped[list[list[str | None]] | None] = mapped_column(NULLABLE_JSON)


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["season_id", "round_number"],
            ["rounds.season_id", "rounds.number"],
            ondelete="CASCADE",
        ),
    )

    season_id: Mapped[int] = _key_part()
    round_number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(primary_key=True)
    seq: Mapped[int]
    kind: Mapped[str]
    name: Mapped[str]
    segment: Mapped[str | None]
    scheduled_laps: Mapped[int | None]
    completed_laps: Mapped[int | None]
    ended: Mapped[str]
    partial: Mapped[bool]
    status: Mapped[str] = mapped_column(server_default=text("'scheduled'"))
    result_declared: Mapped[bool] = mapped_column(server_default=true())
    awards: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    state: Mapped[str | None]  # provisional, final, under_appeal; NULL: not said
    published: Mapped[str | None]  # ISO date-time, as given (a time zone kept)


class ResultRow(Base):
    __tablename__ = "results"
    __table_args__ = (
        ForeignKeyConstraint(
            ["season_id", "round_number", "session_id"],
            ["sessions.season_id", "sessions.round_number", "sessions.id"],
            ondelete="CASCADE",
        ),
    )

    season_id: Mapped[int] = _key_part()
    round_number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    session_id: Mapped[str] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    car: Mapped[str]
    status: Mapped[str]
    position: Mapped[int | None]
    drivers: Mapped[list[str]] = mapped_column(JSON)
    laps: Mapped[int | None]
    time: Mapped[str | None]
    gap: Mapped[str | None]
    grid: Mapped[int | None]
    fastest_lap: Mapped[str | None]
    fastest_lap_rank: Mapped[int | None]
    shares: Mapped[list[str] | None] = mapped_column(NULLABLE_JSON)
    note: Mapped[str | None]
    source_line: Mapped[int | None]
    # {"Q1": "1:30.499", ...} in segment order (0009); NULL: no segment times.
    segment_times: Mapped[dict[str, str] | None] = mapped_column(NULLABLE_JSON)
    reason: Mapped[str | None]
    fastest_lap_lap: Mapped[int | None]


class PitStopRow(Base):
    """One pit stop of a round's race (0009), in the order the round lists them."""

    __tablename__ = "pit_stops"
    __table_args__ = (
        ForeignKeyConstraint(
            ["season_id", "round_number"],
            ["rounds.season_id", "rounds.number"],
            ondelete="CASCADE",
        ),
    )

    season_id: Mapped[int] = _key_part()
    round_number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    car: Mapped[str]
    driver: Mapped[str]
    stop: Mapped[int]
    lap: Mapped[int]
    duration: Mapped[str | None]
    time_of_day: Mapped[str | None]


class DriverRow(Base):
    __tablename__ = "drivers"

    season_id: Mapped[int] = _season_key()
    id: Mapped[str] = mapped_column(primary_key=True)
    seq: Mapped[int]
    name: Mapped[str]
    nationality: Mapped[str | None]
    abbreviation: Mapped[str | None]
    given_name: Mapped[str | None]  # 0009: NULL where the data does not say
    family_name: Mapped[str | None]
    born: Mapped[dt.date | None]
    permanent_number: Mapped[str | None]


class TeamRow(Base):
    __tablename__ = "teams"

    season_id: Mapped[int] = _season_key()
    id: Mapped[str] = mapped_column(primary_key=True)
    seq: Mapped[int]
    name: Mapped[str]
    nationality: Mapped[str | None]


class EntryRow(Base):
    __tablename__ = "entries"

    season_id: Mapped[int] = _season_key()
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    car: Mapped[str]
    drivers: Mapped[list[str]] = mapped_column(JSON)
    team: Mapped[str | None]
    constructor: Mapped[str | None]
    manufacturer: Mapped[str | None]
    chassis: Mapped[str | None]
    engine: Mapped[str | None]
    flags: Mapped[list[str]] = mapped_column(JSON)
    rounds: Mapped[list[int] | None] = mapped_column(NULLABLE_JSON)  # NULL: every round


class DecisionRow(Base):
    __tablename__ = "decisions"

    season_id: Mapped[int] = _season_key()
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kind: Mapped[str]
    round: Mapped[int]
    date: Mapped[dt.date | None]
    classification: Mapped[str | None]
    competitor: Mapped[str | None]
    car: Mapped[str | None]
    session: Mapped[str | None]
    points: Mapped[str]
    keep_points: Mapped[bool]
    position_text: Mapped[str]
    final_only: Mapped[bool]
    reason: Mapped[str | None]
    source: Mapped[str | None]
    effective: Mapped[str | None]  # ISO date-time when `date` has a time; NULL: a date only
    decision_id: Mapped[str | None]
    seconds: Mapped[str | None]  # exact, as points are
    places: Mapped[int | None]
    cancels: Mapped[str | None]


class TieOrderRow(Base):
    __tablename__ = "tie_orders"

    season_id: Mapped[int] = _season_key()
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    classification: Mapped[str]
    after_round: Mapped[int]
    groups: Mapped[list[list[str]]] = mapped_column(JSON)
    reason: Mapped[str | None]


class AliasRow(Base):
    """One of the season's other names for its things (0009): an Ergast id and a link, and
    for a constructor Ergast's name and nationality (0011).

    Kept per season, so that it is stored and replaced with the season; `Database.aliases`
    reads a series' table as the union of its seasons' rows (the latest season first).
    """

    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("season_id", "kind", "podium_id"),)

    season_id: Mapped[int] = _season_key()
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kind: Mapped[str]  # driver, constructor, circuit, race, status
    ergast_id: Mapped[str]
    podium_id: Mapped[str]
    url: Mapped[str | None]
    name: Mapped[str | None]  # Ergast's name of a constructor (0011)
    nationality: Mapped[str | None]  # and its nationality (0011)


class TokenRow(Base):
    """A bearer token for the web API's writes, stored as its SHA-256 only (never the token)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str]
    sha256: Mapped[str] = mapped_column(unique=True)
    created: Mapped[dt.datetime]


class ChangeRow(Base):
    """One write of a season (the audit trail, audit.py): when, by whom, what, why. Keyed by
    series and year, not by the season row, so that the trail outlives any season row."""

    __tablename__ = "season_changes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    series_id: Mapped[str] = mapped_column(index=True)
    year: Mapped[int]
    version: Mapped[int]  # the season's version this write made
    at: Mapped[dt.datetime]  # UTC
    by: Mapped[str]
    via: Mapped[str]  # cli, api, library
    action: Mapped[str]  # import, results, decision
    summary: Mapped[str]
    reason: Mapped[str | None]
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


# Below a season, parents before children: the order to insert in (reverse it to delete).
SEASON_PARTS: tuple[type[Base], ...] = (
    RoundRow,
    SessionRow,
    ResultRow,
    DriverRow,
    TeamRow,
    EntryRow,
    DecisionRow,
    TieOrderRow,
    PitStopRow,
    AliasRow,
)
