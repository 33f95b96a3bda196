"""Where the database is when nobody says: an environment variable, else a per-user file."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL

URL_VARIABLE = "PODIUM_DATABASE_URL"
SQLITE_FILE = "podium.sqlite3"


def default_url() -> str:
    """`PODIUM_DATABASE_URL` if set, else `podium.sqlite3` in the user's data folder."""
    configured = os.environ.get(URL_VARIABLE)
    if configured:
        return configured
    folder = Path(platformdirs.user_data_dir("podium"))
    folder.mkdir(parents=True, exist_ok=True)
    # URL.create, not an f-string: the folder can hold spaces or backslashes.
    return URL.create("sqlite", database=str(folder / SQLITE_FILE)).render_as_string()
