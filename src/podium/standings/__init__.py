"""Standings: from classifications, rules and decisions to who leads, after any round."""

from podium.standings.engine import standings, standings_history
from podium.standings.results import AmendedResult, amended_results
from podium.standings.table import (
    Adjustment,
    RoundScore,
    Standing,
    StandingsTable,
    format_points,
)

__all__ = [
    "Adjustment",
    "AmendedResult",
    "RoundScore",
    "Standing",
    "StandingsTable",
    "amended_results",
    "format_points",
    "standings",
    "standings_history",
]
