"""Decisions taken off the track that change standings: dated, and data, not code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from fractions import Fraction


class DecisionKind(StrEnum):
    DEDUCTION = "deduction"  # points taken off from `round` on
    WITHHOLD = "withhold"  # no points in `round` (not passed down)
    EXCLUSION = "exclusion"  # out of the championship from `round` on, listed last
    RESET = "reset"  # points before `round` no longer count (a new entry, same name)
    DISQUALIFICATION = "disqualification"  # a result struck out after the session
    # Amended classifications (podium.standings.amend): a session re-ordered after it ran.
    TIME_PENALTY = "time_penalty"  # `seconds` added to the car's race time, re-classified
    PLACE_DROP = "place_drop"  # the car drops `places` places
    BACK_OF_LAP = "back_of_lap"  # the car moves behind every car on its lap count
    REINSTATEMENT = "reinstatement"  # an appeal upheld: the decision `cancels` names is void


# Decisions that re-order a session's classification (besides a disqualification).
REORDERING = frozenset(
    {DecisionKind.TIME_PENALTY, DecisionKind.PLACE_DROP, DecisionKind.BACK_OF_LAP}
)


@dataclass(frozen=True, slots=True)
class Decision:
    kind: DecisionKind
    round: int
    # A date, or a date-time (a `datetime`, which is a `date`) when the hour is known.
    date: date | None = None
    classification: str | None = None  # None: every classification
    competitor: str | None = None  # driver or organisation id, for standings decisions
    car: str | None = None  # for a disqualification
    session: str | None = None  # for a disqualification or a withhold limited to a session
    points: Fraction = Fraction(0)  # for a deduction
    keep_points: bool = False  # exclusion: listed last with (True) or without (False) points
    position_text: str = "EX"  # exclusion: what the position column shows
    final_only: bool = False  # exclusion shown only once the season is complete
    reason: str | None = None
    source: str | None = None
    id: str | None = None  # for a reinstatement to name it
    seconds: Fraction | None = None  # time_penalty: added to the car's race time
    places: int | None = None  # place_drop: places lost
    cancels: str | None = None  # reinstatement: the id of the decision it makes void

    @property
    def effective(self) -> datetime | None:
        """When the decision takes effect: its date-time, or a date's first moment."""
        if self.date is None:
            return None
        if isinstance(self.date, datetime):
            return self.date
        return datetime.combine(self.date, time.min)

    def applies_to(self, classification: str) -> bool:
        return self.classification is None or self.classification == classification


def in_force(decisions: Iterable[Decision], as_of: datetime | None = None) -> tuple[Decision, ...]:
    """The decisions that stand: those a reinstatement cancels are void (and the
    reinstatements themselves change nothing more); with `as_of`, only decisions in effect by
    then count (an undated decision always does), so a reinstatement later than `as_of` has
    not yet voided anything. Order is kept."""
    listed = [d for d in decisions if as_of is None or _effective_by(d, as_of)]
    void = {d.cancels for d in listed if d.kind is DecisionKind.REINSTATEMENT and d.cancels}
    return tuple(
        d
        for d in listed
        if d.kind is not DecisionKind.REINSTATEMENT and (d.id is None or d.id not in void)
    )


def _effective_by(decision: Decision, as_of: datetime) -> bool:
    when = decision.effective
    if when is None:
        return True
    if (when.tzinfo is None) != (as_of.tzinfo is None):
        when, as_of = when.replace(tzinfo=None), as_of.replace(tzinfo=None)
    return when <= as_of
