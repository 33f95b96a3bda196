"""Tables the Ergast routes build from a store's seasons (lines, standings), kept beside the
store until its next change: a change bumps `Store.generation`, which retires them all.

Kept here rather than in the store itself: only the Ergast routes use them.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar, cast

from podium.web.store import Store

T = TypeVar("T")

_tables: weakref.WeakKeyDictionary[Store, tuple[int, dict[tuple[Any, ...], Any]]] = (
    weakref.WeakKeyDictionary()
)
_guard = threading.Lock()


def kept(store: Store, key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """What `build` makes, under `key`, for the store's present generation."""
    generation = store.generation
    with _guard:
        held = _tables.get(store)
        if held is None or held[0] != generation:
            held = (generation, {})
            _tables[store] = held
    found = held[1].get(key)
    if found is None:
        found = build()
        if store.generation == generation:
            held[1][key] = found
    return cast(T, found)
