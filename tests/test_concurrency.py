"""Writers at once: a writer waits for another instead of failing, a lock held too long is a
clear podium error, and a read-modify-write never undoes a write made since its read (409).

Every test runs on SQLite and on PostgreSQL (the `db_url` fixture in conftest.py).
"""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

import podium
from podium.errors import Conflict, PodiumError
from podium.model import Season
from podium.storage import Database, DatabaseBusy, migrate
from podium.storage.engine import make_engine
from podium.storage.tokens import create_token
from podium.web import create_app
from webkit import LiveServer

WTCR = "/api/v1/series/wtcr/seasons/2021"
HOLD = 1.5  # seconds a test keeps the write lock


def wtcr() -> Season:
    return podium.load_season(podium.example_path("wtcr-2021"))


def renamed(season: Season, name: str) -> Season:
    """`season` as "the CLI" imports it after someone edited the folder."""
    return dataclasses.replace(season, name=name)


def decision(reason: str) -> dict[str, Any]:
    return {
        "kind": "deduction",
        "round": 3,
        "classification": "drivers",
        "competitor": "jean-karl-vernay",
        "points": 1,
        "reason": reason,
    }


@contextmanager
def write_lock(url: str, series: str = "wtcr") -> Iterator[None]:
    """Hold the lock a podium writer of `series` needs, from another connection, as a long
    import would: SQLite's write lock on the file, PostgreSQL's lock on the series."""
    if make_url(url).get_backend_name() == "sqlite":
        path = make_url(url).database
        assert path is not None
        holder = sqlite3.connect(path, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            yield
            holder.execute("ROLLBACK")
        finally:
            holder.close()
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection, connection.begin():
            # The lock podium's writers take (storage/database.py, _lock_series).
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:space, hashtext(:series))"),
                {"space": 0x706F64, "series": series},
            )
            yield
    finally:
        engine.dispose()


def release_after(seconds: float, done: threading.Event) -> threading.Thread:
    def wait() -> None:
        time.sleep(seconds)
        done.set()

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    return thread


# --- waiting for another writer ---------------------------------------------------------------


def test_a_writer_waits_for_the_lock_and_then_writes(db_url: str) -> None:
    with Database(db_url) as db:
        db.import_season(wtcr())
    released = threading.Event()
    with Database(db_url) as db:
        with write_lock(db_url):
            outcome: dict[str, Any] = {}

            def write() -> None:
                start = time.monotonic()
                try:
                    outcome["version"] = db.import_season(renamed(wtcr(), "waited"))
                except BaseException as exc:  # reported by the assertion below
                    outcome["error"] = exc
                outcome["waited"] = time.monotonic() - start
                outcome["after_release"] = released.is_set()

            writer = threading.Thread(target=write)
            writer.start()
            time.sleep(HOLD)
            released.set()
        writer.join(timeout=15)
        assert not writer.is_alive()
        assert "error" not in outcome, outcome
        # It did not fail at once, nor write past the lock: it waited for the release.
        assert outcome["after_release"]
        assert outcome["waited"] >= HOLD - 0.3
        assert outcome["version"] == 2
        assert db.load_season("wtcr", 2021).name == "waited"
    print(f"\nwaiting writer waited {outcome['waited']:.2f} s")


def test_two_writers_at_once_both_succeed(db_url: str) -> None:
    with Database(db_url) as db:
        db.import_season(wtcr())
    start = threading.Barrier(2)

    def write(name: str) -> int:
        with Database(db_url) as db:
            start.wait(timeout=10)
            return db.import_season(renamed(wtcr(), name))

    with ThreadPoolExecutor(2) as pool:
        versions = sorted(pool.map(write, ["one", "two"], timeout=15))
    assert versions == [2, 3]
    with Database(db_url) as db:
        season, version = db.load_season_versioned("wtcr", 2021)
    assert version == 3 and season.name in ("one", "two")


def test_a_new_series_written_by_two_at_once(db_url: str) -> None:
    # No row to lock yet: the second writer must still wait, not fail on the unique key.
    Database(db_url).close()
    start = threading.Barrier(2)

    def write(name: str) -> int:
        with Database(db_url) as db:
            start.wait(timeout=10)
            return db.import_season(renamed(wtcr(), name))

    with ThreadPoolExecutor(2) as pool:
        assert sorted(pool.map(write, ["one", "two"], timeout=15)) == [1, 2]


