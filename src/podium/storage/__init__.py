"""Seasons in a database (SQLite or PostgreSQL), loaded back equal to what was imported.

    >>> from podium.storage import Database
    >>> with Database() as db:  # doctest: +SKIP
    ...     db.import_season(podium.load_season("seasons/club-2025"))
    ...     season = db.load_season("club", 2025)

The CLI and the web use exactly this module's names.
"""

from podium.storage.audit import Change, UnsavedChanges
from podium.storage.database import Database, DatabaseBusy, VersionedSeason
from podium.storage.location import BadDatabaseURL, database_url, default_url

__all__ = [
    "BadDatabaseURL",
    "Change",
    "Database",
    "DatabaseBusy",
    "UnsavedChanges",
    "VersionedSeason",
    "database_url",
    "default_url",
]
