"""What a standings table is: rows with exact points, shown rounded only at the edge."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any


def format_points(value: Fraction, decimals: int = 2) -> str:
    """Points as shown: `82`, `0.5`, `1.33`; exact values stay Fractions everywhere else."""
    if value.denominator == 1:
        return str(value.numerator)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    shown = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format(shown, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def exact_text(value: Fraction) -> str:
    return str(value)  # "82", "1/3"


@dataclass(frozen=True, slots=True)
class RoundScore:
    round: int
    points: Fraction
    dropped: bool = False
    sessions: dict[str, Fraction] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Standing:
    position: int | None  # None for a row listed outside the order (excluded)
    position_text: str  # "1", "=3", "DSQ", "EX"
    competitor: str
    name: str
    points: Fraction
    wins: int
    rounds: tuple[RoundScore, ...] = ()
    deductions: Fraction = Fraction(0)
    nationality: str | None = None
    decimals: int = 2

    @property
    def points_text(self) -> str:
        return format_points(self.points, self.decimals)

    def as_dict(self, sessions: bool = False) -> dict[str, Any]:
        """`sessions`: each round's points split by session too (`{"sprint": "3"}`)."""
        rounds = [
            {
                "round": r.round,
                "points": format_points(r.points, self.decimals),
                "dropped": r.dropped,
            }
            for r in self.rounds
        ]
        if sessions:
            for shown, r in zip(rounds, self.rounds, strict=True):
                shown["sessions"] = {
                    sid: format_points(points, self.decimals) for sid, points in r.sessions.items()
                }
        return {
            "position": self.position,
            "position_text": self.position_text,
            "id": self.competitor,
            "name": self.name,
            "nationality": self.nationality,
            "points": self.points_text,
            "points_exact": exact_text(self.points),
            "wins": self.wins,
            "deductions": format_points(self.deductions, self.decimals),
            "rounds": rounds,
        }


@dataclass(frozen=True, slots=True)
class StandingsTable:
    series: str
    series_name: str
    season: int
    classification: str
    classification_name: str
    after_round: int
    rounds_total: int
    rows: tuple[Standing, ...]
    # The session of `after_round` the table is after; None: after the whole round.
    after_session: str | None = None

    def row(self, competitor: str) -> Standing | None:
        return next((r for r in self.rows if r.competitor == competitor), None)

    def as_dict(self, sessions: bool = False) -> dict[str, Any]:
        """The table as JSON data; `sessions`: each round's points split by session too."""
        return {
            "series": self.series,
            "series_name": self.series_name,
            "season": self.season,
            "classification": self.classification,
            "classification_name": self.classification_name,
            "after_round": self.after_round,
            "after_session": self.after_session,
            "rounds_total": self.rounds_total,
            "standings": [r.as_dict(sessions) for r in self.rows],
        }
