"""The database of seasons: import one whole, load one back equal, list what is there."""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import TypeVar, cast

from alembic.util import CommandError
from sqlalchemy import Connection, Table, delete, insert, select, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from podium.errors import NotFound, PodiumError, ValidationError
from podium.model.season import Season
from podium.rules.loader import parse_rules
from podium.storage import encode, migrate
from podium.storage.decode import StoredSeason, season_from_rows
from podium.storage.engine import make_engine
from podium.storage.location import default_url
from podium.storage.tables import (
    SEASON_PARTS,
    Base,
    DecisionRow,
    DriverRow,
    EntryRow,
    ResultRow,
    RoundRow,
    SeasonRow,
    SeriesRow,
    SessionRow,
    TeamRow,
    TieOrderRow,
)

RowT = TypeVar("RowT", bound=Base)


class Database:
    """Seasons stored in SQLite or PostgreSQL; the schema is brought up to date on opening."""

    def __init__(self, url: str | None = None) -> None:
        given = url if url is not None else default_url()
        self._shown = make_url(given).render_as_string(hide_password=True)
        self._engine = make_engine(given)
        try:
            with self._engine.begin() as connection:
                migrate.upgrade(connection)
        except BaseException as exc:
            self._engine.dispose()
            problem = _unusable(exc, self._shown)
            if problem is None:
                raise
            raise problem from exc
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Database({self._shown!r})"

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for podium's own modules beside the seasons (api tokens)."""
        return self._engine

    def import_season(self, season: Season) -> None:
        """Store `season`, replacing any stored season of that series and year.

        One transaction: on any error nothing is changed.
        """
        self.import_seasons([season])

    def import_seasons(self, seasons: Iterable[Season]) -> list[str]:
        """Store every season of `seasons` (read lazily, one at a time) in one transaction,
        each replacing any stored season of its series and year; their keys, in order.

        On any error, raised by the database or by the iterable, nothing is changed. Rows are
        written with one bulk insert (executemany) per table and season.
        """
        stored: list[str] = []
        key = "?"
        try:
            with self._engine.begin() as connection:
                series_seen: set[str] = set()
                for season in seasons:
                    key = season.key
                    _check_rules(season)
                    if season.series.id not in series_seen:
                        _put_series(connection, season)
                        series_seen.add(season.series.id)
                    _remove(connection, season.series.id, season.year)
                    _add(connection, season)
                    stored.append(key)
        except IntegrityError as exc:
            raise PodiumError(f"{key} cannot be stored: {exc.orig}") from exc
        return stored

    def load_season(self, series_id: str, year: int) -> Season:
        with self._sessions() as session:
            if self._engine.dialect.name == "postgresql":
                # One snapshot for every query below: an import committing meanwhile must
                # not show half a season. (SQLite's transaction is a snapshot already.)
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            row = session.scalars(
                select(SeasonRow).where(SeasonRow.series_id == series_id, SeasonRow.year == year)
            ).one_or_none()
            if row is None:
                raise NotFound(_absent(session, series_id, year))
            stored = StoredSeason(
                series=session.get_one(SeriesRow, row.series_id),
                season=row,
                rounds=_part(session, RoundRow, row.id),
                sessions=_part(session, SessionRow, row.id),
                results=_part(session, ResultRow, row.id),
                drivers=_part(session, DriverRow, row.id),
                teams=_part(session, TeamRow, row.id),
                entries=_part(session, EntryRow, row.id),
                decisions=_part(session, DecisionRow, row.id),
                tie_orders=_part(session, TieOrderRow, row.id),
            )
        return season_from_rows(stored)

    def seasons(self) -> list[tuple[str, int, str]]:
        """(series id, year, season name) of every stored season, by series and year."""
        with self._sessions() as session:
            rows = session.execute(
                select(SeasonRow.series_id, SeasonRow.year, SeasonRow.name).order_by(
                    SeasonRow.series_id, SeasonRow.year
                )
            )
            return [(series_id, year, name) for series_id, year, name in rows]


def _unusable(exc: BaseException, shown: str) -> PodiumError | None:
    """What to tell a user about a database that cannot be opened; None: a bug, not theirs."""
    if isinstance(exc, OperationalError):
        return PodiumError(f"cannot open the database {shown}: {exc.orig}")
    if isinstance(exc, CommandError):
        # In practice: a revision this podium does not have, written by a newer podium.
        return PodiumError(
            f"cannot use the database {shown}: {exc}; was it written by a newer version of podium?"
        )
    return None


def _check_rules(season: Season) -> None:
    # Only the rules document is stored; rules that it does not rebuild would load back
    # different, and so would the standings.
    try:
        rebuilt = parse_rules(season.rules.document, f"{season.key} rules")
    except ValidationError as exc:
        raise PodiumError(
            f"{season.key} cannot be stored: its rules document is not valid:\n{exc}"
        ) from exc
    if rebuilt != season.rules:
        raise PodiumError(
            f"{season.key} cannot be stored: its rules differ from the rules document "
            "they carry, which is what would be stored"
        )


def _table(row_class: type[Base]) -> Table:
    return cast(Table, row_class.__table__)


def _put_series(connection: Connection, season: Season) -> None:
    series = _table(SeriesRow)
    values = {"name": season.series.name, "short_name": season.series.short_name}
    found = connection.execute(
        select(series.c.name, series.c.short_name).where(series.c.id == season.series.id)
    ).one_or_none()
    if found is None:
        connection.execute(insert(series).values(id=season.series.id, **values))
    elif (found.name, found.short_name) != (values["name"], values["short_name"]):
        connection.execute(update(series).where(series.c.id == season.series.id).values(values))


def _remove(connection: Connection, series_id: str, year: int) -> None:
    seasons = _table(SeasonRow)
    season_id = connection.scalar(
        select(seasons.c.id).where(seasons.c.series_id == series_id, seasons.c.year == year)
    )
    if season_id is None:
        return
    for table in reversed(SEASON_PARTS):
        part = _table(table)
        connection.execute(delete(part).where(part.c.season_id == season_id))
    connection.execute(delete(seasons).where(seasons.c.id == season_id))


def _add(connection: Connection, season: Season) -> None:
    inserted = connection.execute(insert(_table(SeasonRow)).values(encode.season_row(season)))
    key = inserted.inserted_primary_key
    assert key is not None  # an INSERT of one row always has its key
    season_id = int(key[0])
    # Parents before the rows that refer to them: part_rows gives the tables in that order.
    for table, rows in encode.part_rows(season, season_id):
        if rows:
            connection.execute(insert(table), rows)


def _part(session: Session, table: type[RowT], season_id: int) -> list[RowT]:
    columns = table.__table__.c
    query = select(table).where(columns.season_id == season_id).order_by(columns.seq)
    return list(session.scalars(query))


def _absent(session: Session, series_id: str, year: int) -> str:
    years = session.scalars(
        select(SeasonRow.year).where(SeasonRow.series_id == series_id).order_by(SeasonRow.year)
    ).all()
    if years:
        stored = ", ".join(str(y) for y in years)
        return f"no season {series_id}/{year} in the database ({series_id} seasons: {stored})"
    return f"no season {series_id}/{year} in the database (no {series_id} season at all)"
