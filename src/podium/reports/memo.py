"""What every kit of a season asks for again and again, worked out once per loaded season.

Kits for every driver of a round (or of the whole season) all read the same standings
after each round and the same amended classifications; a press office writing forty kits
from one loaded season should not score the season forty times. The memo lives as long as
the `Season` object it was made from (a season is immutable: a changed season is a new
object with a memo of its own).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from podium.model.season import Season
from podium.standings import AmendedResult, StandingsTable, amended_results, standings
from podium.standings import standings_history as _history


@dataclass(slots=True)
class SeasonMemo:
    season: weakref.ref[Season]
    histories: dict[str, list[StandingsTable]] = field(default_factory=dict)
    tables: dict[tuple[str, int], StandingsTable] = field(default_factory=dict)
    sessions: dict[tuple[int, str], tuple[AmendedResult, ...]] = field(default_factory=dict)

    def _season(self) -> Season:
        season = self.season()
        assert season is not None  # the memo goes with its season
        return season

    def history(self, classification: str) -> list[StandingsTable]:
        """The standings after every held round (standings_history)."""
        if classification not in self.histories:
            self.histories[classification] = _history(self._season(), classification)
        return self.histories[classification]

    def table(self, classification: str, after_round: int) -> StandingsTable:
        """The standings after `after_round` (standings(..., after_round=))."""
        key = (classification, after_round)
        if key not in self.tables:
            found = [t for t in self.history(classification) if t.after_round == after_round]
            self.tables[key] = (
                found[-1] if found else standings(self._season(), classification, after_round)
            )
        return self.tables[key]

    def amended(self, round_number: int, session: str) -> tuple[AmendedResult, ...]:
        """A session's results as amended (amended_results)."""
        key = (round_number, session)
        if key not in self.sessions:
            self.sessions[key] = amended_results(self._season(), round_number, session)
        return self.sessions[key]


_MEMOS: dict[int, SeasonMemo] = {}


def memo(season: Season) -> SeasonMemo:
    """The memo of `season`, made on first use and dropped with the season."""
    key = id(season)
    found = _MEMOS.get(key)
    if found is not None and found.season() is season:
        return found
    made = SeasonMemo(weakref.ref(season, lambda _: _MEMOS.pop(key, None)))
    _MEMOS[key] = made
    return made
