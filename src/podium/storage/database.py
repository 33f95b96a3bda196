"""The database of seasons: import one whole, load one back equal, list what is there.

Writers may run at once (the web server, `podium import`, other workers). Each season row
carries a `version`, incremented by every write of it in that write's transaction. A writer
that read a season, changed it and stores it back passes the version it read
(`load_season_versioned`, then `import_season(..., expected_version=...)`): the store goes
ahead only if the stored version is still that one, else raises `Conflict` and changes
nothing, so a write never silently undoes one made meanwhile. Writers of the same series
take turns (SQLite: the file's write lock; PostgreSQL: a row lock and an advisory lock per
series); one that waits longer than the busy timeout gets `DatabaseBusy`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import NamedTuple, TypeVar, cast

from alembic.util import CommandError
from sqlalchemy import Connection, Table, delete, insert, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from podium.errors import Conflict, NotFound, PodiumError, ValidationError
from podium.model.aliases import Alias, Aliases
from podium.model.season import Season
from podium.rules.loader import parse_rules
from podium.storage import audit, encode, generation, migrate
from podium.storage.audit import Change, UnsavedChanges
from podium.storage.decode import StoredSeason, season_from_rows
from podium.storage.engine import lock_wait, make_engine, writing
from podium.storage.location import database_url, missing_file, shown_url
from podium.storage.tables import (
    SEASON_PARTS,
    AliasRow,
    Base,
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

RowT = TypeVar("RowT", bound=Base)

# PostgreSQL advisory locks with two int4 keys: this one, and a hash of the series id.
_SERIES_LOCKS = 0x706F64  # "pod"


class DatabaseBusy(PodiumError):
    """Another writer kept the database locked for longer than a writer waits (the busy
    timeout); nothing was written. Trying again later is the remedy."""


class VersionedSeason(NamedTuple):
    """A season as loaded, with the version of the stored season it was read from."""

    season: Season
    version: int


class Database:
    """Seasons stored in SQLite or PostgreSQL; the schema is brought up to date on opening.

    `busy_timeout`: seconds a writer waits for another one before `DatabaseBusy` (default
    `engine.BUSY_TIMEOUT`, 30 s; on SQLite a `?timeout=` in the URL wins).

    `url`: a URL or a SQLite file's path (None: `location.default_url()`); `BadDatabaseURL`
    if podium cannot use it. `create=False`: a SQLite file that does not exist is `NotFound`
    instead of created (what every command that only reads asks for).
    """

    def __init__(
        self, url: str | None = None, *, busy_timeout: float | None = None, create: bool = True
    ) -> None:
        # A plain path is a SQLite file; a URL podium cannot use is BadDatabaseURL, here.
        given = database_url(url, create=create)
        self._shown = shown_url(given)
        missing = None if create else missing_file(given)
        if missing is not None:
            # A reader must not leave an empty database behind a mistyped name.
            raise NotFound(
                f"no database {self._shown}: there is no file {missing} (podium import and "
                "podium token create make one; nothing else does)"
            )
        self._wait = lock_wait(given, busy_timeout)
        self._engine = make_engine(given, busy_timeout=busy_timeout)
        try:
            # Read first, lock only to migrate: opening a database that is up to date must
            # not wait for an import that holds the write lock.
            with self._engine.connect() as connection:
                at = migrate.current(connection)
            if at != migrate.head():
                with writing(self._engine, self._wait) as connection:
                    migrate.upgrade(connection)
        except BaseException as exc:
            self._engine.dispose()
            problem = _unusable(exc, self._shown, self._wait)
            if problem is None:
                raise
            raise problem from exc
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Database({self._shown!r})"

    @property
    def shown(self) -> str:
        """The database's URL as messages name it (the password hidden)."""
        return self._shown

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

    def import_season(
        self,
        season: Season,
        *,
        expected_version: int | None = None,
        change: Change | None = None,
    ) -> int:
        """Store `season`, replacing any stored season of that series and year; the stored
        season's new version (1 for a season not stored before).

        `expected_version`: the version `load_season_versioned` gave with the season this one
        was made from. The season is stored only if the stored one is still at that version
        (checked under the write lock, in the same transaction); else `Conflict`. None (an
        import of a whole folder): replace whatever is stored.

        `change`: who writes and why, for the audit trail (audit.py), recorded in the same
        transaction with what changed (default: an import by the library). With
        `change.keep`, `UnsavedChanges` (nothing written) if the season lacks changes made
        through the API since the last import.

        One transaction: on any error nothing is changed. `DatabaseBusy` if another writer
        held the database for longer than the busy timeout.
        """
        return self._store([season], expected_version, change or Change())[0][1]

    def import_seasons(self, seasons: Iterable[Season], change: Change | None = None) -> list[str]:
        """Store every season of `seasons` (read lazily, one at a time) in one transaction,
        each replacing any stored season of its series and year; their keys, in order.

        On any error, raised by the database or by the iterable, nothing is changed. Rows are
        written with one bulk insert (executemany) per table and season.
        """
        return [key for key, _ in self._store(seasons, None, change or Change())]

    def _store(
        self, seasons: Iterable[Season], expected_version: int | None, change: Change
    ) -> list[tuple[str, int]]:
        stored: list[tuple[str, int]] = []
        key = "?"
        try:
            with self._guarded(), writing(self._engine, self._wait) as connection:
                series_seen: set[str] = set()
                for season in seasons:
                    key = season.key
                    _check_rules(season)
                    if season.series.id not in series_seen:
                        _lock_series(connection, season.series.id)
                        _put_series(connection, season)
                        series_seen.add(season.series.id)
                    stored.append((key, _replace(connection, season, expected_version, change)))
                if stored:  # last, and in the same transaction: see generation.py
                    generation.bump(connection)
        except IntegrityError as exc:
            raise PodiumError(f"{key} cannot be stored: {exc.orig}") from exc
        return stored

    def load_season(self, series_id: str, year: int) -> Season:
        return self.load_season_versioned(series_id, year).season

    def load_season_versioned(self, series_id: str, year: int) -> VersionedSeason:
        """The season and the version it was read at: what a read-modify-write passes back
        to `import_season(..., expected_version=...)`."""
        with self._guarded(), self._sessions() as session:
            if self._engine.dialect.name == "postgresql":
                # One snapshot for every query below: an import committing meanwhile must
                # not show half a season. (SQLite's transaction is a snapshot already.)
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            row = session.scalars(
                select(SeasonRow).where(SeasonRow.series_id == series_id, SeasonRow.year == year)
            ).one_or_none()
            if row is None:
                raise NotFound(_absent(session, series_id, year, self._shown))
            stored = _rows(session, row)
            version = row.version
        return VersionedSeason(season_from_rows(stored), version)

    def history(
        self, series_id: str, year: int, *, limit: int | None = None, offset: int = 0
    ) -> tuple[int, list[audit.Entry]]:
        """The season's audit trail: how many entries there are, and those from `offset`
        (newest first, at most `limit`). NotFound for a season never stored."""
        with self._guarded(), self._sessions() as session:
            total, listed = audit.entries(session.connection(), series_id, year, limit, offset)
            if total == 0:
                found = session.scalars(
                    select(SeasonRow.id).where(
                        SeasonRow.series_id == series_id, SeasonRow.year == year
                    )
                ).one_or_none()
                if found is None:
                    raise NotFound(_absent(session, series_id, year, self._shown))
            return total, listed

    def seasons(self) -> list[tuple[str, int, str]]:
        """(series id, year, season name) of every stored season, by series and year."""
        with self._guarded(), self._sessions() as session:
            rows = session.execute(
                select(SeasonRow.series_id, SeasonRow.year, SeasonRow.name).order_by(
                    SeasonRow.series_id, SeasonRow.year
                )
            )
            return [(series_id, year, name) for series_id, year, name in rows]

    def aliases(self, series_id: str) -> Aliases:
        """The series' alias table (Ergast ids, links): the rows of all its stored seasons,
        the latest season's first, so that its row wins where seasons disagree. Empty for a
        series without any (or not stored)."""
        with self._guarded(), self._sessions() as session:
            rows = session.execute(
                select(
                    AliasRow.kind,
                    AliasRow.ergast_id,
                    AliasRow.podium_id,
                    AliasRow.url,
                    AliasRow.name,
                    AliasRow.nationality,
                )
                .join(SeasonRow, SeasonRow.id == AliasRow.season_id)
                .where(SeasonRow.series_id == series_id)
                .order_by(SeasonRow.year.desc(), AliasRow.seq)
            )
            seen: set[tuple[str, str]] = set()
            out: list[Alias] = []
            for kind, ergast_id, podium_id, url, name, nationality in rows:
                if (kind, podium_id) not in seen:
                    seen.add((kind, podium_id))
                    out.append(Alias(kind, ergast_id, podium_id, url, name, nationality))
            return Aliases(tuple(out))

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """Tell a database that stayed locked as `DatabaseBusy`, never as SQLAlchemy text."""
        try:
            yield
        except DBAPIError as exc:
            if _is_busy(exc):
                raise _busy(self._shown, self._wait) from exc
            raise


