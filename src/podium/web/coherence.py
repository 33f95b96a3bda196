"""Every read after a write reflects it, on any worker: the generation check before a GET.

A request may only be answered from what the server keeps once the database's generation
(storage/generation.py) has been read *after the request arrived*: a write whose 2xx came
back before this request was sent has committed by then, so its bump is seen and the
server's caches are dropped first. Requests that arrive together share one read: a request
waits for the next read to start, never for one already under way (that one may have begun
before the write committed). SQLite reads the number inline (microseconds, no thread hop);
PostgreSQL in a thread, so that a round trip never stalls the event loop.

`every` > 0 trades that guarantee for fewer reads: a read at most every `every` seconds,
a response then at most that old.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool

log = logging.getLogger("podium.web")


class Freshness:
    """`await ensure()`: the store's caches are no older than the request."""

    def __init__(self, check: Callable[[], None], *, inline: bool, every: float = 0.0) -> None:
        self._check = check  # reads the generation; drops the caches if it moved
        self._inline = inline
        self._every = every
        self._last = float("-inf")  # when the last read began (for every > 0)
        self._started = 0  # reads begun, numbered from 1
        self._done = 0  # the number of the last read that finished
        self._running: asyncio.Future[None] | None = None

    async def ensure(self) -> None:
        if self._every > 0 and time.monotonic() - self._last < self._every:
            return
        if self._inline:
            self._last = time.monotonic()
            self._safely()
            return
        need = self._started + 1  # a read that begins from now on
        while self._done < need:
            running = self._running
            if running is None:
                self._started += 1
                self._last = time.monotonic()
                running = self._running = asyncio.ensure_future(self._read(self._started))
            await asyncio.shield(running)

    async def _read(self, number: int) -> None:
        try:
            await run_in_threadpool(self._safely)
        finally:
            self._done = max(self._done, number)
            self._running = None

    def _safely(self) -> None:
        try:
            self._check()
        except Exception as exc:  # the database away for a moment: serve what is kept
            log.warning("podium: cannot read the database's generation: %s", exc)
