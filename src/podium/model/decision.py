"""Decisions taken off the track that change standings: dated, and data, not code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction


class DecisionKind(StrEnum):
    DEDUCTION = "deduction"  # points taken off from `round` on
    WITHHOLD = "withhold"  # no points in `round` (not passed down)
    EXCLUSION = "exclusion"  # out of the championship from `round` on, listed last
    RESET = "reset"  # points before `round` no longer count (a new entry, same name)
    DISQUALIFICATION = "disqualification"  # a result struck out after the session


@dataclass(frozen=True, slots=True)
class Decision:
    kind: DecisionKind
    round: int
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

    def applies_to(self, classification: str) -> bool:
        return self.classification is None or self.classification == classification
