"""What the web serves, read once and kept: seasons, computed standings, rendered responses.

One `Store` per app. Reads go through its caches; writes go through `Store.write`, which
holds a lock for the read-modify-write and clears every cache when it commits, so that the
next request sees the write. The lock only orders this process's writes: a write racing
another process (a CLI import, a second worker) is caught by the season's version instead
(`Database.load_season_versioned`, `import_season(expected_version=...)`), as a 409.
Changes made by another process (another worker, a server on another machine, a `podium
import`) are noticed by the database's generation (storage/generation.py), read before each
GET is answered (web/coherence.py) or, with `refresh` > 0, at most every `refresh` seconds.

Caches are keyed so that a hit costs one dict lookup:
  seasons    (series, year)                          -> Season
  standings  (series, year, classification, round)   -> StandingsTable
  history    (series, year, classification)          -> [StandingsTable after each round]
  responses  full request URL                        -> rendered body, ETag
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select

import podium
from podium.errors import NotFound
from podium.model.aliases import Aliases
from podium.model.season import Season
from podium.standings import StandingsTable, standings_history
from podium.storage import Database
from podium.storage.generation import GenerationReader
from podium.storage.tables import SeriesRow

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SeriesInfo:
    id: str
    name: str
    seasons: tuple[tuple[int, str], ...]  # (year, season name), by year

    @property
    def years(self) -> list[int]:
        return [year for year, _ in self.seasons]


CACHE_CONTROL = "public, no-cache"


@dataclass(frozen=True, slots=True)
class Rendered:
    """A response body as sent, with its validator and its raw ASGI headers."""

    body: bytes
    media_type: str
    etag: str
    status: int = 200
    headers: tuple[tuple[bytes, bytes], ...] = ()

    @staticmethod
    def of(body: bytes, media_type: str, status: int = 200) -> Rendered:
        tag = f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
        headers = (
            (b"content-type", media_type.encode("latin-1")),
            (b"content-length", str(len(body)).encode("latin-1")),
            (b"etag", tag.encode("latin-1")),
            (b"cache-control", CACHE_CONTROL.encode("latin-1")),
        )
        return Rendered(body, media_type, tag, status, headers)


class ResponseCache:
    """Rendered responses by URL; beyond `size` bytes of bodies the oldest are dropped."""

    def __init__(self, size: int = 64 * 1024 * 1024) -> None:
        self._size = size
        self._bytes = 0
        self._items: OrderedDict[str, Rendered] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Rendered | None:
        return self._items.get(key)

    def put(self, key: str, value: Rendered) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._items[key] = value
            self._bytes += len(value.body)
            while self._bytes > self._size and len(self._items) > 1:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped.body)

    def clear(self) -> None:
        with self._lock:
            self._items = OrderedDict()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)


class Store:
    def __init__(self, database: Database, *, refresh: float | None = 0.0) -> None:
        self.database = database
        self.responses = ResponseCache()
        self.generation = 0
        self._seasons: dict[tuple[str, int], Season] = {}
        # (series, year, classification, after round, after session, as of) -> table
        self._standings: dict[
            tuple[str, int, str, int | None, str | None, datetime | None], StandingsTable
        ] = {}
        self._history: dict[tuple[str, int, str], list[StandingsTable]] = {}
        self._aliases: dict[str, Aliases] = {}  # series -> its alias table
        self._series: dict[str, SeriesInfo] | None = None
        self._write_lock = threading.RLock()
        self._load_locks: dict[tuple[object, ...], threading.Lock] = {}  # see _lock_for
        self._guard = threading.Lock()
        self._refresh = refresh
        self._reader = GenerationReader(database.engine)
        self._seen: int | None = None  # the database's generation the caches belong to

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Note the database's generation: what is read from now on belongs to it."""
        if self._refresh is not None:
            self.check()

    def stop(self) -> None:
        self._reader.close()

    def check(self) -> None:
        """Read the database's generation; forget everything if a write moved it since the
        caches were filled (by any process: another worker, `podium import`)."""
        seen = self._reader.read()
        with self._guard:
            if seen != self._seen:
                self._seen = seen
                self._invalidate()

    def invalidate(self) -> None:
        """Forget everything read or computed: the next request reads the database again."""
        with self._guard:
            self._invalidate()

    def _invalidate(self) -> None:  # the guard held
        self.generation += 1
        self._seasons = {}
        self._standings = {}
        self._history = {}
        self._series = None
        self._load_locks = {}
        self._aliases = {}
        self.responses.clear()

    # -- reads -----------------------------------------------------------------------------

    def series(self) -> dict[str, SeriesInfo]:
        known = self._series
        if known is not None:
            return known
        with self.database.engine.connect() as connection:
            rows = connection.execute(select(SeriesRow.id, SeriesRow.name)).all()
        names = {series_id: name for series_id, name in rows}
        grouped: dict[str, list[tuple[int, str]]] = {}
        for series_id, year, name in self.database.seasons():
            grouped.setdefault(series_id, []).append((year, name))
        made = {
            sid: SeriesInfo(sid, names.get(sid, sid), tuple(sorted(seasons)))
            for sid, seasons in sorted(grouped.items())
        }
        self._series = made
        return made

    def aliases(self, series_id: str) -> Aliases:
        """The series' alias table (Ergast ids, links: Database.aliases), read once until
        the next write; empty for a series without one."""
        found = self._aliases.get(series_id)
        if found is None:
            generation = self.generation
            found = self.database.aliases(series_id)
            if generation == self.generation:
                self._aliases[series_id] = found
        return found

    def series_info(self, series_id: str) -> SeriesInfo:
        found = self.series().get(series_id)
        if found is None:
            known = ", ".join(self.series()) or "none"
            raise NotFound(f"no series {series_id!r} in the database (series: {known})")
        return found

    def year(self, series_id: str, season: str | int) -> int:
        """A season's year from `2021` or `current` (the series' latest season)."""
        info = self.series_info(series_id)
        if season == "current":
            return info.years[-1]
        year = int(season)
        if year not in info.years:
            stored = ", ".join(str(y) for y in info.years)
            raise NotFound(f"no season {series_id}/{year} in the database ({series_id}: {stored})")
        return year

    def season(self, series_id: str, season: str | int) -> Season:
        year = self.year(series_id, season)
        key = (series_id, year)
        found = self._seasons.get(key)
        if found is not None:
            return found
        with self._lock_for(key):  # one load per season, however many requests ask at once
            found = self._seasons.get(key)
            if found is None:
                generation = self.generation
                found = self.database.load_season(series_id, year)
                if generation == self.generation:
                    self._seasons[key] = found
        return found

    def standings(
        self,
        season: Season,
        classification: str,
        after_round: int | None = None,
        after_session: str | None = None,
        as_of: datetime | None = None,
    ) -> StandingsTable:
        key = (season.series.id, season.year, classification, after_round, after_session, as_of)
        found = self._standings.get(key)
        if found is not None:
            return found
        with self._lock_for(key):  # computed once, however many requests ask at once
            found = self._standings.get(key)
            if found is None:
                generation = self.generation
                found = podium.standings(
                    season,
                    classification,
                    after_round=after_round,
                    after_session=after_session,
                    as_of=as_of,
                )
                if generation == self.generation:
                    self._standings[key] = found
        return found

    def history(self, season: Season, classification: str) -> list[StandingsTable]:
        key = (season.series.id, season.year, classification)
        found = self._history.get(key)
        if found is not None:
            return found
        season.rules.classification(classification)  # NotFound for an unknown one
        with self._lock_for(("history", *key)):
            found = self._history.get(key)
            if found is None:
                generation = self.generation
                found = standings_history(season, classification)
                if generation == self.generation:
                    self._history[key] = found
        return found

    def _lock_for(self, key: tuple[object, ...]) -> threading.Lock:
        """The lock under which what `key` names is read or computed: concurrent first
        requests for one season (or table) wait for the first one's result instead of
        each computing it again. Locks are dropped with the caches."""
        with self._guard:
            return self._load_locks.setdefault(key, threading.Lock())

    # -- writes ----------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the write lock for a read-modify-write; every cache is cleared afterwards."""
        with self._write_lock:
            try:
                yield
            finally:
                # The generation first, then drop the caches: anything kept from now on was
                # read after this write (and any that committed before the read).
                try:
                    seen: int | None = self._reader.read()
                except Exception:
                    seen = None
                with self._guard:
                    self._seen = seen
                    self._invalidate()

    def write(self, work: Callable[[], T]) -> T:
        with self.writing():
            return work()
