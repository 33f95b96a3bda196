"""A session's results as every output shows them: the stewards' decisions made.

One function, `amended_results`, used by the CLI, the web pages, the API, the Ergast
routes and the press kits alike. It is `podium.standings.amend.amended` (the one place a
session is amended, as the engine scores it) in the order outputs list it: classified
results in their amended order, then the others as published, then those struck out. A
result struck out by a disqualification reads `DSQ` with the place it crossed the line in
kept beside it; a penalised car shows its new place and the one it crossed the line in;
the cars behind move up.
"""

from __future__ import annotations

from podium.model.season import Season
from podium.standings.amend import AmendedResult, amended, ordinal

__all__ = ["AmendedResult", "amended_results", "ordinal"]


def amended_results(
    season: Season, round_number: int, session_id: str
) -> tuple[AmendedResult, ...]:
    """The session's results with the decisions that stand for every classification made
    (one limited to a classification changes only its standings)."""
    lines = amended(season, round_number, session_id)
    ahead = [a for a in lines if a.result.classified]
    others = [a for a in lines if not a.result.classified and not a.struck]
    return (*ahead, *others, *(a for a in lines if a.struck and not a.result.classified))
