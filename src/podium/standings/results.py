"""A session's results as every output shows them: the stewards' disqualifications made.

One function, `amended_results`, used by the CLI, the web pages, the API, the Ergast
routes and the press kits alike: a result struck out by a disqualification decision reads
`DSQ` (the place it crossed the line in kept beside it) and the cars behind it move up,
as the standings engine scores them.
"""

from __future__ import annotations

from dataclasses import dataclass

from podium.errors import NotFound
from podium.model.decision import Decision, DecisionKind
from podium.model.result import Result
from podium.model.season import Season
from podium.standings.scoring import _apply_disqualifications


@dataclass(frozen=True, slots=True)
class AmendedResult:
    """One line of a session's classification as amended."""

    result: Result  # as amended: struck out (DSQ, no place) or moved up
    crossed: int | None = None  # where it crossed the line, when a decision struck it out
    decision: Decision | None = None  # the disqualification that struck it out

    @property
    def struck(self) -> bool:
        return self.decision is not None

    @property
    def position_text(self) -> str:
        return self.result.position_text

    def crossed_text(self) -> str | None:
        """`crossed the line 1st`, for a result struck out after it was classified."""
        if self.crossed is None:
            return None
        return f"crossed the line {ordinal(self.crossed)}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def amended_results(
    season: Season, round_number: int, session_id: str
) -> tuple[AmendedResult, ...]:
    """The session's results with the disqualifications of every classification made
    (one limited to a classification changes only its standings): classified results in
    their amended order, then the others as published, then those struck out."""
    rnd = season.round(round_number)
    session = rnd.session(session_id)
    if session is None:
        raise NotFound(f"{season.key} round {round_number} has no session {session_id!r}")
    decisions = [
        d
        for d in season.decisions
        if d.kind is DecisionKind.DISQUALIFICATION
        and d.round == round_number
        and d.classification is None
        and d.session in (None, session_id)
    ]
    if not decisions:
        return tuple(AmendedResult(r) for r in session.results)
    amended = _apply_disqualifications(session.results, session_id, decisions)
    lines: list[AmendedResult] = []
    for before, after in zip(session.results, amended, strict=True):
        decision = next((d for d in decisions if d.car == before.car), None)
        crossed = before.position if decision is not None and before.classified else None
        lines.append(AmendedResult(after, crossed, decision))
    classified = sorted(
        (a for a in lines if a.result.classified), key=lambda a: a.result.position or 0
    )
    others = [a for a in lines if not a.result.classified and not a.struck]
    return (*classified, *others, *(a for a in lines if a.struck))
