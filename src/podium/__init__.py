"""podium: run motorsport championships end to end.

The library API, for scripts and notebooks::

    >>> import podium
    >>> season = podium.load_season(podium.example_path("club-2025"))
    >>> table = podium.standings(season, "drivers", after_round=5)
    >>> table.rows[0].name, table.rows[0].points_text  # doctest: +SKIP

The CLI and the web pages are thin shells over these functions.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from podium.errors import NotFound, PodiumError, Problem, ValidationError
from podium.formats.native import load_season
from podium.model import (
    Decision,
    Driver,
    Entry,
    Result,
    Round,
    Season,
    Series,
    Session,
    Status,
    Team,
)
from podium.scenarios import Scenarios, scenarios
from podium.standings import Standing, StandingsTable, format_points, standings, standings_history

__version__ = "0.1.0"


def example_path(name: str) -> Path:
    """The folder of a bundled example season, e.g. `club-2025`."""
    path = Path(str(resources.files("podium").joinpath("examples", name)))
    if not (path / "season.yaml").is_file():
        raise NotFound(f"no bundled example {name!r} (have: {', '.join(examples())})")
    return path


def examples() -> list[str]:
    """Names of the bundled example seasons."""
    root = resources.files("podium").joinpath("examples")
    return sorted(p.name for p in root.iterdir() if p.joinpath("season.yaml").is_file())


def session_results(season: Season, round_number: int, session_id: str | None = None) -> Session:
    """One session's classification; by default the round's last race."""
    rnd = season.round(round_number)
    if session_id is None:
        with_results = [s for s in rnd.sessions if s.results]
        races = [s for s in with_results if s.kind.value == "race"]
        if not with_results:
            raise NotFound(f"{season.key} round {round_number} has no classification yet")
        return (races or with_results)[-1]
    session = rnd.session(session_id)
    if session is None:
        known = ", ".join(s.id for s in rnd.sessions) or "none"
        raise NotFound(
            f"{season.key} round {round_number} has no session {session_id!r} (sessions: {known})"
        )
    return session


__all__ = [
    "Decision",
    "Driver",
    "Entry",
    "NotFound",
    "PodiumError",
    "Problem",
    "Result",
    "Round",
    "Scenarios",
    "Season",
    "Series",
    "Session",
    "Standing",
    "StandingsTable",
    "Status",
    "Team",
    "ValidationError",
    "example_path",
    "examples",
    "format_points",
    "load_season",
    "scenarios",
    "session_results",
    "standings",
    "standings_history",
]