def test_a_lock_held_too_long_is_a_clear_busy_error(db_url: str) -> None:
    with Database(db_url) as db:
        db.import_season(wtcr())
    with Database(db_url, busy_timeout=0.3) as db:
        with write_lock(db_url):
            start = time.monotonic()
            with pytest.raises(DatabaseBusy) as caught:
                db.import_season(renamed(wtcr(), "never"))
            waited = time.monotonic() - start
        message = str(caught.value)
        assert "is busy: another import is writing" in message and "try again" in message
        assert "sqlalchemy" not in message.lower() and "locked" not in message
        assert 0.25 <= waited < 5
        season, version = db.load_season_versioned("wtcr", 2021)
        assert (season.name, version) == (wtcr().name, 1)


def cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "podium", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_cli_import_waits_for_another_process_and_succeeds(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'podium.sqlite3'}"
    with Database(url) as db:
        db.import_season(wtcr())
    folder = tmp_path / "wtcr-2021"
    shutil.copytree(podium.example_path("wtcr-2021"), folder)
    with write_lock(url):
        process = cli("import", "season", str(folder), "--db", url)
        time.sleep(HOLD + 2)  # the CLI starts (about a second) and then waits
        waiting = process.poll() is None
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert waiting, "the import ended while the lock was held"
    with Database(url) as db:
        assert db.load_season_versioned("wtcr", 2021).version == 2


def test_cli_import_that_stays_locked_exits_4_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "podium.sqlite3"
    with Database(f"sqlite:///{path}") as db:
        db.import_season(wtcr())
    # sqlite3's own `timeout` in the URL: how long a writer waits.
    url = f"sqlite:///{path}?timeout=0.5"
    with write_lock(url):
        process = cli("import", "season", str(podium.example_path("wtcr-2021")), "--db", url)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 4, err
    assert "is busy: another import is writing" in err
    assert "sqlalchemy" not in err.lower() and "Traceback" not in err


# --- no lost update ---------------------------------------------------------------------------


def test_a_stale_copy_is_refused_and_the_newer_write_kept(db_url: str) -> None:
    with Database(db_url) as db:
        assert db.import_season(wtcr()) == 1
        read, version = db.load_season_versioned("wtcr", 2021)
        assert version == 1
        with Database(db_url) as cli_db:  # "the CLI", another process
            assert cli_db.import_season(renamed(wtcr(), "edited by the CLI")) == 2
        with pytest.raises(Conflict, match=r"changed since it was read.*retry"):
            db.import_season(renamed(read, "stale edit"), expected_version=version)
        fresh, now = db.load_season_versioned("wtcr", 2021)
        assert (fresh.name, now) == ("edited by the CLI", 2)
        # Read again, the same edit goes through.
        assert db.import_season(renamed(fresh, "edit"), expected_version=now) == 3
        assert db.load_season("wtcr", 2021).name == "edit"
        # A season that is not stored has no version to match.
        with pytest.raises(Conflict, match="no longer stored"):
            db.import_season(dataclasses.replace(wtcr(), year=2022), expected_version=1)
        assert db.import_season(dataclasses.replace(wtcr(), year=2022)) == 1
    assert isinstance(Conflict("x"), PodiumError)


@pytest.fixture
def api(db_url: str) -> Iterator[tuple[TestClient, dict[str, str], str]]:
    with Database(db_url) as db:
        db.import_season(wtcr())
        token = create_token(db, "tests")
    with TestClient(create_app(db_url, refresh=None)) as client:
        yield client, {"Authorization": f"Bearer {token}"}, db_url


