"""Bring a database to the newest schema with the migrations shipped inside the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

# Any fixed number: PostgreSQL advisory locks are keyed by an integer of the caller's choice.
_LOCK_KEY = 0x706F6469756D  # "podium"


def config() -> Config:
    # A real directory: the package is installed unzipped (pip installs wheels that way).
    ini = Path(str(resources.files("podium.storage").joinpath("alembic.ini")))
    return Config(str(ini))


def head() -> str | None:
    """The newest revision the installed package knows."""
    return ScriptDirectory.from_config(config()).get_current_head()


def current(connection: Connection) -> str | None:
    """The revision the database is at (None: no schema yet); reads, locks nothing."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection) -> None:
    """Migrate to head within the connection's transaction."""
    if connection.dialect.name == "postgresql":
        # Two processes opening a new database at once must not both create the tables;
        # the lock is released with the transaction.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    cfg = config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")