def _is_busy(exc: DBAPIError) -> bool:
    """Whether the database refused for a lock held by another writer (worth a retry)."""
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        # The primary result code is the low byte of the extended one (SQLITE_BUSY_SNAPSHOT).
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
        return "locked" in str(orig)
    # PostgreSQL: lock_timeout ran out; a deadlock or serialization failure, rolled back.
    return getattr(orig, "sqlstate", None) in ("55P03", "40P01", "40001")


def _busy(shown: str, wait: float) -> DatabaseBusy:
    return DatabaseBusy(
        f"the database {shown} is busy: another import is writing to it "
        f"(waited {wait:g} s); nothing was written, try again"
    )


def _unusable(exc: BaseException, shown: str, wait: float) -> PodiumError | None:
    """What to tell a user about a database that cannot be opened; None: a bug, not theirs."""
    if isinstance(exc, DBAPIError) and _is_busy(exc):
        return _busy(shown, wait)
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


def _lock_series(connection: Connection, series_id: str) -> None:
    # PostgreSQL: writers of one series take turns from here to their commit. The season
    # row's FOR UPDATE below cannot do it alone: a season or series not stored yet has no
    # row to lock, and two writers would both insert it (the second failing on the unique
    # key). SQLite: BEGIN IMMEDIATE took the whole file already.
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:space, hashtext(:series))"),
            {"space": _SERIES_LOCKS, "series": series_id},
        )


