"""The database's generation: one number that every write of a season adds one to.

Servers keep seasons, standings and rendered responses in memory. Several of them (workers
of one `podium serve`, or servers on several machines) share one database, and a write
through any of them must show in the next read through all. So every write bumps the
generation in its own transaction (`bump`, called by `Database` just before it commits), and
a server reads it before answering (`GenerationReader.read`, one primary-key lookup on a
connection of its own): a number other than the one its caches were filled at means they
are dropped. Because the bump commits with the write, a reader that sees the new number
also sees the new rows, and one that sees the old number read before the write committed.

The bump comes last in a write's transaction: on PostgreSQL it takes the row's lock, and
taking it after the write's own (per-series) locks means two writers can never each hold
what the other waits for.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from podium.storage.tables import Base

ROW = 1  # the id of the one row


class GenerationRow(Base):
    """The one row (id 1, made by migration 0010) holding the generation."""

    __tablename__ = "generation"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(server_default=text("0"))


_READ = f"SELECT value FROM {GenerationRow.__tablename__} WHERE id = {ROW}"


def bump(connection: Connection) -> None:
    """Add one to the generation, in the caller's write transaction."""
    connection.execute(
        update(GenerationRow).where(GenerationRow.id == ROW).values(value=GenerationRow.value + 1)
    )


class GenerationReader:
    """Reads the generation on a connection kept for that alone, outside any transaction,
    so each read sees the latest commit and costs one round trip (SQLite: a read of the
    file's pages in shared memory, a few microseconds). Safe from any thread; reads are
    serialised. A SQLite database in memory has no other process to hear from: `read`
    gives the same number every time."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._connection: Any = None
        self._memory = engine.dialect.name == "sqlite" and not _sqlite_file(engine)

    def read(self) -> int:
        if self._memory:
            with self._engine.connect() as connection:
                return int(connection.exec_driver_sql(_READ).scalar_one())
        with self._lock:
            try:
                return self._read()
            except Exception:
                # A connection the server or a restart dropped: one retry on a fresh one.
                self._drop()
                return self._read()

    def _read(self) -> int:
        if self._connection is None:
            self._connection = self._connect()
        cursor = self._connection.execute(_READ)
        found = cursor.fetchone()
        return int(found[0])

    def _connect(self) -> Any:
        path = _sqlite_file(self._engine)
        if path is not None:
            # Autocommit (isolation_level None): every SELECT is its own snapshot.
            return sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
        raw = self._engine.raw_connection()
        driver = raw.driver_connection
        assert driver is not None  # a connection just checked out has one
        raw.detach()  # kept for good, never handed back to the pool
        driver.autocommit = True  # psycopg: no transaction left open between reads
        return driver

    def _drop(self) -> None:
        if self._connection is not None:
            with suppress(Exception):  # already gone
                self._connection.close()
            self._connection = None

    def close(self) -> None:
        with self._lock:
            self._drop()


def _sqlite_file(engine: Engine) -> str | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    if "mode=memory" in database or database.startswith("file:"):
        return None
    return str(Path(database).resolve())
