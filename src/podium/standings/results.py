"""A session's results as every output shows them: the stewards' decisions made.

One function, `amended_results`, used by the CLI, the web pages, the API, the Ergast
routes and the press kits alike. It is `podium.standings.amend.amended` (the one place a
session is amended, as the engine scores it) in the order outputs list it: classified
results in their amended order, then the others as published, then those struck out. A
result struck out by a disqualification reads `DSQ` with the place it crossed the line in
kept beside it; a penalised car shows its new place and the one it crossed the line in;
the cars behind move up. Times and gaps are those of the amended classification (a
penalised car's time includes its penalty, gaps are to the amended winner).

The words every output uses for a decision are here too, so the CLI, the pages, the API
and the press kit say the same thing: `decision_text` ("a 5 s time penalty (track
limits)") and `amendment_text` ("crossed the line 2nd, 4th after a 5 s time penalty
(track limits)").
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from podium.model.decision import Decision, DecisionKind
from podium.model.season import Season
from podium.standings.amend import AmendedResult, amended, ordinal

__all__ = [
    "AmendedResult",
    "amended_results",
    "amendment_text",
    "decision_data",
    "decision_text",
    "is_amended",
    "ordinal",
]


def amended_results(
    season: Season, round_number: int, session_id: str
) -> tuple[AmendedResult, ...]:
    """The session's results with the decisions that stand for every classification made
    (one limited to a classification changes only its standings)."""
    lines = amended(season, round_number, session_id)
    ahead = [a for a in lines if a.result.classified]
    others = [a for a in lines if not a.result.classified and not a.struck]
    return (*ahead, *others, *(a for a in lines if a.struck and not a.result.classified))


def is_amended(lines: tuple[AmendedResult, ...]) -> bool:
    """Whether a decision changed anything in the session (then outputs show both orders)."""
    return any(line.decisions or line.amended for line in lines)


def decision_text(decision: Decision) -> str:
    """What the stewards decided, with their reason: `a 5 s time penalty (track limits)`,
    `a 3-place drop`, `a move to the back of its lap`, `disqualification (plank wear)`."""
    kind = decision.kind
    if kind is DecisionKind.TIME_PENALTY:
        text = f"a {_number(decision.seconds or Fraction(0))} s time penalty"
    elif kind is DecisionKind.PLACE_DROP:
        places = decision.places or 0
        text = f"a {places}-place drop"
    elif kind is DecisionKind.BACK_OF_LAP:
        text = "a move to the back of its lap"
    elif kind is DecisionKind.DISQUALIFICATION:
        text = "disqualification"
    elif kind is DecisionKind.DEDUCTION:
        text = f"a deduction of {_number(decision.points)} points"
    else:
        text = kind.value.replace("_", " ")
    return f"{text} ({decision.reason})" if decision.reason else text


def decision_data(decision: Decision) -> dict[str, Any]:
    """A decision taken against a car's line as results JSON (CLI, API) lists it, its
    words (`decision_text`) included."""
    return {
        "id": decision.id,
        "kind": decision.kind.value,
        "date": decision.date.isoformat() if decision.date is not None else None,
        "car": decision.car,
        "session": decision.session,
        "seconds": None if decision.seconds is None else str(decision.seconds),
        "places": decision.places,
        "reason": decision.reason,
        "source": decision.source,
        "text": decision_text(decision),
    }


def amendment_text(line: AmendedResult) -> str | None:
    """How the stewards changed this car's line, in the words every output uses; None for a
    line no decision was taken against (a car moved up by another's penalty shows its new
    place: its published one is `original_position`).

    `crossed the line 2nd, 4th after a 5 s time penalty (track limits)`;
    `crossed the line 1st, disqualified (plank wear)`;
    `kept 3rd after a 2 s time penalty (track limits)` (a penalty too small to cost a place).
    """
    if not line.decisions:
        return None
    crossed = line.original_position
    if line.struck:
        dsq = next(d for d in reversed(line.decisions) if d.kind is DecisionKind.DISQUALIFICATION)
        why = f"disqualified ({dsq.reason})" if dsq.reason else "disqualified"
        return why if crossed is None else f"crossed the line {ordinal(crossed)}, {why}"
    after = " and ".join(decision_text(d) for d in line.decisions)
    place = line.position
    if place is None:
        return f"after {after}"
    if crossed == place:
        return f"kept {ordinal(place)} after {after}"
    if crossed is None:
        return f"{ordinal(place)} after {after}"
    return f"crossed the line {ordinal(crossed)}, {ordinal(place)} after {after}"


def _number(value: Fraction) -> str:
    """5, 2.5, 0.25: an exact number as a person writes it (a third stays 1/3)."""
    if value.denominator == 1:
        return str(value.numerator)
    text = str(Decimal(value.numerator) / Decimal(value.denominator))
    return text if Fraction(text) == value else str(value)
