"""Shared by the Ergast tests: one database of the bundled examples and the F1 seasons the
Ergast tests ask about (1976, 2008, 2021, 2023 from F1DB, when it is here), built once per
test session, and one podium server on it for the client libraries."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from podium.storage import Database
from webkit import LiveServer, f1db_path, fill

F1_YEARS = (1976, 2008, 2021, 2023)


@cache
def database() -> str:
    """The URL of the session's database (the examples, and F1_YEARS where F1DB is)."""
    folder = Path(tempfile.mkdtemp(prefix="podium-ergast-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    url = f"sqlite:///{folder / 'podium.sqlite3'}"
    fill(url, f1=False)
    source = f1db_path()
    if source is not None:
        from podium.formats.f1db import load_f1db_season

        with Database(url) as db:
            for year in F1_YEARS:
                db.import_season(load_f1db_season(source, year))
    return url


@cache
def server() -> LiveServer:
    """podium under Uvicorn on a free loopback port, for the whole session."""
    live = LiveServer(database())
    live.start()
    atexit.register(live.stop)
    return live
