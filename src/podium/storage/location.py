"""Where the database is: what `--db` (or `PODIUM_DATABASE_URL`) names, else a per-user file.

`--db` takes a URL (`sqlite:///seasons.sqlite3`, `postgresql://user@host/podium`) or a plain
file path, read as a SQLite file (`--db ./podium.sqlite3`). Anything else is refused before a
connection is tried, as `BadDatabaseURL` in one line: SQLAlchemy would otherwise fail deep in
a driver import (`mysql://` wants a MySQL driver podium does not install) with a traceback.

A SQLite file that does not exist is created by whoever opens it: right for an import, wrong
for a read, where a typo in the name would leave an empty database behind and answer "no
season". Readers ask `missing_file` first.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from podium.errors import PodiumError

URL_VARIABLE = "PODIUM_DATABASE_URL"
SQLITE_FILE = "podium.sqlite3"

# The drivers podium installs and tests: sqlite3 from Python, psycopg 3 for PostgreSQL.
# (`postgresql` and `postgres` alone mean psycopg2 to SQLAlchemy; engine.py maps them.)
SUPPORTED_DRIVERS = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "postgresql+psycopg": "postgresql",
}
EXAMPLES = "sqlite:///path/to/podium.sqlite3 (or just the file's path), postgresql://user@host/db"


class BadDatabaseURL(PodiumError):
    """A database URL podium cannot use (malformed, or a database it does not support);
    nothing was opened or created. The CLI exits 2 (bad usage)."""


def default_url(create: bool = True) -> str:
    """`PODIUM_DATABASE_URL` if set, else `podium.sqlite3` in the user's data folder
    (created unless `create` is False: a read makes no folder)."""
    configured = os.environ.get(URL_VARIABLE)
    if configured:
        return configured
    folder = Path(platformdirs.user_data_dir("podium"))
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    # URL.create, not an f-string: the folder can hold spaces or backslashes.
    return URL.create("sqlite", database=str(folder / SQLITE_FILE)).render_as_string()


def database_url(given: str | None, *, create: bool = True) -> str:
    """The checked URL `given` names: None: `default_url(create)`; a path: that SQLite file.

    Raises BadDatabaseURL for a URL podium cannot use.
    """
    text = default_url(create) if given is None else given.strip()
    if not text:
        raise BadDatabaseURL(f"an empty database URL: give one such as {EXAMPLES}")
    if "://" not in text:
        # No scheme: a file path (`./podium.sqlite3`, `C:\data\podium.sqlite3`), as SQLite.
        return URL.create("sqlite", database=text).render_as_string(hide_password=False)
    try:
        parsed = make_url(text)
    except (ArgumentError, ValueError):
        raise BadDatabaseURL(
            f"{_masked(text)!r} is not a database URL: give one such as {EXAMPLES}"
        ) from None
    backend = SUPPORTED_DRIVERS.get(parsed.drivername)
    shown = parsed.render_as_string(hide_password=True)
    if backend is None:
        raise BadDatabaseURL(
            f"{shown}: podium cannot store seasons in {parsed.drivername!r}; it uses SQLite or "
            f"PostgreSQL (with psycopg): {EXAMPLES}"
        )
    if backend == "postgresql" and not parsed.database:
        # libpq would pick a database named after the user: rarely the one meant.
        raise BadDatabaseURL(
            f"{shown}: name the database, e.g. postgresql://user@localhost:5432/podium"
        )
    return text


def missing_file(url: str) -> str | None:
    """The file a SQLite `url` names, if it does not exist; None for anything else (a file
    that exists, an in-memory database, PostgreSQL)."""
    parsed = make_url(url)
    if SUPPORTED_DRIVERS.get(parsed.drivername) != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or "mode=memory" in str(parsed.query):
        return None
    if database.startswith("file:"):  # a SQLite URI filename (`?uri=true`)
        database = database.removeprefix("file:").split("?")[0]
    return None if Path(database).exists() else database


def shown_url(url: str) -> str:
    """`url` as messages print it: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _masked(url)


def _masked(text: str) -> str:
    # A URL too broken to parse may still carry a password: never echo it.
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", text)
