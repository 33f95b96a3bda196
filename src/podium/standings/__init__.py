"""Standings: from classifications, rules and decisions to who leads, after any round."""

from podium.standings.engine import standings, standings_history
from podium.standings.results import (
    AmendedResult,
    amended_results,
    amendment_text,
    decision_text,
    is_amended,
)
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
    "amendment_text",
    "decision_text",
    "format_points",
    "is_amended",
    "standings",
    "standings_history",
]
