"""Standings: from classifications, rules and decisions to who leads, after any round."""

from podium.standings.engine import standings, standings_history
from podium.standings.table import RoundScore, Standing, StandingsTable, format_points

__all__ = [
    "RoundScore",
    "Standing",
    "StandingsTable",
    "format_points",
    "standings",
    "standings_history",
]
