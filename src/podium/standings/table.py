"""What a standings table is: rows with exact points, shown rounded only at the edge."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
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


# How a footnote says where a decision took effect, by decision kind.
_TAKES_EFFECT = {
    "deduction": "deduction from",
    "withhold": "withheld in",
    "exclusion": "exclusion from",
    "reset": "reset from",
    "disqualification": "disqualification in",
}
# What marks a total a decision changed, in every output; its footnotes follow the table.
MARK = "*"


def signed_points(value: Fraction, decimals: int = 2) -> str:
    """A change to a total as shown: `-5`, `+2`, `0`."""
    text = format_points(value, decimals)
    return f"+{text}" if value > 0 else text


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A decision as it touched one row: what it changed the total by, and why.

    `points` is the change to the total: a deduction's points (negative), what a withheld
    or disqualified result lost in its round, what an exclusion or a reset took away (0
    for an exclusion that keeps the points)."""

    kind: str  # a DecisionKind value
    round: int
    points: Fraction
    session: str | None = None
    reason: str | None = None
    source: str | None = None
    date: date | None = None

    def where(self) -> str:
        """`deduction from round 3`, `disqualification in round 1 race`."""
        text = f"{_TAKES_EFFECT.get(self.kind, self.kind)} round {self.round}"
        return f"{text} {self.session}" if self.session else text

    def note(self, decimals: int = 2) -> str:
        """`-5: deduction from round 3, technical infringement`."""
        text = f"{signed_points(self.points, decimals)}: {self.where()}"
        return f"{text}, {self.reason}" if self.reason else text

    def cell(self, decimals: int = 2) -> str:
        """The CSV form: `deduction r3 -5 (technical infringement)`; it starts with a word,
        so that no spreadsheet reads it as a formula."""
        text = f"{self.kind} r{self.round}"
        if self.session:
            text += f" {self.session}"
        text += f" {signed_points(self.points, decimals)}"
        return f"{text} ({self.reason})" if self.reason else text

    def as_dict(self, decimals: int = 2) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "round": self.round,
            "session": self.session,
            "points": format_points(self.points, decimals),
            "reason": self.reason,
            "source": self.source,
            "date": self.date.isoformat() if self.date else None,
        }


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
    # Every decision that touched the row up to the table's round, in round order.
    adjustments: tuple[Adjustment, ...] = ()

    @property
    def points_text(self) -> str:
        return format_points(self.points, self.decimals)

    @property
    def marked_points_text(self) -> str:
        """The total, marked when a decision changed it (its footnotes say how)."""
        return self.points_text + (MARK if self.adjustments else "")

    def footnotes(self) -> list[str]:
        """`* Ayrton Senna -5: deduction from round 3, technical infringement`, one a decision."""
        return [f"{MARK} {self.name} {a.note(self.decimals)}" for a in self.adjustments]

    def adjustments_cell(self) -> str:
        """The CSV column: `deduction r3 -5 (technical infringement); ...`."""
        return "; ".join(a.cell(self.decimals) for a in self.adjustments)

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
            "adjustments": [a.as_dict(self.decimals) for a in self.adjustments],
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

    def footnotes(self) -> list[str]:
        """The footnotes under the table: one per decision that touched a row."""
        return [note for row in self.rows for note in row.footnotes()]

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
