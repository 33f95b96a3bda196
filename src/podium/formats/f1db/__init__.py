"""F1DB (https://github.com/f1db/f1db, CC BY 4.0) read into podium's model, one season a year.

    >>> from podium.formats.f1db import load_f1db_season
    >>> season = load_f1db_season(Path("f1db/data"), 1976)  # doctest: +SKIP

`root` is F1DB's `data` folder or the folder that holds it. Each season is scored by its
rules file (`<rules_dir>/<year>.yaml`, else podium's bundled `rules/library/f1/<year>.yaml`)
and completed by podium's season data (`data/f1/<year>.yaml`: decisions, tie orders, how
races ended, ineligible entries, shared-car shares). F1DB's `points` fields are never read.
Invalid data raises `ValidationError` listing every problem as file:line: field: message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from podium.formats.f1db.season import (
    CREDIT,
    CREDIT_URL,
    SERIES,
    SeasonLoader,
    constructor_key,
    overlay_file,
    rules_file,
)
from podium.formats.f1db.source import F1DBSource, find_data_folder
from podium.model.season import Season


def load_f1db_season(
    root: Path, year: int, *, rules_dir: Path | None = None, data_dir: Path | None = None
) -> Season:
    """One F1DB season as a podium season."""
    return SeasonLoader(F1DBSource(Path(root)), rules_dir, data_dir).load(year)


def load_f1db_seasons(
    root: Path,
    years: Iterable[int],
    *,
    rules_dir: Path | None = None,
    data_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Season]:
    """F1DB seasons one after another, sharing the parse of F1DB's shared files.

    `progress(year)` is called after each season is read.
    """
    loader = SeasonLoader(F1DBSource(Path(root)), rules_dir, data_dir)
    for year in years:
        season = loader.load(year)
        if progress is not None:
            progress(year)
        yield season


def f1db_years(root: Path) -> list[int]:
    """The seasons an F1DB folder holds."""
    return F1DBSource(Path(root)).years()


__all__ = [
    "CREDIT",
    "CREDIT_URL",
    "SERIES",
    "constructor_key",
    "f1db_years",
    "find_data_folder",
    "load_f1db_season",
    "load_f1db_seasons",
    "overlay_file",
    "rules_file",
]
