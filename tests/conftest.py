"""Shared pytest setup. Each block below belongs to one area of the tests; keep them apart."""

from __future__ import annotations

# --- seasonkit: make tests/seasonkit.py importable (tests/ is not a package) ---------------
import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)
# --- end seasonkit --------------------------------------------------------------------------


# --- storage: `db_url`, an empty database on SQLite and on PostgreSQL -----------------------
import os  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import URL, Engine, make_url  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

POSTGRES_URL_VARIABLE = "PODIUM_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[tuple[Engine, URL]]:
    """An AUTOCOMMIT engine on the test server's maintenance database, and its URL.

    Unreachable: the tests that need it fail under CI (CI=true), else are skipped.
    """
    url = make_url(os.environ.get(POSTGRES_URL_VARIABLE, DEFAULT_POSTGRES_URL))
    if url.drivername == "postgresql":  # psycopg 3 is what podium installs, not psycopg2
        url = url.set(drivername="postgresql+psycopg")
    engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        shown = url.render_as_string(hide_password=True)
        message = f"PostgreSQL at {shown} is unreachable ({POSTGRES_URL_VARIABLE}): {exc.orig}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    yield engine, url
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of its own, dropped after the test."""
    if request.param == "sqlite":
        yield URL.create("sqlite", database=str(tmp_path / "podium.sqlite3")).render_as_string()
        return
    engine, server = request.getfixturevalue("postgres_server")
    name = f"podium_test_{uuid.uuid4().hex[:16]}"
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            # FORCE: a test that failed may have left a connection open.
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
# --- end storage ----------------------------------------------------------------------------