def _replace(
    connection: Connection, season: Season, expected_version: int | None, change: Change
) -> int:
    """Put `season` in place of the stored one (if any), in the caller's write transaction,
    and record the change in the audit trail; the new version. The season row is updated in
    place, keeping its id; its parts are replaced."""
    seasons = _table(SeasonRow)
    query = select(seasons.c.id, seasons.c.version).where(
        seasons.c.series_id == season.series.id, seasons.c.year == season.year
    )
    if connection.dialect.name == "postgresql":
        query = query.with_for_update()
    found = connection.execute(query).one_or_none()
    now = None if found is None else int(found.version)
    if expected_version is not None and now != expected_version:
        raise Conflict(_changed(season.key, expected_version, now))
    old = None if found is None else _stored_season(connection, found.id)
    if change.keep and found is not None:
        lost = audit.lost_changes(connection, season)
        if lost:
            raise UnsavedChanges(season.key, lost)
    values = encode.season_row(season)
    if found is None:
        inserted = connection.execute(insert(seasons).values({**values, "version": 1}))
        key = inserted.inserted_primary_key
        assert key is not None  # an INSERT of one row always has its key
        season_id, version = int(key[0]), 1
    else:
        season_id, version = found.id, found.version + 1
        for table in reversed(SEASON_PARTS):
            part = _table(table)
            connection.execute(delete(part).where(part.c.season_id == season_id))
        # The version in the WHERE as well: the row lock makes a change impossible, and
        # should that ever not hold, this still refuses to write over a newer season.
        updated = connection.execute(
            update(seasons)
            .where(seasons.c.id == season_id, seasons.c.version == found.version)
            .values({**values, "version": version})
        )
        if updated.rowcount != 1:
            raise Conflict(_changed(season.key, found.version, None))
    _add_parts(connection, season, season_id)
    audit.record(connection, season, version, change, audit.differences(old, season))
    return version


def _stored_season(connection: Connection, season_id: int) -> Season:
    """The season stored under `season_id`, read in the caller's transaction."""
    with Session(connection) as session:
        return season_from_rows(_rows(session, session.get_one(SeasonRow, season_id)))


def _rows(session: Session, row: SeasonRow) -> StoredSeason:
    return StoredSeason(
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
        pit_stops=_part(session, PitStopRow, row.id),
        aliases=_part(session, AliasRow, row.id),
    )


def _changed(key: str, read: int, now: int | None) -> str:
    where = "is no longer stored" if now is None else f"is now at version {now}"
    return (
        f"{key} changed since it was read (read at version {read}; the stored season {where}):"
        " another write came first and nothing was written; read the season again and retry"
    )


def _add_parts(connection: Connection, season: Season, season_id: int) -> None:
    # Parents before the rows that refer to them: part_rows gives the tables in that order.
    for table, rows in encode.part_rows(season, season_id):
        if rows:
            connection.execute(insert(table), rows)


def _part(session: Session, table: type[RowT], season_id: int) -> list[RowT]:
    columns = table.__table__.c
    query = select(table).where(columns.season_id == season_id).order_by(columns.seq)
    return list(session.scalars(query))


def _absent(session: Session, series_id: str, year: int, shown: str) -> str:
    years = session.scalars(
        select(SeasonRow.year).where(SeasonRow.series_id == series_id).order_by(SeasonRow.year)
    ).all()
    if years:
        stored = ", ".join(str(y) for y in years)
        return f"no season {series_id}/{year} in {shown} ({series_id} seasons: {stored})"
    return f"no season {series_id}/{year} in {shown} (no {series_id} season at all)"