def test_an_api_write_racing_a_cli_import_is_409_not_422(
    api: tuple[TestClient, dict[str, str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, headers, url = api
    database = client.app.state.store.database  # type: ignore[attr-defined]
    real_load = database.load_season_versioned

    def load_then_cli_import(series: str, year: int) -> Any:
        loaded = real_load(series, year)
        # Between the API's read and its write, the CLI imports an edited folder.
        with Database(url) as cli_db:
            cli_db.import_season(renamed(wtcr(), "edited by the CLI"))
        return loaded

    monkeypatch.setattr(database, "load_season_versioned", load_then_cli_import)
    response = client.post(f"{WTCR}/decisions", json=decision("stale"), headers=headers)
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["error"] == "conflict"
    assert "changed since it was read" in body["detail"] and "retry" in body["detail"]
    with Database(url) as db:
        season, version = db.load_season_versioned("wtcr", 2021)
    assert (season.name, season.decisions, version) == ("edited by the CLI", (), 2)

    monkeypatch.setattr(database, "load_season_versioned", real_load)
    retried = client.post(f"{WTCR}/decisions", json=decision("retried"), headers=headers)
    assert retried.status_code == 201, retried.text
    with Database(url) as db:
        season = db.load_season("wtcr", 2021)
    assert season.name == "edited by the CLI"
    assert [d.reason for d in season.decisions] == ["retried"]

    schema = client.get("/openapi.json").json()["paths"]
    route = schema["/api/v1/series/{series}/seasons/{year}/decisions"]["post"]
    assert "409" in route["responses"]


def test_api_writes_and_cli_imports_at_once_lose_nothing(db_url: str) -> None:
    """Two API workers (apps of their own) take decisions from 6 threads while "the CLI"
    imports the folder three times. Each write lands (201) or is refused (409); the season
    left is the last CLI import plus exactly the decisions written after it."""
    with Database(db_url) as db:
        db.import_season(wtcr())
        token = create_token(db, "tests")
    headers = {"Authorization": f"Bearer {token}"}
    servers = [LiveServer(db_url), LiveServer(db_url)]
    stored: list[tuple[int, str]] = []  # (version, reason of the decision added), per API write
    cli_versions: list[int] = []
    record = threading.Lock()
    for server in servers:
        database = server.app.state.store.database
        real_import = database.import_season

        def recording(
            season: Season,
            *,
            expected_version: int | None = None,
            change: Any = None,
            _real: Any = real_import,
        ) -> int:
            version: int = _real(season, expected_version=expected_version, change=change)
            with record:
                stored.append((version, season.decisions[-1].reason or ""))
            return version

        database.import_season = recording
        server.start()
    statuses: list[int] = []
    try:

        def post(index: int) -> None:
            server = servers[index % len(servers)]
            with httpx.Client(base_url=server.url, timeout=15) as client:
                for n in range(4):
                    reason = f"api-{index}-{n}"
                    response = client.post(
                        f"{WTCR}/decisions", json=decision(reason), headers=headers
                    )
                    with record:
                        statuses.append(response.status_code)
                    assert response.status_code in (201, 409), response.text

        def import_folder() -> None:
            with Database(db_url) as cli_db:
                for k in range(3):
                    time.sleep(0.15)
                    version = cli_db.import_season(renamed(wtcr(), f"cli-{k}"))
                    with record:
                        cli_versions.append(version)

        with ThreadPoolExecutor(7) as pool:
            futures = [pool.submit(post, i) for i in range(6)] + [pool.submit(import_folder)]
            for future in futures:
                future.result(timeout=18)
    finally:
        for server in servers:
            server.stop()
    assert len(statuses) == 24 and set(statuses) <= {201, 409}
    assert statuses.count(201) == len(stored)
    versions = sorted([v for v, _ in stored] + cli_versions)
    assert versions == list(range(2, 2 + len(versions))), "two writes stored the same version"
    last_cli = max(cli_versions)
    with Database(db_url) as db:
        season, version = db.load_season_versioned("wtcr", 2021)
    assert season.name == "cli-2" and version == max(versions)
    expected = [reason for v, reason in sorted(stored) if v > last_cli]
    assert [d.reason for d in season.decisions] == expected
    print(f"\n{statuses.count(201)} written, {statuses.count(409)} conflicts, {len(expected)} kept")


def test_a_database_from_before_versions_is_upgraded(db_url: str) -> None:
    with Database(db_url) as db:
        db.import_season(wtcr())
    # Back to the schema before seasons.version, the season still stored.
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            cfg = migrate.config()
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0003")
        assert "version" not in {c["name"] for c in inspect(engine).get_columns("seasons")}
    finally:
        engine.dispose()
    with Database(db_url) as db:
        season, version = db.load_season_versioned("wtcr", 2021)
        assert (season.key, version) == ("wtcr/2021", 1)
        assert db.import_season(renamed(season, "after the upgrade"), expected_version=1) == 2
