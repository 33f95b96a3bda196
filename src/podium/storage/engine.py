"""An SQLAlchemy engine for a database URL, with what each backend needs to be trustworthy.

Several writers may share one database (the web server, `podium import`, a second worker).
On SQLite a writer that finds the file locked waits up to `BUSY_TIMEOUT` seconds (sqlite3's
busy handler) instead of failing at once, and file databases use WAL, so that readers never
wait for a writer nor a writer for readers. Transactions opened by `writing()` take the
write lock when they begin (`BEGIN IMMEDIATE`): one that read first and wrote later could
otherwise find the lock taken and fail without waiting (SQLite refuses to wait there, since
waiting could deadlock). On PostgreSQL a writer waits the same time for a lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url

from podium.storage.location import database_url

# Bare `postgresql://` means psycopg2 to SQLAlchemy, which podium does not install.
_POSTGRES_ALIASES = {"postgres", "postgresql"}

# Seconds a writer waits for another one before giving up. An import of a whole season
# takes well under a second; a folder of F1DB seasons a few seconds.
BUSY_TIMEOUT = 30.0

# The execution option telling the SQLite `begin` listener to take the write lock at once.
_WRITE = "podium_write"


def lock_wait(url: str, busy_timeout: float | None = None) -> float:
    """Seconds a writer on `url` waits for a lock: `busy_timeout`, else `BUSY_TIMEOUT`; on
    SQLite a `?timeout=` in the URL wins, as sqlite3 itself reads it from there."""
    parsed = make_url(url)
    given = parsed.query.get("timeout")
    if parsed.get_backend_name() == "sqlite" and given is not None:
        return float(given if isinstance(given, str) else given[-1])
    return BUSY_TIMEOUT if busy_timeout is None else busy_timeout


def make_engine(url: str, *, busy_timeout: float | None = None) -> Engine:
    """The engine for `url` (checked by `location.database_url`: a path is a SQLite file);
    `busy_timeout` as for `lock_wait`."""
    url = database_url(url)
    parsed = make_url(url)
    if parsed.drivername in _POSTGRES_ALIASES:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed)
    kwargs: dict[str, Any] = {}
    if "timeout" not in parsed.query:
        kwargs["connect_args"] = {"timeout": lock_wait(url, busy_timeout)}
    engine = create_engine(parsed, **kwargs)
    event.listen(engine, "connect", _sqlite_connect_to(on_disk=_on_disk(parsed.database)))
    event.listen(engine, "begin", _sqlite_begin)
    return engine


@contextmanager
def writing(engine: Engine, wait: float = BUSY_TIMEOUT) -> Iterator[Connection]:
    """A connection in a write transaction, committed on leaving, rolled back on error.

    SQLite: the write lock is taken at BEGIN (waiting up to the busy timeout set when the
    engine was made), so what the transaction reads stays true until it commits.
    PostgreSQL: waiting for a lock (a row, an advisory lock) ends after `wait` seconds with
    an error instead of never.
    """
    with engine.connect() as connection:
        connection.execution_options(**{_WRITE: True})
        with connection.begin():
            if connection.dialect.name == "postgresql":
                milliseconds = max(1, int(wait * 1000))
                # SET LOCAL takes no bind parameters; the value is an int made here.
                connection.execute(text(f"SET LOCAL lock_timeout = {milliseconds}"))
            yield connection


def _on_disk(database: str | None) -> bool:
    # WAL needs a real file with shared memory beside it: not for in-memory databases.
    return bool(database) and database != ":memory:" and "mode=memory" not in str(database)


def _sqlite_connect_to(*, on_disk: bool) -> Any:
    def connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite only opens a transaction before INSERT/UPDATE/DELETE, so schema changes
        # and reads would escape the rollback; take transaction control from it
        # (SQLAlchemy's recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # SQLite ignores foreign keys unless asked, per connection.
            cursor.execute("PRAGMA foreign_keys = ON")
            if on_disk:
                # Persistent in the file; a no-op once set. Where WAL is impossible (a
                # read-only file, some network file systems) SQLite keeps its rollback
                # journal, which is slower with readers about but as correct.
                with suppress(sqlite3.OperationalError):
                    cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    return connect


def _sqlite_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(_WRITE):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")
