"""Names in the order people expect: the Unicode Collation Algorithm, not code points.

Code-point order puts every accented capital after "Z" ("Álvaro" after "Takumi", "Éric"
after "Felipe"). The UCA (pyuca, with the Default Unicode Collation Element Table) compares
letters first, then accents, then case, as dictionaries and entry lists do.
"""

from __future__ import annotations

from functools import cache

from pyuca import Collator  # type: ignore[import-untyped]


@cache
def _collator() -> Collator:
    # Reading the collation table takes a tenth of a second: once, and only when needed.
    return Collator()


def name_key(name: str) -> tuple[int, ...]:
    """A sort key for a person's or an organisation's name."""
    key: tuple[int, ...] = _collator().sort_key(name)
    return key
