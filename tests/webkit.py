"""Shared by the web tests: a database of the bundled seasons (and F1 1976 where F1DB is at
hand), and podium's app served by a real Uvicorn on a free loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

import podium
from podium.storage import Database
from podium.web import create_app

F1DB_VARIABLE = "PODIUM_TEST_F1DB"
DEFAULT_F1DB = Path(__file__).resolve().parents[2] / "shared" / "f1db" / "data"


# F1DB's reference folders, one file per item; a season's races refer to them.
SHARED_FOLDERS = (
    "drivers",
    "constructors",
    "engine-manufacturers",
    "entrants",
    "circuits",
    "countries",
    "grands-prix",
    "chassis",
    "engines",
)


def copy_subset(f1db: Path, into: Path, races: dict[int, list[str]]) -> Path:
    """An F1DB data folder with only some races of some seasons (shared folders linked)."""
    data = into / "data"
    data.mkdir(parents=True)
    for folder in SHARED_FOLDERS:
        (data / folder).symlink_to(f1db / folder, target_is_directory=True)
    for year, names in races.items():
        season = data / "seasons" / str(year)
        (season / "races").mkdir(parents=True)
        shutil.copy(f1db / "seasons" / str(year) / "entrants.yml", season / "entrants.yml")
        for name in names:
            shutil.copytree(f1db / "seasons" / str(year) / "races" / name, season / "races" / name)
    return data


def f1db_path() -> Path | None:
    """F1DB's data folder, if this machine has it (as test_f1db_import.py finds it)."""
    path = Path(os.environ.get(F1DB_VARIABLE, DEFAULT_F1DB))
    return path if (path / "seasons").is_dir() else None


def fill(url: str, *, f1: bool = True) -> list[str]:
    """Import the bundled examples (and F1 1976 when F1DB is here); the season keys."""
    keys = []
    with Database(url) as database:
        for name in podium.examples():
            season = podium.load_season(podium.example_path(name))
            database.import_season(season)
            keys.append(season.key)
        folder = f1db_path()
        if f1 and folder is not None:
            from podium.formats.f1db import load_f1db_season

            season = load_f1db_season(folder, 1976)
            database.import_season(season)
            keys.append(season.key)
    return keys


class LiveServer:
    """podium's app under Uvicorn in a thread, on 127.0.0.1 and a port the OS picked."""

    def __init__(self, url: str) -> None:
        self.app = create_app(url, refresh=None)
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()


@contextmanager
def served(url: str) -> Iterator[LiveServer]:
    server = LiveServer(url)
    server.start()
    try:
        yield server
    finally:
        server.stop()
